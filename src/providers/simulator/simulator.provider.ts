import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import axios from 'axios';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { midtransSignature, verifyMidtransSignature } from '../midtrans/signature.js';
import type { PaymentProvider, ProviderStatusBody, RefundRequest, SnapRequest, SnapResult, StatusResult } from '../payment-provider.js';
import { SimulatedPaymentSchema, type SimulatedPayment } from './simulated-payment.entity.js';

/** What a customer can do on a simulated payment page, and the Midtrans status each leads to. */
export const SIMULATOR_ACTIONS = {
  pay: { status: 'settlement', statusCode: '200', message: 'Success, transaction is found' },
  pending: { status: 'pending', statusCode: '201', message: 'Success, transaction is found' },
  deny: { status: 'deny', statusCode: '202', message: 'Transaction is denied' },
  expire: { status: 'expire', statusCode: '407', message: 'Success, transaction is found' },
} as const;

const OTHER_OUTCOMES: Record<string, { statusCode: string; message: string }> = {
  cancel: { statusCode: '200', message: 'Success, transaction is canceled' },
  refund: { statusCode: '200', message: 'Success, refund request is approved' },
  partial_refund: { statusCode: '200', message: 'Success, refund request is approved' },
};

export interface SimulatorOptions {
  publicUrl: string;
  /** The simulator's own server key, used to sign its status bodies and notifications. */
  serverKey: string;
  /** Where the simulator sends its HTTP notifications (gerbang's own /notifications/midtrans). */
  notificationUrl?: string;
  log?: Logger;
}

export type SimulatorAction = keyof typeof SIMULATOR_ACTIONS;

/**
 * gerbang's own stand-in for Midtrans, used when no server key is configured outside production:
 * payment pages are served by gerbang itself and their state lives in gerbang's database.
 */
export class SimulatorProvider implements PaymentProvider {
  readonly kind = 'simulator' as const;

  constructor(
    private readonly em: EntityManager,
    private readonly options: SimulatorOptions,
  ) {}

  /** The address of a simulated payment page. */
  pageUrl(token: string): string {
    return `${this.options.publicUrl}/simulator/snap/v4/redirection/${token}`;
  }

  verifyNotification(body: Record<string, unknown>): boolean {
    return verifyMidtransSignature(body, this.options.serverKey);
  }

  cancel(orderId: string): Promise<ProviderStatusBody> {
    return this.modify(
      orderId,
      'cancel',
      (page) => ['created', 'pending'].includes(page.status),
      (page) => {
        page.status = 'cancel';
      },
    );
  }

  expire(orderId: string): Promise<ProviderStatusBody> {
    return this.modify(
      orderId,
      'expire',
      (page) => ['created', 'pending'].includes(page.status),
      (page) => {
        page.status = 'expire';
      },
    );
  }

  refund(orderId: string, request: RefundRequest): Promise<ProviderStatusBody> {
    return this.modify(
      orderId,
      'refund',
      (page) => ['settlement', 'partial_refund'].includes(page.status) && page.refundedAmount + request.amount <= page.grossAmount,
      (page) => {
        page.refundedAmount += request.amount;
        page.status = page.refundedAmount >= page.grossAmount ? 'refund' : 'partial_refund';
      },
    );
  }

  private async modify(
    orderId: string,
    action: string,
    allowed: (page: SimulatedPayment) => boolean,
    change: (page: SimulatedPayment) => void,
  ): Promise<ProviderStatusBody> {
    const em = this.em.fork();
    const page = await em.findOne(SimulatedPaymentSchema, { orderId, superseded: false }, { orderBy: { createdAt: 'desc' } });
    if (!page || !allowed(page)) {
      throw new AppError('MIDTRANS_REFUSED', `Midtrans refused to ${action} order ${orderId}: Merchant cannot modify the status of the transaction`, {
        error_messages: ['Merchant cannot modify the status of the transaction'],
      });
    }
    change(page);
    page.transactionTime ??= new Date();
    await em.flush();
    const body = statusBody(page, this.options.serverKey);
    await this.notify(body);
    return body;
  }

