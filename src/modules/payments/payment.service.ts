import { hash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/errors.js';
import type { AppContext } from '../../shared/context.js';
import type { PaymentProvider, ProviderStatusBody } from '../../providers/payment-provider.js';
import { chargeFingerprint, parseChargeRequest, ORDER_ID_PATTERN, type ChargeRequest } from './charge.request.js';
import { TransactionSchema, type Transaction } from './transaction.entity.js';
import type { CommitBatcher } from '../../shared/commit-batcher.js';
import { readOne, runSql } from '../../shared/plain-sql.js';
import { isRefundable } from './payment-state.js';
import { RefundSchema } from './refund.entity.js';
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
    const request = parseChargeRequest(body);
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
    const claimed = await this.writes.run(async (tem) => {
      const [row] = await runSql<{ id: number }>(
        tem,
        'insert into transactions (app_id, order_id, amount, currency, item_details, customer_details, payload_hash, lease_until, transaction_status, created_at, updated_at) ' +
          'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_id) do nothing returning id',
        [app.id, request.order_id, request.amount, 'IDR', request.item_details ?? null, request.customer_details ?? null, payloadHash, new Date(now.getTime() + this.options.leaseMs), 'pending', now, now],
      );
      return row?.id;
    }, { durable: false });
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
      });
    } catch (error) {
      // Nothing was sold yet: drop the claim so that a retry (with this payload or another) starts clean.
      await ctx.em.fork().nativeDelete(TransactionSchema, { id, snapToken: null }).catch((cleanup: unknown) => {
        ctx.log.error({ err: cleanup, orderId: request.order_id }, 'could not release a failed charge; it frees itself when its lease ends');
      });
      throw error;
    }
    await this.writes.run(async (tem) => {
      const now = new Date();
      await runSql(tem, 'update transactions set snap_token = ?, redirect_url = ?, token_created_at = ?, lease_until = null, updated_at = ? where id = ?', [
        snap.token,
        snap.redirectUrl,
        now,
        now,
        id,
      ]);
      await runSql(tem, 'insert into transaction_events (transaction_id, sequence, from_status, to_status, source, detail, created_at) values (?, ?, ?, ?, ?, ?, ?)', [
        id,
        0,
        null,
        'pending',
        'charge',
        `payment page created for app ${ctx.app.code}`,
        now,
      ]);
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
    return this.operate(ctx, orderId, 'cancel', (tx) => ['pending', 'authorize', 'capture'].includes(tx.transactionStatus), 'only an unpaid payment (pending) can be cancelled');
  }

  /** Expires a pending payment now, so the customer can no longer pay it. */
  async expire(ctx: AppContext, orderId: string): Promise<TransactionDetail> {
    return this.operate(ctx, orderId, 'expire', (tx) => tx.transactionStatus === 'pending', 'only a pending payment can be expired');
  }

  /**
   * Refunds all (no amount) or part of a paid payment. The same refund_key is the same refund: a repeat
   * does not refund twice.
   */
  async refund(ctx: AppContext, orderId: string, command: RefundCommand): Promise<TransactionDetail> {
    const tx = await this.owned(ctx, orderId);
    const refundKey = command.refundKey ?? `${orderId}-refund-${tx.refundedAmount > 0 ? tx.sequence : 0}`;
    if (!/^[A-Za-z0-9\-_~.]{1,64}$/.test(refundKey)) {
      throw new AppError('VALIDATION_FAILED', 'refund_key must be 1 to 64 characters of A-Z a-z 0-9 - _ ~ .', { fields: [{ field: 'refund_key', message: 'invalid' }] });
    }
    const previous = await ctx.em.findOne(RefundSchema, { refundKey });
    if (previous) {
      const previousTx = typeof previous.transaction === 'object' ? previous.transaction.id : previous.transaction;
      if (previousTx !== tx.id || (command.amount !== undefined && command.amount !== previous.amount)) {
        throw new AppError('VALIDATION_FAILED', `refund_key "${refundKey}" was already used for another refund`, { fields: [{ field: 'refund_key', message: 'already used' }] });
      }
      if (previous.state === 'done') return this.detail(ctx, orderId);
    }
    if (!isRefundable(tx)) {
      throw new AppError('INVALID_STATE', `Order ${orderId} is ${tx.transactionStatus}: only a paid payment can be refunded`);
    }
    const remaining = tx.amount - tx.refundedAmount;
    const amount = command.amount ?? previous?.amount ?? remaining;
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) {
      throw new AppError('VALIDATION_FAILED', `amount must be a whole number from 1 to ${remaining} (what is left to refund)`, { fields: [{ field: 'amount', message: `at most ${remaining}` }] });
    }
    if (!previous) {
      await ctx.em.insert(RefundSchema, { transaction: tx.id, refundKey, amount, reason: command.reason ?? null, state: 'requested', createdAt: new Date() });
    }
    let body: ProviderStatusBody;
    try {
      body = await this.provider.refund(orderId, { refundKey, amount, reason: command.reason });
    } catch (error) {
      if (error instanceof AppError && error.code === 'MIDTRANS_REFUSED') await ctx.em.nativeUpdate(RefundSchema, { refundKey }, { state: 'failed' });
      throw error;
    }
    await ctx.em.nativeUpdate(RefundSchema, { refundKey }, { state: 'done' });
    const refunded = tx.refundedAmount + amount;
    await this.state.apply(ctx.em, tx.id, { ...body, transaction_status: refunded >= tx.amount ? 'refund' : 'partial_refund' }, {
      source: 'operation',
      detail: `refund of ${amount} (${refundKey})${command.reason ? `: ${command.reason}` : ''}`,
      refundedTotal: refunded,
    });
    ctx.log.info({ orderId, app: ctx.app.code, amount, refundKey }, 'payment refunded');
    return this.detail(ctx, orderId);
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
