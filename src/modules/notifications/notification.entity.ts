import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TransactionSchema } from '../payments/transaction.entity.js';

/**
 * A Midtrans HTTP notification as it arrived (signature verified). The same body arriving again is
 * the same row (`dedupeKey`), counted in `receivedCount`.
 */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** SHA-256 of the body as received. */
    dedupeKey: p.string().length(64).unique(),
    orderId: p.string().length(64).index(),
    midtransTransactionId: p.string().length(64).nullable(),
    /** What the notification claimed (not trusted: the state is confirmed with the status API). */
    claimedStatus: p.string().length(32).nullable(),
    statusCode: p.string().length(8).nullable(),
    grossAmount: p.string().length(32).nullable(),
    payload: p.json<Record<string, unknown>>(),
    receivedCount: p.integer().default(1),
    /** received → applied | no_change | orphan. */
    outcome: p.string().length(16).index(),
    transaction: p.manyToOne(TransactionSchema).nullable(),
    createdAt: p.datetime(),
    processedAt: p.datetime().nullable(),
  },
});

export type Notification = InferEntity<typeof NotificationSchema>;
