import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { ON_POSTGRES } from '../helpers/database.js';

const describeOnPostgres = ON_POSTGRES ? describe : describe.skip;

/**
 * PostgreSQL connections killed under load (`pg_terminate_backend`, as a restart or a failover
 * does): every request answers, database trouble is 503 on REST and GraphQL alike, never 500, and
 * the pool recovers by itself.
 */
describeOnPostgres('PostgreSQL connections killed during load', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let app: Record<string, string>;
  let admin: pg.Client;
  let database: string;
  let order = 0;
  const nextOrder = () => `KILL-${++order}`;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    fake.latencyMs = 5;
    g = await startTestGerbang({ fake, start: { jobs: false } });
    app = await g.createApp('kill');
    database = new URL(g.gerbang.config.database.dialect === 'postgresql' ? g.gerbang.config.database.url : '').pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await g.close();
    await fake.stop();
  });

  const killAll = async () => {
    const { rows } = await admin.query('select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
      database,
    ]);
    return rows.length;
  };

  it('REST and GraphQL answer 2xx or 503 while connections die, never 500, and the pool recovers', async () => {
    const answers: { status: number; code?: string }[] = [];
    let running = true;
    const worker = async (graphql: boolean) => {
      while (running) {
        if (graphql) {
          const res = await call(`${g.url}/graphql`, {
            headers: app,
            body: { query: 'mutation($o: String!) { createTransaction(input: { orderId: $o, amount: 1000 }) { token } }', variables: { o: nextOrder() } },
          });
          answers.push({ status: res.status, code: res.body.errors?.[0]?.extensions?.code });
        } else {
          const res = await call(`${g.url}/charge`, { headers: app, body: { order_id: nextOrder(), amount: 1000 } });
          answers.push({ status: res.status, code: res.body.error?.code });
        }
      }
    };
    const workers = [...Array.from({ length: 8 }, () => worker(false)), ...Array.from({ length: 4 }, () => worker(true))];
    let killed = 0;
    for (let round = 0; round < 6; round += 1) {
      await sleep(150);
      killed += await killAll();
    }
    await sleep(150);
    running = false;
    await Promise.all(workers);

    expect(killed).toBeGreaterThan(0);
    const unexpected = answers.filter((a) => !(a.status === 201 || a.status === 200 || a.status === 503));
    expect(unexpected).toEqual([]);
    const graphqlCodes = new Set(answers.filter((a) => a.status === 200 && a.code).map((a) => a.code));
    for (const code of graphqlCodes) expect(code).toBe('SERVICE_UNAVAILABLE');
    const refused = answers.filter((a) => a.status === 503 || a.code);
    expect(refused.every((a) => a.code === 'SERVICE_UNAVAILABLE')).toBe(true);

    // The pool gets new connections by itself: everything works again.
    for (let i = 0; i < 5; i += 1) {
      expect((await call(`${g.url}/charge`, { headers: app, body: { order_id: nextOrder(), amount: 1000 } })).status).toBe(201);
    }
    expect((await call(`${g.url}/readyz`)).status).toBe(200);
    // No connection was kept by a transaction that died with it: every one is back in the pool.
    const pool = (await g.gerbang.orm.em.getConnection().getNativeClient()) as pg.Pool;
    expect({ checkedOut: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }).toEqual({ checkedOut: 0, waiting: 0 });
  }, 60_000);

  it('the admin sign-in limits (kept in PostgreSQL) survive their connections being killed', async () => {
    const signIn = () =>
      call(`${g.url}/graphql`, {
        headers: { 'X-Forwarded-For': '203.0.113.90' },
        body: { query: 'mutation { login(username: "nobody-here", password: "wrong password!!") { username } }' },
      });
    expect((await signIn()).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // The limiter's idle connections die too; the process stays up and the next sign-in is counted.
    expect(await killAll()).toBeGreaterThan(0);
    await sleep(100);
    expect((await signIn()).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await call(`${g.url}/readyz`)).status).toBe(200);
  });
});
