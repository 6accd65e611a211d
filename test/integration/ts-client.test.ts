import { GerbangCheckout, GerbangClient, GerbangError, verifyWebhook, type PublicPayment, type TransactionUpdate } from '../../clients/typescript/src/index.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/** Waits until `done()` holds (live updates arrive on their own time). */
async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** clients/typescript against a started gerbang, as an app's server and a shopper's page use it. */
describe('the TypeScript client', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let app: GerbangClient;
  let key: string;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, start: { jobs: true } });
    key = (await g.createApp('shop'))['X-Api-Key']!;
    app = new GerbangClient({ url: g.url, appCode: 'shop', apiKey: key });
  });

  afterAll(async () => {
    await app?.close();
    await g?.close();
    await fake?.stop();
  });

  it('an app creates a payment, follows it live, and the page holding only its client secret sees it paid', async () => {
    const orderId = `TS-${Date.now()}`;
    const created = await app.createTransaction({ orderId, amount: 80000 });
    expect(created.clientSecret).toMatch(/^pcs_/);
    const updates: TransactionUpdate[] = [];
    const stopApp = app.followTransactions((u) => updates.push(u), { orderId });
    const page = new GerbangCheckout({ url: g.url, clientSecret: created.clientSecret });
    expect((await page.payment()).state).toBe('waiting');
    expect((await page.checkoutConfig()).provider).toBe('midtrans');
    const seen: PublicPayment[] = [];
    const stopPage = page.follow((p) => seen.push(p));
    await until(() => seen.length >= 1 && updates.length >= 1);
    fake.customerPays(orderId, 'settlement', 'qris');
    expect((await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) })).status).toBe(200);
    await until(() => seen.some((p) => p.state === 'paid') && updates.some((u) => u.paid));
    expect(seen.map((p) => [p.sequence, p.state])).toEqual([
      [0, 'waiting'],
      [1, 'paid'],
    ]);
    expect(updates.at(-1)).toMatchObject({ orderId, sequence: 1, transactionStatus: 'settlement', paid: true, paymentType: 'qris' });
    stopApp();
    stopPage();
    await page.close();
    expect((await app.transactionStatus(orderId)).paid).toBe(true);
  });

  it('the REST calls answer as the contract says, and errors carry their code and request id', async () => {
    const orderId = `TS-${Date.now()}-rest`;
    const charged = await app.charge({ order_id: orderId, amount: 50000 });
    expect(Object.keys(charged).sort()).toEqual(['redirect_url', 'token']);
    fake.customerPays(orderId, 'settlement', 'gopay');
    expect((await app.status(orderId)).transaction_status).toBe('settlement');
    expect((await app.refund(orderId, { amount: 10000, reason: 'rusak', refund_key: `RF-${orderId}` })).transaction_status).toBe('partial_refund');
    const failure = await app.charge({ order_id: 'TS-BAD', amount: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GerbangError);
    expect(failure).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, retryable: false, fields: [{ field: 'amount' }] });
    expect((failure as GerbangError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    const graphqlFailure = await app.transactionStatus('NO-SUCH').catch((e: unknown) => e);
    expect(graphqlFailure).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const wrongKey = new GerbangClient({ url: g.url, appCode: 'shop', apiKey: 'gk_wrong' });
    await expect(wrongKey.status(orderId)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('verifies a real webhook with standardwebhooks, and refuses a tampered one', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const secret = await g.setWebhook('shop', receiver.url);
      const orderId = `TS-${Date.now()}-hook`;
      await app.charge({ order_id: orderId, amount: 30000 });
      fake.customerPays(orderId, 'settlement', 'qris');
      await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) });
      await receiver.waitFor(1);
      const hook = receiver.received[0];
      expect(verifyWebhook(secret, hook.body, hook.headers)).toMatchObject({ type: 'payment.paid', data: { order_id: orderId } });
      expect(() => verifyWebhook(secret, `${hook.body} `, hook.headers)).toThrow();
    } finally {
      await receiver.stop();
    }
  });
});
