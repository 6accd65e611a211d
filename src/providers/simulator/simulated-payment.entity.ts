import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A payment page of the built-in simulator, standing in for a Snap transaction at Midtrans. */
export const SimulatedPaymentSchema = defineEntity({
  name: 'SimulatedPayment',
  tableName: 'simulated_payments',
  properties: {
    token: p.string().length(64).primary(),
    orderId: p.string().length(50).index(),
    idempotencyKey: p.string().length(64).index(),
    transactionId: p.string().length(64),
    grossAmount: p.bigint('number'),
    /** `created` until the customer acts on the page; then a Midtrans transaction_status. */
    status: p.string().length(32),
    paymentType: p.string().length(64).nullable(),
    /** The bank of a virtual account payment. */
    bank: p.string().length(32).nullable(),
    refundedAmount: p.bigint('number').default(0),
    /** The payment methods the page offers (Snap names); all when empty. */
    enabledPayments: p.json<string[]>().nullable(),
    /** Where the customer goes after paying (callbacks.finish) or after an error (callbacks.error). */
    finishUrl: p.string().length(500).nullable(),
    errorUrl: p.string().length(500).nullable(),
    /** After this the page can no longer be used (page_expiry). */
    pageExpiresAt: p.datetime().nullable(),
    /** True once a newer page for the same order replaced this one. */
    superseded: p.boolean().default(false),
    createdAt: p.datetime(),
    transactionTime: p.datetime().nullable(),
    settlementTime: p.datetime().nullable(),
  },
});

export type SimulatedPayment = InferEntity<typeof SimulatedPaymentSchema>;
