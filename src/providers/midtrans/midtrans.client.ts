import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { AppError } from '../../shared/errors.js';
import type { PaymentProvider, ProviderStatusBody, RefundRequest, SnapRequest, SnapResult, StatusResult } from '../payment-provider.js';
import { poolAdapter } from './axios-transport.js';
import { verifyMidtransSignature } from './signature.js';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '../../modules/payments/charge.request.js';

/** The transaction_status each operation leads to when Midtrans carried it out. */
const RESULTING_STATUS = {
  cancel: ['cancel'],
  expire: ['expire'],
  refund: ['refund', 'partial_refund'],
} as const;

/**
 * The Core API path of one order. The order id is one path segment whatever it holds: ids a URL
 * parser would resolve as dot segments (`.`, `..`) or that change the path otherwise are refused.
 */
export function orderPath(orderId: string, action: 'status' | 'cancel' | 'expire' | 'refund'): string {
  const path = `/v2/${encodeURIComponent(orderId)}/${action}`;
  if (!ORDER_ID_PATTERN.test(orderId) || new URL(path, 'http://midtrans.invalid').pathname !== path) {
    throw new AppError('VALIDATION_FAILED', `order_id ${ORDER_ID_RULE}`, { fields: [{ field: 'order_id', message: ORDER_ID_RULE }] });
  }
  return path;
}

export interface MidtransClientOptions {
  serverKey: string;
  snapBaseUrl: string;
  apiBaseUrl: string;
  timeoutMs: number;
  /** The notification URL every Snap payment carries (X-Override- or X-Append-Notification), if any. */
  notification?: { header: string; url: string };
}

/** Midtrans over HTTPS: Snap for payment pages, the Core API for status. */
export class MidtransClient implements PaymentProvider {
  readonly kind = 'midtrans' as const;
  private readonly snap: AxiosInstance;
  private readonly api: AxiosInstance;

