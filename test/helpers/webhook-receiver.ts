import { createHmac, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** An app's webhook endpoint on loopback: records what arrives and answers as told. */
export class WebhookReceiver {
  received: ReceivedWebhook[] = [];
  /** HTTP status to answer with, or 'hang' to never answer. */
  reply: number | 'hang' = 200;
  url = '';
  private server?: http.Server;
  private hanging: ServerResponse[] = [];
  private waiters: (() => void)[] = [];

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/gerbang`;
    return this;
  }

  /** Resolves once `count` webhooks have arrived in all. */
  waitFor(count: number, timeoutMs = 5000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.received.length} of ${count} webhooks arrived`)), timeoutMs);
      this.waiters.push(() => {
        if (this.received.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Answers the requests held by 'hang'. */
  release(status = 200): void {
    for (const res of this.hanging.splice(0)) res.writeHead(status).end('ok');
  }

  async stop(): Promise<void> {
    this.release(503);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
    for (const wake of this.waiters) wake();
    if (this.reply === 'hang') {
      this.hanging.push(res);
      return;
    }
    res.writeHead(this.reply, { 'Content-Type': 'text/plain' }).end(this.reply < 300 ? 'thanks' : 'receiver is unhappy');
  }
}

/**
 * Verifies a webhook per Standard Webhooks 1.0, written here from the specification and independent
 * of the library gerbang signs with: HMAC-SHA256 over "id.timestamp.body" keyed with the base64 secret
 * after its "whsec_" prefix, any of the space-separated "v1,<base64>" signatures, and a timestamp
 * within five minutes of `now`.
 */
export function verifyStandardWebhook(secret: string, headers: http.IncomingHttpHeaders, body: string, now = Date.now()): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  const signatures = String(headers['webhook-signature'] ?? '').split(' ');
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
