import type { MikroORM } from '@mikro-orm/core';
import type { PaymentProvider } from '../providers/payment-provider.js';
import type { Logger } from '../shared/logger.js';
import type { Transaction } from '../modules/payments/transaction.entity.js';
import { claimCheck, paymentsToCheck } from '../modules/payments/transaction.repository.js';
import type { TransactionStateService } from '../modules/payments/transaction-state.service.js';

export interface ReconcilerOptions {
  clock?: () => Date;
  /** A payment still open this long after its creation is asked about. */
  afterMs: number;
  /** The same payment is asked about at most this often. */
  intervalMs: number;
  /** How long a Snap payment page lives; an untouched page older than this has expired. */
  snapExpiryMs: number;
  batchSize?: number;
}

/** Whether a payment page has run out: at the time told to Midtrans, or (older rows) after the configured lifetime. */
function pageExpired(tx: Transaction, now: number, snapExpiryMs: number): boolean {
  if (tx.pageExpiresAt) return tx.pageExpiresAt.getTime() <= now;
  return tx.tokenCreatedAt !== null && tx.tokenCreatedAt !== undefined && tx.tokenCreatedAt.getTime() <= now - snapExpiryMs;
}

/** Statuses that may still change without gerbang hearing of it. */
const OPEN = ['pending', 'authorize', 'capture'];

/**
 * Catches what notifications missed: asks Midtrans about payments still open after a while, and
 * expires payment pages nobody used (Snap sends nothing when an unpaid page expires).
 */
export class Reconciler {
  private readonly clock: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly provider: PaymentProvider,
    private readonly state: TransactionStateService,
    private readonly log: Logger,
    private readonly options: ReconcilerOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(everyMs: number): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.runOnce()
        .catch((error: unknown) => this.log.error({ err: error }, 'reconciliation failed'))
        .finally(() => (this.running = undefined));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Checks one batch of open payments; returns how many changed. */
  async runOnce(): Promise<number> {
    const em = this.orm.em.fork();
    const now = this.clock().getTime();
    const candidates = await paymentsToCheck(
      em,
      OPEN,
      new Date(now - this.options.afterMs),
      new Date(now - this.options.intervalMs),
      this.options.batchSize ?? 50,
    );
    let changed = 0;
    for (const tx of candidates) {
      // Claim the check: of several gerbang instances (or overlapping runs) one asks Midtrans,
      // the others find the row already marked and move on.
      if (!(await claimCheck(em, tx, new Date(now)))) continue;
      try {
        const status = await this.provider.getStatus(tx.orderId);
        if (status.found) {
          const result = await this.state.apply(em, tx.id, status.body, { source: 'poll', detail: 'reconciliation' });
          if (result.changed) changed += 1;
        } else if (pageExpired(tx, now, this.options.snapExpiryMs)) {
          const result = await this.state.apply(
            em,
            tx.id,
            { status_code: '407', status_message: 'Payment page expired unused', order_id: tx.orderId, transaction_status: 'expire' },
            { source: 'poll', detail: 'payment page expired without a payment method chosen', inferred: true },
          );
          if (result.changed) changed += 1;
        }
      } catch (error) {
        this.log.warn({ orderId: tx.orderId, reason: (error as Error).message }, 'reconciliation could not check a payment');
      }
    }
    if (changed > 0) this.log.info({ checked: candidates.length, changed }, 'reconciliation');
    return changed;
  }
}
