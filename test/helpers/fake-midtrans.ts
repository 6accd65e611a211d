import { createHash, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fake answers: normally, by dropping connections, with HTTP 500, or not at all. */
export type FakeMode = 'up' | 'down' | 'error' | 'hang';

/** Which of Midtrans' "not found" shapes the status API uses for unknown orders. */
export type NotFoundShape = 'http200' | 'http404';

interface FakeTransaction {
  orderId: string;
  grossAmount: number;
  token: string;
  transactionId: string;
  /** undefined until the customer picks a method on the Snap page. */
  status?: string;
  fraudStatus?: string;
  paymentType?: string;
  transactionTime?: string;
  settlementTime?: string;
  /** The customer's fee when the merchant passes fees on (automatic fee imposition). */
  fee?: number;
  /** DANA and BI-SNAP virtual accounts: the status API puts transaction_id in `order_id`. */
  statusNamesTransactionId?: boolean;
  bank?: string;
  refunds: { refund_key: string; refund_amount: number }[];
}

/** Options of a payment the customer makes on the Snap page. */
export interface PayOptions {
  /** A fee added to gross_amount by Midtrans' automatic fee imposition. */
  fee?: number;
  /** The VA bank (bca, bni, bsi, danamon, seabank, saqu …). */
  bank?: string;
}

/** Channels whose GET-status answer carries the transaction_id in `order_id` (api.md). */
const STATUS_NAMES_TRANSACTION_ID = new Set(['dana', 'bsi', 'danamon', 'seabank', 'saqu']);

interface SnapBody {
  transaction_details?: { order_id?: unknown; gross_amount?: unknown };
  item_details?: { price?: unknown; quantity?: unknown; name?: unknown }[];
  customer_details?: unknown;
  page_expiry?: { duration?: unknown; unit?: unknown };
}

const STATUS_CODES: Record<string, string> = {
  settlement: '200',
  capture: '200',
  pending: '201',
  deny: '202',
  cancel: '200',
  expire: '407',
  refund: '200',
};

/**
 * A fake Midtrans on loopback that speaks Midtrans' wire format (shared/midtrans/api.md): Snap create
 * with Basic auth, Idempotency-Key and validation errors, and the Core API status with both "not found"
 * shapes. Tests steer it (latency, outages) and play the customer (`customerPays`).
 */
export class FakeMidtrans {
  readonly serverKey: string;
  mode: FakeMode = 'up';
  latencyMs = 0;
  notFoundShape: NotFoundShape = 'http200';
  /** Successful Snap creates (a replay of an Idempotency-Key does not count). */
  snapCreates = 0;
  snapRequests: { headers: http.IncomingHttpHeaders; body: SnapBody }[] = [];
  statusRequests = 0;
  modifications: { orderId: string; action: string }[] = [];
  /** Every request path the fake received, as sent (before any normalisation). */
  paths: string[] = [];
  private readonly orders = new Map<string, FakeTransaction>();
  private readonly idempotent = new Map<string, { status: number; body: unknown }>();
  private readonly sockets = new Set<Socket>();
  private server?: http.Server;
  url = '';

  constructor(serverKey = 'SB-Mid-server-FAKE-TEST-KEY') {
    this.serverKey = serverKey;
  }

  /** The settings that point gerbang at this fake. */
  get env(): Record<string, string> {
    return { MIDTRANS_SERVER_KEY: this.serverKey, MIDTRANS_SNAP_BASE_URL: this.url, MIDTRANS_API_BASE_URL: this.url };
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The customer picks a method and the payment reaches `status` (settlement, pending, deny, expire…). */
  customerPays(orderId: string, status = 'settlement', paymentType = 'bank_transfer', options: PayOptions = {}): void {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`fake Midtrans has no order ${orderId}`);
    order.status = status;
    order.fraudStatus = 'accept';
    order.paymentType = paymentType;
    if (options.fee !== undefined) order.fee = options.fee;
    if (options.bank !== undefined) order.bank = options.bank;
    order.statusNamesTransactionId = STATUS_NAMES_TRANSACTION_ID.has(paymentType) || STATUS_NAMES_TRANSACTION_ID.has(options.bank ?? '');
    order.transactionTime ??= '2026-11-24 10:11:12';
    if (status === 'settlement') order.settlementTime = '2026-11-24 10:15:00';
  }

  /** An order paid at Midtrans without gerbang (e.g. through another gateway): its order_id is used. */
  paidElsewhere(orderId: string, grossAmount: number): void {
    this.orders.set(orderId, { orderId, grossAmount, token: randomUUID(), transactionId: randomUUID(), refunds: [] });
    this.customerPays(orderId);
  }

  /** The HTTP notification Midtrans would send for an order now (signed with the fake's server key). */
  notification(orderId: string): Record<string, unknown> {
    const order = this.orders.get(orderId);
    if (!order?.status) throw new Error(`fake Midtrans has nothing to notify for ${orderId}`);
    return this.statusBody(order);
  }

  /** Midtrans' transaction_id of an order. */
  transactionIdOf(orderId: string): string {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`fake Midtrans has no order ${orderId}`);
    return order.transactionId;
  }

  /** Midtrans' signature_key for a status body. */
  signature(orderId: string, statusCode: string, grossAmount: string): string {
    return createHash('sha512')
      .update(orderId + statusCode + grossAmount + this.serverKey)
      .digest('hex');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (this.mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (this.mode === 'hang') return; // never answers: the client's timeout must fire
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.mode === 'error')
      return send(res, 500, { status_code: '500', status_message: 'Sorry, we encountered internal server error. We will fix this soon.' });

    this.paths.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'POST' && url.pathname === '/snap/v1/transactions') return this.snapCreate(req, res, raw);
    const status = /^\/v2\/([^/]+)\/status$/.exec(url.pathname);
    if (req.method === 'GET' && status) return this.status(req, res, decodeURIComponent(status[1]));
    const modify = /^\/v2\/([^/]+)\/(cancel|expire|refund)$/.exec(url.pathname);
    if (req.method === 'POST' && modify) return this.modify(req, res, decodeURIComponent(modify[1]), modify[2], raw);
    send(res, 404, { status_code: '404', status_message: 'The requested resource is not found' });
  }

  private authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Basic ${Buffer.from(`${this.serverKey}:`).toString('base64')}`;
  }

  private snapCreate(req: IncomingMessage, res: ServerResponse, raw: string): void {
    if (!this.authorized(req)) {
      return send(res, 401, { error_messages: ['Access denied due to unauthorized transaction, please check client or server key'] });
    }
    let body: SnapBody;
    try {
      body = JSON.parse(raw) as SnapBody;
    } catch {
      return send(res, 400, { error_messages: ['Invalid JSON'] });
    }
    this.snapRequests.push({ headers: req.headers, body });
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && this.idempotent.has(key)) {
      const replay = this.idempotent.get(key)!;
      return send(res, replay.status, replay.body);
    }
    const orderId = body.transaction_details?.order_id;
    const gross = body.transaction_details?.gross_amount;
    const errors: string[] = [];
    if (typeof orderId !== 'string' || !/^[A-Za-z0-9\-_~.]{1,50}$/.test(orderId)) errors.push('transaction_details.order_id is invalid');
    if (typeof gross !== 'number' || !Number.isInteger(gross) || gross < 1) errors.push('transaction_details.gross_amount must be an integer');
    if (body.item_details) {
      const sum = body.item_details.reduce((s, i) => s + Number(i.price) * Number(i.quantity), 0);
      if (sum !== gross) errors.push('transaction_details.gross_amount is not equal to the sum of item_details');
    }
    if (errors.length === 0 && this.orders.get(orderId as string)?.status) errors.push('transaction_details.order_id sudah digunakan');
    if (errors.length > 0) return send(res, 400, { error_messages: errors });

    const token = randomUUID();
    const answer = { token, redirect_url: `https://app.sandbox.midtrans.com/snap/v4/redirection/${token}` };
    this.orders.set(orderId as string, { orderId: orderId as string, grossAmount: gross as number, token, transactionId: randomUUID(), refunds: [] });
    this.snapCreates += 1;
    if (typeof key === 'string') this.idempotent.set(key, { status: 201, body: answer });
    send(res, 201, answer);
  }

  private status(req: IncomingMessage, res: ServerResponse, orderId: string): void {
    this.statusRequests += 1;
    if (!this.authorized(req)) return send(res, 401, { status_code: '401', status_message: 'Unknown Merchant server_key/id' });
    // Midtrans answers a status question by order_id or by its own transaction_id.
    const order = this.orders.get(orderId) ?? [...this.orders.values()].find((o) => o.transactionId === orderId);
    if (!order?.status) {
      return this.notFoundShape === 'http200'
        ? send(res, 200, { status_code: '404', status_message: "Transaction doesn't exist.", id: randomUUID() })
        : send(res, 404, { status_code: '404', status_message: 'The requested resource is not found' });
    }
    const body = this.statusBody(order);
    // DANA and BI-SNAP VAs: the status answer names the transaction_id where the order_id belongs.
    send(res, 200, order.statusNamesTransactionId ? { ...body, order_id: order.transactionId } : body);
  }

  private modify(req: IncomingMessage, res: ServerResponse, orderId: string, action: string, raw: string): void {
    if (!this.authorized(req)) return send(res, 401, { status_code: '401', status_message: 'Unknown Merchant server_key/id' });
    const order = this.orders.get(orderId);
    const refuse = () => send(res, 200, { status_code: '412', status_message: 'Merchant cannot modify the status of the transaction' });
    if (!order) return send(res, 200, { status_code: '404', status_message: "Transaction doesn't exist." });
    if (action === 'cancel' || action === 'expire') {
      if (order.status && order.status !== 'pending') return refuse();
      order.status = action === 'cancel' ? 'cancel' : 'expire';
      order.transactionTime ??= '2026-11-24 10:11:12';
      this.modifications.push({ orderId, action });
      return send(res, 200, { ...this.statusBody(order), status_message: `Success, transaction is ${action === 'cancel' ? 'canceled' : 'expired'}` });
    }
    const body = JSON.parse(raw || '{}') as { refund_key?: string; amount?: number; reason?: string };
    if (order.status !== 'settlement' && order.status !== 'partial_refund') return refuse();
    const existing = order.refunds.find((r) => r.refund_key === body.refund_key);
    const refunded = order.refunds.reduce((sum, r) => sum + r.refund_amount, 0);
    if (!existing) {
      const amount = body.amount ?? order.grossAmount - refunded;
      if (refunded + amount > order.grossAmount) return send(res, 200, { status_code: '412', status_message: 'Refund amount exceeds the transaction amount' });
      order.refunds.push({ refund_key: body.refund_key ?? randomUUID(), refund_amount: amount });
      this.modifications.push({ orderId, action: `refund ${amount}` });
    }
    const total = order.refunds.reduce((sum, r) => sum + r.refund_amount, 0);
    order.status = total >= order.grossAmount ? 'refund' : 'partial_refund';
    send(res, 200, {
      ...this.statusBody(order),
      status_message: 'Success, refund request is approved',
      refund_key: body.refund_key,
      refund_amount: `${body.amount ?? total}.00`,
    });
  }

  private statusBody(order: FakeTransaction): Record<string, unknown> {
    const statusCode = STATUS_CODES[order.status!] ?? '200';
    // With automatic fee imposition the fee is part of gross_amount, and of the signature.
    const grossAmount = `${order.grossAmount + (order.fee ?? 0)}.00`;
    return {
      status_code: statusCode,
      status_message: 'Success, transaction is found',
      transaction_id: order.transactionId,
      order_id: order.orderId,
      gross_amount: grossAmount,
      currency: 'IDR',
      payment_type: order.paymentType,
      transaction_time: order.transactionTime,
      transaction_status: order.status,
      fraud_status: order.fraudStatus,
      ...(order.settlementTime ? { settlement_time: order.settlementTime } : {}),
      signature_key: this.signature(order.orderId, statusCode, grossAmount),
      merchant_id: 'G000000000',
      va_numbers: [{ bank: order.bank ?? 'bca', va_number: '12345678901' }],
      ...(order.fee ? { metadata: { extra_info: { gross_amount_info: { original_amount: `${order.grossAmount}.00`, fee_amount: `${order.fee}.00` } } } } : {}),
      ...(order.refunds.length
        ? { refunds: order.refunds.map((r, i) => ({ refund_chargeback_id: i + 1, refund_amount: `${r.refund_amount}.00`, refund_key: r.refund_key })) }
        : {}),
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
