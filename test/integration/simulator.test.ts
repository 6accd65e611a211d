import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { CreateTransactionDocument, TransactionStatusDocument, TransactionsDocument } from '../generated/graphql.js';
import { verifyStandardWebhook, WebhookReceiver } from '../helpers/webhook-receiver.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { runGraphql } from '../helpers/graphql.js';

/** The built-in simulator: the whole flow with no Midtrans account. */
describe('simulator mode (no MIDTRANS_SERVER_KEY)', () => {
  let g: TestGerbang;
  let app: Record<string, string>;

  beforeAll(async () => {
    g = await startTestGerbang();
    app = await g.createApp('toko');
  });

  afterAll(() => g.close());

  const act = (link: string, action: string) => fetch(link, { method: 'POST', body: new URLSearchParams({ action }), redirect: 'manual' });

  it('charge, open the page, pay: status shows settlement over REST and GraphQL', async () => {
    const charged = await call(`${g.url}/charge`, { headers: app, body: { order_id: 'SIM-001', amount: 150000 } });
    expect(charged.status).toBe(201);
    const link: string = charged.body.redirect_url;
    expect(link).toBe(`${g.url}/simulator/snap/v4/redirection/${charged.body.token}`);

    const before = await call(`${g.url}/status/SIM-001`, { headers: app });
    expect(before.body).toMatchObject({ transaction_status: 'pending', status_code: '201' });

    // In Bahasa Indonesia, as Snap opens; in English when the customer asks, and from then on.
    const page = await (await fetch(link)).text();
    expect(page).toContain('<html lang="id">');
    expect(page).toContain('SIM-001');
    expect(page).toMatch(/Rp\s*150\.000/);
    expect(page).toContain('Simulator: tidak ada uang sungguhan yang berpindah');
    expect(page).toContain('Menunggu pembayaran');
    const english = await fetch(`${link}?lang=en`);
    expect(english.headers.get('set-cookie')).toMatch(/^gerbang_lang=en; /);
    const englishPage = await english.text();
    expect(englishPage).toContain('<html lang="en">');
    expect(englishPage).toContain('Simulator: no real money moves');
    expect(englishPage).toContain('Waiting for payment');
    expect(englishPage).toContain('>Pay</button>');

    const paid = await act(link, 'pay');
    expect(paid.status).toBe(303);
    expect(await (await fetch(link)).text()).toContain('Lunas');
    expect(await (await fetch(link, { headers: { Cookie: 'gerbang_lang=en' } })).text()).toContain('Paid');

    const after = await call(`${g.url}/status/SIM-001`, { headers: app });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      transaction_status: 'settlement',
      status_code: '200',
      fraud_status: 'accept',
      order_id: 'SIM-001',
      gross_amount: '150000.00',
    });
    expect(after.body.id).toEqual(expect.any(String));

    const gql = await runGraphql(g.url, TransactionStatusDocument, { orderId: 'SIM-001' }, app);
    expect(gql.data?.transactionStatus).toMatchObject({ transactionStatus: 'settlement', paid: true, knownToMidtrans: true });
  });

  it.each([
    ['deny', 'deny', '202'],
    ['expire', 'expire', '407'],
    ['pending', 'pending', '201'],
  ])('the %s button leads to transaction_status %s', async (action, status, code) => {
    const orderId = `SIM-${action}`;
    const created = await runGraphql(g.url, CreateTransactionDocument, { input: { orderId, amount: 5000 } }, app);
    const link = created.data!.createTransaction.redirectUrl;
    expect((await act(link, action)).status).toBe(303);
    const res = await call(`${g.url}/status/${orderId}`, { headers: app });
    expect(res.body).toMatchObject({ transaction_status: status, status_code: code });
  });

  it('the pay button notifies gerbang like Midtrans: the ledger and the app hear of it without a status check', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const ctx = g.context();
      const appId = (await ctx.em.findOneOrFail(AppSchema, { code: 'toko' })).id;
      const { secret } = await g.gerbang.services.webhooks.configure(ctx, appId, receiver.url, true);
      const charged = await call(`${g.url}/charge`, { headers: app, body: { order_id: 'SIM-HOOK', amount: 20000 } });
      expect((await act(charged.body.redirect_url, 'pay')).status).toBe(303);
      const list = await runGraphql(g.url, TransactionsDocument, { first: 1 }, app);
      expect(list.data!.transactions.edges[0].node).toMatchObject({ orderId: 'SIM-HOOK', transactionStatus: 'settlement', paid: true });
      await receiver.waitFor(1);
      const hook = receiver.received[0];
      expect(JSON.parse(hook.body)).toMatchObject({ type: 'payment.paid', data: { order_id: 'SIM-HOOK', amount: 20000 } });
      expect(verifyStandardWebhook(secret!, hook.headers, hook.body)).toBe(true);
    } finally {
      await receiver.stop();
    }
  });

  it('a paid page cannot be paid again, and an unknown action is refused', async () => {
    const charged = await call(`${g.url}/charge`, { headers: app, body: { order_id: 'SIM-002', amount: 1000 } });
    const link: string = charged.body.redirect_url;
    expect((await act(link, 'pay')).status).toBe(303);
    const again = await act(link, 'deny');
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain('already settlement');
    const unknown = await act(link, 'refund-everything');
    expect(unknown.status).toBe(400);
  });

  it('an unknown payment page is a 404', async () => {
    const res = await fetch(`${g.url}/simulator/snap/v4/redirection/00000000-0000-0000-0000-000000000000`);
    expect(res.status).toBe(404);
  });
});
