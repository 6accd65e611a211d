import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AppSchema } from '../apps/app.entity.js';

/** One item line of a payment, in Midtrans' spelling. */
export interface ItemDetail {
  id?: string;
  price: number;
  quantity: number;
  name: string;
  brand?: string;
  category?: string;
  merchant_name?: string;
}

/** A postal address as Midtrans takes it. */
export interface Address {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  address?: string;
  city?: string;
  postal_code?: string;
  country_code?: string;
}

/** The payer, as Midtrans takes it. */
export interface CustomerDetails {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  billing_address?: Address;
  shipping_address?: Address;
}

/**
 * One payment in gerbang's ledger. `order_id` is unique across all apps: every app shares one Midtrans
 * merchant account, where an order_id names one payment.
 *
 * While `snapToken` is empty the row is a claim: the request holding the lease (until `leaseUntil`)
 * is creating the Snap payment; others wait for it or take the claim over once the lease has run out.
 */
export const TransactionSchema = defineEntity({
  name: 'Transaction',
  tableName: 'transactions',
  properties: {
    id: p.integer().primary().autoincrement(),
    app: p.manyToOne(AppSchema).index(),
    orderId: p.string().length(50).unique(),
    /** Integer rupiah. */
    amount: p.bigint('number'),
    currency: p.string().length(3).default('IDR'),
    itemDetails: p.json<Record<string, unknown>[]>().nullable(),
    customerDetails: p.json<Record<string, unknown>>().nullable(),
    /** SHA-256 of the canonical charge payload, to tell a repeat from a different charge. */
    payloadHash: p.string().length(64),
    snapToken: p.string().length(64).nullable(),
    redirectUrl: p.string().length(500).nullable(),
    tokenCreatedAt: p.datetime().nullable(),
    /** The Snap options the charge gave (callbacks, enabled_payments, expiry, page_expiry, custom fields), in Midtrans' names. */
    snapOptions: p.json<Record<string, unknown>>().nullable(),
    /** When the payment page stops being usable: told to Midtrans, and used by the reconciler. */
    pageExpiresAt: p.datetime().nullable(),
    leaseUntil: p.datetime().nullable(),
    /** Latest known Midtrans state; `pending` until Midtrans reports otherwise. */
    transactionStatus: p.string().length(32).default('pending').index(),
    fraudStatus: p.string().length(32).nullable(),
    statusCode: p.string().length(8).nullable(),
    statusMessage: p.string().length(500).nullable(),
    paymentType: p.string().length(64).nullable(),
    midtransTransactionId: p.string().length(64).nullable(),
    transactionTime: p.string().length(32).nullable(),
    settlementTime: p.string().length(32).nullable(),
    statusCheckedAt: p.datetime().nullable(),
    /**
     * What Midtrans reports as the payment's gross_amount, in rupiah: `amount` plus the customer's fee
     * when the merchant passes fees on (automatic fee imposition); null until Midtrans knows the payment.
     */
    paidAmount: p.bigint('number').nullable(),
    /** The part of `paidAmount` above `amount`: the fee the customer paid (0 without one). */
    feeAmount: p.bigint('number').nullable(),
    /**
     * Set while the `expire` is gerbang's own inference (the payment page ran out with no payment
     * method chosen): a payment Midtrans confirms later still moves the transaction to paid.
     */
    expiredUnused: p.boolean().default(false),
    /** The payment was confirmed after gerbang had marked its page expired unused: deliver, or refund. */
    paidAfterExpiry: p.boolean().default(false).index(),
    /** Rupiah refunded so far. */
    refundedAmount: p.bigint('number').default(0),
    /** Increases with every status change; webhook receivers use it to drop stale events. */
    sequence: p.integer().default(0),
    rawStatus: p.json<Record<string, unknown>>().nullable(),
    /** SHA-256 of the payment's client secret (what a browser holds to follow this one payment; it names its order). */
    clientSecretHash: p.string().length(64).nullable(),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type Transaction = InferEntity<typeof TransactionSchema>;
