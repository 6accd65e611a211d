import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TransactionSchema } from './transaction.entity.js';

/** One status change of a transaction: the timeline. */
export const TransactionEventSchema = defineEntity({
  name: 'TransactionEvent',
  tableName: 'transaction_events',
  // One entry per step of a payment's sequence: two writers can never both record the same step.
  uniques: [{ properties: ['transaction', 'sequence'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    transaction: p.manyToOne(TransactionSchema).index(),
    sequence: p.integer(),
    fromStatus: p.string().length(32).nullable(),
    toStatus: p.string().length(32),
    fraudStatus: p.string().length(32).nullable(),
    /** charge, notification, poll, operation or admin. */
    source: p.string().length(16),
    detail: p.string().length(500).nullable(),
    createdAt: p.datetime(),
  },
});

export type TransactionEvent = InferEntity<typeof TransactionEventSchema>;
