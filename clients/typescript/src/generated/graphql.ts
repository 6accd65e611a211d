/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AddressInput = {
  address?: string | null | undefined;
  city?: string | null | undefined;
  /** Three letters, e.g. IDN. */
  countryCode?: string | null | undefined;
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  phone?: string | null | undefined;
  postalCode?: string | null | undefined;
};

/** A new payment: the same fields as POST /charge. */
export type CreateTransactionInput = {
  /** Whole rupiah, more than 0. */
  amount: number;
  /** Where Snap sends the customer afterwards (default: the app's URLs). */
  callbacks?: SnapCallbacksInput | null | undefined;
  customField1?: string | null | undefined;
  customField2?: string | null | undefined;
  customField3?: string | null | undefined;
  customerDetails?: CustomerDetailsInput | null | undefined;
  /** The payment methods the page offers, in Snap's names (gopay, other_qris, bca_va, …). */
  enabledPayments?: Array<string> | null | undefined;
  /** How long the payment stays payable once created. */
  expiry?: SnapExpiryInput | null | undefined;
  itemDetails?: Array<ItemDetailInput> | null | undefined;
  /** Unique bill id: 1-50 characters of A-Z a-z 0-9 - _ ~ . */
  orderId: string;
  /** How long the payment page may be used: 5 minutes to 7 days (default: SNAP_EXPIRY_MINUTES). */
  pageExpiry?: SnapDurationInput | null | undefined;
};

export type CustomerDetailsInput = {
  billingAddress?: AddressInput | null | undefined;
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  phone?: string | null | undefined;
  shippingAddress?: AddressInput | null | undefined;
};

/** One goods or service line; prices × quantities must add up to the amount. */
export type ItemDetailInput = {
  brand?: string | null | undefined;
  category?: string | null | undefined;
  id?: string | null | undefined;
  merchantName?: string | null | undefined;
  /** At most 50 characters. */
  name: string;
  /** Unit price in whole rupiah (negative for a discount line). */
  price: number;
  quantity: number;
};

/** A payment as a shopper sees it: waiting (not paid yet), paid, failed (denied or cancelled), expired, refunded (all or part). */
export type PaymentState =
  | 'expired'
  | 'failed'
  | 'paid'
  | 'refunded'
  | 'waiting';

/** Where Snap sends the customer afterwards: https URLs. */
export type SnapCallbacksInput = {
  /** After a payment error. */
  error?: string | null | undefined;
  /** After the payment (or the payment instructions). */
  finish?: string | null | undefined;
  /** When the customer leaves the page unfinished. */
  unfinish?: string | null | undefined;
};

/** A duration of minutes, hours or days. */
export type SnapDurationInput = {
  duration: number;
  /** minutes, hours or days. */
  unit: string;
};

/** How long the payment stays payable once created. */
export type SnapExpiryInput = {
  duration: number;
  /** From when, e.g. "2025-01-09 16:00:00 +0700" (default: when created). */
  startTime?: string | null | undefined;
  /** minutes, hours or days. */
  unit: string;
};

export type CreateTransactionMutationVariables = Exact<{
  input: CreateTransactionInput;
}>;


export type CreateTransactionMutation = { createTransaction: { orderId: string, amount: number, token: string, redirectUrl: string, clientSecret: string } };

export type TransactionStatusQueryVariables = Exact<{
  orderId: string;
}>;


export type TransactionStatusQuery = { transactionStatus: { orderId: string, transactionStatus: string, paid: boolean, knownToMidtrans: boolean, paymentType: string | null, amount: number, paidAmount: number | null, settlementTime: string | null } };

export type PaymentQueryVariables = Exact<{
  clientSecret: string;
}>;


export type PaymentQuery = { payment: { orderId: string, amount: number, currency: string, state: PaymentState, paymentMethod: string | null, snapToken: string | null, redirectUrl: string | null, paidAt: string | null, sequence: number } };

export type CheckoutConfigQueryVariables = Exact<{ [key: string]: never; }>;


