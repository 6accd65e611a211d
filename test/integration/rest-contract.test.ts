import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { serviceContext } from '../../src/shared/context.js';

const SEED_KEY = 'fb93b4e802314a189809f393d913bba6';

describe('REST contract (POST /charge, GET /status) against a fake Midtrans', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let biling: Record<string, string>;
  let shop: Record<string, string>;
  let order = 0;
  const nextOrder = () => `INV-2026-${String(++order).padStart(4, '0')}`;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake });
    biling = await g.createApp('biling', SEED_KEY);
    shop = await g.createApp('shop');
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  beforeEach(() => {
    fake.mode = 'up';
    fake.latencyMs = 0;
  });

  const charge = (body: unknown, headers = biling) => call(`${g.url}/charge`, { body, headers });

  describe('POST /charge', () => {
    it('creates a Snap payment and answers 201 with redirect_url and token', async () => {
      const orderId = nextOrder();
      const res = await charge({
        order_id: orderId,
        amount: 150000,
        customer_details: { first_name: 'Budi', last_name: 'Santoso', email: 'budi@example.com', phone: '08123456789' },
        item_details: [{ id: 'VPS-01', price: 150000, quantity: 1, name: 'Cloud VPS Basic' }],
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        redirect_url: expect.stringMatching(/^https:\/\/app\.sandbox\.midtrans\.com\/snap\/v4\/redirection\//),
        token: expect.any(String),
      });
      expect(res.body.redirect_url.endsWith(res.body.token)).toBe(true);
      const sent = fake.snapRequests.at(-1)!;
      expect(sent.body.transaction_details).toEqual({ order_id: orderId, gross_amount: 150000 });
      expect(sent.body.item_details).toEqual([{ id: 'VPS-01', price: 150000, quantity: 1, name: 'Cloud VPS Basic' }]);
      expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.serverKey}:`).toString('base64')}`);
      expect(String(sent.headers['idempotency-key']).length).toBeLessThanOrEqual(36);
      // Midtrans' documented request headers, and nothing from axios's per-method defaults.
      expect(sent.headers.accept).toBe('application/json');
      expect(sent.headers['content-type']).toBe('application/json');
    });

    it('a charge and its repeat make no request fork of the EntityManager: their statements are plain SQL', async () => {
      const root = g.gerbang.orm.em;
      const fork = root.fork.bind(root);
      let forks = 0;
      root.fork = (...args: Parameters<typeof fork>) => {
        // A request's fork takes no options; the transactions of the shared commits fork with theirs.
        if (args.length === 0) forks += 1;
        return fork(...args);
      };
      try {
        const body = { order_id: nextOrder(), amount: 75000 };
        const first = await charge(body);
        const again = await charge(body);
        expect(first.status).toBe(201);
        expect(again.body).toEqual(first.body);
      } finally {
        root.fork = fork;
      }
      expect(forks).toBe(0);
    });

    it('repeating the same charge returns the same token without a second Snap call', async () => {
      const body = { order_id: nextOrder(), amount: 50000, customer_details: { first_name: 'Andri', email: 'andri@indoweb.id' } };
      const first = await charge(body);
      const before = fake.snapCreates;
      const again = await charge({ customer_details: { email: 'andri@indoweb.id', first_name: 'Andri' }, amount: 50000, order_id: body.order_id });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(fake.snapCreates).toBe(before);
    });

    it('50 concurrent identical charges cause exactly one Snap create and all get the same answer', async () => {
      fake.latencyMs = 100;
      const body = { order_id: nextOrder(), amount: 75000 };
      const before = fake.snapCreates;
      const answers = await Promise.all(Array.from({ length: 50 }, () => charge(body)));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
      expect(new Set(answers.map((a) => a.body.token)).size).toBe(1);
      expect(fake.snapCreates - before).toBe(1);
    });

    it('charge with a used order_id and another amount is refused with 400 ORDER_ID_USED', async () => {
      const orderId = nextOrder();
      expect((await charge({ order_id: orderId, amount: 10000 })).status).toBe(201);
      const res = await charge({ order_id: orderId, amount: 20000 });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ORDER_ID_USED');
      expect(res.body.error.message).toContain(orderId);
    });

    it("an order_id already used by another app is refused without revealing that app's payment", async () => {
      const orderId = nextOrder();
      const mine = await charge({ order_id: orderId, amount: 10000 });
      const theirs = await charge({ order_id: orderId, amount: 10000 }, shop);
      expect(theirs.status).toBe(400);
      expect(theirs.body.error.code).toBe('ORDER_ID_USED');
      expect(JSON.stringify(theirs.body)).not.toContain(mine.body.token);
    });

    it.each([
      ['amount as a string', { amount: '150000' }, 'amount'],
      ['amount with decimals', { amount: 1.5 }, 'amount'],
      ['negative amount', { amount: -1 }, 'amount'],
      ['zero amount', { amount: 0 }, 'amount'],
      ['missing amount', { amount: undefined }, 'amount'],
      ['missing order_id', { order_id: undefined }, 'order_id'],
      ['order_id with #', { order_id: 'INV#1' }, 'order_id'],
      ['order_id with a space', { order_id: 'INV 1' }, 'order_id'],
      ['order_id longer than 50', { order_id: 'A'.repeat(51) }, 'order_id'],
      ['order_id as a number', { order_id: 1001 }, 'order_id'],
      ['item_details not adding up', { item_details: [{ id: 'A', price: 1000, quantity: 2, name: 'Thing' }] }, 'item_details'],
      ['item_details as an object', { item_details: { price: 150000 } }, 'item_details'],
      ['item price as a string', { item_details: [{ price: '150000', quantity: 1, name: 'Thing' }] }, 'item_details[0].price'],
      ['item quantity 0', { item_details: [{ price: 150000, quantity: 0, name: 'Thing' }] }, 'item_details[0].quantity'],
      ['item name over 50 characters', { item_details: [{ price: 150000, quantity: 1, name: 'N'.repeat(51) }] }, 'item_details[0].name'],
      ['customer_details as a string', { customer_details: 'Budi' }, 'customer_details'],
      ['customer email malformed', { customer_details: { email: 'not-an-email' } }, 'customer_details.email'],
      ['customer first_name as a number', { customer_details: { first_name: 7 } }, 'customer_details.first_name'],
    ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_name, change, field) => {
      const before = fake.snapRequests.length;
      const res = await charge({ order_id: nextOrder(), amount: 150000, ...change });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.body.error.message).toContain(field);
      expect(fake.snapRequests.length).toBe(before);
    });

    it('accepts item_details that add up, including a discount line', async () => {
      const res = await charge({
        order_id: nextOrder(),
        amount: 90000,
        item_details: [
          { id: 'A', price: 50000, quantity: 2, name: 'Domain' },
          { id: 'DISC', price: -10000, quantity: 1, name: 'Discount' },
        ],
      });
      expect(res.status).toBe(201);
    });

    it('refuses a body that is not JSON with 400 INVALID_JSON', async () => {
      const res = await call(`${g.url}/charge`, { raw: '{"order_id": "INV-1", amount: }', headers: biling });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_JSON');
    });

    it('refuses a JSON body that is not an object with 400', async () => {
      const res = await call(`${g.url}/charge`, { raw: '"INV-1"', headers: biling });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_JSON');
    });

    it('refuses a body over 16 kB with 400 PAYLOAD_TOO_LARGE', async () => {
      const res = await charge({ order_id: nextOrder(), amount: 1000, customer_details: { first_name: 'x'.repeat(20_000) } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('authentication', () => {
    it.each([
      ['no headers', {}],
      ['only the app code', { 'X-App-Code': 'biling' }],
      ['a wrong key', { 'X-App-Code': 'biling', 'X-Api-Key': 'fb93b4e802314a189809f393d913bba7' }],
      ['an unknown app code', { 'X-App-Code': 'nobody', 'X-Api-Key': SEED_KEY }],
    ])('charge with %s is refused with 401', async (_name, headers) => {
      const res = await charge({ order_id: nextOrder(), amount: 1000 }, headers);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      const status = await call(`${g.url}/status/INV-1`, { headers: headers });
      expect(status.status).toBe(401);
    });

    it("an app code with another app's key is refused with 401", async () => {
      const res = await charge({ order_id: nextOrder(), amount: 1000 }, { 'X-App-Code': 'biling', 'X-Api-Key': shop['X-Api-Key'] });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('a disabled app gets 401 APP_DISABLED and works again once enabled', async () => {
      const headers = await g.createApp('donasi');
      const ctx = serviceContext(g.gerbang.orm, 't', (await import('pino')).pino({ level: 'silent' }));
      await g.gerbang.services.apps.setActive(ctx, 'donasi', false);
      const refused = await charge({ order_id: nextOrder(), amount: 1000 }, headers);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('APP_DISABLED');
      await g.gerbang.services.apps.setActive(ctx, 'donasi', true);
      expect((await charge({ order_id: nextOrder(), amount: 1000 }, headers)).status).toBe(201);
    });
  });

  describe('GET /status/:order_id', () => {
    it("answers 200 with Midtrans' status fields once the customer paid", async () => {
      const orderId = nextOrder();
      await charge({ order_id: orderId, amount: 150000 });
      fake.customerPays(orderId, 'settlement');
      const res = await call(`${g.url}/status/${orderId}`, { headers: biling });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        transaction_status: 'settlement',
        fraud_status: 'accept',
        status_code: '200',
        status_message: 'Success, transaction is found',
        order_id: orderId,
        gross_amount: '150000.00',
      });
      expect(res.body.id).toBe(res.body.transaction_id);
      expect(res.body).not.toHaveProperty('signature_key');
    });

    it.each(['http200', 'http404'] as const)('an order Midtrans does not know yet (%s shape) is reported as pending, not as an error', async (shape) => {
      fake.notFoundShape = shape;
      const orderId = nextOrder();
      await charge({ order_id: orderId, amount: 25000 });
      const res = await call(`${g.url}/status/${orderId}`, { headers: biling });
      fake.notFoundShape = 'http200';
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ transaction_status: 'pending', order_id: orderId, gross_amount: '25000.00', status_code: '201' });
    });

    it("another app's order is 404, exactly like an order that does not exist", async () => {
      const orderId = nextOrder();
      await charge({ order_id: orderId, amount: 25000 });
      const theirs = await call(`${g.url}/status/${orderId}`, { headers: shop });
      const nobody = await call(`${g.url}/status/NO-SUCH-ORDER`, { headers: shop });
      expect(theirs.status).toBe(404);
      expect(theirs.body.error.code).toBe('ORDER_NOT_FOUND');
      expect(nobody.status).toBe(404);
      expect(nobody.body.error.code).toBe('ORDER_NOT_FOUND');
    });
  });

  describe('Midtrans trouble', () => {
    it('Midtrans down: 500 MIDTRANS_UNREACHABLE, then a retry creates the payment cleanly', async () => {
      const body = { order_id: nextOrder(), amount: 40000 };
      fake.mode = 'down';
      const failed = await charge(body);
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('MIDTRANS_UNREACHABLE');
      expect(failed.body.error.retryable).toBe(true);
      expect(failed.body.error.message).toMatch(/could not be reached/);
      fake.mode = 'up';
      const retried = await charge(body);
      expect(retried.status).toBe(201);
    });

    it('Midtrans slower than the timeout: 500 saying so, and the retry gets one payment', async () => {
      const body = { order_id: nextOrder(), amount: 41000 };
      fake.mode = 'hang';
      const failed = await charge(body);
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('MIDTRANS_UNREACHABLE');
      expect(failed.body.error.message).toMatch(/did not answer within 1000 ms/);
      fake.mode = 'up';
      const retried = await charge(body);
      expect(retried.status).toBe(201);
      expect((await charge(body)).body).toEqual(retried.body);
    });

    it('a retry with another payload after a failure is not blocked by the failed attempt', async () => {
      const orderId = nextOrder();
      fake.mode = 'error';
      expect((await charge({ order_id: orderId, amount: 1000 })).status).toBe(500);
      fake.mode = 'up';
      expect((await charge({ order_id: orderId, amount: 2000 })).status).toBe(201);
    });

    it("Midtrans' own error_messages are passed on with 500 MIDTRANS_ERROR", async () => {
      // An order_id this merchant already used outside gerbang (e.g. through the previous gateway).
      const unseen = nextOrder();
      fake.paidElsewhere(unseen, 1000);
      const res = await charge({ order_id: unseen, amount: 1000 });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('MIDTRANS_ERROR');
      expect(res.body.error.error_messages).toEqual(['transaction_details.order_id sudah digunakan']);
      expect(res.body.error.message).toContain('sudah digunakan');
    });

    it('status while Midtrans answers 500 is a 500 MIDTRANS_ERROR, never a stack trace', async () => {
      const orderId = nextOrder();
      await charge({ order_id: orderId, amount: 1000 });
      fake.mode = 'error';
      const res = await call(`${g.url}/status/${orderId}`, { headers: biling });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('MIDTRANS_ERROR');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    });

    it('a wrong server key is reported as a configuration problem of gerbang', async () => {
      const wrong = await startTestGerbang({ fake, env: { MIDTRANS_SERVER_KEY: 'SB-Mid-server-WRONG' } });
      try {
        const headers = await wrong.createApp('biling', SEED_KEY);
        const res = await call(`${wrong.url}/charge`, { body: { order_id: nextOrder(), amount: 1000 }, headers });
        expect(res.status).toBe(500);
        expect(res.body.error.code).toBe('MIDTRANS_ERROR');
        expect(res.body.error.message).toContain('MIDTRANS_SERVER_KEY');
        expect(wrong.logs.join('')).not.toContain('SB-Mid-server-WRONG');
      } finally {
        await wrong.close();
      }
    });
  });

  describe('everything else', () => {
    it.each([
      ['GET', '/'],
      ['GET', '/charge'],
      ['POST', '/status/INV-1'],
      ['GET', '/chargee'],
      ['DELETE', '/charge'],
    ])('%s %s is 404 ENDPOINT_NOT_FOUND with a JSON body', async (method, path) => {
      const res = await call(`${g.url}${path}`, { method, headers: biling });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ENDPOINT_NOT_FOUND');
      expect(res.body.error.message).toContain('/charge');
    });

    it('every error carries the request id that the response header names', async () => {
      const res = await charge({ order_id: nextOrder(), amount: 0 });
      expect(res.body.error.request_id).toBe(res.headers.get('x-request-id'));
    });

    it('no key reaches the log', () => {
      const text = g.logs.join('');
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(SEED_KEY);
      expect(text).not.toContain(fake.serverKey);
      expect(text).not.toContain(shop['X-Api-Key']);
    });
  });
});
