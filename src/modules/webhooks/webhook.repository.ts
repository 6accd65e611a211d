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

/** Events due for delivery at `now` and not leased by another process, oldest due first; none of the apps in `skipApps`. */
export function dueEvents(em: EntityManager, now: Date, limit: number, skipApps: number[] = []): Promise<WebhookEvent[]> {
  return em.find(
    WebhookEventSchema,
    {
      state: 'pending',
      nextAttemptAt: { $lte: now },
      $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }],
      ...(skipApps.length > 0 ? { app: { $nin: skipApps } } : {}),
    },
    { orderBy: { nextAttemptAt: 'asc' }, limit },
  );
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

/** One delivery attempt and what it makes of the event; `em` in a transaction (both or neither are kept). */
export async function recordAttempt(
  em: EntityManager,
  eventId: string,
  attempt: Pick<WebhookAttempt, 'attemptedAt' | 'url' | 'statusCode' | 'latencyMs' | 'responseSnippet' | 'error'>,
  next: Pick<WebhookEvent, 'attempts' | 'state' | 'deliveredAt' | 'nextAttemptAt' | 'lastError'>,
): Promise<void> {
  await em.insert(WebhookAttemptSchema, { event: eventId, ...attempt });
  await em.nativeUpdate(WebhookEventSchema, { id: eventId }, { ...next, lockedUntil: null });
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
