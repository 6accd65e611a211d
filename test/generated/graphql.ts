/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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


export type CreateTransactionMutation = { createTransaction: { orderId: string, amount: number, token: string, redirectUrl: string } };

export type TransactionStatusQueryVariables = Exact<{
  orderId: string;
}>;


export type TransactionStatusQuery = { transactionStatus: { orderId: string, transactionStatus: string, paid: boolean, knownToMidtrans: boolean, fraudStatus: string | null, statusCode: string, statusMessage: string | null, transactionId: string | null, paymentType: string | null, amount: number, currency: string, settlementTime: string | null, raw: Record<string, unknown> } };

export type TransactionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: string | null | undefined;
}>;


export type TransactionsQuery = { transactions: { edges: Array<{ cursor: string, node: { orderId: string, amount: number, transactionStatus: string, paid: boolean, redirectUrl: string | null, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };


export const CreateTransactionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateTransaction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTransactionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTransaction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUrl"}}]}}]}}]} as unknown as DocumentNode<CreateTransactionMutation, CreateTransactionMutationVariables>;
export const TransactionStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TransactionStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactionStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"transactionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"paid"}},{"kind":"Field","name":{"kind":"Name","value":"knownToMidtrans"}},{"kind":"Field","name":{"kind":"Name","value":"fraudStatus"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"paymentType"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"settlementTime"}},{"kind":"Field","name":{"kind":"Name","value":"raw"}}]}}]}}]} as unknown as DocumentNode<TransactionStatusQuery, TransactionStatusQueryVariables>;
export const TransactionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Transactions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"transactionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"paid"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUrl"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TransactionsQuery, TransactionsQueryVariables>;