import { hash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/errors.js';
import type { AppContext } from '../../shared/context.js';
import type { PaymentProvider, ProviderStatusBody } from '../../providers/payment-provider.js';
import {
  chargeFingerprint,
  durationMinutes,
  parseChargeRequest,
  snapOptionsOf,
  withAppDefaults,
  ORDER_ID_PATTERN,
  type ChargeRequest,
} from './charge.request.js';
import { TransactionSchema, type Transaction } from './transaction.entity.js';
import type { CommitBatcher } from '../../shared/commit-batcher.js';
import { readOne, runSql } from '../../shared/sql.js';
import { isRefundable } from './payment-state.js';
import { RefundSchema, type Refund } from './refund.entity.js';
import { writeTransaction } from '../../shared/transaction.js';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { StatusChecks } from './status-checks.js';
import { SingleFlight } from '../../shared/single-flight.js';
import { TransactionEventSchema, type TransactionEvent } from './transaction-event.entity.js';
import type { TransactionStateService } from './transaction-state.service.js';

/** The answer to a charge: the Snap payment page of this order. */
export interface ChargeResult {
  orderId: string;
  amount: number;
  token: string;
  redirectUrl: string;
}

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

export interface RefundCommand {
  /** Rupiah to refund; all that is left when absent. */
  amount?: number;
  reason?: string;
  /** The caller's id for this refund; a repeat with the same key is the same refund. */
  refundKey?: string;
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
  /** How long a charge may hold its claim on an order_id while Snap answers (longer than the Snap timeout). */
  leaseMs: number;
  /** Pause between two looks at a claim held by another process. */
  pollMs?: number;
  /** How long Midtrans' answer about a payment past `pending` is given again (see StatusChecks). */
  statusCacheMs?: number;
  /** The lifetime of a payment page, sent with every Snap request (the reconciler uses the same). */
  pageExpiryMinutes?: number;
  /** Production: callback URLs must be https. */
  production?: boolean;
}

type Claim = { kind: 'ready'; tx: Transaction } | { kind: 'owner'; id: number } | { kind: 'wait' };

/** Use cases of payments: charge, status and the ledger of an app. */
export class PaymentService {
  /** Charges under way in this process, so identical concurrent requests share one Snap call. */
  private readonly inflight = new SingleFlight<ChargeResult>();
  private readonly pollMs: number;
  private readonly checks: StatusChecks;

  constructor(
    private readonly provider: PaymentProvider,
    private readonly state: TransactionStateService,
    /** Shares commits between concurrent charges. */
    private readonly writes: CommitBatcher,
    private readonly options: PaymentServiceOptions,
  ) {
    this.pollMs = options.pollMs ?? 50;
    this.checks = new StatusChecks(provider, options.statusCacheMs ?? 0);
  }

  /**
   * Creates the Snap payment for an order, once. A repeat with the same app, order_id and payload
   * returns the stored token and redirect_url without calling Snap again (even while the first call is
   * still under way); another payload, or an order_id of another app, is refused.
   */
  async charge(ctx: AppContext, body: unknown): Promise<ChargeResult> {
    const request = parseChargeRequest(body, { production: this.options.production });
    const payloadHash = chargeFingerprint(request);
    return this.inflight.run(`${ctx.app.id}:${request.order_id}:${payloadHash}`, () => this.chargeOnce(ctx, request, payloadHash));
  }

  private async chargeOnce(ctx: AppContext, request: ChargeRequest, payloadHash: string): Promise<ChargeResult> {
    // A claim held by another process lasts at most one lease; after that it is taken over here.
    const giveUpAt = Date.now() + this.options.leaseMs * 2;
    while (Date.now() < giveUpAt) {
      const claim = await this.claim(ctx, request, payloadHash);
      if (claim.kind === 'ready') return presentCharge(claim.tx);
      if (claim.kind === 'owner') return this.createSnap(ctx, claim.id, request, payloadHash);
      await sleep(this.pollMs);
    }
    throw new AppError('SERVICE_UNAVAILABLE', `The payment for order_id "${request.order_id}" is still being created; retry in a few seconds`);
  }

  /**
   * Inserts the order's row as a claim, or, when the order_id is already there, reads that row; each
   * step is one atomic statement.
   */
  private async claim(ctx: AppContext, request: ChargeRequest, payloadHash: string): Promise<Claim> {
    const { app } = ctx;
    const now = new Date();
    // The claim need only be committed (every process sees it) before Snap is called, not yet on
    // disk: the caller is answered only after the commit that records Snap's answer is flushed,
    // which puts this one on disk too. Should a crash lose both, a retry claims the order again and
    // Snap, given the same Idempotency-Key, answers with the same payment.
    const claimed = await this.writes.run(
      async (tem) => {
        const [row] = await runSql<{ id: number }>(
          tem,
          'insert into transactions (app_id, order_id, amount, currency, item_details, customer_details, payload_hash, lease_until, transaction_status, created_at, updated_at) ' +
            'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_id) do nothing returning id',
          [
            app.id,
            request.order_id,
            request.amount,
            'IDR',
            request.item_details ?? null,
            request.customer_details ?? null,
            payloadHash,
            new Date(now.getTime() + this.options.leaseMs),
            'pending',
            now,
            now,
          ],
        );
        return row?.id;
      },
      { durable: false },
    );
    if (claimed !== undefined) return { kind: 'owner', id: Number(claimed) };
    const existing = await readOne(ctx.sql, TransactionSchema, 'select * from transactions where order_id = ? limit 1', [request.order_id]);
    // Gone again: a charge that failed released its claim; the next round claims the order anew.
    if (!existing) return { kind: 'wait' };
    const ownerId = typeof existing.app === 'object' ? existing.app.id : existing.app;
    if (ownerId !== app.id || existing.payloadHash !== payloadHash) {
      throw new AppError(
        'ORDER_ID_USED',
        `order_id "${request.order_id}" is already used for another payment; send the same payload to get its payment page again, or use a new order_id`,
      );
    }
    if (existing.snapToken) return { kind: 'ready', tx: existing };
    const taken = await ctx.em.nativeUpdate(
      TransactionSchema,
      { id: existing.id, snapToken: null, leaseUntil: { $lt: new Date() } },
      { leaseUntil: new Date(Date.now() + this.options.leaseMs) },
    );
    return taken === 1 ? { kind: 'owner', id: existing.id } : { kind: 'wait' };
  }

  /** Calls Snap for a claimed row (outside any transaction) and records the answer, or releases the claim. */
  private async createSnap(ctx: AppContext, id: number, request: ChargeRequest, payloadHash: string): Promise<ChargeResult> {
    const options = withAppDefaults(snapOptionsOf(request), ctx.app.snapDefaults);
    const pageExpiryMinutes = options.page_expiry ? durationMinutes(options.page_expiry) : this.options.pageExpiryMinutes;
    let snap;
    try {
      snap = await this.provider.createSnap({
        orderId: request.order_id,
        grossAmount: request.amount,
        itemDetails: request.item_details,
        customerDetails: request.customer_details,
        // The same order and payload always carry the same key, so a retry after a timeout gets the
        // payment Midtrans may already have made rather than a second one.
        idempotencyKey: hash('sha256', `${request.order_id}:${payloadHash}`, 'hex').slice(0, 36),
        pageExpiryMinutes,
        options,
      });
    } catch (error) {
      // Nothing was sold yet: drop the claim so that a retry (with this payload or another) starts clean.
      await ctx.em
        .fork()
        .nativeDelete(TransactionSchema, { id, snapToken: null })
        .catch((cleanup: unknown) => {
          ctx.log.error({ err: cleanup, orderId: request.order_id }, 'could not release a failed charge; it frees itself when its lease ends');
        });
      throw error;
    }
    await this.writes.run(async (tem) => {
      const now = new Date();
      const expiresAt = pageExpiryMinutes ? new Date(now.getTime() + pageExpiryMinutes * 60_000) : null;
      // What Snap was asked for, app defaults included.
      await runSql(
        tem,
        'update transactions set snap_token = ?, redirect_url = ?, token_created_at = ?, page_expires_at = ?, snap_options = ?, lease_until = null, updated_at = ? where id = ?',
        [snap.token, snap.redirectUrl, now, expiresAt, nonEmpty(options), now, id],
      );
      // A charge that took over an expired claim may race the first owner here: one entry is enough.
      await runSql(
        tem,
        'insert into transaction_events (transaction_id, sequence, from_status, to_status, source, detail, created_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (transaction_id, sequence) do nothing',
        [id, 0, null, 'pending', 'charge', `payment page created for app ${ctx.app.code}`, now],
      );
    });
    ctx.log.info({ orderId: request.order_id, app: ctx.app.code, amount: request.amount }, 'payment created');
    return { orderId: request.order_id, amount: request.amount, token: snap.token, redirectUrl: snap.redirectUrl };
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
    const timeline = await ctx.em.find(TransactionEventSchema, { transaction: tx.id }, { orderBy: { sequence: 'asc' } });
    return { transaction: tx, timeline };
  }

  /** Cancels a payment that is not paid yet (Midtrans: pending, or a captured card payment). */
  async cancel(ctx: AppContext, orderId: string): Promise<TransactionDetail> {
    return this.operate(
      ctx,
      orderId,
      'cancel',
      (tx) => ['pending', 'authorize', 'capture'].includes(tx.transactionStatus),
      'only an unpaid payment (pending) can be cancelled',
    );
  }

  /** Expires a pending payment now, so the customer can no longer pay it. */
  async expire(ctx: AppContext, orderId: string): Promise<TransactionDetail> {
    return this.operate(ctx, orderId, 'expire', (tx) => tx.transactionStatus === 'pending', 'only a pending payment can be expired');
  }

  /**
   * Refunds all (no amount) or part of a paid payment. The same refund_key is the same refund: a repeat
   * (even a concurrent one) does not refund twice. Refunds of one payment are reserved one at a time
   * against what is left, so that together they never exceed the amount, and the ledger's refunded
   * total is the sum of the refunds Midtrans carried out, whatever order they finish in.
   */
  async refund(ctx: AppContext, orderId: string, command: RefundCommand): Promise<TransactionDetail> {
    const tx = await this.owned(ctx, orderId);
    const refundKey = command.refundKey ?? defaultRefundKey(tx, command.amount);
    if (!REFUND_KEY_PATTERN.test(refundKey)) {
      throw new AppError('VALIDATION_FAILED', 'refund_key must be 1 to 64 characters of A-Z a-z 0-9 - _ ~ .', {
        fields: [{ field: 'refund_key', message: 'invalid' }],
      });
    }
    // eslint-disable-next-line no-control-regex -- the control characters are what it looks for
    if (command.reason !== undefined && (command.reason.length > 255 || /[\u0000-\u001f\u007f]/.test(command.reason) || !command.reason.isWellFormed())) {
      throw new AppError('VALIDATION_FAILED', 'reason must be text of at most 255 characters, without control characters', {
        fields: [{ field: 'reason', message: 'invalid' }],
      });
    }
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
        if (error instanceof AppError && error.code === 'MIDTRANS_REFUSED')
          await ctx.em.fork().nativeUpdate(RefundSchema, { refundKey, state: 'requested' }, { state: 'failed' });
        throw error;
      }
      const completed = await ctx.em.fork().nativeUpdate(RefundSchema, { refundKey, state: 'requested' }, { state: 'done' });
      await this.recordRefunds(ctx, tx, body, `refund of ${refund.amount} (${refundKey})${refund.reason ? `: ${refund.reason}` : ''}`);
      if (completed === 1) ctx.log.info({ orderId, app: ctx.app.code, amount: refund.amount, refundKey }, 'payment refunded');
    } else {
      // Done before: make sure the ledger shows it (a process may have stopped in between).
      await this.recordRefunds(ctx, tx, undefined, `refund of ${refund.amount} (${refundKey})`);
    }
    return this.detail(ctx, orderId);
  }

  /**
   * Finds the refund of this key, or records a new one if it fits in what is left. One transaction
   * that first takes the payment row's write lock, so that refunds of one payment are reserved one
   * after the other on SQLite and PostgreSQL alike.
   */
  private async reserveRefund(ctx: AppContext, tx: Transaction, refundKey: string, command: RefundCommand): Promise<Refund> {
    const alreadyUsed = () =>
      new AppError('VALIDATION_FAILED', `refund_key "${refundKey}" was already used for another refund`, {
        fields: [{ field: 'refund_key', message: 'already used' }],
      });
    try {
      return await writeTransaction(ctx.em, async (tem) => {
        await tem.getConnection().execute('update transactions set updated_at = updated_at where id = ?', [tx.id], 'run', tem.getTransactionContext());
        const previous = await tem.findOne(RefundSchema, { refundKey });
        if (previous) {
          const previousTx = typeof previous.transaction === 'object' ? previous.transaction.id : previous.transaction;
          if (previousTx !== tx.id || (command.amount !== undefined && command.amount !== previous.amount)) throw alreadyUsed();
          if (previous.state !== 'failed') return previous;
        }
        const current = await tem.findOneOrFail(TransactionSchema, { id: tx.id }, { fields: ['transactionStatus', 'fraudStatus'] });
        if (!isRefundable(current))
          throw new AppError('INVALID_STATE', `Order ${tx.orderId} is ${current.transactionStatus}: only a paid payment can be refunded`);
        const refunds = await tem.find(RefundSchema, { transaction: tx.id, state: { $ne: 'failed' } }, { fields: ['amount'] });
        const remaining = tx.amount - refunds.reduce((sum, r) => sum + r.amount, 0);
        const amount = command.amount ?? previous?.amount ?? remaining;
        if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) {
          throw new AppError('VALIDATION_FAILED', `amount must be a whole number from 1 to ${remaining} (what is left to refund)`, {
            fields: [{ field: 'amount', message: `at most ${remaining}` }],
          });
        }
        const reason = command.reason ?? null;
        if (previous) {
          await tem.nativeUpdate(RefundSchema, { id: previous.id }, { state: 'requested', amount, reason });
          return { ...previous, state: 'requested', amount, reason };
        }
        const row = { transaction: tx.id, refundKey, amount, reason, state: 'requested', createdAt: new Date() };
        const id = await tem.insert(RefundSchema, row);
        return { ...row, id } as unknown as Refund;
      });
    } catch (error) {
      // The same new refund_key used for two payments at once.
      if (error instanceof UniqueConstraintViolationException) throw alreadyUsed();
      throw error;
    }
  }

  /** Sets the ledger's refunded total to the sum of the payment's completed refunds (never lowers it). */
  private async recordRefunds(ctx: AppContext, tx: Transaction, body: ProviderStatusBody | undefined, detail: string): Promise<void> {
    const done = await ctx.em.fork().find(RefundSchema, { transaction: tx.id, state: 'done' }, { fields: ['amount'] });
    const refunded = Math.min(
      tx.amount,
      done.reduce((sum, r) => sum + r.amount, 0),
    );
    const known = body ?? { ...(tx.rawStatus ?? {}), status_code: tx.statusCode ?? '200' };
    await this.state.apply(
      ctx.em,
      tx.id,
      { ...known, transaction_status: refunded >= tx.amount ? 'refund' : 'partial_refund' },
      {
        source: 'operation',
        detail,
        refundedTotal: refunded,
      },
    );
  }

  private async operate(
    ctx: AppContext,
    orderId: string,
    action: 'cancel' | 'expire',
    allowed: (tx: Transaction) => boolean,
    refusal: string,
  ): Promise<TransactionDetail> {
    const tx = await this.owned(ctx, orderId);
    if (!allowed(tx)) throw new AppError('INVALID_STATE', `Order ${orderId} is ${tx.transactionStatus}: ${refusal}`);
    const body = await this.provider[action](orderId);
    await this.state.apply(ctx.em, tx.id, body, { source: 'operation', detail: `${action} requested by app ${ctx.app.code}` });
    ctx.log.info({ orderId, app: ctx.app.code }, `payment ${action}`);
    return this.detail(ctx, orderId);
  }

  private async owned(ctx: AppContext, orderId: string): Promise<Transaction> {
    const tx = ORDER_ID_PATTERN.test(orderId)
      ? await readOne(ctx.sql, TransactionSchema, 'select * from transactions where order_id = ? and app_id = ? limit 1', [orderId, ctx.app.id])
      : undefined;
    if (!tx) throw new AppError('ORDER_NOT_FOUND', `No transaction with order_id "${orderId.slice(0, 60)}" for app "${ctx.app.code}"`);
    return tx;
  }

  /** The calling app's transactions, newest first, with an opaque cursor. */
  async list(ctx: AppContext, query: ListTransactionsQuery): Promise<TransactionPage> {
    const first = Math.min(Math.max(query.first, 1), 100);
    const before = query.after !== undefined ? decodeCursor(query.after) : undefined;
    const rows = await ctx.em.find(
      TransactionSchema,
      {
        app: ctx.app.id,
        ...(before !== undefined ? { id: { $lt: before } } : {}),
        ...(query.status ? { transactionStatus: query.status } : {}),
      },
      { orderBy: { id: 'desc' }, limit: first + 1 },
    );
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null };
  }
}

/** An object, or null when it holds nothing. */
function nonEmpty<T extends object>(value: T): T | null {
  return Object.keys(value).length > 0 ? value : null;
}

/** What a refund_key may hold. */
const REFUND_KEY_PATTERN = /^[A-Za-z0-9\-_~.]{1,64}$/;

/**
 * The refund_key of a refund the caller gave none: the same for a retry of the same request while the
 * payment has not changed since (so a retry after a timeout refunds once), another for another amount.
 */
function defaultRefundKey(tx: Transaction, amount: number | undefined): string {
  return `rf-${hash('sha256', `${tx.orderId}:${tx.sequence}:${amount ?? 'rest'}`, 'hex').slice(0, 32)}`;
}

function presentCharge(tx: Transaction): ChargeResult {
  return { orderId: tx.orderId, amount: tx.amount, token: tx.snapToken!, redirectUrl: tx.redirectUrl! };
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
