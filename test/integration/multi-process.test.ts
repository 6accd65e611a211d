import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, freePort } from '../helpers/gerbang.js';
import { gerbang, startServer } from '../helpers/process.js';
import { verifyStandardWebhook, WebhookReceiver } from '../helpers/webhook-receiver.js';

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * Two `gerbang serve` processes on one database (PostgreSQL when TEST_DATABASE_URL is set, else one
 * SQLite file), behind what would be a load balancer: they share no memory, only the database.
 */
describe(`two gerbang processes on one ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'} database`, () => {
  let dir: string;
  let database: TestDatabase;
  let fake: FakeMidtrans;
  let receiver: WebhookReceiver;
  let servers: { url: string; server: Server }[];
  let headers: Record<string, string>;
  let secret: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-multi-'));
    database = await createTestDatabase(dir);
    fake = await new FakeMidtrans().start();
    receiver = await new WebhookReceiver().start();
    const base = {
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      ...database.env,
      ...fake.env,
      LOG_LEVEL: 'warn',
    };
    const created = JSON.parse((await gerbang(['app', 'create', '--code', 'shop', '--name', 'Shop', '--json'], base)).stdout) as { apiKey: string };
    headers = { 'X-App-Code': 'shop', 'X-Api-Key': created.apiKey };
    const hook = await gerbang(['app', 'webhook', '--code', 'shop', '--url', receiver.url, '--allow-private', '--json'], base);
    secret = (JSON.parse(hook.stdout) as { secret: string }).secret;
    servers = await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        return { url, server: await startServer({ ...base, PORT: String(port), PUBLIC_URL: url }) };
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all((servers ?? []).map(({ server }) => server.stop()));
    await receiver?.stop();
    await fake?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('identical charges split across both processes cause one Snap create, and all get the same answer', async () => {
    fake.latencyMs = 150;
    const body = { order_id: 'MULTI-ONE', amount: 125000 };
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => call(`${servers[i % 2].url}/charge`, { headers, body })));
    fake.latencyMs = 0;
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(new Set(answers.map((r) => r.body.token)).size).toBe(1);
    expect(fake.snapCreates).toBe(1);
  });

  it('each event is delivered once, though both processes work the outbox and hear the notifications', async () => {
    const orders = Array.from({ length: 12 }, (_, i) => `MULTI-PAID-${i}`);
    for (const [i, orderId] of orders.entries()) {
      expect((await call(`${servers[i % 2].url}/charge`, { headers, body: { order_id: orderId, amount: 10000 + i } })).status).toBe(201);
    }
    receiver.received = [];
    await Promise.all(
      orders.map(async (orderId) => {
        fake.customerPays(orderId, 'settlement');
        const notification = fake.notification(orderId);
        // Midtrans retries; here the same notification reaches both processes at once.
        const replies = await Promise.all(servers.map(({ url }) => call(`${url}/notifications/midtrans`, { body: notification })));
        expect(replies.map((r) => r.status)).toEqual([200, 200]);
      }),
    );
    await receiver.waitFor(orders.length, 15_000);
    // Both dispatchers poll every second: give a double delivery the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const paid = receiver.received.map((w) => ({
      id: String(w.headers['webhook-id']),
      event: JSON.parse(w.body) as { type: string; data: { order_id: string } },
    }));
    expect(paid.map((p) => p.event.type)).toEqual(Array(orders.length).fill('payment.paid'));
    expect(new Set(paid.map((p) => p.id)).size).toBe(orders.length);
    expect(paid.map((p) => p.event.data.order_id).sort()).toEqual([...orders].sort());
    for (const webhook of receiver.received) expect(verifyStandardWebhook(secret, webhook.headers, webhook.body)).toBe(true);
  }, 60_000);
});
