import { WebhookDispatcher } from '../../src/jobs/webhook-dispatcher.js';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { WebhookAttemptSchema, WebhookEventSchema } from '../../src/modules/webhooks/webhook-event.entity.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * The circuit breaker of an app's webhook endpoint: five timeouts in a row open it, the app's events
 * then wait in the outbox (no worker held, no attempt counted) while other apps' webhooks go out; at
 * the end of the pause one trial delivery is made, by one process; an answer closes the breaker and
 * the events follow, each with its id. Driven by a hand-moved clock; the only real waiting is the
 * 200 ms timeout of each attempt at the hanging endpoint.
 */
describe('webhook circuit breaker', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let hanging: WebhookReceiver;
  let healthy: WebhookReceiver;
  let admin: Record<string, string>;
  let flaky: Record<string, string>;
  let steady: Record<string, string>;
  let order = 0;
  let now = Date.now();
  const clock = () => new Date(now);

  const dispatcher = () =>
    new WebhookDispatcher(g.gerbang.orm, g.gerbang.services.box, g.context().log, {
      clock,
      random: () => 0.5,
      timeoutMs: 200,
      leaseMs: 60_000,
      perAppLimit: 1,
    });

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    hanging = await new WebhookReceiver().start();
    hanging.reply = 'hang';
    healthy = await new WebhookReceiver().start();
    g = await startTestGerbang({ fake, start: { jobs: false, clock } });
    flaky = await g.createApp('flaky');
    steady = await g.createApp('steady');
    await g.setWebhook('flaky', hanging.url);
    await g.setWebhook('steady', healthy.url);
    await g.gerbang.services.adminAuth.create(g.context(), 'root', 'a long admin password', 'test');
    admin = { Authorization: `Bearer ${await g.gerbang.services.adminAuth.createToken(g.context(), 'root', 'ci', 'test')}` };
  });

  afterAll(async () => {
    await g.close();
    await hanging.stop();
    await healthy.stop();
    await fake.stop();
  });

  /** `count` paid payments of an app: one payment.paid event each. */
  async function paid(headers: Record<string, string>, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const orderId = `BRK-${++order}`;
      expect((await call(`${g.url}/charge`, { headers, body: { order_id: orderId, amount: 10000 } })).status).toBe(201);
      fake.customerPays(orderId, 'settlement');
      expect((await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) })).body.outcome).toBe('applied');
    }
  }

  const events = (code: string) => g.gerbang.orm.em.fork().find(WebhookEventSchema, { app: { code } }, { orderBy: { createdAt: 'asc', id: 'asc' } });

  async function health(): Promise<{ state: string; failingSince: string | null; pausedUntil: string | null; unreachableAttempts: number }> {
    const answer = await call(`${g.url}/graphql`, {
      headers: admin,
      body: { query: '{ apps { code webhookHealth { state failingSince pausedUntil unreachableAttempts } } }' },
    });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data.apps.find((app: { code: string }) => app.code === 'flaky').webhookHealth;
  }

  const breakerMetric = async () => /gerbang_webhook_breaker_state\{app="flaky",state="(\w+)"\} 1/.exec((await call(`${g.url}/metrics`)).body as string)?.[1];

  it('opens after five timeouts in a row, holds the events without attempts, lets one trial through, and closes on an answer', async () => {
    await paid(flaky, 7);
    const d = dispatcher();
    const firstAttempt = now;
    expect(await health()).toEqual({ state: 'healthy', failingSince: null, pausedUntil: null, unreachableAttempts: 0 });

    // Five events tried one after another (one in flight for the app), each timing out.
    for (let i = 1; i <= 4; i += 1) {
      expect(await d.runOnce()).toBe(1);
      expect(await health()).toMatchObject({ state: 'failing', unreachableAttempts: i, pausedUntil: null });
    }
    expect(await breakerMetric()).toBe('closed');
    expect(await d.runOnce()).toBe(1);
    expect(hanging.received).toHaveLength(5);
    expect(await health()).toEqual({
      state: 'paused',
      failingSince: new Date(firstAttempt).toISOString(),
      pausedUntil: new Date(now + 30_000).toISOString(),
      unreachableAttempts: 5,
    });
    expect(await breakerMetric()).toBe('open');
    // The app sees the same about its own endpoint.
    const own = await call(`${g.url}/graphql`, { headers: flaky, body: { query: '{ webhook { health { state pausedUntil } } }' } });
    expect(own.body.data.webhook.health).toEqual({ state: 'paused', pausedUntil: new Date(now + 30_000).toISOString() });

    // Paused: the retries of the five (due after 5 s) and the two untried events wait, holding no
    // worker, while another app's webhook goes out at once.
    await paid(steady, 1);
    now += 29_999;
    expect(await d.runOnce()).toBe(1);
    expect(healthy.received).toHaveLength(1);
    expect(hanging.received).toHaveLength(5);
    const held = await events('flaky');
    expect(held.map((e) => e.attempts).sort()).toEqual([0, 0, 1, 1, 1, 1, 1]);
    expect(held.map((e) => e.state)).toEqual(Array(7).fill('pending'));

    // The pause is over: two processes look at once, one of them makes the one trial; it times out,
    // and the endpoint is paused again, for as long as it has been failing (30 s).
    now += 1;
    expect(await breakerMetric()).toBe('half_open');
    const attempts = await Promise.all([d.runOnce(), dispatcher().runOnce()]);
    expect(attempts.sort()).toEqual([0, 1]);
    expect(hanging.received).toHaveLength(6);
    expect(await health()).toMatchObject({ state: 'paused', unreachableAttempts: 6, pausedUntil: new Date(now + 30_000).toISOString() });
    now += 15_000;
    expect(await d.runOnce()).toBe(0);

    // The endpoint answers again: the next trial closes the breaker and the events follow.
    hanging.reply = 200;
    now += 15_000;
    expect(await d.runOnce()).toBe(1);
    expect(await health()).toEqual({ state: 'healthy', failingSince: null, pausedUntil: null, unreachableAttempts: 0 });
    expect(await breakerMetric()).toBe('closed');
    while ((await d.runOnce()) > 0);
    const after = await events('flaky');
    expect(after.map((e) => e.state)).toEqual(Array(7).fill('delivered'));

    // Every event kept its id; each was sent once per recorded attempt, never while paused.
    const sent = new Map<string, number>();
    for (const hook of hanging.received) sent.set(hook.headers['webhook-id'] as string, (sent.get(hook.headers['webhook-id'] as string) ?? 0) + 1);
    const recorded = await g.gerbang.orm.em.fork().find(WebhookAttemptSchema, { event: { app: { code: 'flaky' } } });
    expect(recorded).toHaveLength(hanging.received.length);
    for (const event of after) expect(sent.get(event.id)).toBe(event.attempts);
    expect(after.map((e) => e.attempts).reduce((a, b) => a + b, 0)).toBe(6 + 7);
  });

  it('a new webhook URL starts with a closed breaker', async () => {
    await g.gerbang.orm.em
      .fork()
      .nativeUpdate(AppSchema, { code: 'flaky' }, { webhookUnreachable: 9, webhookPausedUntil: new Date(now + 60_000), webhookFailingSince: new Date(now) });
    expect((await health()).state).toBe('paused');
    const ctx = g.context();
    const app = await ctx.em.findOneOrFail(AppSchema, { code: 'flaky' });
    await g.gerbang.services.webhooks.configure(ctx, app.id, healthy.url, true);
    expect(await health()).toEqual({ state: 'healthy', failingSince: null, pausedUntil: null, unreachableAttempts: 0 });
  });
});
