import type { EntityManager } from '@mikro-orm/core';
import { listApps } from '../apps/app.repository.js';
import { isPaid } from '../payments/payment-state.js';
import type { Transaction } from '../payments/transaction.entity.js';
import { idOf } from '../../shared/entity-ref.js';
import { findTransactionBatch, type TransactionQuery } from './admin.repository.js';
import { wibTime } from './admin.service.js';

/** Rows read per query: each batch is read in its own fork and dropped once written. */
const BATCH = 500;

const COLUMNS = [
  'created_at_wib',
  'app',
  'order_id',
  'amount',
  'currency',
  'transaction_status',
  'paid',
  'payment_type',
  'paid_amount',
  'fee_amount',
  'refunded_amount',
  'customer_name',
  'customer_email',
  'customer_phone',
  'midtrans_transaction_id',
  'settlement_time',
];

/**
 * One CSV cell: quoted when it must be, and a leading = + - @ (or tab, CR) made plain text, so that a
 * customer's name cannot run as a formula in a spreadsheet.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * The transactions a filter matches as CSV, newest first, batch by batch: what is read is written and
 * let go before the next batch is read, so an export of any size holds one batch in memory.
 */
export async function* transactionCsv(em: EntityManager, filter: Omit<TransactionQuery, 'beforeId' | 'limit'>): AsyncGenerator<string> {
  const codes = new Map((await listApps(em.fork())).map((a) => [a.id, a.code]));
  yield csvLine(COLUMNS);
  let beforeId: number | undefined;
  for (;;) {
    const rows = await findTransactionBatch(em.fork(), { ...filter, beforeId, limit: BATCH });
    if (rows.length === 0) return;
    yield rows.map((tx) => csvLine(rowOf(tx, codes.get(idOf(tx.app)) ?? ''))).join('');
    if (rows.length < BATCH) return;
    beforeId = rows.at(-1)!.id;
  }
}

function rowOf(tx: Transaction, appCode: string): unknown[] {
  const customer = tx.customerDetails ?? {};
  const name = [customer.first_name, customer.last_name].filter((v) => typeof v === 'string' && v).join(' ');
  return [
    wibTime(tx.createdAt),
    appCode,
    tx.orderId,
    tx.amount,
    tx.currency,
    tx.transactionStatus,
    isPaid(tx.transactionStatus, tx.fraudStatus) ? 'yes' : 'no',
    tx.paymentType,
    tx.paidAmount,
    tx.feeAmount,
    tx.refundedAmount,
    name,
    customer.email,
    customer.phone,
    tx.midtransTransactionId,
    tx.settlementTime,
  ];
}
