import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { run } from '../helpers/process.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const SCRIPT = fileURLToPath(new URL('../fixtures/php-client.php', import.meta.url));

/** clients/php, run by Debian's php against a started gerbang (and a fake Midtrans behind it). */
describe('the PHP client', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let dir: string;

  const php = async (step: string, arg = '', env: Record<string, string> = {}) => {
    const result = await run('php', [SCRIPT, step, arg], { GERBANG_URL: g.url, APP_CODE: 'shop', APP_KEY: shop['X-Api-Key'], ...env });
    expect({ step, code: result.code, stderr: result.stderr }).toEqual({ step, code: 0, stderr: '' });
    return JSON.parse(result.stdout) as Record<string, any>;
  };

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake });
    shop = await g.createApp('shop');
    dir = mkdtempSync(join(tmpdir(), 'gerbang-php-'));
  });

  afterAll(async () => {
    await g?.close();
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('charges once (a repeat answers the same payment), reads the status, refunds with a key', async () => {
    const orderId = `PHP-${Date.now()}`;
    const charged = await php('charge', orderId);
    expect(charged.first.token).toEqual(expect.any(String));
    expect(charged.again).toEqual(charged.first);
    fake.customerPays(orderId, 'settlement', 'bank_transfer');
    expect((await php('status', orderId)).transaction_status).toBe('settlement');
    const refunded = await php('refund', orderId);
    expect(refunded.transaction_status).toBe('partial_refund');
    expect(fake.modifications.filter((m) => m.orderId === orderId)).toEqual([{ orderId, action: 'refund 25000' }]);
    // The same refund_key again refunds nothing more.
    await php('refund', orderId);
    expect(fake.modifications.filter((m) => m.orderId === orderId)).toHaveLength(1);
  });

  it("throws typed exceptions with gerbang's code and request id", async () => {
    const orderId = `PHP-${Date.now()}-paid`;
    await php('charge', orderId);
    fake.customerPays(orderId, 'settlement', 'bank_transfer');
    await php('status', orderId);
    const errors = await php('errors', orderId);
    expect(errors.invalid).toMatchObject({
      class: 'ValidationException',
      code: 'VALIDATION_FAILED',
      status: 400,
      retryable: false,
      fields: [{ field: 'amount' }],
    });
    expect(errors.invalid.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(errors.unknown).toMatchObject({ class: 'NotFoundException', code: 'ORDER_NOT_FOUND', status: 404 });
    expect(errors.wrongKey).toMatchObject({ class: 'AuthenticationException', code: 'UNAUTHENTICATED', status: 401 });
    expect(errors.cancelPaid).toMatchObject({ class: 'ConflictException', status: 409 });
    expect(errors.unreachable).toMatchObject({ class: 'UnavailableException', code: 'NETWORK', retryable: true });
  });

  it('retries only what gerbang says is safe to retry', async () => {
    let answers: { status: number; body: unknown }[] = [];
    let seen = 0;
    const stand = http.createServer((req, res) => {
      seen += 1;
      req.resume();
      const next = answers.shift() ?? { status: 500, body: {} };
      res.writeHead(next.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(next.body));
    });
    await new Promise<void>((resolve) => stand.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(stand.address() as AddressInfo).port}`;
    try {
      const unavailable = { status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', message: 'busy', retryable: true, request_id: 'r1' } } };
      answers = [unavailable, unavailable, { status: 201, body: { redirect_url: 'https://pay.example/x', token: 't' } }];
      expect((await php('attempts', '', { GERBANG_URL: url })).ok).toEqual({ redirect_url: 'https://pay.example/x', token: 't' });
      expect(seen).toBe(3);
      seen = 0;
      answers = [{ status: 400, body: { error: { code: 'ORDER_ID_USED', message: 'used', retryable: false, request_id: 'r2' } } }];
      expect(await php('attempts', '', { GERBANG_URL: url })).toMatchObject({ class: 'ValidationException', code: 'ORDER_ID_USED', requestId: 'r2' });
      expect(seen).toBe(1);
      seen = 0;
      answers = [unavailable, unavailable, unavailable, unavailable];
      expect(await php('attempts', '', { GERBANG_URL: url })).toMatchObject({ class: 'UnavailableException', code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(seen).toBe(3);
    } finally {
      stand.close();
    }
  });

  it('verifies a real webhook per Standard Webhooks, and refuses a tampered, late or foreign one', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const secret = await g.setWebhook('shop', receiver.url);
      const orderId = `PHP-${Date.now()}-hook`;
      await php('charge', orderId);
      fake.customerPays(orderId, 'settlement', 'qris');
      expect((await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) })).status).toBe(200);
      await receiver.waitFor(1);
      const hook = receiver.received[0];
      const file = join(dir, 'webhook.json');
      writeFileSync(file, JSON.stringify({ body: hook.body, headers: hook.headers }));
      const verified = await php('verify', file, { WEBHOOK_SECRET: secret });
      expect(verified.event).toMatchObject({ type: 'payment.paid', data: { order_id: orderId, paid: true } });
      expect([verified.tampered, verified.late, verified.otherSecret]).toEqual(['refused', 'refused', 'refused']);
    } finally {
      await receiver.stop();
    }
  });
});
