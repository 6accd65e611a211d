import { Reconciler } from '../../src/jobs/reconciler.js';
import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/** Per-charge Snap options: validated, passed to Snap in Midtrans' names, stored, part of the payload. */
describe('Snap options of a charge', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let app: Record<string, string>;
  let order = 0;
  const nextOrder = () => `OPT-${++order}`;
  const charge = (body: Record<string, unknown>) => call(`${g.url}/charge`, { headers: app, body });
  const ledger = (orderId: string) => g.gerbang.orm.em.fork().findOneOrFail(TransactionSchema, { orderId });
  const lastSnap = () => fake.snapRequests.at(-1)!.body as Record<string, unknown>;

  const options = {
    callbacks: { finish: 'https://donasi.example.id/terima-kasih', error: 'https://donasi.example.id/gagal', unfinish: 'https://donasi.example.id/belum' },
    enabled_payments: ['other_qris', 'gopay', 'shopeepay'],
    expiry: { start_time: '2026-12-02 10:00:00 +0700', unit: 'hour', duration: 2 },
    page_expiry: { unit: 'minutes', duration: 30 },
    custom_field1: 'campaign-7',
    custom_field2: 'donor-42',
    custom_field3: 'x',
  };

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, start: { jobs: false } });
    app = await g.createApp('options');
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  it('REST: each option reaches Snap as Midtrans names it, and is stored with the payment', async () => {
    const orderId = nextOrder();
    const before = Date.now();
    expect((await charge({ order_id: orderId, amount: 50000, ...options })).status).toBe(201);
    expect(lastSnap()).toMatchObject({
      transaction_details: { order_id: orderId, gross_amount: 50000 },
      callbacks: options.callbacks,
      enabled_payments: options.enabled_payments,
      expiry: { start_time: '2026-12-02 10:00:00 +0700', unit: 'hours', duration: 2 },
      page_expiry: { unit: 'minutes', duration: 30 },
      custom_field1: 'campaign-7',
      custom_field2: 'donor-42',
      custom_field3: 'x',
    });
    const row = await ledger(orderId);
    expect(row.snapOptions).toMatchObject({
      callbacks: options.callbacks,
      enabled_payments: options.enabled_payments,
      page_expiry: { unit: 'minutes', duration: 30 },
    });
    const expiresIn = row.pageExpiresAt!.getTime() - before;
    expect(expiresIn).toBeGreaterThanOrEqual(30 * 60_000 - 1_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000 + 5_000);
  });

  it('GraphQL: the same options in camelCase', async () => {
    const orderId = nextOrder();
    const res = await call(`${g.url}/graphql`, {
      headers: app,
      body: {
        query: 'mutation($input: CreateTransactionInput!) { createTransaction(input: $input) { token } }',
        variables: {
          input: {
            orderId,
            amount: 50000,
            callbacks: { finish: 'https://shop.example.id/selesai' },
            enabledPayments: ['bca_va', 'bni_va'],
            expiry: { unit: 'days', duration: 1 },
            pageExpiry: { unit: 'hours', duration: 3 },
            customField1: 'invoice-9',
          },
        },
      },
    });
    expect(res.body.errors).toBeUndefined();
    expect(lastSnap()).toMatchObject({
      callbacks: { finish: 'https://shop.example.id/selesai' },
      enabled_payments: ['bca_va', 'bni_va'],
      expiry: { unit: 'days', duration: 1 },
      page_expiry: { unit: 'hours', duration: 3 },
      custom_field1: 'invoice-9',
    });
    expect(lastSnap().callbacks).not.toHaveProperty('error');
  });

  it.each([
    [{ callbacks: { finish: 'http://shop.example.id/done' } }, 'callbacks.finish'],
    [{ callbacks: { error: 'javascript:alert(1)' } }, 'callbacks.error'],
    [{ enabled_payments: ['bitcoin'] }, 'enabled_payments[0]'],
    [{ enabled_payments: [] }, 'enabled_payments'],
    [{ enabled_payments: ['gopay', 'gopay'] }, 'enabled_payments'],
    [{ page_expiry: { unit: 'minutes', duration: 2 } }, 'page_expiry'],
    [{ page_expiry: { unit: 'days', duration: 8 } }, 'page_expiry'],
    [{ page_expiry: { unit: 'weeks', duration: 1 } }, 'page_expiry.unit'],
    [{ expiry: { unit: 'hours', duration: 1, start_time: 'tomorrow' } }, 'expiry.start_time'],
    [{ custom_field1: 'x'.repeat(256) }, 'custom_field1'],
  ])('%j is refused with 400 VALIDATION_FAILED naming %s, before Snap is asked', async (bad, field) => {
    const before = fake.snapRequests.length;
    const res = await charge({ order_id: nextOrder(), amount: 1000, ...bad });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(fake.snapRequests.length).toBe(before);
  });

  it('http callbacks on localhost are fine outside production', async () => {
    expect((await charge({ order_id: nextOrder(), amount: 1000, callbacks: { finish: 'http://localhost:3000/done' } })).status).toBe(201);
  });

  it('the options are part of the payload: the same charge repeats, one with other options under a used order_id is refused', async () => {
    const orderId = nextOrder();
    const first = await charge({ order_id: orderId, amount: 1000, ...options });
    const creates = fake.snapCreates;
    const again = await charge({ order_id: orderId, amount: 1000, ...options });
    expect(again.status).toBe(201);
    expect(again.body.token).toBe(first.body.token);
    expect(fake.snapCreates).toBe(creates);
    const other = await charge({ order_id: orderId, amount: 1000, ...options, enabled_payments: ['bca_va'] });
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('ORDER_ID_USED');
  });

  it("the reconciler expires an unused page at the charge's own page_expiry", async () => {
    const orderId = nextOrder();
    expect((await charge({ order_id: orderId, amount: 1000, page_expiry: { unit: 'minutes', duration: 10 } })).status).toBe(201);
    const reconcile = (minutes: number) =>
      new Reconciler(g.gerbang.orm, g.gerbang.services.provider, g.gerbang.services.state, g.context().log, {
        clock: () => new Date(Date.now() + minutes * 60_000),
        afterMs: 5 * 60_000,
        intervalMs: 60_000,
        snapExpiryMs: 24 * 3_600_000,
      }).runOnce();
    await reconcile(6);
    expect((await ledger(orderId)).transactionStatus).toBe('pending');
    await reconcile(11);
    expect((await ledger(orderId)).transactionStatus).toBe('expire');
  });

  describe("an app's defaults", () => {
    let admin: Record<string, string>;
    let donations: Record<string, string>;
    const setDefaults = (snapDefaults: Record<string, unknown>) =>
      call(`${g.url}/graphql`, {
        headers: admin,
        body: {
          query:
            'mutation($input: UpdateAppInput!) { updateApp(input: $input) { app { snapDefaults { finishUrl errorUrl unfinishUrl enabledPayments pageExpiryMinutes } } } }',
          variables: { input: { code: 'donations', snapDefaults } },
        },
      });

    beforeAll(async () => {
      await g.gerbang.services.adminAuth.create(g.context(), 'root', 'a long enough password', 'test');
      admin = { Authorization: `Bearer ${await g.gerbang.services.adminAuth.createToken(g.context(), 'root', 'ci', 'test')}` };
      donations = await g.createApp('donations');
    });

    it('set by an admin over GraphQL, they reach Snap for charges that give none (as the seed clients send)', async () => {
      const set = await setDefaults({ finishUrl: 'https://donasi.example.id/terima-kasih', enabledPayments: ['other_qris', 'gopay'], pageExpiryMinutes: 45 });
      expect(set.body.errors).toBeUndefined();
      expect(set.body.data.updateApp.app.snapDefaults).toEqual({
        finishUrl: 'https://donasi.example.id/terima-kasih',
        errorUrl: null,
        unfinishUrl: null,
        enabledPayments: ['other_qris', 'gopay'],
        pageExpiryMinutes: 45,
      });
      // No options at all, as the seed's example clients send.
      expect((await call(`${g.url}/charge`, { headers: donations, body: { order_id: nextOrder(), amount: 10000 } })).status).toBe(201);
      expect(lastSnap()).toMatchObject({
        callbacks: { finish: 'https://donasi.example.id/terima-kasih' },
        enabled_payments: ['other_qris', 'gopay'],
        page_expiry: { unit: 'minutes', duration: 45 },
      });
      // Another app's charges are not touched by them.
      expect((await charge({ order_id: nextOrder(), amount: 1000 })).status).toBe(201);
      expect(lastSnap()).not.toHaveProperty('callbacks');
      expect(lastSnap()).not.toHaveProperty('enabled_payments');
    });

    it("a charge's own values win, callback URL by callback URL", async () => {
      await setDefaults({ finishUrl: 'https://donasi.example.id/terima-kasih', errorUrl: 'https://donasi.example.id/gagal', enabledPayments: ['other_qris'] });
      const res = await call(`${g.url}/charge`, {
        headers: donations,
        body: {
          order_id: nextOrder(),
          amount: 1000,
          callbacks: { finish: 'https://donasi.example.id/kampanye-7' },
          enabled_payments: ['bca_va'],
          page_expiry: { unit: 'hours', duration: 2 },
        },
      });
      expect(res.status).toBe(201);
      expect(lastSnap()).toMatchObject({
        callbacks: { finish: 'https://donasi.example.id/kampanye-7', error: 'https://donasi.example.id/gagal' },
        enabled_payments: ['bca_va'],
        page_expiry: { unit: 'hours', duration: 2 },
      });
    });

    it('are validated like a charge, and cleared with empty values', async () => {
      const bad = await setDefaults({ finishUrl: 'http://donasi.example.id', enabledPayments: ['bitcoin'], pageExpiryMinutes: 2 });
      expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      expect(bad.body.errors[0].extensions.fields.map((f: { field: string }) => f.field)).toEqual([
        'snapDefaults.finishUrl',
        'snapDefaults.enabledPayments[0]',
        'snapDefaults.pageExpiryMinutes',
      ]);
      expect(bad.body.errors[0].message).toContain('snapDefaults.finishUrl');
      const cleared = await setDefaults({ finishUrl: '', enabledPayments: [] });
      expect(cleared.body.data.updateApp.app.snapDefaults).toBeNull();
      expect((await call(`${g.url}/charge`, { headers: donations, body: { order_id: nextOrder(), amount: 1000 } })).status).toBe(201);
      expect(lastSnap()).not.toHaveProperty('callbacks');
    });
  });
});
