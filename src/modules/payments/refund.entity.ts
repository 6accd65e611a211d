import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TransactionSchema } from './transaction.entity.js';

/** A refund request sent to Midtrans; `refundKey` makes a repeated request the same refund. */
export const RefundSchema = defineEntity({
  name: 'Refund',
  tableName: 'refunds',
  properties: {
    id: p.integer().primary().autoincrement(),
    transaction: p.manyToOne(TransactionSchema).index(),
    refundKey: p.string().length(64).unique(),
    amount: p.bigint('number'),
    reason: p.string().length(255).nullable(),
    /** requested → done | failed. */
    state: p.string().length(16),
    createdAt: p.datetime(),
  },
});

export type Refund = InferEntity<typeof RefundSchema>;
