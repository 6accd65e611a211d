/**
 * The order of Midtrans transaction states. A status may only replace one of lower rank, so that a
 * late or replayed notification (a `pending` after its `settlement`) never turns a payment back.
 */
const RANK: Record<string, number> = {
  pending: 0,
  authorize: 1,
  capture: 2,
  deny: 3,
  failure: 3,
  settlement: 4,
  cancel: 4,
  expire: 4,
  partial_refund: 5,
  partial_chargeback: 5,
  refund: 6,
  chargeback: 6,
};

/** The webhook event types gerbang sends to apps. */
export const WEBHOOK_EVENT_TYPES = [
  'payment.pending',
  'payment.paid',
  'payment.failed',
  'payment.expired',
  'payment.cancelled',
  'payment.refunded',
  'payment.chargeback',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Where a status change came from. */
export type StatusSource = 'charge' | 'notification' | 'poll' | 'operation' | 'admin';

/** The facts of a state that decide transitions. */
export interface PaymentState {
  transactionStatus: string;
  fraudStatus?: string | null;
  /** Rupiah refunded so far. */
  refundedAmount?: number;
  /** An `expire` gerbang inferred (the page ran out with no payment method chosen), not one Midtrans confirmed. */
  expiredUnused?: boolean;
}

/** Tells whether a Midtrans status means the money arrived. */
export function isPaid(transactionStatus: string | undefined | null, fraudStatus: string | undefined | null): boolean {
  return transactionStatus === 'settlement' || (transactionStatus === 'capture' && fraudStatus === 'accept');
}

/** Whether a payment in this state can still be refunded (paid, and not fully refunded). */
export function isRefundable(state: PaymentState): boolean {
  return isPaid(state.transactionStatus, state.fraudStatus) || state.transactionStatus === 'partial_refund';
}

/**
 * Whether `next` moves a payment forward from `current`. Unknown statuses (Midtrans adds some over
 * time) move nothing. A second partial refund of a larger total is a move too.
 */
export function advances(current: PaymentState, next: PaymentState): boolean {
  // What gerbang inferred on its own is provisional: Midtrans' confirmed payment wins over it.
  if (current.transactionStatus === 'expire' && current.expiredUnused && isPaid(next.transactionStatus, next.fraudStatus)) return true;
  const from = RANK[current.transactionStatus];
  const to = RANK[next.transactionStatus];
  if (to === undefined) return false;
  if (from === undefined || to > from) return true;
  if (to === from && current.transactionStatus === next.transactionStatus) {
    if (next.transactionStatus === 'partial_refund') return (next.refundedAmount ?? 0) > (current.refundedAmount ?? 0);
    // A card payment under review (capture + challenge) that the merchant accepted.
    return next.transactionStatus === 'capture' && current.fraudStatus !== 'accept' && next.fraudStatus === 'accept';
  }
  return false;
}

/** The event an app hears of when a payment moves from `previous` to `next`, if any. */
export function eventFor(previous: PaymentState, next: PaymentState): WebhookEventType | undefined {
  const wasPaid = isPaid(previous.transactionStatus, previous.fraudStatus);
  if (isPaid(next.transactionStatus, next.fraudStatus)) return wasPaid ? undefined : 'payment.paid';
  switch (next.transactionStatus) {
    case 'pending':
    case 'authorize':
    case 'capture':
      return previous.transactionStatus === next.transactionStatus ? undefined : 'payment.pending';
    case 'deny':
    case 'failure':
      return 'payment.failed';
    case 'expire':
      return 'payment.expired';
    case 'cancel':
      return 'payment.cancelled';
    case 'refund':
    case 'partial_refund':
      return 'payment.refunded';
    case 'chargeback':
    case 'partial_chargeback':
      return 'payment.chargeback';
    default:
      return undefined;
  }
}
