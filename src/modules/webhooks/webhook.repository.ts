import type { EntityManager } from '@mikro-orm/core';
import { runSql } from '../../shared/sql.js';
import { AppSchema, type App } from '../apps/app.entity.js';
import { WebhookAttemptSchema, WebhookEventSchema, type WebhookAttempt, type WebhookEvent } from './webhook-event.entity.js';

/** The webhook outbox's ORM calls: events, their attempts, and the app settings they are sent with. */

/** An app by id (managed by `em`: its webhook settings are changed through it). */
export function appById(em: EntityManager, id: number): Promise<App> {
  return em.findOneOrFail(AppSchema, { id });
}

/** An app's events, newest first (of one order when given). */
export function eventsOfApp(em: EntityManager, appId: number, options: { limit: number; state?: string; orderId?: string }): Promise<WebhookEvent[]> {
  return em.find(
    WebhookEventSchema,
    { app: appId, ...(options.state ? { state: options.state } : {}), ...(options.orderId ? { transaction: { orderId: options.orderId } } : {}) },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: options.limit },
  );
}

/** The attempts of these events, oldest first. */
export function attemptsOf(em: EntityManager, eventIds: string[]): Promise<WebhookAttempt[]> {
  return eventIds.length ? em.find(WebhookAttemptSchema, { event: { $in: eventIds } }, { orderBy: { id: 'asc' } }) : Promise.resolve([]);
}

const AGAIN = () => ({ state: 'pending', nextAttemptAt: new Date(), lockedUntil: null, attempts: 0 });

/** Queues one event of the app again (same id); whether it exists. */
export async function requeueEvent(em: EntityManager, appId: number, eventId: string): Promise<boolean> {
  return (await em.nativeUpdate(WebhookEventSchema, { id: eventId, app: appId }, AGAIN())) === 1;
}

/** Queues every dead-lettered event of the app again; how many. */
export function requeueDead(em: EntityManager, appId: number): Promise<number> {
  return em.nativeUpdate(WebhookEventSchema, { app: appId, state: 'dead' }, AGAIN());
}

/** An event due for delivery, as the dispatcher needs it. */
export interface DueEvent {
  id: string;
  appId: number;
  type: string;
  payload: string;
  attempts: number;
  createdAt: Date;
}

/** A date column's value as the driver hands it over: milliseconds on SQLite, text on PostgreSQL. */
const dateOf = (value: unknown): Date =>
  value instanceof Date ? value : new Date(typeof value === 'number' || /^\d+$/.test(String(value)) ? Number(value) : String(value));
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : dateOf(value));

/**
 * Events due for delivery at `now` and not leased by another process: for each app whose endpoint
 * is not paused, its `perApp` oldest due events, oldest due first. Each app's share is looked up on
 * its own (index on app, state, next attempt), so that one app's backlog can neither hide another
 * app's events nor be read again and again while its endpoint is paused.
 */
export async function dueEvents(em: EntityManager, now: Date, perApp: number): Promise<DueEvent[]> {
  const rows = await runSql<{ id: string; app_id: number; type: string; payload: string; attempts: number; created_at: unknown }>(
    em,
    `select e.id, e.app_id, e.type, e.payload, e.attempts, e.created_at from apps a join webhook_events e on e.id in (
       select x.id from webhook_events x
       where x.app_id = a.id and x.state = 'pending' and x.next_attempt_at <= ? and (x.locked_until is null or x.locked_until <= ?)
       order by x.next_attempt_at limit ?)
     where a.webhook_paused_until is null or a.webhook_paused_until <= ?
     order by e.next_attempt_at, e.id`,
    [now, now, perApp, now],
  );
  return rows.map((row) => ({
    id: row.id,
    appId: Number(row.app_id),
    type: row.type,
    payload: row.payload,
    attempts: Number(row.attempts),
    createdAt: dateOf(row.created_at),
  }));
}

/**
 * Leases events until `until` in one statement, those that no other process holds; the ids this
 * caller got.
 */
export async function leaseEvents(em: EntityManager, ids: string[], now: Date, until: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await runSql<{ id: string }>(
    em,
    `update webhook_events set locked_until = ? where id in (${ids.map(() => '?').join(', ')}) and state = 'pending' and (locked_until is null or locked_until <= ?) returning id`,
    [until, ...ids, now],
  );
  return new Set(rows.map((row) => row.id));
}

/** An app's webhook endpoint as the dispatcher uses it: where, how to sign, and its circuit breaker. */
export interface Endpoint {
  appId: number;
  code: string;
  url: string | null;
  secretSealed: string | null;
  allowPrivate: boolean;
  /** Attempts in a row that timed out or could not connect. */
  unreachable: number;
  pausedUntil: Date | null;
}

const ENDPOINT_COLUMNS = 'id, code, webhook_url, webhook_secret_sealed, allow_private_webhooks, webhook_unreachable, webhook_paused_until';

const endpointOf = (row: Record<string, unknown>): Endpoint => ({
  appId: Number(row.id),
  code: row.code as string,
  url: (row.webhook_url as string | null) ?? null,
  secretSealed: (row.webhook_secret_sealed as string | null) ?? null,
  allowPrivate: Boolean(row.allow_private_webhooks),
  unreachable: Number(row.webhook_unreachable),
  pausedUntil: dateOrNull(row.webhook_paused_until),
});