  /** Sends a signed notification, as Midtrans would, and waits for gerbang to take it. */
  private async notify(body: ProviderStatusBody): Promise<void> {
    if (!this.options.notificationUrl) return;
    try {
      await axios.post(this.options.notificationUrl, body, { timeout: 5000, proxy: false, validateStatus: () => true });
    } catch (error) {
      this.options.log?.warn({ orderId: body.order_id, reason: (error as Error).message }, 'simulator could not deliver its notification');
    }
  }

  async createSnap(request: SnapRequest): Promise<SnapResult> {
    const em = this.em.fork();
    const pages = await em.find(SimulatedPaymentSchema, { orderId: request.orderId }, { orderBy: { createdAt: 'desc' } });
    const repeat = pages.find((page) => page.idempotencyKey === request.idempotencyKey && !page.superseded);
    if (repeat) return { token: repeat.token, redirectUrl: this.pageUrl(repeat.token) };
    if (pages.some((page) => page.status !== 'created')) {
      throw new AppError('MIDTRANS_ERROR', 'Midtrans Snap answered with an error (HTTP 400): transaction_details.order_id sudah digunakan', {
        error_messages: ['transaction_details.order_id sudah digunakan'],
      });
    }
    // As at Midtrans, a new page for an order nobody paid yet replaces the old one.
    for (const page of pages) page.superseded = true;
    const token = randomUUID();
    em.create(SimulatedPaymentSchema, {
      token,
      orderId: request.orderId,
      idempotencyKey: request.idempotencyKey,
      transactionId: randomUUID(),
      grossAmount: request.grossAmount,
      status: 'created',
      superseded: false,
      enabledPayments: request.options?.enabled_payments ?? null,
      finishUrl: request.options?.callbacks?.finish ?? null,
      errorUrl: request.options?.callbacks?.error ?? null,
      pageExpiresAt: request.pageExpiryMinutes ? new Date(Date.now() + request.pageExpiryMinutes * 60_000) : null,
      createdAt: new Date(),
    });
    await em.flush();
    return { token, redirectUrl: this.pageUrl(token) };
  }

  async getStatus(orderId: string): Promise<StatusResult> {
    const page = await this.em.fork().findOne(SimulatedPaymentSchema, { orderId, status: { $ne: 'created' } }, { orderBy: { transactionTime: 'desc' } });
    return page ? { found: true, body: statusBody(page, this.options.serverKey) } : { found: false };
  }

  /** Where the customer goes after acting on `page` (the app's finish or error URL), if anywhere. */
  redirectAfter(page: SimulatedPayment): string | undefined {
    return redirectAfter(page, this.options.serverKey);
  }

  /** The page behind a token, or undefined when no such page exists. */
  async page(token: string): Promise<SimulatedPayment | undefined> {
    return (await this.em.fork().findOne(SimulatedPaymentSchema, { token })) ?? undefined;
  }

  /**
   * Applies a customer's action on a page; only a page still waiting for the customer can change,
   * and an unused page only until its page expiry. Paying takes one of the page's payment methods.
   */
  async act(token: string, action: SimulatorAction, method?: string): Promise<SimulatedPayment> {
    const em = this.em.fork();
    const page = await em.findOne(SimulatedPaymentSchema, { token });
    if (!page) throw new AppError('ORDER_NOT_FOUND', 'No such simulated payment page');
    if (page.superseded) throw new AppError('VALIDATION_FAILED', 'This payment page was replaced by a newer one for the same order');
    if (page.status !== 'created' && page.status !== 'pending') {
      throw new AppError('VALIDATION_FAILED', `This payment is already ${page.status}`);
    }
    if (pageExpired(page)) throw new AppError('VALIDATION_FAILED', 'This payment page has expired');
    const methods = methodsOf(page);
    const chosen = page.status === 'pending' ? undefined : (method ?? methods[0]);
    if (chosen !== undefined && !methods.includes(chosen)) {
      throw new AppError('VALIDATION_FAILED', `This page does not offer "${chosen.slice(0, 20)}"; it offers ${methods.join(', ')}`);
    }
    const outcome = SIMULATOR_ACTIONS[action];
    const now = new Date();
    page.status = outcome.status;
    if (chosen !== undefined) {
      page.paymentType = chosen.endsWith('_va') ? 'bank_transfer' : (PAYMENT_TYPES[chosen] ?? chosen);
      page.bank = chosen.endsWith('_va') ? chosen.slice(0, -3) : null;
    }
    page.transactionTime ??= now;
    if (action === 'pay') page.settlementTime = now;
    await em.flush();
    await this.notify(statusBody(page, this.options.serverKey));
    return page;
  }
}

