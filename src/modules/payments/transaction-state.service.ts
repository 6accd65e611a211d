import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { ProviderStatusBody } from '../../providers/payment-provider.js';
import { parseGrossAmount } from '../../providers/midtrans/signature.js';
import { wibToIso } from '../../providers/midtrans/midtrans-time.js';
import { WebhookEventSchema } from '../webhooks/webhook-event.entity.js';
import { advances, eventFor, isPaid, type PaymentState, type StatusSource, type WebhookEventType } from './payment-state.js';
import { TransactionEventSchema } from './transaction-event.entity.js';
import { TransactionSchema, type Transaction } from './transaction.entity.js';
import { insertRow, readOne, runSql, updateRows } from '../../shared/sql.js';
import { writeTransaction } from '../../shared/transaction.js';
import type { CommitBatcher } from '../../shared/commit-batcher.js';
import { idOf } from '../../shared/entity-ref.js';

export interface ApplyResult {
  /** True when the status moved forward (and a timeline entry was written). */
  changed: boolean;
  transaction: Transaction;
  /** The webhook event queued for the app, if any. */
  event?: { id: string; type: WebhookEventType };
}

export interface ApplyOptions {
  source: StatusSource;
  detail?: string;
  /** Rupiah refunded in total, when the caller knows it better than the body (a refund it just made). */
  refundedTotal?: number;
  /** The state is gerbang's inference (a page that expired unused), not Midtrans' word. */
  inferred?: boolean;
  /** More writes that belong to the change (a notification's outcome): committed with it, or not at all. */
  alsoInTransaction?: (em: EntityManager) => Promise<void>;
}

/**
 * The one place where a transaction's state changes. Each change is monotonic (see payment-state.ts)
 * and is committed together with its timeline entry and, when the app has a webhook, its outbox event.
 */
export class TransactionStateService {
  /** Called after an outbox event was committed, so the dispatcher can send it at once. */
  onEventQueued: () => void = () => undefined;
  /** Told every committed change of a payment (for live subscriptions). */
  onChanged: (transaction: Transaction) => void = () => undefined;

  constructor(
    private readonly clock: () => Date = () => new Date(),
    /** Shares commits with other writes (group commit); without it, each change commits on its own. */
    private readonly writes?: CommitBatcher,
  ) {}

  /** Applies a status body the provider confirmed; retries when another writer moved the row meanwhile. */
  async apply(em: EntityManager, transaction: number | Transaction, body: ProviderStatusBody, options: ApplyOptions): Promise<ApplyResult> {
    // Most status checks change nothing: find that out without opening a transaction. A row the
    // caller has just read serves as well: every write below is conditional on the row's sequence,
    // so a row that has moved since is read again, never overwritten.
    const transactionId = typeof transaction === 'number' ? transaction : transaction.id;
    const seen = typeof transaction === 'number' ? await readTransaction(em, transactionId) : transaction;
    if (!seen) throw new Error(`transaction ${transactionId} does not exist`);
    if (
      seen.transactionStatus === body.transaction_status &&
      (body.fraud_status ?? null) === (seen.fraudStatus ?? null) &&
      options.refundedTotal === undefined
    ) {
      const unchanged = !Array.isArray(body.refunds) && !detailsChanged(seen, this.details(body, seen));
      if (unchanged) return { changed: false, transaction: seen };
    }
    let tx = seen;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const result = await this.applyOnce(em, tx, body, options);
      if (result) {
        if (result.event) this.onEventQueued();
        if (result.changed) this.onChanged(result.transaction);
        return result;
      }
      // Another writer moved the row first: decide again on what it holds now.
      tx = (await readTransaction(em, transactionId))!;
    }
    throw new Error(`transaction ${transactionId} kept changing under a status update`);
  }

  /** The descriptive fields a status body sets. */
  private details(body: ProviderStatusBody, tx: Transaction) {
    const paid = parseGrossAmount(body.gross_amount) ?? tx.paidAmount ?? null;
    return {
      paidAmount: paid,
      feeAmount: paid === null ? null : Math.max(0, paid - tx.amount),
      statusCode: body.status_code,
      statusMessage: body.status_message ?? null,
      paymentType: body.payment_type ?? tx.paymentType ?? null,
      midtransTransactionId: body.transaction_id ?? tx.midtransTransactionId ?? null,
      transactionTime: body.transaction_time ?? tx.transactionTime ?? null,
      settlementTime: body.settlement_time ?? tx.settlementTime ?? null,
      rawStatus: withoutSignature(body),
    };
  }

  /**
   * Decides on the row as read (outside any transaction), then writes in one transaction that begins
   * with the conditional update: the change lands only if nobody moved the row since it was read
   * (undefined otherwise, and the caller reads again). Starting with the write, the transaction never
   * has to turn a stale read into a write (which SQLite refuses in WAL mode).
   */
  private async applyOnce(em: EntityManager, tx: Transaction, body: ProviderStatusBody, options: ApplyOptions): Promise<ApplyResult | undefined> {
    const id = tx.id;
    const now = this.clock();
    const current: PaymentState = {
      transactionStatus: tx.transactionStatus,
      fraudStatus: tx.fraudStatus,
      refundedAmount: tx.refundedAmount,
      expiredUnused: tx.expiredUnused,
    };
    const next: PaymentState = {
      transactionStatus: body.transaction_status ?? tx.transactionStatus,
      fraudStatus: body.fraud_status ?? null,
      refundedAmount: options.refundedTotal ?? refundedFrom(body, tx),
    };
    const details = { ...this.details(body, tx), statusCheckedAt: now };

    if (!advances(current, next)) {
      // Same state (or an older one): refresh the descriptive fields only when they changed, so that
      // repeated status checks of a settled payment write nothing.
      if (next.transactionStatus === current.transactionStatus && detailsChanged(tx, details)) {
        await updateRows(em, TransactionSchema, { id, sequence: tx.sequence }, details);
      }
      return { changed: false, transaction: tx };
    }

    const sequence = tx.sequence + 1;
    const lateAfterExpiry = current.expiredUnused === true && isPaid(next.transactionStatus, next.fraudStatus);
    const changes = {
      ...details,
      transactionStatus: next.transactionStatus,
      fraudStatus: next.fraudStatus,
      refundedAmount: next.refundedAmount,
      expiredUnused: options.inferred === true && next.transactionStatus === 'expire',
      paidAfterExpiry: tx.paidAfterExpiry || lateAfterExpiry,
      sequence,
      updatedAt: now,
    };
    const detail = lateAfterExpiry ? `paid after the page had expired; ${options.detail ?? ''}` : options.detail;
    const after = Object.assign(Object.create(Object.getPrototypeOf(tx) as object) as Transaction, tx, changes);
    const type = eventFor(current, next);
    const appId = idOf(tx.app);
    const webhookUrl = type ? await webhookUrlOf(em, appId) : undefined;
    const eventId = `msg_${randomUUID().replace(/-/g, '')}`;

    const write = async (tem: EntityManager) => {
      if ((await updateRows(tem, TransactionSchema, { id, sequence: tx.sequence }, changes)) !== 1) return false;
      await insertRow(tem, TransactionEventSchema, {
        transaction: id,
        sequence,
        fromStatus: current.transactionStatus,
        toStatus: next.transactionStatus,
        fraudStatus: next.fraudStatus,
        source: options.source,
        detail: detail?.slice(0, 500) ?? null,
        createdAt: now,
      });
      if (type && webhookUrl) {
        await insertRow(tem, WebhookEventSchema, {
          id: eventId,
          app: appId,
          transaction: id,
          type,
          payload: JSON.stringify(webhookPayload(type, after, current.transactionStatus, now)),
          state: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        });
      }
      await options.alsoInTransaction?.(tem);
      return true;
    };
    // The change and its companions are one unit: kept together or not at all.
    const moved = this.writes ? await this.writes.run(write) : await writeTransaction(em, write);
    if (!moved) return undefined;
    return { changed: true, transaction: after, ...(type && webhookUrl ? { event: { id: eventId, type } } : {}) };
  }
}