  constructor(private readonly options: MidtransClientOptions) {
    // One keep-alive pool per process: Midtrans calls are on every charge and status check. Small
    // requests go out at once (no Nagle delay); the agent hands noDelay on to net.connect.
    const pool = { keepAlive: true, maxSockets: 256, noDelay: true } as http.AgentOptions;
    const httpAgent = new http.Agent(pool);
    const httpsAgent = new https.Agent(pool);
    const common = {
      timeout: options.timeoutMs,
      httpAgent,
      httpsAgent,
      maxRedirects: 0,
      proxy: false as const,
      maxContentLength: 1024 * 1024,
      adapter: poolAdapter,
      // Every status is interpreted here, so that no axios error (which carries the request headers,
      // Basic auth included) ever travels further up.
      validateStatus: () => true,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`${options.serverKey}:`).toString('base64')}`,
      },
    };
    this.snap = axios.create({ ...common, baseURL: options.snapBaseUrl });
    this.api = axios.create({ ...common, baseURL: options.apiBaseUrl });
  }

  async createSnap(request: SnapRequest): Promise<SnapResult> {
    const body = {
      transaction_details: { order_id: request.orderId, gross_amount: request.grossAmount },
      ...(request.itemDetails ? { item_details: request.itemDetails } : {}),
      ...(request.customerDetails ? { customer_details: request.customerDetails } : {}),
      ...request.options,
      // Midtrans and gerbang's reconciler expire an unused page at the same time.
      ...(!request.options?.page_expiry && request.pageExpiryMinutes ? { page_expiry: { duration: request.pageExpiryMinutes, unit: 'minutes' } } : {}),
    };
    const headers: Record<string, string> = { 'Idempotency-Key': request.idempotencyKey };
    if (this.options.notification) headers[this.options.notification.header] = this.options.notification.url;
    const response = await this.call('Snap', () => this.snap.post('/snap/v1/transactions', body, { headers }));
    const data = response.data as { token?: unknown; redirect_url?: unknown } | undefined;
    if (response.status === 201 || response.status === 200) {
      if (typeof data?.token === 'string' && typeof data.redirect_url === 'string') {
        return { token: data.token, redirectUrl: data.redirect_url };
      }
      throw new AppError('MIDTRANS_ERROR', 'Midtrans Snap answered without a token; the payment was not created');
    }
    throw upstreamError('Snap', response);
  }

  async getStatus(orderId: string): Promise<StatusResult> {
    const path = orderPath(orderId, 'status');
    const response = await this.call('the status API', () => this.api.get(path));
    const data = response.data as Partial<ProviderStatusBody> | undefined;
    // "Not found" comes as HTTP 200 or 404 with status_code "404" in the body: the body decides.
    if (data && typeof data === 'object' && String(data.status_code) === '404') return { found: false };
    if (response.status === 200 && data && typeof data === 'object' && typeof data.status_code === 'string') {
      return { found: true, body: data as ProviderStatusBody };
    }
    throw upstreamError('the status API', response);
  }

  cancel(orderId: string): Promise<ProviderStatusBody> {
    return this.modify('cancel', orderId);
  }

  expire(orderId: string): Promise<ProviderStatusBody> {
    return this.modify('expire', orderId);
  }

  refund(orderId: string, request: RefundRequest): Promise<ProviderStatusBody> {
    return this.modify('refund', orderId, { refund_key: request.refundKey, amount: request.amount, reason: request.reason });
  }

  verifyNotification(body: Record<string, unknown>): boolean {
    return verifyMidtransSignature(body, this.options.serverKey);
  }

  /**
   * POST /v2/{order_id}/{cancel|expire|refund}: Midtrans answers with a status body; 412 means "not in
   * this state". Success is judged by the resulting transaction_status: a successful expire answers
   * with status_code "407".
   */
  private async modify(action: 'cancel' | 'expire' | 'refund', orderId: string, body?: unknown): Promise<ProviderStatusBody> {
    const what = `the ${action} API`;
    const path = orderPath(orderId, action);
    const response = await this.call(what, () => this.api.post(path, body ?? {}));
    const data = response.data as Partial<ProviderStatusBody> | undefined;
    const code = String(data?.status_code ?? response.status);
    if (response.status === 200 && data && typeof data === 'object') {
      const resulting = data.transaction_status;
      if (typeof resulting === 'string' && (RESULTING_STATUS[action] as readonly string[]).includes(resulting)) {
        return { ...data, status_code: code };
      }
      // An answer without the resulting state: a 2xx status_code is Midtrans' word that it was done.
      if (resulting === undefined && /^2\d\d$/.test(code)) return { ...data, status_code: code };
    }
    if (code === '412' || code === '404' || response.status === 412) {
      throw new AppError(
        'MIDTRANS_REFUSED',
        `Midtrans refused to ${action} order ${orderId}: ${String(data?.status_message ?? 'not allowed in its current state')}`,
        {
          error_messages: data?.status_message ? [String(data.status_message)] : [],
        },
      );
    }
    throw upstreamError(what, response);
  }

  private async call(what: string, send: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await send();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
      throw new AppError(
        'MIDTRANS_UNREACHABLE',
        timedOut
          ? `Midtrans ${what} did not answer within ${this.options.timeoutMs} ms; nothing was recorded as paid, retrying is safe`
          : `Midtrans ${what} could not be reached (${code ?? 'network error'}); check the server's internet connection; retrying is safe`,
      );
    }
  }
}

function upstreamError(what: string, response: AxiosResponse): AppError {
  const data = response.data as { error_messages?: unknown; status_message?: unknown } | undefined;
  const messages = Array.isArray(data?.error_messages)
    ? data.error_messages.filter((m): m is string => typeof m === 'string')
    : typeof data?.status_message === 'string'
      ? [data.status_message]
      : [];
  if (response.status === 401) {
    return new AppError(
      'MIDTRANS_ERROR',
      `Midtrans ${what} refused gerbang's credentials (HTTP 401): check MIDTRANS_SERVER_KEY and MIDTRANS_IS_PRODUCTION in gerbang's .env`,
      { error_messages: messages },
    );
  }
  const summary = messages.length > 0 ? `: ${messages.join('; ')}` : '';
  return new AppError('MIDTRANS_ERROR', `Midtrans ${what} answered with an error (HTTP ${response.status})${summary}`, {
    error_messages: messages,
  });
}
