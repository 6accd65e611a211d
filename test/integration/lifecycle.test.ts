import { hostname } from 'node:os';
import { NotificationSchema } from '../../src/modules/notifications/notification.entity.js';
import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { WebhookEventSchema } from '../../src/modules/webhooks/webhook-event.entity.js';
import { RETRY_SCHEDULE_MS, WebhookDispatcher } from '../../src/jobs/webhook-dispatcher.js';
import { Reconciler } from '../../src/jobs/reconciler.js';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { holdWriteLock, ON_POSTGRES } from '../helpers/database.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { verifyStandardWebhook, WebhookReceiver } from '../helpers/webhook-receiver.js';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-24T03:00:00Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => (now += ms),
    set: (ms: number) => (now = ms),
    get ms() {
      return now;
    },
  };
}

describe('payment lifecycle: notifications in, webhooks out, reconciliation, operations', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let receiver: WebhookReceiver;
  let shop: Record<string, string>;
  let shopId: number;
  let secret: string;
  let order = 0;
  const nextOrder = () => `LIFE-${++order}`;

  const notify = (body: unknown) => call(`${g.url}/notifications/midtrans`, { body });
  const charge = (orderId: string, amount = 150000) => call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount } });
  const ledger = (orderId: string) => g.gerbang.orm.em.fork().findOneOrFail(TransactionSchema, { orderId });
  const eventsOf = async (orderId: string) => {
    const tx = await ledger(orderId);
    return g.gerbang.orm.em.fork().find(WebhookEventSchema, { transaction: tx.id }, { orderBy: { createdAt: 'asc' } });
  };
  const timeline = async (orderId: string) =>
    (
      await call(`${g.url}/graphql`, {
        headers: shop,
        body: {
          query: `query($o: String!) { transaction(orderId: $o) { transactionStatus sequence refundedAmount timeline { sequence fromStatus toStatus source detail } } }`,
          variables: { o: orderId },
        },
      })
    ).body.data.transaction;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    receiver = await new WebhookReceiver().start();
    // The webhook dispatcher runs by hand in these tests (runOnce), so nothing races the assertions.
    g = await startTestGerbang({ fake, start: { jobs: false } });
    shop = await g.createApp('shop');
    const ctx = g.context();
    shopId = (await ctx.em.findOneOrFail(AppSchema, { code: 'shop' })).id;
    const configured = await g.gerbang.services.webhooks.configure(ctx, shopId, receiver.url, true);
    secret = configured.secret!;
  });

  afterAll(async () => {
    await g.close();
    await receiver.stop();
    await fake.stop();
  });

  beforeEach(() => {
    receiver.received = [];
    receiver.reply = 200;
  });

  describe('POST /notifications/midtrans', () => {
    it('applies a paid notification after confirming it, answers 200 and queues exactly one payment.paid', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'settlement');
      const res = await notify(fake.notification(orderId));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', outcome: 'applied' });
      expect((await ledger(orderId)).transactionStatus).toBe('settlement');
      expect((await eventsOf(orderId)).map((e) => e.type)).toEqual(['payment.paid']);
    });

    it('a tampered signature is refused with 401, stored nowhere, and changes nothing', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'settlement');
      const body = fake.notification(orderId);
      const tampered = { ...body, gross_amount: '1.00' };
      const res = await notify(tampered);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_SIGNATURE');
      const missing = await notify({ ...body, signature_key: undefined });
      expect(missing.status).toBe(401);
      expect((await ledger(orderId)).transactionStatus).toBe('pending');
      expect(await g.gerbang.orm.em.fork().count(NotificationSchema, { orderId })).toBe(0);
      expect(g.logs.join('')).toContain('notification refused: bad or missing signature');
    });

    it('a notification whose transaction_status was changed (signature still valid) does not change the state', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'pending');
      // The signature covers order_id, status_code and gross_amount only: "settlement" slips through it.
      const forged = { ...fake.notification(orderId), transaction_status: 'settlement' };
      const res = await notify(forged);
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('no_change');
      expect((await ledger(orderId)).transactionStatus).toBe('pending');
      expect((await eventsOf(orderId)).map((e) => e.type)).not.toContain('payment.paid');
    });

    it('duplicates and out-of-order notifications leave the right final state and one payment.paid', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'pending');
      const pendingNote = fake.notification(orderId);
      fake.customerPays(orderId, 'settlement');
      const settledNote = fake.notification(orderId);
      // settlement arrives first, then twice more, then the older pending one, then settlement again
      const outcomes = [];
      for (const body of [settledNote, settledNote, settledNote, pendingNote, settledNote]) outcomes.push((await notify(body)).body.outcome);
      expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate', 'no_change', 'duplicate']);
      expect((await ledger(orderId)).transactionStatus).toBe('settlement');
      expect((await eventsOf(orderId)).filter((e) => e.type === 'payment.paid')).toHaveLength(1);
      const stored = await g.gerbang.orm.em.fork().find(NotificationSchema, { orderId }, { orderBy: { id: 'asc' } });
      expect(stored.map((n) => [n.claimedStatus, n.receivedCount])).toEqual([
        ['settlement', 4],
        ['pending', 1],
      ]);
    });

    it('a valid notification for an unknown order answers 200 and is kept as an orphan', async () => {
      fake.paidElsewhere('NOT-IN-GERBANG-1', 5000);
      const res = await notify(fake.notification('NOT-IN-GERBANG-1'));
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('orphan');
      const stored = await g.gerbang.orm.em.fork().findOneOrFail(NotificationSchema, { orderId: 'NOT-IN-GERBANG-1' });
      expect(stored.outcome).toBe('orphan');
    });

    it('Midtrans unreachable while confirming gives 503, and the retry is processed once', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'settlement');
      const body = fake.notification(orderId);
      fake.mode = 'down';
      const failed = await notify(body);
      fake.mode = 'up';
      expect(failed.status).toBe(503);
      expect((await ledger(orderId)).transactionStatus).toBe('pending');
      expect((await notify(body)).body.outcome).toBe('applied');
      expect((await notify(body)).body.outcome).toBe('duplicate');
      expect((await eventsOf(orderId)).filter((e) => e.type === 'payment.paid')).toHaveLength(1);
    });

    it('storage down gives 503 (Midtrans retries), and the later retry is processed once', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'settlement');
      const body = fake.notification(orderId);
      // Another process holds the database's write lock past gerbang's busy (or lock) timeout.
      const blocker = await holdWriteLock(g.gerbang.config.database);
      const failed = await notify(body);
      await blocker.release();
      expect(failed.status).toBe(503);
      expect(failed.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect((await notify(body)).body.outcome).toBe('applied');
      expect((await notify(body)).body.outcome).toBe('duplicate');
      expect((await eventsOf(orderId)).filter((e) => e.type === 'payment.paid')).toHaveLength(1);
    });

    it('a notification is applied in one transaction with its outcome: when recording the outcome fails, nothing of it is kept', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'settlement');
      const body = fake.notification(orderId);
      const connection = g.gerbang.orm.em.getConnection();
      // The database refuses to record the outcome, as a full disk would refuse the last write.
      if (ON_POSTGRES) {
        await connection.execute(
          "create function refuse_outcome() returns trigger as $$ begin if new.outcome = 'applied' then raise exception 'outcome refused'; end if; return new; end $$ language plpgsql",
        );
        await connection.execute('create trigger refuse_outcome before update on notifications for each row execute function refuse_outcome()');
      } else {
        await connection.execute(
          "create trigger refuse_outcome before update of outcome on notifications when new.outcome = 'applied' begin select raise(abort, 'outcome refused'); end",
        );
      }
      try {
        const failed = await notify(body);
        expect(failed.status).toBe(503);
        // Not half-written: the payment did not move and no webhook was queued.
        expect((await ledger(orderId)).transactionStatus).toBe('pending');
        expect(await eventsOf(orderId)).toEqual([]);
        expect((await g.gerbang.orm.em.fork().findOneOrFail(NotificationSchema, { orderId })).outcome).toBe('received');
      } finally {
        await connection.execute('drop trigger refuse_outcome' + (ON_POSTGRES ? ' on notifications' : ''));
        if (ON_POSTGRES) await connection.execute('drop function refuse_outcome()');
      }
      // Midtrans sends it again: applied once, one payment.paid.
      expect((await notify(body)).body.outcome).toBe('applied');
      expect((await ledger(orderId)).transactionStatus).toBe('settlement');
      expect((await eventsOf(orderId)).map((e) => e.type)).toEqual(['payment.paid']);
    });

    it('a body over the size cap is refused without being read', async () => {
      const res = await call(`${g.url}/notifications/midtrans`, { raw: JSON.stringify({ order_id: 'X', pad: 'x'.repeat(70_000) }) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('the timeline shows every change with its source', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'pending');
      await call(`${g.url}/status/${orderId}`, { headers: shop });
      fake.customerPays(orderId, 'settlement');
      await notify(fake.notification(orderId));
      const detail = await timeline(orderId);
      expect(detail.timeline.map((t: { fromStatus: string | null; toStatus: string; source: string }) => [t.fromStatus, t.toStatus, t.source])).toEqual([
        [null, 'pending', 'charge'],
        ['pending', 'settlement', 'notification'],
      ]);
      expect(detail.sequence).toBe(1);
    });
  });

  describe('webhooks to apps', () => {
    const dispatcher = (clock: ReturnType<typeof manualClock>) =>
      new WebhookDispatcher(g.gerbang.orm, g.gerbang.services.box, g.context().log, {
        clock: clock.now,
        random: () => 0.5,
        timeoutMs: 2000,
        leaseMs: 60_000,
      });

    it('are signed per Standard Webhooks: an independent verifier accepts them and refuses any change', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'settlement');
      await notify(fake.notification(orderId));
      const clock = manualClock(Date.now());
      expect(await dispatcher(clock).runOnce()).toBeGreaterThanOrEqual(1);
      const hook = receiver.received.find((r) => JSON.parse(r.body).data.order_id === orderId)!;
      const payload = JSON.parse(hook.body);
      expect(payload).toMatchObject({
        type: 'payment.paid',
        data: { order_id: orderId, transaction_status: 'settlement', paid: true, amount: 150000, sequence: 1 },
      });
      expect(hook.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(verifyStandardWebhook(secret, hook.headers, hook.body, clock.ms)).toBe(true);
      const changedByte = hook.body.replace('"paid":true', '"paid":fals');
      expect(verifyStandardWebhook(secret, hook.headers, changedByte, clock.ms)).toBe(false);
      expect(verifyStandardWebhook(secret, hook.headers, hook.body, clock.ms + 10 * 60_000)).toBe(false);
      await g.createApp('other-app');
      const otherId = (await g.context().em.findOneOrFail(AppSchema, { code: 'other-app' })).id;
      const other = await g.gerbang.services.webhooks.configure(g.context(), otherId, receiver.url, true);
      expect(verifyStandardWebhook(other.secret!, hook.headers, hook.body, clock.ms)).toBe(false);
    });

    it('retry with backoff on the schedule, then dead-letter; a replay delivers with the same id', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'deny');
      await notify(fake.notification(orderId));
      const [event] = await eventsOf(orderId);
      expect(event.type).toBe('payment.failed');
      await g.gerbang.orm.em.fork().nativeUpdate(WebhookEventSchema, { state: 'pending', id: { $ne: event.id } }, { state: 'delivered' });

      receiver.reply = 500;
      const clock = manualClock(Date.now());
      const d = dispatcher(clock);
      const attemptTimes: number[] = [];
      for (let attempt = 0; attempt <= RETRY_SCHEDULE_MS.length; attempt += 1) {
        const stored = await g.gerbang.orm.em.fork().findOneOrFail(WebhookEventSchema, { id: event.id });
        clock.set(stored.nextAttemptAt.getTime() - 1);
        expect(await d.runOnce()).toBe(0); // not due a millisecond early
        clock.advance(1);
        expect(await d.runOnce()).toBe(1);
        attemptTimes.push(clock.ms);
      }
      const gaps = attemptTimes.slice(1).map((t, i) => t - attemptTimes[i]);
      expect(gaps).toEqual(RETRY_SCHEDULE_MS);
      expect(gaps.reduce((a, b) => a + b, 0) / 3_600_000).toBeGreaterThan(70);
      const dead = await g.gerbang.orm.em.fork().findOneOrFail(WebhookEventSchema, { id: event.id });
      expect(dead.state).toBe('dead');
      expect(dead.attempts).toBe(RETRY_SCHEDULE_MS.length + 1);
      expect(dead.lastError).toBe('HTTP 500');
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));

      const views = await g.gerbang.services.webhooks.events(g.context(), shopId, { first: 5, orderId });
      expect(views[0].attempts).toHaveLength(RETRY_SCHEDULE_MS.length + 1);
      expect(views[0].attempts[0]).toMatchObject({ statusCode: 500, responseSnippet: 'receiver is unhappy' });

      receiver.reply = 200;
      receiver.received = [];
      expect(await g.gerbang.services.webhooks.replayFailed(g.context(), shopId)).toBe(1);
      expect(await d.runOnce()).toBe(1);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([event.id]);
      expect((await g.gerbang.orm.em.fork().findOneOrFail(WebhookEventSchema, { id: event.id })).state).toBe('delivered');

      await g.gerbang.services.webhooks.replay(g.context(), shopId, event.id);
      expect(await d.runOnce()).toBe(1);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([event.id, event.id]);
    });

    it('a restart during delivery delivers the event again with the same id (at least once)', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'expire');
      await notify(fake.notification(orderId));
      const [event] = await eventsOf(orderId);

      receiver.reply = 'hang';
      const clock = manualClock(Date.now());
      const first = dispatcher(clock);
      const inFlight = first.runOnce();
      await receiver.waitFor(1);
      // The process delivering it is gone: another one (the restarted gerbang) takes over after the lease.
      receiver.reply = 200;
      const restarted = dispatcher(clock);
      expect(await restarted.runOnce()).toBe(0);
      clock.advance(60_001);
      expect(await restarted.runOnce()).toBe(1);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([event.id, event.id]);
      receiver.release(200);
      await inFlight;
      expect((await g.gerbang.orm.em.fork().findOneOrFail(WebhookEventSchema, { id: event.id })).state).toBe('delivered');
    });

    it('private network targets are refused unless an admin allowed them for the app', async () => {
      const lanHeaders = await g.createApp('lan-app');
      const ctx = g.context();
      const lanId = (await ctx.em.findOneOrFail(AppSchema, { code: 'lan-app' })).id;
      await expect(g.gerbang.services.webhooks.configure(ctx, lanId, 'http://127.0.0.1:9/hook')).rejects.toThrow(/private network/);
      await expect(g.gerbang.services.webhooks.configure(ctx, lanId, 'http://192.168.1.10/hook')).rejects.toThrow(/private network/);
      await expect(g.gerbang.services.webhooks.configure(ctx, lanId, 'ftp://example.com/hook')).rejects.toThrow(/https/);

      // A name (not an IP) that resolves to this machine passes the form check but not the connection.
      const byName = receiver.url.replace('127.0.0.1', hostname());
      await g.gerbang.services.webhooks.configure(ctx, lanId, byName);
      const orderId = nextOrder();
      await call(`${g.url}/charge`, { headers: lanHeaders, body: { order_id: orderId, amount: 1000 } });
      fake.customerPays(orderId, 'settlement');
      await notify(fake.notification(orderId));
      await dispatcher(manualClock(Date.now())).runOnce();
      const [event] = await eventsOf(orderId);
      expect(event.lastError).toMatch(/refused: .* private network address/);
      expect(receiver.received.filter((r) => r.body.includes(orderId))).toHaveLength(0);
    });
  });

  describe('reconciliation', () => {
    it('finds a payment whose notification never came, and expires pages nobody used', async () => {
      const paid = nextOrder();
      const unused = nextOrder();
      await charge(paid);
      await charge(unused);
      fake.customerPays(paid, 'settlement'); // and no notification is sent
      const clock = manualClock(Date.now());
      const reconciler = new Reconciler(g.gerbang.orm, g.gerbang.services.provider, g.gerbang.services.state, g.context().log, {
        clock: clock.now,
        afterMs: 15 * 60_000,
        intervalMs: 5 * 60_000,
        snapExpiryMs: 24 * 3_600_000,
      });
      expect(await reconciler.runOnce()).toBe(0); // too young to ask about
      clock.advance(16 * 60_000);
      await reconciler.runOnce();
      expect((await ledger(paid)).transactionStatus).toBe('settlement');
      expect((await ledger(unused)).transactionStatus).toBe('pending');
      expect((await eventsOf(paid)).map((e) => e.type)).toEqual(['payment.paid']);
      clock.advance(24 * 3_600_000);
      await reconciler.runOnce();
      expect((await ledger(unused)).transactionStatus).toBe('expire');
      expect((await eventsOf(unused)).map((e) => e.type)).toEqual(['payment.expired']);
      const detail = await timeline(unused);
      expect(detail.timeline.at(-1)).toMatchObject({ toStatus: 'expire', source: 'poll' });
    });
  });

  describe('reconciliation shared between instances', () => {
    it('two reconcilers running at once ask Midtrans once per payment and apply it once', async () => {
      const orders = [nextOrder(), nextOrder(), nextOrder()];
      for (const orderId of orders) {
        await charge(orderId);
        fake.customerPays(orderId, 'settlement'); // and no notification is sent
      }
      const clock = manualClock(Date.now() + 16 * 60_000);
      const options = { clock: clock.now, afterMs: 15 * 60_000, intervalMs: 5 * 60_000, snapExpiryMs: 24 * 3_600_000 };
      const make = () => new Reconciler(g.gerbang.orm, g.gerbang.services.provider, g.gerbang.services.state, g.context().log, options);
      const before = fake.statusRequests;
      const [a, b] = await Promise.all([make().runOnce(), make().runOnce()]);
      expect(a + b).toBe(orders.length);
      expect(fake.statusRequests - before).toBe(orders.length);
      for (const orderId of orders) {
        expect((await ledger(orderId)).transactionStatus).toBe('settlement');
        expect((await eventsOf(orderId)).map((e) => e.type)).toEqual(['payment.paid']);
      }
    });
  });

  describe('operations: cancel, expire, refund', () => {
    it('POST /cancel cancels an unpaid payment at Midtrans and tells the app', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'pending');
      const res = await call(`${g.url}/cancel/${orderId}`, { method: 'POST', headers: shop });
      expect(res.status).toBe(200);
      expect(res.body.transaction_status).toBe('cancel');
      expect((await eventsOf(orderId)).map((e) => e.type)).toEqual(['payment.cancelled']);
    });

    it('POST /expire on a payment Midtrans considers paid is refused with Midtrans reason', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'settlement');
      const res = await call(`${g.url}/expire/${orderId}`, { method: 'POST', headers: shop });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('MIDTRANS_REFUSED');
      expect(res.body.error.message).toContain('Merchant cannot modify the status of the transaction');
    });

    it('a refund of an unpaid payment is refused with 409 INVALID_STATE before asking Midtrans', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      const before = fake.modifications.length;
      const res = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 1000 } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('INVALID_STATE');
      expect(fake.modifications.length).toBe(before);
    });

    it('partial then full refund; a repeated refund_key refunds once', async () => {
      const orderId = nextOrder();
      await charge(orderId, 100000);
      fake.customerPays(orderId, 'settlement');
      await notify(fake.notification(orderId));
      const first = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 30000, refund_key: 'RF-1', reason: 'one item out of stock' } });
      expect(first.status).toBe(200);
      expect(first.body.transaction_status).toBe('partial_refund');
      const again = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 30000, refund_key: 'RF-1' } });
      expect(again.status).toBe(200);
      expect(fake.modifications.filter((m) => m.orderId === orderId)).toEqual([{ orderId, action: 'refund 30000' }]);
      const tooMuch = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 80000 } });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.error.message).toContain('70000');
      const rest = await call(`${g.url}/graphql`, {
        headers: shop,
        body: { query: `mutation { refundTransaction(input: { orderId: "${orderId}", refundKey: "RF-2" }) { transactionStatus refundedAmount } }` },
      });
      expect(rest.body.data.refundTransaction).toEqual({ transactionStatus: 'refund', refundedAmount: 100000 });
      expect((await eventsOf(orderId)).map((e) => e.type)).toEqual(['payment.paid', 'payment.refunded', 'payment.refunded']);
    });

    it("another app's order cannot be operated on", async () => {
      const orderId = nextOrder();
      await charge(orderId);
      const other = await g.createApp(`op-${orderId.toLowerCase()}`);
      const res = await call(`${g.url}/cancel/${orderId}`, { method: 'POST', headers: other });
      expect(res.status).toBe(404);
    });
  });
});
