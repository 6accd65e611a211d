import type { WebhookEventView } from './webhook.service.js';
import type { WebhookEventType } from './webhook.types.js';

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
