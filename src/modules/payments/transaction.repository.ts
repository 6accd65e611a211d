import type { EntityManager } from '@mikro-orm/core';
import { readOne, runSql } from '../../shared/sql.js';
import { RefundSchema, type Refund } from './refund.entity.js';
import { TransactionEventSchema, type TransactionEvent } from './transaction-event.entity.js';
import { TransactionSchema, type Transaction } from './transaction.entity.js';
import type { ChargeRequest } from './charge.request.js';

/*
 * The ledger's SQL and ORM calls for the payment use cases. The statements of the hot path (a charge,
 * a status question) are plain SQL (shared/sql.ts); the rest are the ORM's native calls. Every
 * function takes the EntityManager to work in: a transaction's, a request's, or the root one for
 * plain SQL outside a transaction.
 */

/** An order's row, whoever it belongs to. */
export function findByOrderId(em: EntityManager, orderId: string): Promise<Transaction | undefined> {
  return readOne(em, TransactionSchema, 'select * from transactions where order_id = ? limit 1', [orderId]);
}

/** An order's row when it belongs to the app. */
export function findOwned(em: EntityManager, orderId: string, appId: number): Promise<Transaction | undefined> {
  return readOne(em, TransactionSchema, 'select * from transactions where order_id = ? and app_id = ? limit 1', [orderId, appId]);
}

/**
 * Inserts an order's row as a claim held until `leaseUntil`; the row's id, or undefined when the
 * order_id is there already.
 */
export async function insertClaim(
  em: EntityManager,
  appId: number,
  request: ChargeRequest,
  payloadHash: string,
  leaseUntil: Date,
  clientSecretHash: string | null = null,
): Promise<number | undefined> {
  const now = new Date();
  const [row] = await runSql<{ id: number | string }>(
    em,
    'insert into transactions (app_id, order_id, amount, currency, item_details, customer_details, payload_hash, lease_until, transaction_status, created_at, updated_at, client_secret_hash) ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_id) do nothing returning id',
    [
      appId,
      request.order_id,
      request.amount,
      'IDR',
      request.item_details ?? null,
      request.customer_details ?? null,
      payloadHash,
      leaseUntil,
      'pending',
      now,
      now,
      clientSecretHash,
    ],
  );
  return row ? Number(row.id) : undefined;
}

/** Takes over a claim whose lease ran out (its process died); whether this caller got it. */
export async function takeOverClaim(em: EntityManager, id: number, leaseUntil: Date): Promise<boolean> {
  const taken = await em.nativeUpdate(TransactionSchema, { id, snapToken: null, leaseUntil: { $lt: new Date() } }, { leaseUntil });
  return taken === 1;
}

/** Drops a claim that got no payment page, so that a retry starts clean. */
export async function releaseClaim(em: EntityManager, id: number): Promise<void> {
  await em.nativeDelete(TransactionSchema, { id, snapToken: null });
}

/** Snap's answer for a claimed row, with the timeline's first entry (written once). */
export async function recordPaymentPage(
  em: EntityManager,
  id: number,
  page: { token: string; redirectUrl: string; expiresAt: Date | null; options: object | null; detail: string },
): Promise<void> {
  const now = new Date();
  await runSql(
    em,
    'update transactions set snap_token = ?, redirect_url = ?, token_created_at = ?, page_expires_at = ?, snap_options = ?, lease_until = null, updated_at = ? where id = ?',
    [page.token, page.redirectUrl, now, page.expiresAt, page.options, now, id],
  );
  // A charge that took over an expired claim may race the first owner here: one entry is enough.
  await runSql(
    em,
    'insert into transaction_events (transaction_id, sequence, from_status, to_status, source, detail, created_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (transaction_id, sequence) do nothing',
    [id, 0, null, 'pending', 'charge', page.detail, now],
  );
}

/** A transaction's status changes, oldest first. */
export function timelineOf(em: EntityManager, transactionId: number): Promise<TransactionEvent[]> {
  return em.find(TransactionEventSchema, { transaction: transactionId }, { orderBy: { sequence: 'asc' } });
}

