import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { TransactionEventSchema } from '../../src/modules/payments/transaction-event.entity.js';
import { WebhookEventSchema } from '../../src/modules/webhooks/webhook-event.entity.js';
import { RefundSchema } from '../../src/modules/payments/refund.entity.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * Midtrans as integrators meet it in the field (shared/midtrans/api.md, "Behaviours that break
 * integrations"), played by the fake: each case here once lost or garbled a payment.
 */
describe('Midtrans as it really answers', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let receiver: WebhookReceiver;
  let shop: Record<string, string>;
  let order = 0;
  const nextOrder = () => `FIELD-${++order}`;

  const notify = (body: unknown) => call(`${g.url}/notifications/midtrans`, { body });
  const charge = (orderId: string, amount = 100000) => call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount } });
  const ledger = (orderId: string) => g.gerbang.orm.em.fork().findOneOrFail(TransactionSchema, { orderId });
  const eventsOf = async (orderId: string) => {
    const tx = await ledger(orderId);
    return g.gerbang.orm.em.fork().find(WebhookEventSchema, { transaction: tx.id }, { orderBy: { createdAt: 'asc' } });
  };
  const gql = (query: string, variables: Record<string, unknown> = {}) => call(`${g.url}/graphql`, { headers: shop, body: { query, variables } });
  const paid = async (orderId: string, amount = 100000, options?: Parameters<FakeMidtrans['customerPays']>[3], paymentType = 'bank_transfer') => {
    expect((await charge(orderId, amount)).status).toBe(201);
    fake.customerPays(orderId, 'settlement', paymentType, options);
    const res = await notify(fake.notification(orderId));
    expect(res.body.outcome).toBe('applied');
  };

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    receiver = await new WebhookReceiver().start();
    g = await startTestGerbang({ fake, start: { jobs: false } });
    shop = await g.createApp('field');
    await g.setWebhook('field', receiver.url);
  });

  afterAll(async () => {
    await g.close();
    await receiver.stop();
    await fake.stop();
  });

  afterEach(() => {
    fake.latencyMs = 0;
  });

  describe('expire answers status_code "407" on success', () => {
    it('POST /expire of a pending payment answers 200 expire, the ledger moves and payment.expired is queued', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'pending');
      const res = await call(`${g.url}/expire/${orderId}`, { method: 'POST', headers: shop });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ order_id: orderId, transaction_status: 'expire', status_code: '407' });
      expect((await ledger(orderId)).transactionStatus).toBe('expire');
      expect((await eventsOf(orderId)).map((e) => e.type)).toEqual(['payment.expired']);
    });

    it('GraphQL expireTransaction does the same', async () => {
      const orderId = nextOrder();
      await charge(orderId);
      fake.customerPays(orderId, 'pending');
      const res = await gql('mutation($o: String!) { expireTransaction(orderId: $o) { transactionStatus timeline { toStatus source } } }', { o: orderId });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.expireTransaction.transactionStatus).toBe('expire');
      expect(res.body.data.expireTransaction.timeline.at(-1)).toEqual({ toStatus: 'expire', source: 'operation' });
    });
  });

  describe('DANA and BI-SNAP virtual accounts: the status answer names the transaction_id as order_id', () => {
    it.each([
      ['dana', undefined],
      ['bank_transfer', 'bsi'],
      ['bank_transfer', 'seabank'],
    ])("%s %s: REST, GraphQL and the webhook name the app's own order_id; admins still see Midtrans' raw answer", async (paymentType, bank) => {
      const orderId = nextOrder();
      await paid(orderId, 100000, bank ? { bank } : {}, paymentType);
      const transactionId = fake.transactionIdOf(orderId);

      const rest = await call(`${g.url}/status/${orderId}`, { headers: shop });
      expect(rest.status).toBe(200);
      expect(rest.body.order_id).toBe(orderId);
      expect(rest.body.id).toBe(transactionId);

      const status = await gql('query($o: String!) { transactionStatus(orderId: $o) { orderId transactionId raw } }', { o: orderId });
      expect(status.body.data.transactionStatus.orderId).toBe(orderId);
      expect(status.body.data.transactionStatus.transactionId).toBe(transactionId);

      const [event] = await eventsOf(orderId);
      expect(JSON.parse(event.payload).data.order_id).toBe(orderId);
      // What Midtrans really said stays on record for admins.
      expect((await ledger(orderId)).rawStatus?.order_id).toBe(transactionId);
    });
  });

  describe('automatic fee imposition', () => {
    it('amount stays what the app charged; the paid amount and the fee are recorded and shown', async () => {
      const orderId = nextOrder();
      await paid(orderId, 100000, { fee: 4000 });
      const row = await ledger(orderId);
      expect(row).toMatchObject({ amount: 100000, paidAmount: 104000, feeAmount: 4000, transactionStatus: 'settlement' });

      const status = await gql('query($o: String!) { transactionStatus(orderId: $o) { amount paidAmount feeAmount paid } }', { o: orderId });
      expect(status.body.data.transactionStatus).toEqual({ amount: 100000, paidAmount: 104000, feeAmount: 4000, paid: true });
      const detail = await gql('query($o: String!) { transaction(orderId: $o) { amount paidAmount feeAmount } }', { o: orderId });
      expect(detail.body.data.transaction).toEqual({ amount: 100000, paidAmount: 104000, feeAmount: 4000 });

      const [event] = await eventsOf(orderId);
      expect(JSON.parse(event.payload).data).toMatchObject({ amount: 100000, paid_amount: 104000, fee_amount: 4000 });
    });

    it('without a fee the paid amount equals the amount and the fee is 0', async () => {
      const orderId = nextOrder();
      await paid(orderId, 50000);
      expect(await ledger(orderId)).toMatchObject({ amount: 50000, paidAmount: 50000, feeAmount: 0 });
    });
  });

  describe("Midtrans' times are WIB (GMT+7) without an offset", () => {
    it('GraphQL and webhooks give them as ISO-8601 with +07:00', async () => {
      const orderId = nextOrder();
      await paid(orderId);
      const status = await gql('query($o: String!) { transactionStatus(orderId: $o) { transactionTime settlementTime } }', { o: orderId });
      expect(status.body.data.transactionStatus).toEqual({ transactionTime: '2026-11-24T10:11:12+07:00', settlementTime: '2026-11-24T10:15:00+07:00' });
      const detail = await gql('query($o: String!) { transaction(orderId: $o) { transactionTime settlementTime } }', { o: orderId });
      expect(detail.body.data.transaction).toEqual({ transactionTime: '2026-11-24T10:11:12+07:00', settlementTime: '2026-11-24T10:15:00+07:00' });
      const [event] = await eventsOf(orderId);
      const data = JSON.parse(event.payload).data;
      expect(data.transaction_time).toBe('2026-11-24T10:11:12+07:00');
      expect(new Date(data.settlement_time).toISOString()).toBe('2026-11-24T03:15:00.000Z');
      // REST keeps Midtrans' own format, as the seed gateway answered it.
      const rest = await call(`${g.url}/status/${orderId}`, { headers: shop });
      expect(rest.body.transaction_time).toBe('2026-11-24 10:11:12');
    });
  });

  describe('order ids that a URL would normalise away', () => {
    it.each(['.', '..'])('a charge with order_id %j is refused with 400 before anything reaches Midtrans', async (orderId) => {
      const before = fake.snapRequests.length;
      const res = await charge(orderId);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.fields[0].field).toBe('order_id');
      expect(fake.snapRequests.length).toBe(before);
    });

    it('ids with dots that are not dot segments still work, and reach Midtrans as one path segment', async () => {
      const orderId = `...${nextOrder()}.`;
      expect((await charge(orderId)).status).toBe(201);
      fake.customerPays(orderId, 'settlement');
      expect((await notify(fake.notification(orderId))).body.outcome).toBe('applied');
      expect(fake.paths).toContain(`/v2/${orderId}/status`);
    });
  });

  describe('refunds under concurrency', () => {
    it('two partial refunds at once both count: the ledger shows what Midtrans refunded', async () => {
      const orderId = nextOrder();
      await paid(orderId, 10000);
      fake.latencyMs = 100;
      const refund = (amount: number, key: string) =>
        gql('mutation($o: String!, $a: SafeInt!, $k: String!) { refundTransaction(input: { orderId: $o, amount: $a, refundKey: $k }) { refundedAmount } }', {
          o: orderId,
          a: amount,
          k: key,
        });
      const [a, b] = await Promise.all([refund(1000, `${orderId}-a`), refund(2000, `${orderId}-b`)]);
      expect([a.body.errors, b.body.errors]).toEqual([undefined, undefined]);
      expect((await ledger(orderId)).refundedAmount).toBe(3000);
      const rest = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 500, refund_key: `${orderId}-c` } });
      expect(rest.body).toMatchObject({ order_id: orderId, transaction_status: 'partial_refund' });
      expect(
        fake.modifications
          .filter((m) => m.orderId === orderId)
          .map((m) => m.action)
          .sort(),
      ).toEqual(['refund 1000', 'refund 2000', 'refund 500']);
      expect(await ledger(orderId)).toMatchObject({ refundedAmount: 3500, transactionStatus: 'partial_refund' });
    });

    it('refunds at once never add up to more than the amount: the one that does not fit is refused with 400', async () => {
      const orderId = nextOrder();
      await paid(orderId, 10000);
      fake.latencyMs = 100;
      const answers = await Promise.all(
        [6000, 6000, 3000].map((amount, i) => call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount, refund_key: `${orderId}-${i}` } })),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 200, 400]);
      const refused = answers.find((a) => a.status === 400)!;
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
      const refunded = fake.modifications.filter((m) => m.orderId === orderId).reduce((sum, m) => sum + Number(m.action.split(' ')[1]), 0);
      expect(refunded).toBe(9000);
      expect((await ledger(orderId)).refundedAmount).toBe(9000);
    });

    it('the same refund_key sent twice at once refunds once, and neither answer is a 5xx', async () => {
      const orderId = nextOrder();
      await paid(orderId, 10000);
      fake.latencyMs = 100;
      const both = await Promise.all(
        [0, 1].map(() => call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 4000, refund_key: `${orderId}-same` } })),
      );
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect(fake.modifications.filter((m) => m.orderId === orderId)).toEqual([{ orderId, action: 'refund 4000' }]);
      const tx = await ledger(orderId);
      expect(tx.refundedAmount).toBe(4000);
      expect(await g.gerbang.orm.em.fork().count(RefundSchema, { transaction: tx.id })).toBe(1);
    });

    it('a timeline step cannot be recorded twice', async () => {
      const orderId = nextOrder();
      await paid(orderId);
      const tx = await ledger(orderId);
      const em = g.gerbang.orm.em.fork();
      await expect(
        em.insert(TransactionEventSchema, { transaction: tx.id, sequence: tx.sequence, toStatus: 'settlement', source: 'poll', createdAt: new Date() }),
      ).rejects.toThrow(/unique|UNIQUE/);
    });
  });
});

