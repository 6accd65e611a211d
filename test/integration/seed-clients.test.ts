import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, freePort } from '../helpers/gerbang.js';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { openDatabase } from '../../src/config/orm.js';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { GERBANG_BIN, gerbang, run, startServer } from '../helpers/process.js';

/** Copies of shared/contract/clients, byte for byte. */
const CLIENTS = new URL('../fixtures/seed-clients/', import.meta.url);
const SEED_KEY = 'fb93b4e802314a189809f393d913bba6';

/**
 * The seed document's own Python and PHP examples, run unchanged against a started gerbang. The only
 * edit is the one a user makes: the server address (the examples say localhost:5000).
 */
describe("the seed's client examples against a running gerbang", () => {
  let dir: string;
  let url: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let env: Record<string, string>;
  let database: TestDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-seed-'));
    database = await createTestDatabase(dir);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, DATABASE_URL: database.url, ...database.env, LOG_LEVEL: 'warn' };
    const created = await gerbang(['app', 'create', '--code', 'biling', '--name', 'Billing', '--key', SEED_KEY, '--json'], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ code: 'biling', apiKey: SEED_KEY });
    server = await startServer(env);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function localCopy(name: string): string {
    const source = readFileSync(new URL(name, CLIENTS), 'utf8');
    expect(source).toContain('http://localhost:5000/charge');
    const copy = join(dir, name);
    writeFileSync(copy, source.replace('http://localhost:5000', url));
    return copy;
  }

  it('seed_example.py prints the payment link, and again the same link when run twice', async () => {
    const script = localCopy('seed_example.py');
    const first = await run('python3', [script]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(new RegExp(`^Link Bayar: ${url}/simulator/snap/v4/redirection/[0-9a-f-]{36}\\n$`));
    const second = await run('python3', [script]);
    expect(second.stdout).toBe(first.stdout);
  });

  it('seed_example.php prints the payment link', async () => {
    const script = localCopy('seed_example.php');
    const result = await run('php', [script]);
    expect(result.stdout).toMatch(new RegExp(`^Silakan bayar di sini: ${url}/simulator/snap/v4/redirection/[0-9a-f-]{36}$`));
  });

  it('the link the examples print opens a payment page', async () => {
    const link = (await run('python3', [localCopy('seed_example.py')])).stdout.replace('Link Bayar: ', '').trim();
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('TAGIHAN-001');
  });

  it('the examples print the error body when the key is wrong', async () => {
    const script = localCopy('seed_example.py');
    writeFileSync(script, readFileSync(script, 'utf8').replace(SEED_KEY, 'not-the-key-of-biling'));
    const result = await run('python3', [script]);
    expect(result.stdout).toMatch(/^Error: .*"code":"UNAUTHENTICATED"/);
  });

  it('the CLI manages keys of the running server: rotate, disable, enable', async () => {
    const headers = (key: string) => ({ 'X-App-Code': 'shop', 'X-Api-Key': key });
    const created = JSON.parse((await gerbang(['app', 'create', '--code', 'shop', '--name', 'Shop', '--json'], env)).stdout);
    expect(created.apiKey).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
    const charge = (key: string, orderId: string) => call(`${url}/charge`, { headers: headers(key), body: { order_id: orderId, amount: 10000 } });
    expect((await charge(created.apiKey, 'SHOP-1')).status).toBe(201);

    const list = await gerbang(['app', 'list'], env);
    expect(list.stdout).toMatch(/shop\s+Shop\s+gk_\S{6}…\s+active/);
    expect(list.stdout).not.toContain(created.apiKey);

    const rotated = JSON.parse((await gerbang(['app', 'rotate-key', '--code', 'shop', '--json'], env)).stdout);
    expect(rotated.apiKey).not.toBe(created.apiKey);
    expect((await charge(created.apiKey, 'SHOP-2')).status).toBe(401);
    expect((await charge(rotated.apiKey, 'SHOP-2')).status).toBe(201);

    expect((await gerbang(['app', 'disable', '--code', 'shop'], env)).stdout).toContain('disabled');
    const refused = await charge(rotated.apiKey, 'SHOP-3');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('APP_DISABLED');
    await gerbang(['app', 'enable', '--code', 'shop'], env);
    expect((await charge(rotated.apiKey, 'SHOP-3')).status).toBe(201);
  });

  it('the CLI refuses a taken app code and an unknown app with a clear message', async () => {
    const taken = await gerbang(['app', 'create', '--code', 'biling', '--name', 'Again'], env);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('An app with code "biling" already exists');
    const unknown = await gerbang(['app', 'disable', '--code', 'nobody'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No app with code "nobody"');
  });

  (ON_POSTGRES ? it.skip : it)('backup writes a consistent copy of the running SQLite database', async () => {
    const target = join(dir, 'backup.sqlite');
    const result = await gerbang(['backup', '--to', target], env);
    expect(result.code).toBe(0);
    const copy = await openDatabase({ dialect: 'sqlite', path: target });
    try {
      expect((await copy.em.fork().find(AppSchema, {})).map((a) => a.code)).toContain('biling');
    } finally {
      await copy.close();
    }
    expect((await gerbang(['backup', '--to', target], env)).stderr).toContain('exists already');
  });

  (ON_POSTGRES ? it : it.skip)('backup on PostgreSQL points to pg_dump instead', async () => {
    const result = await gerbang(['backup', '--to', join(dir, 'backup.sqlite')], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('pg_dump');
  });

  it('the server says loudly that it simulates payments, and creates the first admin once', async () => {
    expect(server.output()).toContain('SIMULATOR MODE');
    const first = /First run: created the administrator "admin" with the password (\S+)/.exec(server.output());
    expect(first).not.toBeNull();
    const login = await call(`${url}/graphql`, {
      body: { query: 'mutation($p: String!) { login(username: "admin", password: $p) { username } }', variables: { p: first![1] } },
    });
    expect(login.body.data.login.username).toBe('admin');
    // A second start finds the admin and prints no password.
    const again = await startServer({ ...env, PORT: String(await freePort()) });
    await again.stop();
    expect(again.output()).not.toContain('First run');
  });

  it('in production no admin is created: gerbang says how to create one', async () => {
    const prodDir = mkdtempSync(join(tmpdir(), 'gerbang-prod-'));
    const prod = await startServer({
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(prodDir, 'gerbang.sqlite')}`,
      MIDTRANS_IS_PRODUCTION: 'true',
      MIDTRANS_SERVER_KEY: 'Mid-server-PRODUCTION-TEST',
      MIDTRANS_SNAP_BASE_URL: 'http://127.0.0.1:9',
      MIDTRANS_API_BASE_URL: 'http://127.0.0.1:9',
      SECRET_KEY: 'a'.repeat(32),
      LOG_LEVEL: 'warn',
    });
    await prod.stop();
    rmSync(prodDir, { recursive: true, force: true });
    expect(prod.output()).toContain('No administrator exists yet: create one with `npx gerbang admin create --username <name>`');
    expect(prod.output()).not.toContain('First run');
    expect(prod.output()).not.toContain('Mid-server-PRODUCTION-TEST');
  });

  it('admin create reads the password from standard input, never from an argument', async () => {
    const created = await run(process.execPath, [GERBANG_BIN, 'admin', 'create', '--username', 'ops'], env, undefined, 'a long enough password\n');
    expect(created.code).toBe(0);
    const login = await call(`${url}/graphql`, { body: { query: 'mutation { login(username: "ops", password: "a long enough password") { username } }' } });
    expect(login.body.data.login.username).toBe('ops');
    const weak = await run(process.execPath, [GERBANG_BIN, 'admin', 'create', '--username', 'weak'], env, undefined, 'short\n');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('password must be at least 12 characters');
    const token = await gerbang(['admin', 'token', '--username', 'ops'], env);
    const me = await call(`${url}/graphql`, { headers: { Authorization: `Bearer ${token.stdout.trim()}` }, body: { query: '{ me { username via } }' } });
    expect(me.body.data.me).toEqual({ username: 'ops', via: 'token' });
  });
});

describe('starting gerbang', () => {
  it('refuses to start in production without a server key, naming the variable', async () => {
    const result = await gerbang(['serve'], { MIDTRANS_IS_PRODUCTION: 'true', SECRET_KEY: 'a'.repeat(32), DATABASE_URL: 'sqlite::memory:' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('MIDTRANS_SERVER_KEY: required when MIDTRANS_IS_PRODUCTION=true');
  });

  it('reads the seed .env names from a .env file in the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gerbang-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'MIDTRANS_IS_PRODUCTION=maybe\nPORT=eighty\n');
      const result = await gerbang(['serve'], {}, dir);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain('MIDTRANS_IS_PRODUCTION: must be true or false');
      expect(result.stderr).toContain('PORT: must be a port number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
