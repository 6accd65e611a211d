import { createClient, type Client as WsClient } from 'graphql-ws';
import { Webhook } from 'standardwebhooks';
import {
  CheckoutConfigDocument,
  CreateTransactionDocument,
  PaymentDocument,
  PaymentUpdatedDocument,
  TransactionStatusDocument,
  TransactionUpdatedDocument,
  type CreateTransactionInput,
  type CreateTransactionMutation,
  type PaymentQuery,
  type TransactionUpdatedSubscription,
  type TypedDocumentString,
} from './generated/graphql.js';

/** An error gerbang answered with: its code (VALIDATION_FAILED, ORDER_NOT_FOUND, …), HTTP status and request id. */
export class GerbangError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly retryable: boolean,
    readonly requestId?: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'GerbangError';
  }
}

export type PublicPayment = PaymentQuery['payment'];
export type TransactionUpdate = TransactionUpdatedSubscription['transactionUpdated'];

/** Runs a typed GraphQL operation over HTTP. */
async function graphql<R, V>(url: string, headers: Record<string, string>, document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as {
    data?: R;
    errors?: { message: string; extensions?: { code?: string; retryable?: boolean; request_id?: string; fields?: { field: string; message: string }[] } }[];
  };
  const error = body.errors?.[0];
  if (error) {
    const e = error.extensions ?? {};
    throw new GerbangError(error.message, e.code ?? 'INTERNAL', response.status, e.retryable ?? false, e.request_id, e.fields);
  }
  if (!body.data) throw new GerbangError(`gerbang answered HTTP ${response.status}`, 'INTERNAL', response.status, false);
  return body.data;
}

/** A live connection to gerbang's /graphql (graphql-ws). */
function live(url: string, connectionParams?: Record<string, string>): WsClient {
  return createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, connectionParams, lazy: true, retryAttempts: 5 });
}

/** Subscribes `onNext` to a subscription; returns what stops it. */
function subscribe<R, V>(
  client: WsClient,
  document: TypedDocumentString<R, V>,
  variables: V,
  onNext: (data: R) => void,
  onError?: (error: unknown) => void,
): () => void {
  return client.subscribe<R>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    { next: (result) => result.data && onNext(result.data), error: (error) => onError?.(error), complete: () => undefined },
  );
}

/** For an app's server: holds the app key. Never use it in a browser. */
export class GerbangClient {
  private readonly headers: Record<string, string>;
  private socket?: WsClient;

  constructor(private readonly options: { url: string; appCode: string; apiKey: string }) {
    this.headers = { 'X-App-Code': options.appCode, 'X-Api-Key': options.apiKey };
  }

  /** Creates a payment (GraphQL): token, redirect URL, and the client secret to hand to the shopper's page. */
  async createTransaction(input: CreateTransactionInput): Promise<CreateTransactionMutation['createTransaction']> {
    return (await graphql(this.options.url, this.headers, CreateTransactionDocument, { input })).createTransaction;
  }

  async transactionStatus(orderId: string) {
    return (await graphql(this.options.url, this.headers, TransactionStatusDocument, { orderId })).transactionStatus;
  }

  /** REST, as the contract documents it: 201 { redirect_url, token }. */
  charge(body: Record<string, unknown>): Promise<{ redirect_url: string; token: string }> {
    return this.rest('POST', '/charge', body);
  }

  status(orderId: string): Promise<Record<string, unknown> & { transaction_status: string }> {
    return this.rest('GET', `/status/${encodeURIComponent(orderId)}`);
  }

  cancel(orderId: string): Promise<Record<string, unknown>> {
    return this.rest('POST', `/cancel/${encodeURIComponent(orderId)}`);
  }

  expire(orderId: string): Promise<Record<string, unknown>> {
    return this.rest('POST', `/expire/${encodeURIComponent(orderId)}`);
  }

  refund(orderId: string, refund: { amount?: number; reason?: string; refund_key?: string } = {}): Promise<Record<string, unknown>> {
    return this.rest('POST', `/refund/${encodeURIComponent(orderId)}`, refund);
  }

  /** Each change of the app's payments (one order's, its state now first, or all), live. Returns what stops it. */
  followTransactions(onUpdate: (update: TransactionUpdate) => void, options: { orderId?: string; onError?: (error: unknown) => void } = {}): () => void {
    this.socket ??= live(this.options.url, this.headers);
    return subscribe(this.socket, TransactionUpdatedDocument, { orderId: options.orderId }, (data) => onUpdate(data.transactionUpdated), options.onError);
  }

  /** Closes the live connection, if one is open. */
  async close(): Promise<void> {
    await this.socket?.dispose();
    this.socket = undefined;
  }

  private async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.options.url}${path}`, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as {
      error?: { code: string; message: string; retryable: boolean; request_id: string; fields?: { field: string; message: string }[] };
    };
    if (!response.ok) {
      const e = answer.error;
      throw new GerbangError(
        e?.message ?? `gerbang answered HTTP ${response.status}`,
        e?.code ?? 'INTERNAL',
        response.status,
        e?.retryable ?? false,
        e?.request_id,
        e?.fields,
      );
    }
    return answer as T;
  }
}

/** For the shopper's page: holds only the payment's client secret. */
export class GerbangCheckout {
  private socket?: WsClient;

  constructor(private readonly options: { url: string; clientSecret: string }) {}

  /** The payment's public view now. */
  async payment(): Promise<PublicPayment> {
    return (await graphql(this.options.url, {}, PaymentDocument, { clientSecret: this.options.clientSecret })).payment;
  }

  /** What Snap.js needs (client key, environment, snap.js address; null in simulator mode). */
  async checkoutConfig() {
    return (await graphql(this.options.url, {}, CheckoutConfigDocument, {})).checkoutConfig;
  }

  /** The payment now, then at every change, live. Returns what stops it. */
  follow(onPayment: (payment: PublicPayment) => void, onError?: (error: unknown) => void): () => void {
    this.socket ??= live(this.options.url);
    return subscribe(this.socket, PaymentUpdatedDocument, { clientSecret: this.options.clientSecret }, (data) => onPayment(data.paymentUpdated), onError);
  }

  async close(): Promise<void> {
    await this.socket?.dispose();
    this.socket = undefined;
  }
}

/**
 * Verifies a webhook from gerbang per Standard Webhooks (signature, timestamp tolerance, constant-time
 * comparison) with the app's signing secret (whsec_…); answers its event, or throws.
 */
export function verifyWebhook<T = { type: string; timestamp: string; data: Record<string, unknown> }>(
  secret: string,
  body: string,
  headers: Record<string, string | string[] | undefined>,
): T {
  const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? (v[0] ?? '') : (v ?? '')]));
  return new Webhook(secret).verify(body, flat) as T;
}