/** An app's transactions, newest first, from before the row `beforeId`: at most `limit`. */
export function listForApp(em: EntityManager, appId: number, options: { beforeId?: number; status?: string; limit: number }): Promise<Transaction[]> {
  return em.find(
    TransactionSchema,
    {
      app: appId,
      ...(options.beforeId !== undefined ? { id: { $lt: options.beforeId } } : {}),
      ...(options.status ? { transactionStatus: options.status } : {}),
    },
    { orderBy: { id: 'desc' }, limit: options.limit },
  );
}

/**
 * Takes the payment row's write lock for the rest of `em`'s transaction, so that refunds of one
 * payment are reserved one after the other on SQLite and PostgreSQL alike.
 */
export async function lockPayment(em: EntityManager, id: number): Promise<void> {
  await em.getConnection().execute('update transactions set updated_at = updated_at where id = ?', [id], 'run', em.getTransactionContext());
}

/** The status fields of a payment as they are now (read under its lock). */
export function currentState(em: EntityManager, id: number): Promise<Pick<Transaction, 'transactionStatus' | 'fraudStatus'>> {
  return em.findOneOrFail(TransactionSchema, { id }, { fields: ['transactionStatus', 'fraudStatus'] });
}

export function findRefund(em: EntityManager, refundKey: string): Promise<Refund | null> {
  return em.findOne(RefundSchema, { refundKey });
}

/** The sum of a payment's refunds in the given states. */
export async function refundedSum(em: EntityManager, transactionId: number, states: { only?: string; except?: string }): Promise<number> {
  const refunds = await em.find(
    RefundSchema,
    { transaction: transactionId, ...(states.only ? { state: states.only } : {}), ...(states.except ? { state: { $ne: states.except } } : {}) },
    { fields: ['amount'] },
  );
  return refunds.reduce((sum, r) => sum + r.amount, 0);
}

/** Records a new refund as requested; its row. */
export async function insertRefund(em: EntityManager, transactionId: number, refundKey: string, amount: number, reason: string | null): Promise<Refund> {
  const row = { transaction: transactionId, refundKey, amount, reason, state: 'requested', createdAt: new Date() };
  const id = await em.insert(RefundSchema, row);
  return { ...row, id } as unknown as Refund;
}

/** Requests a failed refund again, with this amount and reason. */
export async function requestRefundAgain(em: EntityManager, refund: Refund, amount: number, reason: string | null): Promise<Refund> {
  await em.nativeUpdate(RefundSchema, { id: refund.id }, { state: 'requested', amount, reason });
  return { ...refund, state: 'requested', amount, reason };
}

/** Moves a requested refund on to `done` or `failed`; whether it was still requested. */
export async function settleRefund(em: EntityManager, refundKey: string, state: 'done' | 'failed'): Promise<boolean> {
  return (await em.nativeUpdate(RefundSchema, { refundKey, state: 'requested' }, { state })) === 1;
}

/**
 * Open payments due for a status check: created before `createdBefore`, never checked or last checked
 * before `checkedBefore`; least recently checked first.
 */
export function paymentsToCheck(
  em: EntityManager,
  statuses: readonly string[],
  createdBefore: Date,
  checkedBefore: Date,
  limit: number,
): Promise<Transaction[]> {
  return em.find(
    TransactionSchema,
    {
      transactionStatus: { $in: [...statuses] },
      snapToken: { $ne: null },
      createdAt: { $lte: createdBefore },
      $or: [{ statusCheckedAt: null }, { statusCheckedAt: { $lte: checkedBefore } }],
    },
    { orderBy: { statusCheckedAt: 'asc', id: 'asc' }, limit },
  );
}

/** Claims a status check of a payment (its last check time as this caller saw it); whether this caller got it. */
export async function claimCheck(em: EntityManager, tx: Pick<Transaction, 'id' | 'statusCheckedAt'>, at: Date): Promise<boolean> {
  return (await em.nativeUpdate(TransactionSchema, { id: tx.id, statusCheckedAt: tx.statusCheckedAt ?? null }, { statusCheckedAt: at })) === 1;
}