describe('the notification URL of each Snap payment', () => {
  let fake: FakeMidtrans;
  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
  });
  afterAll(() => fake.stop());

  const headersOfACharge = async (env: Record<string, string>) => {
    const g = await startTestGerbang({ fake, env, start: { jobs: false } });
    try {
      const app = await g.createApp('notify-url');
      const res = await call(`${g.url}/charge`, { headers: app, body: { order_id: `NU-${Date.now()}-${Math.random().toString(36).slice(2)}`, amount: 1000 } });
      expect(res.status).toBe(201);
      return fake.snapRequests.at(-1)!.headers;
    } finally {
      await g.close();
    }
  };

  it('with a public PUBLIC_URL, Snap gets X-Override-Notification pointing at gerbang', async () => {
    const headers = await headersOfACharge({ PUBLIC_URL: 'https://pay.example.id' });
    expect(headers['x-override-notification']).toBe('https://pay.example.id/notifications/midtrans');
    expect(headers['x-append-notification']).toBeUndefined();
  });

  it('MIDTRANS_NOTIFICATION_MODE=append sends X-Append-Notification instead', async () => {
    const headers = await headersOfACharge({ PUBLIC_URL: 'https://pay.example.id/', MIDTRANS_NOTIFICATION_MODE: 'append' });
    expect(headers['x-append-notification']).toBe('https://pay.example.id/notifications/midtrans');
    expect(headers['x-override-notification']).toBeUndefined();
  });

  it('MIDTRANS_NOTIFICATION_MODE=off, or a loopback PUBLIC_URL, sends neither', async () => {
    for (const env of [{ PUBLIC_URL: 'https://pay.example.id', MIDTRANS_NOTIFICATION_MODE: 'off' }, {}] as Record<string, string>[]) {
      const headers = await headersOfACharge(env);
      expect(headers['x-override-notification']).toBeUndefined();
      expect(headers['x-append-notification']).toBeUndefined();
    }
  });
});
