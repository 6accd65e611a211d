import { Reconciler } from '../../src/jobs/reconciler.js';
import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { WebhookEventSchema } from '../../src/modules/webhooks/webhook-event.entity.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/** One expiry, agreed with Midtrans; and Midtrans' confirmed payment wins over an expiry gerbang inferred. */
describe('payment page expiry', () => {
  let fake: FakeMidtrans;
  let receiver: WebhookReceiver;
  let g: TestGerbang;
  let app: Record<string, string>;
  let order = 0;
  const nextOrder = () => `EXP-${++order}`;
  const ledger = (orderId: string) => g.gerbang.orm.em.fork().findOneOrFail(TransactionSchema, { orderId });
  const eventsOf = async (orderId: string) =>
    g.gerbang.orm.em.fork().find(WebhookEventSchema, { transaction: (await ledger(orderId)).id }, { orderBy: { createdAt: 'asc' } });
  const charge = (orderId: string) => call(`${g.url}/charge`, { headers: app, body: { order_id: orderId, amount: 25000 } });
  const notify = (orderId: string) => call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) });

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    receiver = await new WebhookReceiver().start();
    g = await startTestGerbang({ fake, start: { jobs: false }, env: { SNAP_EXPIRY_MINUTES: '60', STATUS_CACHE_MS: '0' } });
    app = await g.createApp('expiry');
    await g.setWebhook('expiry', receiver.url);
  });

  afterAll(async () => {
    await g.close();
    await receiver.stop();
    await fake.stop();
  });

  /** Runs reconciliation as if `minutes` had passed since now. */
  const reconcileAfter = (minutes: number) =>
    new Reconciler(g.gerbang.orm, g.gerbang.services.provider, g.gerbang.services.state, g.context().log, {
      clock: () => new Date(Date.now() + minutes * 60_000),
      afterMs: 15 * 60_000,
      intervalMs: 5 * 60_000,
      snapExpiryMs: 60 * 60_000,
    }).runOnce();

  it('every Snap request carries the page expiry the reconciler uses (SNAP_EXPIRY_MINUTES)', async () => {
    expect((await charge(nextOrder())).status).toBe(201);
    expect(fake.snapRequests.at(-1)!.body.page_expiry).toEqual({ duration: 60, unit: 'minutes' });
  });

  it('a payment Midtrans confirms after gerbang expired its unused page ends paid: payment.paid, a timeline entry and a flag', async () => {
    const orderId = nextOrder();
    expect((await charge(orderId)).status).toBe(201);
    await reconcileAfter(61);
    expect(await ledger(orderId)).toMatchObject({ transactionStatus: 'expire', expiredUnused: true, paidAfterExpiry: false });

    // The customer had the page open and pays just after: Midtrans confirms it.
    fake.customerPays(orderId, 'settlement');
    const res = await notify(orderId);
    expect(res.body.outcome).toBe('applied');
    expect(await ledger(orderId)).toMatchObject({ transactionStatus: 'settlement', expiredUnused: false, paidAfterExpiry: true });
    const events = await eventsOf(orderId);
    expect(events.map((e) => e.type)).toEqual(['payment.expired', 'payment.paid']);
    expect(JSON.parse(events[1].payload).data).toMatchObject({ paid: true, paid_after_expiry: true, previous_status: 'expire' });

    const detail = await call(`${g.url}/graphql`, {
      headers: app,
      body: {
        query: 'query($o: String!) { transaction(orderId: $o) { transactionStatus paidAfterExpiry timeline { fromStatus toStatus detail } } }',
        variables: { o: orderId },
      },
    });
    expect(detail.body.data.transaction).toMatchObject({ transactionStatus: 'settlement', paidAfterExpiry: true });
    expect(detail.body.data.transaction.timeline.at(-1)).toMatchObject({
      fromStatus: 'expire',
      toStatus: 'settlement',
      detail: expect.stringContaining('paid after the page had expired'),
    });

    // Admins can list exactly these.
    const admin = await g.gerbang.services.admin.transactions(g.context(), { paidAfterExpiry: true }, 50);
    expect(admin.nodes.map((n) => n.transaction.orderId)).toEqual([orderId]);
  });

  it('an expiry Midtrans itself confirmed keeps the forward-only rule: a later paid claim changes nothing', async () => {
    const orderId = nextOrder();
    expect((await charge(orderId)).status).toBe(201);
    fake.customerPays(orderId, 'expire');
    expect((await notify(orderId)).body.outcome).toBe('applied');
    expect(await ledger(orderId)).toMatchObject({ transactionStatus: 'expire', expiredUnused: false });
    fake.customerPays(orderId, 'settlement');
    expect((await notify(orderId)).body.outcome).toBe('no_change');
    expect(await ledger(orderId)).toMatchObject({ transactionStatus: 'expire', paidAfterExpiry: false });
  });
});