/** The ledger row of a transaction as it is now (read plainly: nothing enters `em`'s identity map). */
function readTransaction(em: EntityManager, id: number): Promise<Transaction | undefined> {
  return readOne(em, TransactionSchema, 'select * from transactions where id = ?', [id]);
}

/** Where an app's webhooks go, if anywhere. */
async function webhookUrlOf(em: EntityManager, appId: number): Promise<string | undefined> {
  const [row] = await runSql<{ webhook_url: string | null }>(em, 'select webhook_url from apps where id = ?', [appId]);
  return row?.webhook_url ?? undefined;
}

/** The body of a webhook: `{type, timestamp, data}`; `data.sequence` orders the events of one payment. */
export function webhookPayload(type: WebhookEventType, tx: Transaction, previousStatus: string, at: Date) {
  return {
    type,
    timestamp: at.toISOString(),
    data: {
      order_id: tx.orderId,
      sequence: tx.sequence,
      transaction_status: tx.transactionStatus,
      previous_status: previousStatus,
      fraud_status: tx.fraudStatus ?? null,
      paid: isPaid(tx.transactionStatus, tx.fraudStatus),
      paid_after_expiry: tx.paidAfterExpiry ?? false,
      amount: tx.amount,
      refunded_amount: tx.refundedAmount,
      currency: tx.currency,
      paid_amount: tx.paidAmount ?? null,
      fee_amount: tx.feeAmount ?? null,
      payment_type: tx.paymentType ?? null,
      transaction_id: tx.midtransTransactionId ?? null,
      transaction_time: wibToIso(tx.transactionTime),
      settlement_time: wibToIso(tx.settlementTime),
    },
  };
}

function detailsChanged(tx: Transaction, details: Record<string, unknown>): boolean {
  return Object.entries(details).some(([key, value]) =>
    key === 'rawStatus' || key === 'statusCheckedAt' ? false : (tx[key as keyof Transaction] ?? null) !== value,
  );
}

function refundedFrom(body: ProviderStatusBody, tx: Transaction): number {
  if (Array.isArray(body.refunds)) {
    return (body.refunds as { refund_amount?: unknown }[]).reduce((sum, r) => sum + (parseGrossAmount(r.refund_amount) ?? 0), 0);
  }
  if (body.transaction_status === 'refund') return tx.amount;
  return tx.refundedAmount;
}

function withoutSignature(body: ProviderStatusBody): Record<string, unknown> {
  const { signature_key: _signature, ...rest } = body;
  return rest;
}
