import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { chargeFingerprint, parseChargeRequest } from '../../src/modules/payments/charge.request.js';
import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/**
 * Two gerbang instances on one database share nothing in memory: only the database claim on the
 * order_id keeps a charge from being created twice.
 */
describe('two gerbang instances on one database', () => {
  let dir: string;
  let database: TestDatabase;
  let fake: FakeMidtrans;
  let a: TestGerbang;
  let b: TestGerbang;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-shared-'));
    fake = await new FakeMidtrans().start();
    database = await createTestDatabase(dir);
    a = await startTestGerbang({ fake, database });
    b = await startTestGerbang({ fake, database });
    headers = await a.createApp('shop');
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    await fake.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('identical charges split across both instances cause one Snap create and one answer', async () => {
    fake.latencyMs = 150;
    const body = { order_id: 'SPLIT-001', amount: 99000 };
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => call(`${(i % 2 ? a : b).url}/charge`, { headers, body })));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(new Set(answers.map((r) => r.body.token)).size).toBe(1);
    expect(fake.snapCreates).toBe(1);
  });

  it('a claim left by an instance that died is taken over once its lease ends', async () => {
    // An instance that stopped between claiming the order and hearing from Snap leaves only a claim behind.
    const body = { order_id: 'ORPHAN-1', amount: 5000 };
    const em = a.gerbang.orm.em.fork();
    const app = await em.findOneOrFail(AppSchema, { code: 'shop' });
    await em.insert(TransactionSchema, {
      app: app.id,
      orderId: body.order_id,
      amount: body.amount,
      currency: 'IDR',
      payloadHash: chargeFingerprint(parseChargeRequest(body)),
      leaseUntil: new Date(Date.now() - 1000),
      transactionStatus: 'pending',
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const creates = fake.snapCreates;
    const res = await call(`${b.url}/charge`, { headers, body });
    expect(res.status).toBe(201);
    expect(fake.snapCreates).toBe(creates + 1);
    const again = await call(`${a.url}/charge`, { headers, body });
    expect(again.body).toEqual(res.body);
    expect(fake.snapCreates).toBe(creates + 1);
  });

  // On SQLite the counts live in each process's memory; on PostgreSQL every instance shares them.
  (ON_POSTGRES ? it : it.skip)('failed admin sign-ins counted by one instance refuse the address at the other', async () => {
    await a.gerbang.services.adminAuth.create(a.context(), 'shared-admin', 'a long admin password', 'test');
    const login = (g: TestGerbang, password: string) =>
      call(`${g.url}/graphql`, {
        headers: { 'X-Forwarded-For': '203.0.113.77' },
        body: { query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { username } }', variables: { u: 'shared-admin', p: password } },
      });
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) codes.push((await login(i % 2 ? a : b, 'wrong password!!')).body.errors[0].extensions.code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS']);
    expect((await login(a, 'a long admin password')).body.errors[0].extensions.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await login(b, 'a long admin password')).body.errors[0].extensions.code).toBe('TOO_MANY_ATTEMPTS');
  });
});
