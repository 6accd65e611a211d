import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AppSchema } from '../apps/app.entity.js';
import { TransactionSchema } from '../payments/transaction.entity.js';

/**
 * The transactional outbox: one event for one app, written in the same database transaction as the
 * state change it announces, delivered (and retried) by the webhook dispatcher. The payload is kept as
 * the exact text that is signed and sent, so every retry carries the same bytes and the same id.
 */
export const WebhookEventSchema = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_events',
  properties: {
    id: p.string().length(40).primary(),
    app: p.manyToOne(AppSchema).index(),
    transaction: p.manyToOne(TransactionSchema).nullable(),
    type: p.string().length(32),
    payload: p.text(),
    /** pending → delivered | dead. */
    state: p.string().length(16),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lockedUntil: p.datetime().nullable(),
    lastError: p.string().length(500).nullable(),
    deliveredAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['state', 'nextAttemptAt'] }, { properties: ['app', 'state', 'nextAttemptAt'] }],
});

export type WebhookEvent = InferEntity<typeof WebhookEventSchema>;

/** One delivery attempt of a webhook event. */
export const WebhookAttemptSchema = defineEntity({
  name: 'WebhookAttempt',
  tableName: 'webhook_attempts',
  properties: {
    id: p.integer().primary().autoincrement(),
    event: p.manyToOne(WebhookEventSchema).index(),
    attemptedAt: p.datetime(),
    url: p.string().length(500),
    statusCode: p.integer().nullable(),
    latencyMs: p.integer(),
    /** The start of the response body, for the admin. */
    responseSnippet: p.string().length(500).nullable(),
    error: p.string().length(500).nullable(),
  },
});

export type WebhookAttempt = InferEntity<typeof WebhookAttemptSchema>;
