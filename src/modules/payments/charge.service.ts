import { ClientSecrets } from './client-secret.js';
import { hash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommitBatcher } from '../../shared/commit-batcher.js';
import type { AppContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { SingleFlight } from '../../shared/single-flight.js';
import type { PaymentProvider } from '../../providers/payment-provider.js';
import { chargeFingerprint, durationMinutes, parseChargeRequest, snapOptionsOf, withAppDefaults, type ChargeRequest } from './charge.request.js';
import type { Transaction } from './transaction.entity.js';
import { findByOrderId, insertClaim, recordPaymentPage, releaseClaim, takeOverClaim } from './transaction.repository.js';
import { idOf } from '../../shared/entity-ref.js';

/** The answer to a charge: the Snap payment page of this order. */
export interface ChargeResult {
  orderId: string;
  amount: number;
  token: string;
  redirectUrl: string;
}

export interface ChargeServiceOptions {
  /** How long a charge may hold its claim on an order_id while Snap answers (longer than the Snap timeout). */
  leaseMs: number;
  /** Pause between two looks at a claim held by another process. */
  pollMs?: number;
  /** The lifetime of a payment page, sent with every Snap request (the reconciler uses the same). */
  pageExpiryMinutes?: number;
  /** Production: callback URLs must be https. */
  production?: boolean;
  /** Each new payment's client secret is stored as a hash for the browser's lookups. */
  clientSecrets?: ClientSecrets;
}

type Claim = { kind: 'ready'; tx: Transaction } | { kind: 'owner'; id: number } | { kind: 'wait' };

/**
 * Creating payments, once per order. An order's row is its claim: inserted before Snap is called, so
 * that a second request (in this process or another) finds it and waits for, or reuses, the answer;
 * a claim whose process died is taken over when its lease runs out.
 */
export class ChargeService {
  /** Charges under way in this process, so identical concurrent requests share one Snap call. */
  private readonly inflight = new SingleFlight<ChargeResult>();
  private readonly pollMs: number;

  constructor(
    private readonly provider: PaymentProvider,
    /** Shares commits between concurrent charges. */
    private readonly writes: CommitBatcher,
    private readonly options: ChargeServiceOptions,
  ) {
    this.pollMs = options.pollMs ?? 50;
  }

  private secretHash(orderId: string): string | null {
    return this.options.clientSecrets ? ClientSecrets.hashOf(this.options.clientSecrets.of(orderId)) : null;
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

  /** Claims the order, or finds what became of an earlier claim; each step is one atomic statement. */
  private async claim(ctx: AppContext, request: ChargeRequest, payloadHash: string): Promise<Claim> {
    // The claim need only be committed (every process sees it) before Snap is called, not yet on
    // disk: the caller is answered only after the commit that records Snap's answer is flushed,
    // which puts this one on disk too. Should a crash lose both, a retry claims the order again and
    // Snap, given the same Idempotency-Key, answers with the same payment.
    const leaseUntil = () => new Date(Date.now() + this.options.leaseMs);
    const claimed = await this.writes.run((tem) => insertClaim(tem, ctx.app.id, request, payloadHash, leaseUntil(), this.secretHash(request.order_id)), {
      durable: false,
    });
    if (claimed !== undefined) return { kind: 'owner', id: claimed };
    const existing = await findByOrderId(ctx.sql, request.order_id);
    // Gone again: a charge that failed released its claim; the next round claims the order anew.
    if (!existing) return { kind: 'wait' };
    if (idOf(existing.app) !== ctx.app.id || existing.payloadHash !== payloadHash) {
      throw new AppError(
        'ORDER_ID_USED',
        `order_id "${request.order_id}" is already used for another payment; send the same payload to get its payment page again, or use a new order_id`,
      );
    }
    if (existing.snapToken) return { kind: 'ready', tx: existing };
    return (await takeOverClaim(ctx.em, existing.id, leaseUntil())) ? { kind: 'owner', id: existing.id } : { kind: 'wait' };
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
      await releaseClaim(ctx.em, id).catch((cleanup: unknown) => {
        ctx.log.error({ err: cleanup, orderId: request.order_id }, 'could not release a failed charge; it frees itself when its lease ends');
      });
      throw error;
    }
    await this.writes.run((tem) =>
      recordPaymentPage(tem, id, {
        token: snap.token,
        redirectUrl: snap.redirectUrl,
        expiresAt: pageExpiryMinutes ? new Date(Date.now() + pageExpiryMinutes * 60_000) : null,
        // What Snap was asked for, app defaults included.
        options: Object.keys(options).length > 0 ? options : null,
        detail: `payment page created for app ${ctx.app.code}`,
      }),
    );
    ctx.log.info({ orderId: request.order_id, app: ctx.app.code, amount: request.amount }, 'payment created');
    return { orderId: request.order_id, amount: request.amount, token: snap.token, redirectUrl: snap.redirectUrl };
  }
}

function presentCharge(tx: Transaction): ChargeResult {
  return { orderId: tx.orderId, amount: tx.amount, token: tx.snapToken!, redirectUrl: tx.redirectUrl! };
}
