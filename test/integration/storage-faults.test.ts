import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { FailingDisk, SmallDisk, canMount } from '../helpers/faults.js';
import { call, freePort, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { createAppWithCli, gerbang, startServer } from '../helpers/process.js';
import { ON_POSTGRES } from '../helpers/database.js';
import { within } from '../helpers/within.js';

const chattr = (flag: '+i' | '-i', files: string[]) => execFileSync('chattr', [flag, ...files.filter((f) => existsSync(f))]);

// Storage faults are SQLite's (PostgreSQL's own are its server's); they need root to mount a tmpfs.
const describeOnSqlite = !ON_POSTGRES && canMount() ? describe : describe.skip;

describeOnSqlite('SQLite storage faults, injected for real', () => {
  let fake: FakeMidtrans;
  let order = 0;
  const nextOrder = () => `DISK-${++order}`;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
  });
  afterAll(() => fake.stop());

  describe('a full disk (a 2 MB tmpfs)', () => {
    let disk: SmallDisk;
    let g: TestGerbang;
    let app: Record<string, string>;
    const charge = (orderId = nextOrder()) => within(3_000, call(`${g.url}/charge`, { headers: app, body: { order_id: orderId, amount: 1000 } }));

    beforeAll(async () => {
      disk = new SmallDisk('2m');
      g = await startTestGerbang({ fake, start: { jobs: false }, env: { DATABASE_URL: `sqlite:${join(disk.dir, 'gerbang.sqlite')}` } });
      app = await g.createApp('disk');
    });

    afterAll(async () => {
      await g.close();
      disk.unmount();
    });

    it('while full: writes answer 503 at once, /readyz 503, /healthz 200; once freed: all works again without a restart', async () => {
      expect((await charge()).status).toBe(201);
      disk.fill();

      for (let i = 0; i < 5; i += 1) {
        const res = await charge();
        expect(res.status).toBe(503);
        expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      }
      // A notification Midtrans sends meanwhile is not lost: 503 makes Midtrans send it again.
      const notification = await within(3_000, call(`${g.url}/notifications/midtrans`, { body: { order_id: 'X', status_code: '200', gross_amount: '1.00' } }));
      expect(notification.status).toBeLessThan(500);
      const ready = await within(3_000, call(`${g.url}/readyz`));
      expect(ready.status).toBe(503);
      expect(ready.body.reason).toContain('written');
      expect((await within(1_000, call(`${g.url}/healthz`))).status).toBe(200);

      disk.free();
      for (let i = 0; i < 3; i += 1) expect((await charge()).status).toBe(201);
      expect((await within(3_000, call(`${g.url}/readyz`))).status).toBe(200);
      // A charge refused during the fault can simply be sent again.
      const retried = nextOrder();
      expect((await charge(retried)).status).toBe(201);
      expect((await charge(retried)).status).toBe(201);
    });
  });

  // The -shm file is shared memory that SQLite maps into the process: made immutable under a running
  // process, the kernel answers its next write with SIGBUS. The files that hold the data are these.
  describe('database files made immutable (chattr +i on the database and its WAL)', () => {
    let dir: string;
    let g: TestGerbang;
    let app: Record<string, string>;
    let files: string[];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gerbang-immutable-'));
      const path = join(dir, 'gerbang.sqlite');
      files = [path, `${path}-wal`];
      g = await startTestGerbang({ fake, start: { jobs: false }, env: { DATABASE_URL: `sqlite:${path}` } });
      app = await g.createApp('immutable');
    });

    afterAll(async () => {
      chattr('-i', files);
      await g.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes answer 503 at once and /readyz 503 while they are; after chattr -i all works again', async () => {
      const charge = () => within(3_000, call(`${g.url}/charge`, { headers: app, body: { order_id: nextOrder(), amount: 1000 } }));
      expect((await charge()).status).toBe(201);
      chattr('+i', files);
      try {
        for (let i = 0; i < 3; i += 1) expect((await charge()).status).toBe(503);
        // GraphQL the same: 503, with the code and the request id.
        const viaGraphql = await within(
          3_000,
          call(`${g.url}/graphql`, {
            headers: { ...app, 'X-Request-Id': 'immutable-0001' },
            body: { query: 'mutation($o: String!) { createTransaction(input: { orderId: $o, amount: 1000 }) { token } }', variables: { o: nextOrder() } },
          }),
        );
        expect({ status: viaGraphql.status, body: viaGraphql.body }).toMatchObject({
          status: 503,
          body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, request_id: 'immutable-0001' } }] },
        });
        expect((await within(3_000, call(`${g.url}/readyz`))).status).toBe(503);
      } finally {
        chattr('-i', files);
      }
      for (let i = 0; i < 3; i += 1) expect((await charge()).status).toBe(201);
      expect((await within(3_000, call(`${g.url}/readyz`))).status).toBe(200);
    });
  });

  it('a database that cannot be written stops the start with one clear line and exit code 75', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gerbang-unwritable-'));
    const path = join(dir, 'gerbang.sqlite');
    const env = { DATABASE_URL: `sqlite:${path}`, PORT: String(await freePort()), HOST: '127.0.0.1' };
    try {
      expect((await gerbang(['app', 'list'], env)).code).toBe(0);
      chattr('+i', [path, `${path}-wal`, `${path}-shm`, join(dir, 'installation.key')].filter(existsSync));
      execFileSync('chattr', ['+i', dir]);
      const result = await gerbang(['serve'], env);
      expect(result.code).toBe(75);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('gerbang cannot use its database (')]);
    } finally {
      execFileSync('chattr', ['-R', '-i', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a flush that fails (fsync EIO: ext4 on a loop device whose backing store filled up)', () => {
    let disk: FailingDisk;

    beforeAll(() => {
      disk = new FailingDisk();
    });
    afterAll(() => disk.remove());

    it('the charge waiting on that commit answers 503, gerbang logs it as fatal, refuses further writes and exits with 74', async () => {
      const port = await freePort();
      const env = {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(disk.dir, 'data', 'gerbang.sqlite')}`,
        ...fake.env,
        LOG_LEVEL: 'warn',
      };
      const app = await createAppWithCli(env, 'eio');
      const server = await startServer(env);
      const url = `http://127.0.0.1:${port}`;
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      const charge = () =>
        within(5_000, call(`${url}/charge`, { headers: app, body: { order_id: nextOrder(), amount: 1000 } })).catch((error: Error) => ({
          status: 0,
          body: error.message,
        }));
      try {
        expect((await charge()).status).toBe(201);
        disk.breakDisk();
        const answers = [];
        // The first commit whose flush fails answers 503; none after it is confirmed either.
        for (let i = 0; i < 5 && server.child.exitCode === null; i += 1) answers.push(await charge());
        const statuses = answers.map((a) => a.status);
        expect(statuses).not.toContain(201);
        expect(statuses[0]).toBe(503);
        expect(await within(5_000, exited)).toBe(74);
        const fatal = server
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level: number; msg: string })
          .filter((line) => line.level === 60);
        expect(fatal.map((line) => line.msg)).toEqual([expect.stringContaining('could not be flushed to disk')]);
      } finally {
        await server.stop();
        await sleep(50);
      }
    });
  });
});
