import type { CustomerDetails, ItemDetail } from '../modules/payments/transaction.entity.js';
import type { SnapOptions } from '../modules/payments/charge.request.js';

/** What gerbang asks a provider to create: one Snap payment page. Amounts are integer rupiah. */
export interface SnapRequest {
  orderId: string;
  grossAmount: number;
  itemDetails?: ItemDetail[];
  customerDetails?: CustomerDetails;
  /** Same key and parameters → the provider answers with the same payment instead of a second one. */
  idempotencyKey: string;
  /** How long the payment page may be used; gerbang expires an unused page after the same time. */
  pageExpiryMinutes?: number;
  /** The charge's own Snap options, in Midtrans' names (without a page_expiry, pageExpiryMinutes is sent). */
  options?: SnapOptions;
}

export interface SnapResult {
  token: string;
  redirectUrl: string;
}

/** A status body in Midtrans' wire format (strings as Midtrans sends them; new fields may appear). */
export interface ProviderStatusBody {
  status_code: string;
  status_message?: string;
  transaction_id?: string;
  order_id?: string;
  gross_amount?: string;
  currency?: string;
  payment_type?: string;
  transaction_time?: string;
  transaction_status?: string;
  fraud_status?: string;
  settlement_time?: string;
  [field: string]: unknown;
}

/** The provider's answer to a status question: it knows the order, or it does not (yet). */
export type StatusResult = { found: true; body: ProviderStatusBody } | { found: false };

/** A refund as sent to the provider. */
export interface RefundRequest {
  /** Makes a repeated request the same refund. */
  refundKey: string;
  amount: number;
  reason?: string;
}

/**
 * A payment provider: Midtrans, or the built-in simulator that stands in for it. Calls go over the
 * network and may be slow: callers make them outside database transactions. Failures are thrown as
 * AppError with code MIDTRANS_UNREACHABLE (safe to retry) or MIDTRANS_ERROR (the provider said no).
 */
export interface PaymentProvider {
  readonly kind: 'midtrans' | 'simulator';
  createSnap(request: SnapRequest): Promise<SnapResult>;
  getStatus(orderId: string): Promise<StatusResult>;
  /** Cancels a pending (or captured card) payment; answers with the new status body. */
  cancel(orderId: string): Promise<ProviderStatusBody>;
  /** Expires a pending payment now. */
  expire(orderId: string): Promise<ProviderStatusBody>;
  /** Refunds all or part of a settled payment. */
  refund(orderId: string, request: RefundRequest): Promise<ProviderStatusBody>;
  /** Whether an HTTP notification carries this provider's valid signature. */
  verifyNotification(body: Record<string, unknown>): boolean;
}
