import { EventEmitter } from 'node:events';
import type { Transaction } from './transaction.entity.js';
import { idOf } from '../../shared/entity-ref.js';

/** One change of a payment in the ledger, as live subscribers get it (in order of `sequence`). */
export interface LedgerChange {
  appId: number;
  orderId: string;
  sequence: number;
  amount: number;
  currency: string;
  transactionStatus: string;
  fraudStatus: string | null;
  paymentType: string | null;
  refundedAmount: number;
  paidAmount: number | null;
  settlementTime: string | null;
  snapToken: string | null;
  redirectUrl: string | null;
  updatedAt: string;
}

export function changeOf(tx: Transaction): LedgerChange {
  return {
    appId: idOf(tx.app),
    orderId: tx.orderId,
    sequence: tx.sequence,
    amount: tx.amount,
    currency: tx.currency,
    transactionStatus: tx.transactionStatus,
    fraudStatus: tx.fraudStatus ?? null,
    paymentType: tx.paymentType ?? null,
    refundedAmount: tx.refundedAmount,
    paidAmount: tx.paidAmount ?? null,
    settlementTime: tx.settlementTime ?? null,
    snapToken: tx.snapToken ?? null,
    redirectUrl: tx.redirectUrl ?? null,
    updatedAt: (tx.updatedAt instanceof Date ? tx.updatedAt : new Date(tx.updatedAt)).toISOString(),
  };
}

/** Most changes one subscriber may have waiting: a consumer that falls further behind is ended. */
export const SUBSCRIBER_BACKLOG = 256;

/**
 * The ledger's changes as they are committed (notifications, status checks, operations,
 * reconciliation: what also makes webhooks), for live subscriptions. In one process they pass through
 * memory; `relay` passes this process's changes to the others (PostgreSQL NOTIFY), and `receive`
 * takes theirs.
 */
export class LedgerEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  /** Passes a change of this process on to the other processes, when there are others. */
  relay: (change: LedgerChange) => void = () => undefined;

  publish(change: LedgerChange): void {
    this.emitter.emit('change', change);
    this.relay(change);
  }

  /** A change another process made. */
  receive(change: LedgerChange): void {
    this.emitter.emit('change', change);
  }

  get subscribers(): number {
    return this.emitter.listenerCount('change');
  }

  /**
   * The changes that `wanted` picks, from now on, until `signal` aborts or the consumer returns. Each
   * payment's changes come in the order of their sequence numbers (one that arrives late, from
   * another process, after a newer one is dropped).
   */
  stream(wanted: (change: LedgerChange) => boolean, signal?: AbortSignal): AsyncIterableIterator<LedgerChange> {
    const queue: LedgerChange[] = [];
    const latest = new Map<string, number>();
    let wake: (() => void) | undefined;
    let done = false;
    let failure: Error | undefined;
    const listener = (change: LedgerChange) => {
      if (done || !wanted(change) || (latest.get(change.orderId) ?? -1) >= change.sequence) return;
      latest.set(change.orderId, change.sequence);
      if (queue.length >= SUBSCRIBER_BACKLOG) {
        failure = new Error('this subscriber fell too far behind the ledger');
        finish();
        return;
      }
      queue.push(change);
      wake?.();
    };
    const finish = () => {
      done = true;
      this.emitter.off('change', listener);
      signal?.removeEventListener('abort', finish);
      wake?.();
    };
    this.emitter.on('change', listener);
    if (signal?.aborted) finish();
    else signal?.addEventListener('abort', finish);
    const iterator: AsyncIterableIterator<LedgerChange> = {
      async next() {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        if (failure) throw failure;
        return { value: undefined, done: true };
      },
      return() {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
