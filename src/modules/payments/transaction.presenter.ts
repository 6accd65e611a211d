import type { ProviderStatusBody } from '../../providers/payment-provider.js';
import type { CreateTransactionInput } from './payment.types.js';
import { encodeCursor, type PaymentStatus, type TransactionPage } from './payment.service.js';
import { isPaid } from './payment-state.js';
import { parseGrossAmount } from '../../providers/midtrans/signature.js';
import { wibToIso } from '../../providers/midtrans/midtrans-time.js';
import type { Transaction } from './transaction.entity.js';
import type { TransactionConnection, TransactionDetail as TransactionDetailType, TransactionNode, TransactionStatus } from './payment.types.js';
import type { TransactionDetail } from './payment.service.js';

/**
 * REST: Midtrans' status JSON as the seed gateway answered it (`id` first), without the signature.
 * `order_id` is always the app's own: for DANA and BI-SNAP virtual accounts Midtrans' status answer
 * puts its transaction_id there.
 */
export function presentRestStatus(status: PaymentStatus): Record<string, unknown> {
  const { signature_key: _signature, ...body } = status.body;
  return { id: body.transaction_id ?? null, ...body, order_id: status.transaction.orderId };
}

/** REST: the answer to cancel, expire and refund, from the ledger row after the operation. */
export function presentRestOperation(detail: TransactionDetail): Record<string, unknown> {
  const tx = detail.transaction;
  const body = (tx.rawStatus as ProviderStatusBody | null) ?? { status_code: tx.statusCode ?? '200' };
  // The ledger's state, which may be newer than the answer it last stored (a refund's total).
  return presentRestStatus({ transaction: tx, body: { ...body, transaction_status: tx.transactionStatus }, knownToProvider: true });
}

/** What the customer pays at Midtrans (gross_amount, fee included) and the fee, from a status body. */
function paidAndFee(status: PaymentStatus): { paidAmount: number | null; feeAmount: number | null } {
  const paid = status.knownToProvider ? (parseGrossAmount(status.body.gross_amount) ?? null) : null;
  return { paidAmount: paid, feeAmount: paid === null ? null : Math.max(0, paid - status.transaction.amount) };
}

/** GraphQL: the typed status. */
export function presentGraphqlStatus(status: PaymentStatus): TransactionStatus {
  const body: ProviderStatusBody = status.body;
  const { signature_key: _signature, ...raw } = body;
  return {
    orderId: status.transaction.orderId,
    transactionStatus: body.transaction_status ?? 'pending',
    paid: isPaid(body.transaction_status, body.fraud_status),
    knownToMidtrans: status.knownToProvider,
    fraudStatus: body.fraud_status ?? null,
    statusCode: body.status_code,
    statusMessage: body.status_message ?? null,
    transactionId: body.transaction_id ?? null,
    paymentType: body.payment_type ?? null,
    amount: status.transaction.amount,
    ...paidAndFee(status),
    currency: body.currency ?? status.transaction.currency,
    transactionTime: wibToIso(body.transaction_time),
    settlementTime: wibToIso(body.settlement_time),
    raw,
  };
}

export function presentTransaction(tx: Transaction): TransactionNode {
  return {
    orderId: tx.orderId,
    amount: tx.amount,
    paidAmount: tx.paidAmount ?? null,
    feeAmount: tx.feeAmount ?? null,
    currency: tx.currency,
    transactionStatus: tx.transactionStatus,
    paid: isPaid(tx.transactionStatus, tx.fraudStatus ?? undefined),
    paymentType: tx.paymentType ?? null,
    token: tx.snapToken ?? null,
    redirectUrl: tx.redirectUrl ?? null,
    createdAt: tx.createdAt,
    updatedAt: tx.updatedAt,
  };
}

export function presentConnection(page: TransactionPage): TransactionConnection {
  return {
    edges: page.nodes.map((tx) => ({ cursor: encodeCursor(tx.id), node: presentTransaction(tx) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}

/** Maps the GraphQL input onto the charge body of POST /charge (Midtrans' field names). */
export function chargeBodyFromGraphql(input: CreateTransactionInput): Record<string, unknown> {
  const address = (a: object | undefined | null) => (a ? snakeKeys(a) : undefined);
  return {
    order_id: input.orderId,
    amount: input.amount,
    item_details: input.itemDetails?.map((item) => snakeKeys(item)),
    customer_details: input.customerDetails
      ? {
          ...snakeKeys({ ...input.customerDetails, billingAddress: undefined, shippingAddress: undefined }),
          billing_address: address(input.customerDetails.billingAddress),
          shipping_address: address(input.customerDetails.shippingAddress),
        }
      : undefined,
    callbacks: input.callbacks ? snakeKeys(input.callbacks) : undefined,
    enabled_payments: input.enabledPayments ?? undefined,
    expiry: input.expiry ? snakeKeys(input.expiry) : undefined,
    page_expiry: input.pageExpiry ? snakeKeys(input.pageExpiry) : undefined,
    custom_field1: input.customField1 ?? undefined,
    custom_field2: input.customField2 ?? undefined,
    custom_field3: input.customField3 ?? undefined,
  };
}

function snakeKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}

export function presentDetail(detail: TransactionDetail): TransactionDetailType {
  return {
    ...presentTransaction(detail.transaction),
    refundedAmount: detail.transaction.refundedAmount,
    sequence: detail.transaction.sequence,
    paidAfterExpiry: detail.transaction.paidAfterExpiry ?? false,
    transactionTime: wibToIso(detail.transaction.transactionTime),
    settlementTime: wibToIso(detail.transaction.settlementTime),
    timeline: detail.timeline.map((e) => ({
      sequence: e.sequence,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus,
      source: e.source,
      detail: e.detail ?? null,
      at: e.createdAt,
    })),
  };
}
