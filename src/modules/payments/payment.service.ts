import { hash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { AppContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { writeTransaction } from '../../shared/transaction.js';
import type { PaymentProvider, ProviderStatusBody } from '../../providers/payment-provider.js';
import { ORDER_ID_PATTERN } from './charge.request.js';
import { isRefundable } from './payment-state.js';
import type { Refund } from './refund.entity.js';
import { parseRefundCommand, type RefundCommand } from './refund.request.js';
import { StatusChecks } from './status-checks.js';
import type { TransactionEvent } from './transaction-event.entity.js';
import type { Transaction } from './transaction.entity.js';
import {
  currentState,
  findOwned,
  findRefund,
  insertRefund,
  listForApp,
  lockPayment,
  refundedSum,
  requestRefundAgain,
  settleRefund,
  timelineOf,
} from './transaction.repository.js';
import type { TransactionStateService } from './transaction-state.service.js';
import { idOf } from '../../shared/entity-ref.js';

/** A transaction's status as Midtrans reports it, with gerbang's ledger row behind it. */
export interface PaymentStatus {
  transaction: Transaction;
  /** Midtrans' status body; for an order Midtrans does not know yet, a body saying "pending". */
  body: ProviderStatusBody;
  /** False when Midtrans does not know the order yet (the customer has not picked a payment method). */
  knownToProvider: boolean;
}

/** A transaction with its status changes, oldest first. */
export interface TransactionDetail {
  transaction: Transaction;
  timeline: TransactionEvent[];
}

export interface ListTransactionsQuery {
  first: number;
  after?: string;
  status?: string;
}

export interface TransactionPage {
  nodes: Transaction[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface PaymentServiceOptions {
  /** How long Midtrans' answer about a payment past `pending` is given again (see StatusChecks). */
  statusCacheMs?: number;
}

/** Use cases of an app's payments once created: status, its ledger, cancel, expire and refunds. */
export class PaymentService {
  private readonly checks: StatusChecks;

  constructor(
    private readonly provider: PaymentProvider,
    private readonly state: TransactionStateService,
    options: PaymentServiceOptions = {},
  ) {
    this.checks = new StatusChecks(provider, options.statusCacheMs ?? 0);
  }

  /**
   * Asks the provider for an order's status, records what changed and answers with Midtrans' body.
   * Orders of other apps do not exist for the caller.
   */
  async status(ctx: AppContext, orderId: string): Promise<PaymentStatus> {
    const tx = await this.owned(ctx, orderId);
    const answer = await this.checks.check(tx);
    const { result } = answer;
    if (!result.found) return { transaction: tx, body: waitingBody(tx), knownToProvider: false };
    if (answer.reused) return { transaction: tx, body: result.body, knownToProvider: true };
    const applied = await this.state.apply(ctx.em, tx, result.body, { source: 'poll', detail: 'status check' });
    this.checks.remember(applied.transaction, answer);
    return { transaction: applied.transaction, body: result.body, knownToProvider: true };
  }

  /** One of the calling app's transactions with its timeline. */
  async detail(ctx: AppContext, orderId: string): Promise<TransactionDetail> {
    const tx = await this.owned(ctx, orderId);
    return { transaction: tx, timeline: await timelineOf(ctx.em, tx.id) };
  }

  /** Cancels a payment that is not paid yet (Midtrans: pending, or a captured card payment). */
  async cancel(ctx: AppContext, orderId: string, by = `app ${ctx.app.code}`): Promise<TransactionDetail> {
    return this.operate(
      ctx,
      orderId,
      'cancel',
      by,
      (tx) => ['pending', 'authorize', 'capture'].includes(tx.transactionStatus),
      'only an unpaid payment (pending) can be cancelled',
    );
  }

  /** Expires a pending payment now, so the customer can no longer pay it. */
  async expire(ctx: AppContext, orderId: string, by = `app ${ctx.app.code}`): Promise<TransactionDetail> {
    return this.operate(ctx, orderId, 'expire', by, (tx) => tx.transactionStatus === 'pending', 'only a pending payment can be expired');
  }

  /**
   * Refunds all (no amount) or part of a paid payment; `input` in the contract's names (see
   * parseRefundCommand). The same refund_key is the same refund: a repeat (even a concurrent one) does
   * not refund twice. Refunds of one payment are reserved one at a time against what is left, so
   * that together they never exceed the amount, and the ledger's refunded total is the sum of the
   * refunds Midtrans carried out, whatever order they finish in.
   */
  async refund(ctx: AppContext, orderId: string, input: unknown): Promise<TransactionDetail> {
    const command = parseRefundCommand(input);
    const tx = await this.owned(ctx, orderId);
    const refundKey = command.refundKey ?? defaultRefundKey(tx, command.amount);
    if (!isRefundable(tx) && tx.transactionStatus !== 'refund') {
      throw new AppError('INVALID_STATE', `Order ${orderId} is ${tx.transactionStatus}: only a paid payment can be refunded`);
    }
    const refund = await this.reserveRefund(ctx, tx, refundKey, command);
    if (refund.state !== 'done') {
      let body: ProviderStatusBody;
      try {
        body = await this.provider.refund(orderId, { refundKey, amount: refund.amount, reason: refund.reason ?? undefined });
      } catch (error) {
        // Midtrans said no: the reservation is released. Any other failure leaves the outcome unknown,
        // so the amount stays reserved until a retry with this refund_key finds out.
        if (error instanceof AppError && error.code === 'MIDTRANS_REFUSED') await settleRefund(ctx.em, refundKey, 'failed');
        throw error;
      }
      const completed = await settleRefund(ctx.em, refundKey, 'done');
      await this.recordRefunds(ctx, tx, body, `refund of ${refund.amount} (${refundKey})${refund.reason ? `: ${refund.reason}` : ''}`);
      if (completed) ctx.log.info({ orderId, app: ctx.app.code, amount: refund.amount, refundKey }, 'payment refunded');
    } else {
      // Done before: make sure the ledger shows it (a process may have stopped in between).
      await this.recordRefunds(ctx, tx, undefined, `refund of ${refund.amount} (${refundKey})`);
    }
    return this.detail(ctx, orderId);
  }

  /**
   * Finds the refund of this key, or records a new one if it fits in what is left. One transaction
   * that first takes the payment row's write lock, so that refunds of one payment are reserved one
   * after the other.
   */
  private async reserveRefund(ctx: AppContext, tx: Transaction, refundKey: string, command: RefundCommand): Promise<Refund> {
    const alreadyUsed = () =>
      new AppError('VALIDATION_FAILED', `refund_key "${refundKey}" was already used for another refund`, {
        fields: [{ field: 'refund_key', message: 'already used' }],
      });
    try {
      return await writeTransaction(ctx.em, async (tem) => {
        await lockPayment(tem, tx.id);
        const previous = await findRefund(tem, refundKey);
        if (previous) {
          if (idOf(previous.transaction) !== tx.id || (command.amount !== undefined && command.amount !== previous.amount)) throw alreadyUsed();
          if (previous.state !== 'failed') return previous;
        }
        const current = await currentState(tem, tx.id);
        if (!isRefundable(current)) {
          throw new AppError('INVALID_STATE', `Order ${tx.orderId} is ${current.transactionStatus}: only a paid payment can be refunded`);
        }
        const remaining = tx.amount - (await refundedSum(tem, tx.id, { except: 'failed' }));
        const amount = command.amount ?? previous?.amount ?? remaining;
        if (amount < 1 || amount > remaining) {
          throw new AppError('VALIDATION_FAILED', `amount must be a whole number from 1 to ${remaining} (what is left to refund)`, {
            fields: [{ field: 'amount', message: `at most ${remaining}` }],
          });
        }
        const reason = command.reason ?? null;
        return previous ? requestRefundAgain(tem, previous, amount, reason) : insertRefund(tem, tx.id, refundKey, amount, reason);
      });
    } catch (error) {
      // The same new refund_key used for two payments at once.
      if (error instanceof UniqueConstraintViolationException) throw alreadyUsed();
      throw error;
    }
  }

  /** Sets the ledger's refunded total to the sum of the payment's completed refunds (never lowers it). */
  private async recordRefunds(ctx: AppContext, tx: Transaction, body: ProviderStatusBody | undefined, detail: string): Promise<void> {
    const refunded = Math.min(tx.amount, await refundedSum(ctx.em, tx.id, { only: 'done' }));
    const known = body ?? { ...(tx.rawStatus ?? {}), status_code: tx.statusCode ?? '200' };
    await this.state.apply(
      ctx.em,
      tx.id,
      { ...known, transaction_status: refunded >= tx.amount ? 'refund' : 'partial_refund' },
      { source: 'operation', detail, refundedTotal: refunded },
    );
  }

  private async operate(
    ctx: AppContext,
    orderId: string,
    action: 'cancel' | 'expire',
    by: string,
    allowed: (tx: Transaction) => boolean,
    refusal: string,
  ): Promise<TransactionDetail> {
    const tx = await this.owned(ctx, orderId);
    if (!allowed(tx)) throw new AppError('INVALID_STATE', `Order ${orderId} is ${tx.transactionStatus}: ${refusal}`);
    const body = await this.provider[action](orderId);
    await this.state.apply(ctx.em, tx.id, body, { source: 'operation', detail: `${action} requested by ${by}` });
    ctx.log.info({ orderId, app: ctx.app.code, by }, `payment ${action}`);
    return this.detail(ctx, orderId);
  }

  private async owned(ctx: AppContext, orderId: string): Promise<Transaction> {
    const tx = ORDER_ID_PATTERN.test(orderId) ? await findOwned(ctx.sql, orderId, ctx.app.id) : undefined;
    if (!tx) throw new AppError('ORDER_NOT_FOUND', `No transaction with order_id "${orderId.slice(0, 60)}" for app "${ctx.app.code}"`);
    return tx;
  }

  /** The calling app's transactions, newest first, with an opaque cursor. */
  async list(ctx: AppContext, query: ListTransactionsQuery): Promise<TransactionPage> {
    const first = Math.min(Math.max(query.first, 1), 100);
    const beforeId = query.after !== undefined ? decodeCursor(query.after) : undefined;
    const rows = await listForApp(ctx.em, ctx.app.id, { beforeId, status: query.status, limit: first + 1 });
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null };
  }
}

/**
 * The refund_key of a refund the caller gave none: the same for a retry of the same request while the
 * payment has not changed since (so a retry after a timeout refunds once), another for another amount.
 */
function defaultRefundKey(tx: Transaction, amount: number | undefined): string {
  return `rf-${hash('sha256', `${tx.orderId}:${tx.sequence}:${amount ?? 'rest'}`, 'hex').slice(0, 32)}`;
}

/** What gerbang says about an order it created but Midtrans does not know yet. */
function waitingBody(tx: Transaction): ProviderStatusBody {
  return {
    status_code: '201',
    status_message: 'Waiting for the customer to choose a payment method on the payment page',
    order_id: tx.orderId,
    gross_amount: `${tx.amount}.00`,
    currency: tx.currency,
    transaction_status: 'pending',
  };
}

export function encodeCursor(id: number): string {
  return Buffer.from(`tx:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^tx:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new AppError('VALIDATION_FAILED', 'after: not a cursor returned by gerbang', { fields: [{ field: 'after', message: 'unknown cursor' }] });
  return Number(match[1]);
}