export type CheckoutConfigQuery = { checkoutConfig: { provider: string, clientKey: string | null, production: boolean, snapJsUrl: string | null } };

export type PaymentUpdatedSubscriptionVariables = Exact<{
  clientSecret: string;
}>;


export type PaymentUpdatedSubscription = { paymentUpdated: { orderId: string, amount: number, currency: string, state: PaymentState, paymentMethod: string | null, snapToken: string | null, redirectUrl: string | null, paidAt: string | null, sequence: number } };

export type TransactionUpdatedSubscriptionVariables = Exact<{
  orderId?: string | null | undefined;
}>;


export type TransactionUpdatedSubscription = { transactionUpdated: { orderId: string, sequence: number, transactionStatus: string, fraudStatus: string | null, paid: boolean, paymentType: string | null, amount: number, refundedAmount: number, paidAmount: number | null, updatedAt: string } };

export type PublicPaymentFieldsFragment = { orderId: string, amount: number, currency: string, state: PaymentState, paymentMethod: string | null, snapToken: string | null, redirectUrl: string | null, paidAt: string | null, sequence: number };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PublicPaymentFieldsFragmentDoc = new TypedDocumentString(`
    fragment PublicPaymentFields on PublicPayment {
  orderId
  amount
  currency
  state
  paymentMethod
  snapToken
  redirectUrl
  paidAt
  sequence
}
    `, {"fragmentName":"PublicPaymentFields"}) as unknown as TypedDocumentString<PublicPaymentFieldsFragment, unknown>;
export const CreateTransactionDocument = new TypedDocumentString(`
    mutation CreateTransaction($input: CreateTransactionInput!) {
  createTransaction(input: $input) {
    orderId
    amount
    token
    redirectUrl
    clientSecret
  }
}
    `) as unknown as TypedDocumentString<CreateTransactionMutation, CreateTransactionMutationVariables>;
export const TransactionStatusDocument = new TypedDocumentString(`
    query TransactionStatus($orderId: String!) {
  transactionStatus(orderId: $orderId) {
    orderId
    transactionStatus
    paid
    knownToMidtrans
    paymentType
    amount
    paidAmount
    settlementTime
  }
}
    `) as unknown as TypedDocumentString<TransactionStatusQuery, TransactionStatusQueryVariables>;
export const PaymentDocument = new TypedDocumentString(`
    query Payment($clientSecret: String!) {
  payment(clientSecret: $clientSecret) {
    ...PublicPaymentFields
  }
}
    fragment PublicPaymentFields on PublicPayment {
  orderId
  amount
  currency
  state
  paymentMethod
  snapToken
  redirectUrl
  paidAt
  sequence
}`) as unknown as TypedDocumentString<PaymentQuery, PaymentQueryVariables>;
export const CheckoutConfigDocument = new TypedDocumentString(`
    query CheckoutConfig {
  checkoutConfig {
    provider
    clientKey
    production
    snapJsUrl
  }
}
    `) as unknown as TypedDocumentString<CheckoutConfigQuery, CheckoutConfigQueryVariables>;
export const PaymentUpdatedDocument = new TypedDocumentString(`
    subscription PaymentUpdated($clientSecret: String!) {
  paymentUpdated(clientSecret: $clientSecret) {
    ...PublicPaymentFields
  }
}
    fragment PublicPaymentFields on PublicPayment {
  orderId
  amount
  currency
  state
  paymentMethod
  snapToken
  redirectUrl
  paidAt
  sequence
}`) as unknown as TypedDocumentString<PaymentUpdatedSubscription, PaymentUpdatedSubscriptionVariables>;
export const TransactionUpdatedDocument = new TypedDocumentString(`
    subscription TransactionUpdated($orderId: String) {
  transactionUpdated(orderId: $orderId) {
    orderId
    sequence
    transactionStatus
    fraudStatus
    paid
    paymentType
    amount
    refundedAmount
    paidAmount
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<TransactionUpdatedSubscription, TransactionUpdatedSubscriptionVariables>;