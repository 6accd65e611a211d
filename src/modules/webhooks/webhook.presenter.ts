import type { App } from '../apps/app.entity.js';
import type { WebhookEventView } from './webhook.service.js';
import type { WebhookEventType } from './webhook.types.js';

/** Timeouts or failed connections in a row after which an endpoint is paused (the dispatcher's default). */
export const BREAKER_THRESHOLD = 5;

export interface WebhookHealth {
  state: 'healthy' | 'failing' | 'paused';
  failingSince: Date | null;
  pausedUntil: Date | null;
  unreachableAttempts: number;
}

/** An app's webhook endpoint health, from what the dispatcher recorded. */
export function webhookHealthOf(app: Pick<App, 'webhookFailingSince' | 'webhookUnreachable' | 'webhookPausedUntil'>): WebhookHealth {
  const paused = app.webhookUnreachable >= BREAKER_THRESHOLD && app.webhookPausedUntil != null;
  return {
    state: paused ? 'paused' : app.webhookFailingSince ? 'failing' : 'healthy',
    failingSince: app.webhookFailingSince ?? null,
    pausedUntil: paused ? (app.webhookPausedUntil ?? null) : null,
    unreachableAttempts: app.webhookUnreachable,
  };
}

/** A webhook event with its attempts, as GraphQL shows it. */
export function presentWebhookEvent({ event, attempts }: WebhookEventView): WebhookEventType {
  return {
    id: event.id,
    type: event.type,
    state: event.state,
    attempts: event.attempts,
    nextAttemptAt: event.nextAttemptAt,
    deliveredAt: event.deliveredAt ?? null,
    lastError: event.lastError ?? null,
    payload: event.payload,
    createdAt: event.createdAt,
    attemptLog: attempts.map((a) => ({
      at: a.attemptedAt,
      statusCode: a.statusCode ?? null,
      latencyMs: a.latencyMs,
      responseSnippet: a.responseSnippet ?? null,
      error: a.error ?? null,
    })),
  };
}
