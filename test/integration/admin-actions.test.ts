import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, freePort, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { gerbang, startServer } from '../helpers/process.js';
import { verifyStandardWebhook, WebhookReceiver } from '../helpers/webhook-receiver.js';

const PASSWORD = 'correct horse battery staple';

/** What an admin does to payments and apps, and what support staff read: over GraphQL and HTTP as the admin UI does it. */
describe('admin actions, support views and the CSV export', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let cookie: string;
  let orders = 0;

  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = { Cookie: cookie }) =>
    call(`${g.url}/graphql`, { headers, body: { query, variables } });
  const nextOrder = () => `ADM-${Date.now()}-${(orders += 1)}`;

  async function charge(orderId: string, amount = 100000, extra: Record<string, unknown> = {}) {
    const res = await call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount, ...extra } });
    expect(res.status).toBe(201);
  }

  /** A payment the customer paid, known to gerbang through Midtrans' notification. */
  async function paid(orderId: string, amount = 100000, extra: Record<string, unknown> = {}) {
    await charge(orderId, amount, extra);
    fake.customerPays(orderId, 'settlement', 'bank_transfer', { bank: 'bni' });
    const res = await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) });
    expect(res.status).toBe(200);
  }

  const audit = async (action: string) =>
    (await gql('query($f: AuditFilter) { auditLog(first: 50, filter: $f) { actor action target detail } }', { f: { action } })).body.data.auditLog;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, start: { jobs: false } });
    shop = await g.createApp('shop');
    await g.createApp('donasi');
    await g.gerbang.services.adminAuth.create(g.context(), 'support', PASSWORD, 'test');
    const res = await fetch(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(username: "support", password: "correct horse battery staple") { username } }' }),
    });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  });

  afterAll(async () => {
    await g?.close();
    await fake?.stop();
  });

  it('an admin refunds part of a paid payment with a reason, then the rest: Midtrans is asked, the ledger follows, the audit log says who and why', async () => {
    const orderId = nextOrder();
    await paid(orderId);
    const refund = 'mutation($i: AdminRefundInput!) { adminRefundTransaction(input: $i) { transactionStatus refundedAmount timeline { toStatus source } } }';
    const part = await gql(refund, { i: { orderId, amount: 25000, reason: 'one item out of stock' } });
    expect(part.body.errors).toBeUndefined();
    expect(part.body.data.adminRefundTransaction).toMatchObject({ transactionStatus: 'partial_refund', refundedAmount: 25000 });
    const rest = await gql(refund, { i: { orderId, reason: 'customer cancelled the order' } });
    expect(rest.body.data.adminRefundTransaction).toMatchObject({ transactionStatus: 'refund', refundedAmount: 100000 });
    expect(fake.modifications.filter((m) => m.orderId === orderId).map((m) => m.action)).toEqual(['refund 25000', 'refund 75000']);
    const entries = (await audit('transaction.refund')).filter((e: { target: string }) => e.target === orderId);
    expect(entries).toEqual([
      { actor: 'support', action: 'transaction.refund', target: orderId, detail: { amount: 75000, reason: 'customer cancelled the order' } },
      { actor: 'support', action: 'transaction.refund', target: orderId, detail: { amount: 25000, reason: 'one item out of stock' } },
    ]);
  });

  it("an admin's mistakes are answered with a code that says what to fix, and change nothing", async () => {
    const orderId = nextOrder();
    await paid(orderId);
    const before = fake.modifications.length;
    const refund = 'mutation($i: AdminRefundInput!) { adminRefundTransaction(input: $i) { refundedAmount } }';
    const noReason = await gql(refund, { i: { orderId, reason: '   ' } });
    expect(noReason.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const tooMuch = await gql(refund, { i: { orderId, amount: 100001, reason: 'typo' } });
    expect(tooMuch.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(tooMuch.body.errors[0].message).toContain('from 1 to 100000');
    const expirePaid = await gql('mutation($o: String!) { adminExpireTransaction(orderId: $o) { transactionStatus } }', { o: orderId });
    expect(expirePaid.body.errors[0].extensions.code).toBe('INVALID_STATE');
    const unknown = await gql('mutation { adminCancelTransaction(orderId: "NO-SUCH-ORDER") { transactionStatus } }');
    expect(unknown.body.errors[0].extensions.code).toBe('ORDER_NOT_FOUND');
    expect(fake.modifications.length).toBe(before);
    expect((await audit('transaction')).filter((e: { target: string }) => e.target === orderId)).toEqual([]);
    expect(
      g.logs
        .join('')
        .split('\n')
        .filter((line) => line.includes('"level":50')),
    ).toEqual([]);
  });

  it('an admin cancels one unpaid payment and expires another; an app cannot use these mutations', async () => {
    const [toCancel, toExpire] = [nextOrder(), nextOrder()];
    await charge(toCancel);
    fake.customerPays(toCancel, 'pending');
    await charge(toExpire);
    fake.customerPays(toExpire, 'pending');
    await gql('query($o: String!) { adminTransaction(orderId: $o) { transactionStatus } }', { o: toExpire });
    const asApp = await gql('mutation($o: String!) { adminCancelTransaction(orderId: $o) { transactionStatus } }', { o: toCancel }, shop);
    expect(asApp.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const cancelled = await gql('mutation($o: String!) { adminCancelTransaction(orderId: $o) { transactionStatus timeline { source detail } } }', {
      o: toCancel,
    });
    expect(cancelled.body.data.adminCancelTransaction.transactionStatus).toBe('cancel');
    expect(cancelled.body.data.adminCancelTransaction.timeline.at(-1)).toEqual({ source: 'operation', detail: 'cancel requested by admin support' });
    // Midtrans' status must say pending for an expiry to be allowed: gerbang asks before it acts.
    await call(`${g.url}/status/${toExpire}`, { headers: shop });
    const expired = await gql('mutation($o: String!) { adminExpireTransaction(orderId: $o) { transactionStatus } }', { o: toExpire });
    expect(expired.body.data.adminExpireTransaction.transactionStatus).toBe('expire');
    const actions = [...(await audit('transaction.cancel')), ...(await audit('transaction.expire'))].map((e: { action: string; target: string }) => [
      e.action,
      e.target,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['transaction.cancel', toCancel],
        ['transaction.expire', toExpire],
      ]),
    );
  });

  it("a test webhook is signed like every webhook and answers with the endpoint's status and words; a missing URL is VALIDATION_FAILED", async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const secret = await g.setWebhook('shop', receiver.url);
      const test = 'mutation($a: String!) { sendTestWebhook(appCode: $a) { delivered statusCode body error latencyMs url } }';
      const ok = await gql(test, { a: 'shop' });
      expect(ok.body.data.sendTestWebhook).toMatchObject({ delivered: true, statusCode: 200, body: 'thanks', error: null, url: receiver.url });
      expect(receiver.received).toHaveLength(1);
      const [hook] = receiver.received;
      expect(verifyStandardWebhook(secret, hook.headers, hook.body)).toBe(true);
      expect(JSON.parse(hook.body)).toMatchObject({ type: 'webhook.test', data: { app: 'shop' } });
      receiver.reply = 500;
      const unhappy = await gql(test, { a: 'shop' });
      expect(unhappy.body.data.sendTestWebhook).toMatchObject({ delivered: false, statusCode: 500, body: 'receiver is unhappy', error: 'HTTP 500' });
      // Not an outbox event: nothing is retried, and the app's breaker is untouched.
      const health = await gql('{ apps { code webhookHealth { state } } }');
      expect(health.body.data.apps.find((a: { code: string }) => a.code === 'shop').webhookHealth.state).toBe('healthy');
      const none = await gql(test, { a: 'donasi' });
      expect(none.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      expect((await audit('webhook.test')).map((e: { detail: { statusCode: number } }) => e.detail.statusCode)).toEqual([500, 200]);
    } finally {
      await receiver.stop();
      await g.gerbang.services.admin.updateApp(g.context(), { name: 'test' }, 'shop', { webhookUrl: null });
    }
  });

  it('the detail shows who paid, the items and how: the bank and the virtual account number', async () => {
    const orderId = nextOrder();
    await paid(orderId, 150000, {
      customer_details: { first_name: 'Siti', last_name: 'Rahayu', email: 'siti@example.id', phone: '+6281234567890' },
      item_details: [
        { id: 'SKU-1', name: 'Kopi Gayo 250 g', price: 50000, quantity: 2 },
        { id: 'SKU-2', name: 'Gula aren', price: 50000, quantity: 1 },
      ],
    });
    const res = await gql(
      'query($o: String!) { adminTransaction(orderId: $o) { customer { name email phone } items { id name price quantity } channel { method bank referenceKind reference } } }',
      { o: orderId },
    );
    expect(res.body.data.adminTransaction).toEqual({
      customer: { name: 'Siti Rahayu', email: 'siti@example.id', phone: '+6281234567890' },
      items: [
        { id: 'SKU-1', name: 'Kopi Gayo 250 g', price: 50000, quantity: 2 },
        { id: 'SKU-2', name: 'Gula aren', price: 50000, quantity: 1 },
      ],
      channel: { method: 'bank_transfer', bank: 'bni', referenceKind: 'va', reference: '12345678901' },
    });
  });

  it('the dashboard breaks the last 30 days down by app and by payment method', async () => {
    const res = await gql('{ dashboard { byApp { key count paidCount volume } byMethod { key count paidCount volume } } }');
    const { byApp, byMethod } = res.body.data.dashboard;
    const ledger = await g.context().em.find(TransactionSchema, {}, { populate: ['app'] });
    const shopRows = ledger.filter((t) => t.app.code === 'shop');
    expect(byApp.find((b: { key: string }) => b.key === 'shop')).toMatchObject({ count: shopRows.length });
    const banks = byMethod.find((b: { key: string }) => b.key === 'bank_transfer');
    expect(banks.paidCount).toBeGreaterThanOrEqual(3);
    expect(byApp.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(byMethod.reduce((n: number, b: { count: number }) => n + b.count, 0));
    // Largest paid volume first.
    expect(byMethod.map((b: { volume: number }) => b.volume)).toEqual([...byMethod.map((b: { volume: number }) => b.volume)].sort((a, b) => b - a));
  });

  it('the audit log filters by actor, action group and time, and pages', async () => {
    const all = (await gql('{ auditLog(first: 200) { id actor action } }')).body.data.auditLog;
    expect(all.length).toBeGreaterThan(4);
    const byActor = (await gql('query($f: AuditFilter) { auditLog(first: 200, filter: $f) { actor } }', { f: { actor: 'support' } })).body.data.auditLog;
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e: { actor: string }) => e.actor === 'support')).toBe(true);
    const group = (await gql('query($f: AuditFilter) { auditLog(first: 200, filter: $f) { action } }', { f: { action: 'transaction' } })).body.data.auditLog;
    expect(new Set(group.map((e: { action: string }) => e.action))).toEqual(new Set(['transaction.refund', 'transaction.cancel', 'transaction.expire']));
    const future = (
      await gql('query($f: AuditFilter) { auditLog(first: 200, filter: $f) { id } }', { f: { from: new Date(Date.now() + 3_600_000).toISOString() } })
    ).body.data.auditLog;
    expect(future).toEqual([]);
    const first = (await gql('{ auditLog(first: 2) { id } }')).body.data.auditLog;
    const second = (await gql('query($b: Int) { auditLog(first: 2, before: $b) { id } }', { b: first[1].id })).body.data.auditLog;
    expect([...first, ...second].map((e: { id: number }) => e.id)).toEqual(all.slice(0, 4).map((e: { id: number }) => e.id));
  });

  it("each admin's language is remembered: id or en, nothing else", async () => {
    expect((await gql('{ me { locale } }')).body.data.me.locale).toBeNull();
    expect((await gql('mutation { setLocale(locale: "en") }')).body.data.setLocale).toBe('en');
    expect((await gql('{ me { locale } }')).body.data.me.locale).toBe('en');
    const bad = await gql('mutation { setLocale(locale: "fr") }');
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    await gql('mutation { setLocale(locale: "id") }');
  });

  describe('CSV export', () => {
    const exportUrl = (query = '') => `${g.url}/admin/export/transactions.csv${query}`;

    it('exports the filtered rows as CSV, for admins only, with formulas defused; a bad filter is a 400', async () => {
      const orderId = nextOrder();
      await paid(orderId, 99000, { customer_details: { first_name: '=HYPERLINK("http://evil.example")', email: 'a@example.id' } });
      const res = await fetch(exportUrl(`?app=shop&paid=yes&search=${orderId}`), { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="gerbang-transactions-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = (await res.text()).trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'created_at_wib,app,order_id,amount,currency,transaction_status,paid,payment_type,paid_amount,fee_amount,refunded_amount,customer_name,customer_email,customer_phone,midtrans_transaction_id,settlement_time',
      );
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`,shop,${orderId},99000,IDR,settlement,yes,bank_transfer,`);
      expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")",a@example.id`);
      expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+07:00,/);

      const anonymous = await fetch(exportUrl());
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      const bad = await fetch(exportUrl('?paid=maybe&from=yesterday'), { headers: { Cookie: cookie } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
      expect((await audit('transaction.export'))[0]).toMatchObject({ actor: 'support', detail: { appCode: 'shop', paid: true, search: orderId } });
    });

    it('streams 100,000 rows from a process whose heap could not hold them, and lets other requests through meanwhile', async () => {
      const em = g.context().em;
      const app = (await em.getConnection().execute<{ id: number }[]>("select id from apps where code = 'donasi'"))[0]!.id;
      const at = new Date('2026-11-15T03:00:00.000Z');
      // 100,000 payments in one statement (a recursive series), as a busy month would leave them.
      await em.getConnection().execute(
        `with recursive n(i) as (select 1 union all select i + 1 from n where i < 100000)
         insert into transactions (app_id, order_id, amount, currency, payload_hash, transaction_status, payment_type, refunded_amount, sequence, expired_unused, paid_after_expiry, created_at, updated_at, customer_details)
         select ?, 'BULK-' || i, 10000 + i, 'IDR', 'h', 'settlement', 'qris', 0, 1, false, false, ?, ?, '{"first_name":"Budi","email":"budi@example.id"}' from n`,
        [app, at, at],
      );
      // A second gerbang on the same database, with a 160 MB heap (itself about 55 MB; streaming keeps it under 90 MB): 100,000 rows read at once would not fit.
      const config = g.gerbang.services.config;
      const env = {
        HOST: '127.0.0.1',
        DATABASE_URL: config.database.dialect === 'sqlite' ? `sqlite:${config.database.path}` : config.database.url,
        ...(config.secretKey ? { SECRET_KEY: config.secretKey } : {}),
        LOG_LEVEL: 'warn',
      };
      const token = (await gerbang(['admin', 'token', '--username', 'support'], env)).stdout.trim();
      const port = await freePort();
      const server = await startServer({ ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, NODE_OPTIONS: '--max-old-space-size=160' });
      try {
        const res = await fetch(`http://127.0.0.1:${port}/admin/export/transactions.csv?app=donasi`, { headers: { Authorization: `Bearer ${token}` } });
        expect(res.headers.get('transfer-encoding')).toBe('chunked');
        const reader = res.body!.getReader();
        let bytes = 0;
        let lines = 0;
        let health: Promise<number> | undefined;
        let first = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (first.split('\r\n').length < 3) first += Buffer.from(value).toString('utf8');
          bytes += value.length;
          for (const byte of value) if (byte === 10) lines += 1;
          // Half-way, another request is answered while the export goes on.
          health ??= lines > 20_000 ? fetch(`http://127.0.0.1:${port}/readyz`).then((r) => (r.status === 200 ? lines : -1)) : undefined;
        }
        expect(lines).toBe(100_001);
        expect(bytes).toBeGreaterThan(10_000_000);
        expect(await health).toBeLessThan(100_001);
        expect(first.split('\r\n')[1]).toMatch(/^2026-11-15 10:00:00 \+07:00,donasi,BULK-100000,110000,IDR,settlement,yes,qris,,,0,Budi,budi@example.id,,,$/);
        expect(server.output()).not.toMatch(/heap out of memory/i);
      } finally {
        await server.stop();
      }
    }, 120_000);
  });
});
