/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation CreateTransaction($input: CreateTransactionInput!) {\n  createTransaction(input: $input) {\n    orderId\n    amount\n    token\n    redirectUrl\n    clientSecret\n  }\n}\n\nquery TransactionStatus($orderId: String!) {\n  transactionStatus(orderId: $orderId) {\n    orderId\n    transactionStatus\n    paid\n    knownToMidtrans\n    paymentType\n    amount\n    paidAmount\n    settlementTime\n  }\n}\n\nquery Payment($clientSecret: String!) {\n  payment(clientSecret: $clientSecret) {\n    ...PublicPaymentFields\n  }\n}\n\nquery CheckoutConfig {\n  checkoutConfig {\n    provider\n    clientKey\n    production\n    snapJsUrl\n  }\n}\n\nsubscription PaymentUpdated($clientSecret: String!) {\n  paymentUpdated(clientSecret: $clientSecret) {\n    ...PublicPaymentFields\n  }\n}\n\nsubscription TransactionUpdated($orderId: String) {\n  transactionUpdated(orderId: $orderId) {\n    orderId\n    sequence\n    transactionStatus\n    fraudStatus\n    paid\n    paymentType\n    amount\n    refundedAmount\n    paidAmount\n    updatedAt\n  }\n}\n\nfragment PublicPaymentFields on PublicPayment {\n  orderId\n  amount\n  currency\n  state\n  paymentMethod\n  snapToken\n  redirectUrl\n  paidAt\n  sequence\n}": typeof types.CreateTransactionDocument,
};
const documents: Documents = {
    "mutation CreateTransaction($input: CreateTransactionInput!) {\n  createTransaction(input: $input) {\n    orderId\n    amount\n    token\n    redirectUrl\n    clientSecret\n  }\n}\n\nquery TransactionStatus($orderId: String!) {\n  transactionStatus(orderId: $orderId) {\n    orderId\n    transactionStatus\n    paid\n    knownToMidtrans\n    paymentType\n    amount\n    paidAmount\n    settlementTime\n  }\n}\n\nquery Payment($clientSecret: String!) {\n  payment(clientSecret: $clientSecret) {\n    ...PublicPaymentFields\n  }\n}\n\nquery CheckoutConfig {\n  checkoutConfig {\n    provider\n    clientKey\n    production\n    snapJsUrl\n  }\n}\n\nsubscription PaymentUpdated($clientSecret: String!) {\n  paymentUpdated(clientSecret: $clientSecret) {\n    ...PublicPaymentFields\n  }\n}\n\nsubscription TransactionUpdated($orderId: String) {\n  transactionUpdated(orderId: $orderId) {\n    orderId\n    sequence\n    transactionStatus\n    fraudStatus\n    paid\n    paymentType\n    amount\n    refundedAmount\n    paidAmount\n    updatedAt\n  }\n}\n\nfragment PublicPaymentFields on PublicPayment {\n  orderId\n  amount\n  currency\n  state\n  paymentMethod\n  snapToken\n  redirectUrl\n  paidAt\n  sequence\n}": types.CreateTransactionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateTransaction($input: CreateTransactionInput!) {\n  createTransaction(input: $input) {\n    orderId\n    amount\n    token\n    redirectUrl\n    clientSecret\n  }\n}\n\nquery TransactionStatus($orderId: String!) {\n  transactionStatus(orderId: $orderId) {\n    orderId\n    transactionStatus\n    paid\n    knownToMidtrans\n    paymentType\n    amount\n    paidAmount\n    settlementTime\n  }\n}\n\nquery Payment($clientSecret: String!) {\n  payment(clientSecret: $clientSecret) {\n    ...PublicPaymentFields\n  }\n}\n\nquery CheckoutConfig {\n  checkoutConfig {\n    provider\n    clientKey\n    production\n    snapJsUrl\n  }\n}\n\nsubscription PaymentUpdated($clientSecret: String!) {\n  paymentUpdated(clientSecret: $clientSecret) {\n    ...PublicPaymentFields\n  }\n}\n\nsubscription TransactionUpdated($orderId: String) {\n  transactionUpdated(orderId: $orderId) {\n    orderId\n    sequence\n    transactionStatus\n    fraudStatus\n    paid\n    paymentType\n    amount\n    refundedAmount\n    paidAmount\n    updatedAt\n  }\n}\n\nfragment PublicPaymentFields on PublicPayment {\n  orderId\n  amount\n  currency\n  state\n  paymentMethod\n  snapToken\n  redirectUrl\n  paidAt\n  sequence\n}"): typeof import('./graphql.js').CreateTransactionDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
