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

/** Leases an event until `until` unless another process holds it; whether this one got it. */
export async function leaseEvent(em: EntityManager, id: string, now: Date, until: Date): Promise<boolean> {
  const taken = await em.nativeUpdate(
    WebhookEventSchema,
    { id, state: 'pending', $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }] },
    { lockedUntil: until },
  );
  return taken === 1;
}

/** One delivery attempt and what it makes of the event, in one transaction. */
export async function recordAttempt(
  em: EntityManager,
  eventId: string,
  attempt: Pick<WebhookAttempt, 'attemptedAt' | 'url' | 'statusCode' | 'latencyMs' | 'responseSnippet' | 'error'>,
  next: Pick<WebhookEvent, 'attempts' | 'state' | 'deliveredAt' | 'nextAttemptAt' | 'lastError'>,
): Promise<void> {
  await em.transactional(async (tem) => {
    await tem.insert(WebhookAttemptSchema, { event: eventId, ...attempt });
    await tem.nativeUpdate(WebhookEventSchema, { id: eventId }, { ...next, lockedUntil: null });
  });
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