/** What the simulator offers when a charge names no payment methods. */
export const DEFAULT_SIMULATOR_METHODS = ['bca_va', 'gopay', 'other_qris'];

/** Snap's method names as the payment_type Midtrans reports for them. */
const PAYMENT_TYPES: Record<string, string> = {
  other_qris: 'qris',
  echannel: 'echannel',
  indomaret: 'cstore',
  alfamart: 'cstore',
};

/** The methods a page offers. */
export function methodsOf(page: SimulatedPayment): string[] {
  return page.enabledPayments && page.enabledPayments.length > 0 ? page.enabledPayments : DEFAULT_SIMULATOR_METHODS;
}

/** Whether an unused page has passed its page expiry. */
export function pageExpired(page: SimulatedPayment, now = Date.now()): boolean {
  return page.status === 'created' && page.pageExpiresAt !== null && page.pageExpiresAt !== undefined && page.pageExpiresAt.getTime() <= now;
}

/** Where the customer goes after an action on the page, with Midtrans' query parameters; none when the charge named none. */
export function redirectAfter(page: SimulatedPayment, serverKey: string): string | undefined {
  const target = page.status === 'deny' ? (page.errorUrl ?? page.finishUrl) : page.status === 'expire' ? undefined : page.finishUrl;
  if (!target) return undefined;
  const body = statusBody(page, serverKey);
  const url = new URL(target);
  url.searchParams.set('order_id', page.orderId);
  url.searchParams.set('status_code', body.status_code);
  url.searchParams.set('transaction_status', page.status);
  return url.toString();
}

/** A Midtrans-shaped status body for a simulated payment. */
export function statusBody(page: SimulatedPayment, serverKey: string): ProviderStatusBody {
  const outcome = Object.values(SIMULATOR_ACTIONS).find((o) => o.status === page.status) ?? OTHER_OUTCOMES[page.status] ?? SIMULATOR_ACTIONS.pending;
  const grossAmount = `${page.grossAmount}.00`;
  return {
    status_code: outcome.statusCode,
    status_message: outcome.message,
    transaction_id: page.transactionId,
    order_id: page.orderId,
    gross_amount: grossAmount,
    currency: 'IDR',
    payment_type: page.paymentType ?? 'bank_transfer',
    transaction_time: jakartaTime(page.transactionTime ?? page.createdAt),
    transaction_status: page.status,
    fraud_status: 'accept',
    ...(page.settlementTime ? { settlement_time: jakartaTime(page.settlementTime) } : {}),
    ...(page.refundedAmount > 0 ? { refunds: [{ refund_chargeback_id: 1, refund_amount: `${page.refundedAmount}.00`, reason: 'simulated' }] } : {}),
    ...(page.paymentType === 'bank_transfer' || page.paymentType === null || page.paymentType === undefined
      ? { va_numbers: [{ bank: page.bank ?? 'bca', va_number: vaNumber(page.transactionId) }] }
      : {}),
    merchant_id: 'SIMULATOR',
    signature_key: midtransSignature(page.orderId, outcome.statusCode, grossAmount, serverKey),
  };
}

/** Midtrans' time format, in Western Indonesian Time (UTC+7). */
export function jakartaTime(date: Date): string {
  return new Date(date.getTime() + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function vaNumber(transactionId: string): string {
  return String(parseInt(transactionId.replace(/-/g, '').slice(0, 12), 16))
    .padStart(11, '0')
    .slice(0, 11);
}
