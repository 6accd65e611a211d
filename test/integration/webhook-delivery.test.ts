import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { WebhookEventSchema } from '../../src/modules/webhooks/webhook-event.entity.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * Webhook delivery as a stream: one app's hanging endpoint takes at most its own share of the
 * workers, and another app's webhooks go out meanwhile. Deterministic: the hanging endpoint holds
 * every request until the test lets go, far longer than the healthy app needs.
 */
describe('webhook delivery', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let healthy: WebhookReceiver;
  let hanging: WebhookReceiver;
  let order = 0;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    healthy = await new WebhookReceiver().start();
    hanging = await new WebhookReceiver().start();
    hanging.reply = 'hang';
    // Its own dispatcher is started by the test, once the events are queued; the hanging endpoint is
    // waited for far longer than the test takes.
    g = await startTestGerbang({ fake, start: { jobs: false }, env: { WEBHOOK_TIMEOUT_MS: '60000' } });
  });

  afterAll(async () => {
    await g.close();
    await healthy.stop();
    await hanging.stop();
    await fake.stop();
  });

  /** An app whose webhooks go to `receiver`. */
  async function appWith(code: string, receiver: WebhookReceiver): Promise<Record<string, string>> {
    const headers = await g.createApp(code);
    const ctx = g.context();
    const app = await ctx.em.findOneOrFail(AppSchema, { code });
    await g.gerbang.services.webhooks.configure(ctx, app.id, receiver.url, true);
    return headers;
  }

  /** `count` payments of the app, each paid: one payment.paid event each in the outbox. */
  async function paidPayments(headers: Record<string, string>, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const orderId = `HOOK-${++order}`;
      expect((await call(`${g.url}/charge`, { headers, body: { order_id: orderId, amount: 10000 } })).status).toBe(201);
      fake.customerPays(orderId, 'settlement');
      expect((await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) })).body.outcome).toBe('applied');
    }
  }

  it("a hanging endpoint does not delay another app's webhooks; it keeps only its own share of the workers", async () => {
    const slow = await appWith('hangs', hanging);
    const shop = await appWith('healthy', healthy);
    // The hanging app's events are older, and more than a dispatcher looks at in one go: one that took
    // the oldest events (in a batch, or as candidates for free workers) would hold the healthy app's
    // behind them.
    await paidPayments(slow, 60);
    await paidPayments(shop, 5);
    const dispatcher = g.gerbang.services.dispatcher;
    dispatcher.start();
    try {
      await healthy.waitFor(5, 10_000);
      // Each delivery is recorded right after its answer.
      const states = async () => (await g.gerbang.orm.em.fork().find(WebhookEventSchema, { app: { code: 'healthy' } })).map((e) => e.state);
      for (let i = 0; i < 100 && (await states()).some((state) => state !== 'delivered'); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await states()).toEqual(Array(5).fill('delivered'));
      // At most 8 deliveries per app (of 32 workers): the hanging app holds 8 and waits for them.
      expect(hanging.received).toHaveLength(8);
      const metrics = (await call(`${g.url}/metrics`)).body as string;
      expect(metrics).toMatch(/gerbang_webhook_outbox_depth_by_app\{app="hangs",state="pending"\} 60/);
      expect(metrics).not.toMatch(/gerbang_webhook_outbox_depth_by_app\{app="healthy"/);
      expect(metrics).toMatch(/gerbang_webhook_deliveries_in_flight 8/);
      expect(metrics).toMatch(/gerbang_webhook_delivery_latency_seconds_count 5/);
    } finally {
      // Once the endpoint answers, the rest of its events follow.
      hanging.reply = 200;
      hanging.release(200);
      await hanging.waitFor(60, 20_000);
      await dispatcher.stop();
    }
  });
});
