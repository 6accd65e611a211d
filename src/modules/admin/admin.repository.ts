import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { isPostgres } from '../../shared/sql.js';
import { AppSchema, type App } from '../apps/app.entity.js';
import { NotificationSchema, type Notification } from '../notifications/notification.entity.js';
import { TransactionEventSchema, type TransactionEvent } from '../payments/transaction-event.entity.js';
import { TransactionSchema, type Transaction } from '../payments/transaction.entity.js';
import { WebhookEventSchema, type WebhookEvent } from '../webhooks/webhook-event.entity.js';

/** The admin views' queries: transactions of every app, their history, the dashboard's rows. */

/** What the admin transaction list filters by. */
export interface TransactionQuery {
  appCode?: string;
  status?: string;
  /** Only paid payments (settlement, or capture with fraud status accept), or only the others. */
  paid?: boolean;
  paidAfterExpiry?: boolean;
  from?: Date;
  to?: Date;
  /** Part of the order id, any case. */
  search?: string;
  /** Only rows older than this id (the page before). */
  beforeId?: number;
  limit: number;
}

/** The filter of the admin transaction list, as the ORM takes it (without the page). */
function transactionFilter(em: EntityManager, query: Omit<TransactionQuery, 'beforeId' | 'limit'>): FilterQuery<Transaction> {
  const where: FilterQuery<Transaction> & Record<string, unknown> = {};
  const all: FilterQuery<Transaction>[] = [];
  if (query.appCode) where.app = { code: query.appCode };
  if (query.status) where.transactionStatus = query.status;
  if (query.paid === true) all.push({ $or: [{ transactionStatus: 'settlement' }, { transactionStatus: 'capture', fraudStatus: 'accept' }] });
  // Spelled out rather than negated: a capture without a fraud status is not paid, and SQL's NOT of a null comparison would drop it.
  if (query.paid === false)
    all.push({
      $or: [
        { transactionStatus: { $nin: ['settlement', 'capture'] } },
        { transactionStatus: 'capture', $or: [{ fraudStatus: { $ne: 'accept' } }, { fraudStatus: null }] },
      ],
    });
  if (query.paidAfterExpiry !== undefined) where.paidAfterExpiry = query.paidAfterExpiry;
  if (query.from || query.to) where.createdAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  if (query.search) {
    // Case-insensitive on both databases: SQLite's LIKE already is, PostgreSQL needs ILIKE.
    const pattern = `%${query.search.replace(/[%_\\]/g, '')}%`;
    where.orderId = isPostgres(em) ? { $ilike: pattern } : { $like: pattern };
  }
  if (all.length > 0) where.$and = all;
  return where;
}

/** Transactions of every app with their app, newest first. */
export function findTransactions(em: EntityManager, query: TransactionQuery): Promise<Transaction[]> {
  const where = transactionFilter(em, query);
  if (query.beforeId !== undefined) (where as Record<string, unknown>).id = { $lt: query.beforeId };
  return em.find(TransactionSchema, where, { orderBy: { id: 'desc' }, limit: query.limit, populate: ['app'] });
}

/** A batch of matching transactions for an export, newest first, without their apps (only the app id). */
export function findTransactionBatch(em: EntityManager, query: TransactionQuery): Promise<Transaction[]> {
  const where = transactionFilter(em, query);
  if (query.beforeId !== undefined) (where as Record<string, unknown>).id = { $lt: query.beforeId };
  return em.find(TransactionSchema, where, { orderBy: { id: 'desc' }, limit: query.limit });
}

/** How many transactions match the filter (all pages), what they were charged and what was paid. */
export async function transactionTotals(
  em: EntityManager,
  query: Omit<TransactionQuery, 'beforeId' | 'limit'>,
): Promise<{ count: number; amount: number; paidAmount: number }> {
  const qb = (em as SqlEntityManager).createQueryBuilder(TransactionSchema, 't');
  const row = await qb
    .select([raw('count(*) as n'), raw('coalesce(sum(t.amount), 0) as amount'), raw('coalesce(sum(t.paid_amount), 0) as paid')])
    .where(transactionFilter(em, query) as never)
    .execute<{ n: number | string; amount: number | string; paid: number | string }>('get');
  return { count: Number(row.n), amount: Number(row.amount), paidAmount: Number(row.paid) };
}

/** One transaction by order id, with its app. */
export function findTransaction(em: EntityManager, orderId: string): Promise<Transaction | null> {
  return em.findOne(TransactionSchema, { orderId }, { populate: ['app'] });
}

/** A transaction's history: its timeline and the notifications about its order (each in its own fork, so they run at once). */
export function historyOf(em: EntityManager, transactionId: number, orderId: string): Promise<[TransactionEvent[], Notification[]]> {
  return Promise.all([
    em.fork().find(TransactionEventSchema, { transaction: transactionId }, { orderBy: { sequence: 'asc' } }),
    em.fork().find(NotificationSchema, { orderId }, { orderBy: { id: 'asc' } }),
  ]);
}

/** The dashboard's rows: payments with a payment page created since `from`. */
export function paymentsSince(
  em: EntityManager,
  from: Date,
): Promise<Pick<Transaction, 'amount' | 'transactionStatus' | 'fraudStatus' | 'createdAt' | 'paymentType' | 'app'>[]> {
  return em.find(
    TransactionSchema,
    { createdAt: { $gte: from }, snapToken: { $ne: null } },
    { fields: ['amount', 'transactionStatus', 'fraudStatus', 'createdAt', 'paymentType', 'app'] },
  );
}

export function findWebhookEvent(em: EntityManager, id: string): Promise<WebhookEvent | null> {
  return em.findOne(WebhookEventSchema, { id });
}

/** Valid notifications for orders gerbang does not know, newest first. */
export function orphanNotifications(em: EntityManager, limit: number): Promise<Notification[]> {
  return em.find(NotificationSchema, { outcome: 'orphan' }, { orderBy: { id: 'desc' }, limit });
}

/** An app by code; `fresh` reads it again even when `em` has it. */
export function findApp(em: EntityManager, code: string, fresh = false): Promise<App | null> {
  return em.findOne(AppSchema, { code }, fresh ? { refresh: true } : {});
}
