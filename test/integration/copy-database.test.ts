import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDatabase } from '../../src/config/copy-database.js';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { SecretBox, installationKey } from '../../src/shared/secret-box.js';
import { createTestDatabase, ON_POSTGRES, TEST_SECRET_KEY, type TestDatabase } from '../helpers/database.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { gerbang } from '../helpers/process.js';
import { verifyStandardWebhook, WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * Moving an installation: a SQLite gerbang that ran without SECRET_KEY (its key in installation.key)
 * is copied into a new database (PostgreSQL when TEST_DATABASE_URL is set, else another SQLite file)
 * that runs with a SECRET_KEY; apps, payments and webhook secrets carry over.
 */
describe(`copy-database: SQLite into ${ON_POSTGRES ? 'PostgreSQL' : 'a new SQLite file'}`, () => {
  let dir: string;
  let fake: FakeMidtrans;
  let receiver: WebhookReceiver;
  let source: TestDatabase;
  let target: TestDatabase;
  let moved: TestGerbang | undefined;
  let shop: Record<string, string>;
  let secret: string;
  const targetEnv = () => ({ ...target.env, SECRET_KEY: TEST_SECRET_KEY });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-copy-'));
    fake = await new FakeMidtrans().start();
    receiver = await new WebhookReceiver().start();
    source = { url: `sqlite:${join(dir, 'old', 'gerbang.sqlite')}`, env: {}, drop: async () => {} };
    target = await createTestDatabase(dir, 'new.sqlite');

    const old = await startTestGerbang({ fake, database: source });
    shop = await old.createApp('shop');
    const ctx = old.context();
    const app = await ctx.em.findOneOrFail(AppSchema, { code: 'shop' });
    secret = (await old.gerbang.services.webhooks.configure(ctx, app.id, receiver.url, true)).secret!;
    expect((await call(`${old.url}/charge`, { headers: shop, body: { order_id: 'MOVE-1', amount: 75000 } })).status).toBe(201);
    fake.customerPays('MOVE-1', 'settlement');
    expect((await call(`${old.url}/notifications/midtrans`, { body: fake.notification('MOVE-1') })).body.outcome).toBe('applied');
    await receiver.waitFor(1);
    await old.close();
  }, 60_000);

  afterAll(async () => {
    await moved?.close();
    await receiver.stop();
    await fake.stop();
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table and reports what it copied', async () => {
    const result = await gerbang(['copy-database', '--from', source.url, '--to', target.url], targetEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^apps: 1$/m);
    expect(result.stdout).toMatch(/^transactions: 1$/m);
    expect(result.stdout).toMatch(/^webhook_events: 1$/m);
    expect(result.stdout).toMatch(/^Copied \d+ rows from /m);
  });

  it('reads in batches by primary key: one row at a time copies the same rows', async () => {
    const again = await createTestDatabase(dir, 'again.sqlite');
    try {
      const counts = await copyDatabase({
        from: parseDatabaseUrl(source.url),
        to: parseDatabaseUrl(again.url),
        sourceBoxes: [new SecretBox(installationKey(undefined, parseDatabaseUrl(source.url)))],
        targetBox: new SecretBox(installationKey(TEST_SECRET_KEY, parseDatabaseUrl(again.url))),
        batchSize: 1,
      });
      expect(counts.transaction_events).toBe(2);
      expect(counts).toMatchObject({ apps: 1, transactions: 1, notifications: 1, webhook_events: 1 });
    } finally {
      await again.drop();
    }
  });

  it('the moved gerbang knows the old key, the payment and its timeline, and takes new charges', async () => {
    moved = await startTestGerbang({ fake, database: target, env: targetEnv() });
    const status = await call(`${moved.url}/status/MOVE-1`, { headers: shop });
    expect(status.status).toBe(200);
    expect(status.body.transaction_status).toBe('settlement');
    const timeline = await call(`${moved.url}/graphql`, {
      headers: shop,
      body: { query: '{ transactionStatus(orderId: "MOVE-1") { orderId amount } }' },
    });
    expect(timeline.body.data.transactionStatus).toEqual({ orderId: 'MOVE-1', amount: 75000 });
    // New rows get new ids after the copied ones.
    expect((await call(`${moved.url}/charge`, { headers: shop, body: { order_id: 'MOVE-2', amount: 1000 } })).status).toBe(201);
    await moved.createApp('newcomer');
  });

  it("the app's webhook secret still signs: the receiver verifies with the secret it always had", async () => {
    receiver.received = [];
    fake.customerPays('MOVE-2', 'settlement');
    expect((await call(`${moved!.url}/notifications/midtrans`, { body: fake.notification('MOVE-2') })).body.outcome).toBe('applied');
    await receiver.waitFor(1, 10_000);
    const delivered = receiver.received[0];
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'payment.paid', data: { order_id: 'MOVE-2' } });
    expect(verifyStandardWebhook(secret, delivered.headers, delivered.body)).toBe(true);
  });

  it('refuses a target that is not empty, and changes nothing there', async () => {
    const again = await gerbang(['copy-database', '--from', source.url, '--to', target.url], targetEnv());
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('the target database is not empty');
    expect((await call(`${moved!.url}/status/MOVE-2`, { headers: shop })).status).toBe(200);
  });
});