/** The endpoints of these apps, by app id. */
export async function endpointsOf(em: EntityManager, appIds: number[]): Promise<Map<number, Endpoint>> {
  if (appIds.length === 0) return new Map();
  const rows = await runSql<Record<string, unknown>>(em, `select ${ENDPOINT_COLUMNS} from apps where id in (${appIds.map(() => '?').join(', ')})`, appIds);
  return new Map(rows.map((row) => [Number(row.id), endpointOf(row)]));
}

/** Every app's webhook endpoint (apps with a webhook URL). */
export async function webhookEndpoints(em: EntityManager): Promise<Endpoint[]> {
  return (await runSql<Record<string, unknown>>(em, `select ${ENDPOINT_COLUMNS} from apps where webhook_url is not null order by code`, [])).map(endpointOf);
}

/**
 * Takes the one trial delivery of an app whose breaker has opened and whose pause is over: pauses the
 * endpoint again until `until` (for everyone else) in one conditional statement; whether this caller
 * got it (among all processes, one does).
 */
export async function claimTrial(em: EntityManager, appId: number, threshold: number, now: Date, until: Date): Promise<boolean> {
  const rows = await runSql(
    em,
    'update apps set webhook_paused_until = ? where id = ? and webhook_unreachable >= ? and (webhook_paused_until is null or webhook_paused_until <= ?) returning id',
    [until, appId, threshold, now],
  );
  return rows.length === 1;
}

/** How an attempt went, as far as the endpoint's health is concerned. */
export type AttemptOutcome = 'delivered' | 'answered' | 'unreachable' | 'not-sent';

/**
 * One delivery attempt, what it makes of the event and of its endpoint's health; `em` in a
 * transaction (all or nothing is kept). A delivery ends a run of failures; any HTTP answer closes the
 * circuit breaker; a timeout or a failed connection counts towards opening it. Returns the endpoint's
 * count of unreachable attempts in a row after this one.
 */
export async function recordAttempt(
  em: EntityManager,
  event: { id: string; appId: number },
  attempt: Pick<WebhookAttempt, 'attemptedAt' | 'url' | 'statusCode' | 'latencyMs' | 'responseSnippet' | 'error'>,
  next: Pick<WebhookEvent, 'attempts' | 'state' | 'deliveredAt' | 'nextAttemptAt' | 'lastError'>,
  outcome: AttemptOutcome,
): Promise<number> {
  await runSql(
    em,
    'insert into webhook_attempts (event_id, attempted_at, url, status_code, latency_ms, response_snippet, error) values (?, ?, ?, ?, ?, ?, ?)',
    [event.id, attempt.attemptedAt, attempt.url, attempt.statusCode, attempt.latencyMs, attempt.responseSnippet, attempt.error],
  );
  await runSql(
    em,
    'update webhook_events set attempts = ?, state = ?, delivered_at = ?, next_attempt_at = ?, last_error = ?, locked_until = null where id = ?',
    [next.attempts, next.state, next.deliveredAt, next.nextAttemptAt, next.lastError, event.id],
  );
  if (outcome === 'delivered') {
    await runSql(
      em,
      'update apps set webhook_failing_since = null, webhook_unreachable = 0, webhook_paused_until = null where id = ? and (webhook_failing_since is not null or webhook_unreachable > 0)',
      [event.appId],
    );
    return 0;
  }
  const [row] = await runSql<{ webhook_unreachable: number }>(
    em,
    outcome === 'unreachable'
      ? 'update apps set webhook_failing_since = coalesce(webhook_failing_since, ?), webhook_unreachable = webhook_unreachable + 1 where id = ? returning webhook_unreachable'
      : outcome === 'answered'
        ? 'update apps set webhook_failing_since = coalesce(webhook_failing_since, ?), webhook_unreachable = 0, webhook_paused_until = null where id = ? returning webhook_unreachable'
        : 'update apps set webhook_failing_since = coalesce(webhook_failing_since, ?) where id = ? returning webhook_unreachable',
    [attempt.attemptedAt, event.appId],
  );
  return Number(row?.webhook_unreachable ?? 0);
}

/**
 * Opens (or keeps open) an endpoint's circuit breaker: no deliveries until `until`. The pause is as
 * long as the endpoint has been failing, within [min, max]: 30 s, then about twice as long after each
 * failed trial, at most 10 minutes by default.
 */
export async function pauseEndpoint(em: EntityManager, appId: number, now: Date, minMs: number, maxMs: number): Promise<Date | undefined> {
  const [row] = await runSql<{ webhook_failing_since: unknown }>(em, 'select webhook_failing_since from apps where id = ?', [appId]);
  const since = dateOrNull(row?.webhook_failing_since) ?? now;
  const until = new Date(now.getTime() + Math.min(maxMs, Math.max(minMs, now.getTime() - since.getTime())));
  await runSql(em, 'update apps set webhook_paused_until = ? where id = ?', [until, appId]);
  return until;
}

/** Events waiting (pending) and dead-lettered, per app: the outbox's depth. */
export async function outboxDepthByApp(em: EntityManager): Promise<{ app: string; state: string; count: number }[]> {
  const rows = await runSql<{ code: string; state: string; n: number | string }>(
    em,
    "select a.code as code, e.state as state, count(*) as n from webhook_events e join apps a on a.id = e.app_id where e.state in ('pending', 'dead') group by a.code, e.state",
    [],
  );
  return rows.map((row) => ({ app: row.code, state: row.state, count: Number(row.n) }));
}
