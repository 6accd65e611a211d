import type { PaymentProvider, StatusResult } from '../../providers/payment-provider.js';
import type { Transaction } from './transaction.entity.js';
import { SingleFlight } from '../../shared/single-flight.js';

interface Answer {
  result: StatusResult;
  /** When the call that produced it started (ms since the epoch). */
  startedAt: number;
}

interface Remembered extends Answer {
  /** The ledger row's sequence once this answer was applied. */
  sequence: number;
}

/**
 * Status checks with Midtrans for GET /status and transactionStatus. Apps poll: concurrent checks of
 * one order share one call, and for a payment past `pending` (paid, failed, expired, refunded…) an
 * answer less than `maxAgeMs` old is given again, as long as the ledger row has not moved since (its
 * sequence lives in the database, so a notification received by any instance ends the reuse). A
 * pending payment, where the customer may be paying right now, is always asked again.
 */
export class StatusChecks {
  private readonly running = new SingleFlight<Answer>();
  private readonly recent = new Map<string, Remembered>();

  constructor(
    private readonly provider: PaymentProvider,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
    /** Orders remembered at most (the oldest are forgotten first). */
    private readonly capacity = 10_000,
  ) {}

  /** Midtrans' answer for this ledger row: a recent one, the one under way, or a new call. */
  async check(tx: Transaction): Promise<Answer & { reused: boolean }> {
    const remembered = this.recent.get(tx.orderId);
    if (remembered) {
      if (remembered.sequence === tx.sequence && this.now() - remembered.startedAt < this.maxAgeMs) return { ...remembered, reused: true };
      this.recent.delete(tx.orderId);
    }
    const answer = await this.running.run(tx.orderId, async () => {
      const startedAt = this.now();
      return { result: await this.provider.getStatus(tx.orderId), startedAt };
    });
    return { ...answer, reused: false };
  }

  /** Keeps an answer once it has been applied to the ledger (`after` is the row as it is then). */
  remember(after: Transaction, answer: Answer): void {
    if (this.maxAgeMs <= 0 || !answer.result.found || after.transactionStatus === 'pending') return;
    this.recent.delete(after.orderId);
    if (this.recent.size >= this.capacity) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(after.orderId, { ...answer, sequence: after.sequence });
  }
}
