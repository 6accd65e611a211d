import { MidtransClient } from '../../src/providers/midtrans/midtrans.client.js';
import { StatusChecks } from '../../src/modules/payments/status-checks.js';
import { TransactionSchema, type Transaction } from '../../src/modules/payments/transaction.entity.js';
import { readOne } from '../../src/shared/sql.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/**
 * GET /status asks Midtrans, but apps poll: concurrent checks of one order share a call, and the answer
 * about a payment past `pending` is given again for STATUS_CACHE_MS unless the ledger moved meanwhile.
 */
describe('status checks with Midtrans', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let order = 0;
  const nextOrder = () => `STAT-${++order}`;
  const charge = (orderId: string) => call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount: 50000 } });
  const status = (orderId: string) => call(`${g.url}/status/${orderId}`, { headers: shop });

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    // A long reuse window, so that only the ledger can end a reuse within a test.
    g = await startTestGerbang({ fake, env: { STATUS_CACHE_MS: '60000' }, start: { jobs: false } });
    shop = await g.createApp('shop');
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  it('a pending payment is asked about every time (the customer may be paying right now)', async () => {
    const orderId = nextOrder();
    await charge(orderId);
    fake.customerPays(orderId, 'pending');
    const before = fake.statusRequests;
    for (let i = 0; i < 3; i += 1) expect((await status(orderId)).body.transaction_status).toBe('pending');
    expect(fake.statusRequests - before).toBe(3);
    fake.customerPays(orderId, 'settlement');
    expect((await status(orderId)).body.transaction_status).toBe('settlement');
  });

  it('concurrent checks of one order share one call to Midtrans and all get its answer', async () => {
    const orderId = nextOrder();
    await charge(orderId);
    fake.customerPays(orderId, 'pending');
    // Long enough for all 20 requests to be authenticated and looked up while the first call is out
    // (gerbang's Midtrans timeout in these tests is 1 s).
    fake.latencyMs = 600;
    try {
      const before = fake.statusRequests;
      const answers = await Promise.all(Array.from({ length: 20 }, () => status(orderId)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.body.transaction_status))).toEqual(new Set(['pending']));
      expect(fake.statusRequests - before).toBe(1);
    } finally {
      fake.latencyMs = 0;
    }
  });

  it('a paid payment is answered again from the last check until a notification moves the ledger', async () => {
    const orderId = nextOrder();
    await charge(orderId);
    fake.customerPays(orderId, 'settlement');
    const first = await status(orderId);
    expect(first.body.transaction_status).toBe('settlement');
    const before = fake.statusRequests;
    const again = await status(orderId);
    expect(again.body).toEqual(first.body);
    expect(fake.statusRequests).toBe(before);

    // Refunded in the Midtrans dashboard: until Midtrans says so, the last answer stands...
    fake.customerPays(orderId, 'refund');
    expect((await status(orderId)).body.transaction_status).toBe('settlement');
    // ...and its notification (received by any instance) changes the ledger, which ends the reuse.
    const notified = await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) });
    expect(notified.status).toBe(200);
    const afterNotification = fake.statusRequests;
    const after = await status(orderId);
    expect(after.body.transaction_status).toBe('refund');
    expect(fake.statusRequests - afterNotification).toBe(1);
  });

  it('an order of another app is still 404 when its answer is remembered', async () => {
    const orderId = nextOrder();
    await charge(orderId);
    fake.customerPays(orderId, 'settlement');
    expect((await status(orderId)).status).toBe(200);
    const other = await g.createApp('other-shop');
    const res = await call(`${g.url}/status/${orderId}`, { headers: other });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ORDER_NOT_FOUND');
  });

  it('with STATUS_CACHE_MS=0 every check asks Midtrans', async () => {
    const direct = await startTestGerbang({ fake, env: { STATUS_CACHE_MS: '0' }, start: { jobs: false } });
    try {
      const headers = await direct.createApp('direct');
      const orderId = nextOrder();
      await call(`${direct.url}/charge`, { headers, body: { order_id: orderId, amount: 50000 } });
      fake.customerPays(orderId, 'settlement');
      const before = fake.statusRequests;
      for (let i = 0; i < 3; i += 1) expect((await call(`${direct.url}/status/${orderId}`, { headers })).body.transaction_status).toBe('settlement');
      expect(fake.statusRequests - before).toBe(3);
    } finally {
      await direct.close();
    }
  });

  it('ledger rows read for these checks carry the same values and types as the ORM gives', async () => {
    const orderId = nextOrder();
    await charge(orderId);
    fake.customerPays(orderId, 'settlement');
    await status(orderId);
    const em = g.gerbang.orm.em.fork();
    const plain = await readOne(em, TransactionSchema, 'select * from transactions where order_id = ?', [orderId]);
    const managed = await g.gerbang.orm.em.fork().findOneOrFail(TransactionSchema, { orderId });
    expect(plain).toBeDefined();
    for (const key of [
      'id',
      'orderId',
      'amount',
      'refundedAmount',
      'sequence',
      'transactionStatus',
      'fraudStatus',
      'snapToken',
      'rawStatus',
      'createdAt',
      'statusCheckedAt',
    ] as const) {
      expect(plain![key]).toEqual(managed[key]);
    }
    expect(typeof plain!.amount).toBe('number');
    expect(plain!.amount).toBe(50000);
    expect(plain!.rawStatus).toMatchObject({ transaction_status: 'settlement', order_id: orderId });
    expect(plain!.createdAt).toBeInstanceOf(Date);
  });

  it('a remembered answer is given again only while it is younger than the window', async () => {
    const orderId = nextOrder();
    await charge(orderId);
    fake.customerPays(orderId, 'settlement');
    let now = Date.parse('2026-11-24T03:00:00Z');
    const checks = new StatusChecks(
      new MidtransClient({ serverKey: fake.serverKey, snapBaseUrl: fake.url, apiBaseUrl: fake.url, timeoutMs: 1000 }),
      1000,
      () => now,
    );
    const row = { orderId, sequence: 1, transactionStatus: 'settlement' } as Transaction;

    const first = await checks.check(row);
    expect(first.reused).toBe(false);
    checks.remember(row, first);
    now += 999;
    expect((await checks.check(row)).reused).toBe(true);
    expect((await checks.check({ ...row, sequence: 2 })).reused).toBe(false);
    checks.remember(row, { ...first, startedAt: now });
    now += 1000;
    expect((await checks.check(row)).reused).toBe(false);
  });
});
