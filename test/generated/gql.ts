/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "mutation CreateTransaction($input: CreateTransactionInput!) {\n  createTransaction(input: $input) {\n    orderId\n    amount\n    token\n    redirectUrl\n  }\n}\n\nquery TransactionStatus($orderId: String!) {\n  transactionStatus(orderId: $orderId) {\n    orderId\n    transactionStatus\n    paid\n    knownToMidtrans\n    fraudStatus\n    statusCode\n    statusMessage\n    transactionId\n    paymentType\n    amount\n    currency\n    settlementTime\n    raw\n  }\n}\n\nquery Transactions($first: Int, $after: String, $status: String) {\n  transactions(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        orderId\n        amount\n        transactionStatus\n        paid\n        redirectUrl\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.CreateTransactionDocument,
};
const documents: Documents = {
    "mutation CreateTransaction($input: CreateTransactionInput!) {\n  createTransaction(input: $input) {\n    orderId\n    amount\n    token\n    redirectUrl\n  }\n}\n\nquery TransactionStatus($orderId: String!) {\n  transactionStatus(orderId: $orderId) {\n    orderId\n    transactionStatus\n    paid\n    knownToMidtrans\n    fraudStatus\n    statusCode\n    statusMessage\n    transactionId\n    paymentType\n    amount\n    currency\n    settlementTime\n    raw\n  }\n}\n\nquery Transactions($first: Int, $after: String, $status: String) {\n  transactions(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        orderId\n        amount\n        transactionStatus\n        paid\n        redirectUrl\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.CreateTransactionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateTransaction($input: CreateTransactionInput!) {\n  createTransaction(input: $input) {\n    orderId\n    amount\n    token\n    redirectUrl\n  }\n}\n\nquery TransactionStatus($orderId: String!) {\n  transactionStatus(orderId: $orderId) {\n    orderId\n    transactionStatus\n    paid\n    knownToMidtrans\n    fraudStatus\n    statusCode\n    statusMessage\n    transactionId\n    paymentType\n    amount\n    currency\n    settlementTime\n    raw\n  }\n}\n\nquery Transactions($first: Int, $after: String, $status: String) {\n  transactions(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        orderId\n        amount\n        transactionStatus\n        paid\n        redirectUrl\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["mutation CreateTransaction($input: CreateTransactionInput!) {\n  createTransaction(input: $input) {\n    orderId\n    amount\n    token\n    redirectUrl\n  }\n}\n\nquery TransactionStatus($orderId: String!) {\n  transactionStatus(orderId: $orderId) {\n    orderId\n    transactionStatus\n    paid\n    knownToMidtrans\n    fraudStatus\n    statusCode\n    statusMessage\n    transactionId\n    paymentType\n    amount\n    currency\n    settlementTime\n    raw\n  }\n}\n\nquery Transactions($first: Int, $after: String, $status: String) {\n  transactions(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        orderId\n        amount\n        transactionStatus\n        paid\n        redirectUrl\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;