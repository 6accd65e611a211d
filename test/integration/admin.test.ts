import { AdminUserSchema } from '../../src/modules/admin/admin.entity.js';
import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { generate } from 'otplib';
import { randomBytes, scryptSync } from 'node:crypto';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

const PASSWORD = 'correct horse battery staple';

/** A clock the test moves by hand. */
function manualClock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** Admin operations, each as a caller would send it. */
const ADMIN_OPERATIONS: [string, string, Record<string, unknown>][] = [
  ['me', '{ me { username } }', {}],
  ['gateway', '{ gateway { notificationUrl } }', {}],
  ['apps', '{ apps { code keyPrefix } }', {}],
  ['createApp', 'mutation($i: CreateAppInput!) { createApp(input: $i) { apiKey } }', { i: { code: 'matrix-app', name: 'Matrix' } }],
  ['rotateAppKey', 'mutation { rotateAppKey(code: "app-b") { apiKey } }', {}],
  ['disableApp', 'mutation { disableApp(code: "matrix-target") { active } }', {}],
  ['enableApp', 'mutation { enableApp(code: "matrix-target") { active } }', {}],
  ['updateApp', 'mutation { updateApp(input: { code: "matrix-target", name: "Renamed" }) { app { name } } }', {}],
  ['adminTransactions', '{ adminTransactions(first: 5) { edges { node { orderId } } } }', {}],
  ['adminTransaction', '{ adminTransaction(orderId: "ORDER-A") { orderId rawStatus timeline { toStatus } } }', {}],
  ['dashboard', '{ dashboard { today { count } successRate daily { date } } }', {}],
  ['auditLog', '{ auditLog(first: 5) { action } }', {}],
  ['orphanNotifications', '{ orphanNotifications { id } }', {}],
  ['adminReplayFailedWebhookEvents', 'mutation { adminReplayFailedWebhookEvents(appCode: "app-a") }', {}],
];

describe('admin accounts, sessions and the GraphQL authorization matrix', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let appA: Record<string, string>;
  let appB: Record<string, string>;
  let cookie: string;
  let token: string;
  const clock = manualClock();
  // Failed-login slowdowns as gerbang asks for them, then waited for on a real timer.
  const pauses: number[] = [];
  let waitForPauses = true;
  const recordPause = (ms: number) => {
    pauses.push(ms);
    return new Promise((resolve) => setTimeout(resolve, waitForPauses ? ms : 0));
  };

  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    call(`${g.url}/graphql`, { headers, body: { query, variables } });

  /** Signs in over GraphQL, from `ip` when given (gerbang trusts X-Forwarded-For from loopback, as behind a local proxy). */
  async function login(username: string, password: string, ip?: string) {
    const res = await fetch(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(ip ? { 'X-Forwarded-For': ip } : {}) },
      body: JSON.stringify({
        query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { username } }',
        variables: { u: username, p: password },
      }),
    });
    const body = (await res.json()) as {
      data?: { login: { username: string } };
      errors?: { extensions: { code: string; retryAfterSeconds?: number }; message: string }[];
    };
    return { body, setCookie: res.headers.get('set-cookie') ?? '' };
  }

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({
      fake,
      start: { jobs: false, clock: clock.now, adminAuth: { slowdownMs: 20, pause: recordPause }, loginLimits: { perAddress: 15, blockMs: 5000 } },
    });
    appA = await g.createApp('app-a');
    appB = await g.createApp('app-b');
    await g.createApp('matrix-target');
    await g.gerbang.services.adminAuth.create(g.context(), 'root', PASSWORD, 'test');
    await g.gerbang.services.adminAuth.create(g.context(), 'victim', PASSWORD, 'test');
    const { setCookie } = await login('root', PASSWORD);
    cookie = setCookie.split(';')[0]!;
    token = await g.gerbang.services.adminAuth.createToken(g.context(), 'root', 'ci', 'test');
    await call(`${g.url}/charge`, { headers: appA, body: { order_id: 'ORDER-A', amount: 10000 } });
    await call(`${g.url}/charge`, { headers: appB, body: { order_id: 'ORDER-B', amount: 20000 } });
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  it('the session cookie is HttpOnly and SameSite=Strict', async () => {
    const { setCookie } = await login('root', PASSWORD);
    expect(setCookie).toMatch(/^gerbang_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure'); // plain HTTP here; behind HTTPS (X-Forwarded-Proto) it is Secure
  });

  it.each(ADMIN_OPERATIONS)('%s: anonymous is UNAUTHENTICATED, an app FORBIDDEN, an admin allowed', async (_name, query, variables) => {
    const anonymous = await gql(query, variables);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const app = await gql(query, variables, appA);
    expect(app.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const admin = await gql(query, variables, { Cookie: cookie });
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data).toBeTruthy();
  });

  it('an admin API token is allowed too, and a wrong one refused', async () => {
    const ok = await gql('{ apps { code } }', {}, { Authorization: `Bearer ${token}` });
    expect(ok.body.data.apps.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['app-a', 'app-b']));
    const wrong = await gql('{ apps { code } }', {}, { Authorization: 'Bearer gat_not-a-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('app operations stay app-only: an admin without app headers is not an app', async () => {
    const res = await gql('{ transactions(first: 5) { edges { node { orderId } } } }', {}, { Cookie: cookie });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("an app sees only its own transactions; admins see all apps'", async () => {
    const a = await gql('{ transactions(first: 50) { edges { node { orderId } } } }', {}, appA);
    expect(a.body.data.transactions.edges.map((e: { node: { orderId: string } }) => e.node.orderId)).toEqual(['ORDER-A']);
    const other = await gql('{ transaction(orderId: "ORDER-B") { orderId } }', {}, appA);
    expect(other.body.errors[0].extensions.code).toBe('ORDER_NOT_FOUND');
    const admin = await gql('{ adminTransactions(first: 50) { edges { node { orderId appCode } } } }', {}, { Cookie: cookie });
    expect(admin.body.data.adminTransactions.edges.map((e: { node: { orderId: string } }) => e.node.orderId)).toEqual(
      expect.arrayContaining(['ORDER-A', 'ORDER-B']),
    );
    const filtered = await gql('{ adminTransactions(filter: { appCode: "app-b" }) { edges { node { orderId } } } }', {}, { Cookie: cookie });
    expect(filtered.body.data.adminTransactions.edges.map((e: { node: { orderId: string } }) => e.node.orderId)).toEqual(['ORDER-B']);
    const search = await gql('{ adminTransactions(filter: { search: "der-a" }) { edges { node { orderId } } } }', {}, { Cookie: cookie });
    expect(search.body.data.adminTransactions.edges.map((e: { node: { orderId: string } }) => e.node.orderId)).toEqual(['ORDER-A']);
  });

  it('the transaction list filters by paid (settlement, or capture accepted) and totals every matching row, not one page', async () => {
    const shop = await g.createApp('totals-app');
    const amounts = { 'TOT-1': 100_000, 'TOT-2': 50_000, 'TOT-3': 20_000, 'TOT-4': 7_000, 'TOT-5': 3_000 };
    for (const [orderId, amount] of Object.entries(amounts)) {
      expect((await call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount } })).status).toBe(201);
    }
    const settle = async (orderId: string, status: string, options: { fee?: number } = {}) => {
      fake.customerPays(orderId, status, 'bank_transfer', options);
      expect((await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) })).status).toBe(200);
    };
    await settle('TOT-1', 'settlement', { fee: 2_500 });
    await settle('TOT-2', 'capture');
    await settle('TOT-3', 'deny');
    // A capture held by the fraud check, and one without a fraud status, are not paid.
    const em = g.gerbang.orm.em.fork();
    await em.nativeUpdate(TransactionSchema, { orderId: 'TOT-4' }, { transactionStatus: 'capture', fraudStatus: 'challenge' });
    await em.nativeUpdate(TransactionSchema, { orderId: 'TOT-5' }, { transactionStatus: 'capture', fraudStatus: null });
    const list = async (paid: boolean) =>
      (
        await gql(
          'query($p: Boolean) { adminTransactions(first: 1, filter: { appCode: "totals-app", paid: $p }) { totals { count amount paidAmount } edges { node { orderId } } hasNextPage } }',
          { p: paid },
          { Cookie: cookie },
        )
      ).body.data.adminTransactions;
    const paid = await list(true);
    expect(paid.totals).toEqual({ count: 2, amount: 150_000, paidAmount: 152_500 });
    expect(paid.edges.map((e: { node: { orderId: string } }) => e.node.orderId)).toEqual(['TOT-2']);
    expect(paid.hasNextPage).toBe(true);
    const unpaid = await list(false);
    expect(unpaid.totals).toMatchObject({ count: 3, amount: 30_000 });
  });

  it('rotating a key over GraphQL stops the old key at once', async () => {
    await g.createApp('rotating');
    const created = await gql('mutation { rotateAppKey(code: "rotating") { apiKey } }', {}, { Cookie: cookie });
    const first = created.body.data.rotateAppKey.apiKey;
    const rotated = await gql('mutation { rotateAppKey(code: "rotating") { apiKey } }', {}, { Cookie: cookie });
    const second = rotated.body.data.rotateAppKey.apiKey;
    const withOld = await call(`${g.url}/status/X`, { headers: { 'X-App-Code': 'rotating', 'X-Api-Key': first } });
    const withNew = await call(`${g.url}/status/X`, { headers: { 'X-App-Code': 'rotating', 'X-Api-Key': second } });
    expect(withOld.status).toBe(401);
    expect(withNew.status).toBe(404);
  });

  it('admin actions are audited: who, what, when, from which address', async () => {
    const res = await gql('{ auditLog(first: 100) { actor action target ip at } }', {}, { Cookie: cookie });
    const rotations = res.body.data.auditLog.filter((e: { action: string; target: string }) => e.action === 'app.rotate_key' && e.target === 'rotating');
    expect(rotations).toHaveLength(2);
    expect(rotations[0]).toMatchObject({ actor: 'root', ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(res.body.data.auditLog.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['admin.login', 'app.create', 'app.disable']));
  });

  it('failed sign-ins from one address slow down, then refuse that address, even with the right password; another address still signs in', async () => {
    pauses.length = 0;
    const codes: string[] = [];
    for (let i = 1; i <= 5; i += 1) codes.push((await login('victim', 'wrong password!!', '203.0.113.5')).body.errors![0].extensions.code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS']);
    // 20 ms doubling: each failure in a row waits twice as long before answering.
    expect(pauses).toEqual([20, 40, 80, 160, 320]);
    const refused = await login('victim', PASSWORD, '203.0.113.5');
    expect(refused.body.errors![0]).toMatchObject({
      extensions: { code: 'TOO_MANY_ATTEMPTS' },
      message: 'Too many failed sign-ins from this address: try again in 1 minute',
    });
    // For clients to say it in their own words: how long, in seconds (the block here is 5 s).
    expect(refused.body.errors![0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(4);
    expect(refused.body.errors![0].extensions.retryAfterSeconds).toBeLessThanOrEqual(5);
    // The guesses did not lock the admin out elsewhere.
    expect((await login('victim', PASSWORD, '198.51.100.7')).body.data?.login.username).toBe('victim');
    // Once the refusal ends (5 s here, 15 minutes by default), the address may try again.
    await new Promise((resolve) => setTimeout(resolve, 5100));
    expect((await login('victim', PASSWORD, '203.0.113.5')).body.data?.login.username).toBe('victim');
  });

  it('an unknown user name is counted and answered exactly as a known one', async () => {
    const answers = async (username: string, ip: string) => {
      const codes: string[] = [];
      for (let i = 1; i <= 6; i += 1) codes.push((await login(username, 'wrong password!!', ip)).body.errors![0].message);
      return codes;
    };
    const known = await answers('victim', '203.0.113.20');
    expect(await answers('nobody-here', '203.0.113.21')).toEqual(known);
    expect(known.slice(3)).toEqual(['Wrong user name or password', ...Array(2).fill('Too many failed sign-ins from this address: try again in 1 minute')]);
  });

  it('20 wrong passwords sent at once all count: the fifth and later are refused, and then the right password too', async () => {
    await g.gerbang.services.adminAuth.create(g.context(), 'racer', PASSWORD, 'test');
    // Answered without the slowdown's waits, well within the 5 s refusal.
    waitForPauses = false;
    const answers = await Promise.all(Array.from({ length: 20 }, () => login('racer', 'wrong password!!', '203.0.113.30')));
    waitForPauses = true;
    const codes = answers.map((a) => a.body.errors![0].extensions.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(4);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(16);
    const stored = await g.gerbang.orm.em.fork().findOneOrFail(AdminUserSchema, { username: 'racer' });
    expect(stored.failedLogins).toBe(20);
    expect((await login('racer', PASSWORD, '203.0.113.30')).body.errors![0].extensions.code).toBe('TOO_MANY_ATTEMPTS');
  }, 30_000);

  it('guesses at many user names from one address refuse that address for every name', async () => {
    for (let i = 0; i < 15; i += 1) {
      const { body } = await login(`guess-${i}`, 'wrong password!!', '203.0.113.40');
      expect(body.errors![0].extensions.code).toBe(i < 14 ? 'UNAUTHENTICATED' : 'TOO_MANY_ATTEMPTS');
    }
    expect((await login('root', PASSWORD, '203.0.113.40')).body.errors![0].extensions.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await login('root', PASSWORD, '203.0.113.41')).body.data?.login.username).toBe('root');
  });

  it('two-factor sign-in: enrolment with a QR code, a code at every sign-in, each code and recovery code once, and a reset', async () => {
    await g.gerbang.services.adminAuth.create(g.context(), 'tfa', PASSWORD, 'test');
    const ip = '203.0.113.60';
    const session = (await login('tfa', PASSWORD, ip)).setCookie.split(';')[0];
    const started = await gql('mutation { startTwoFactor { secret otpauthUrl qrSvg } }', {}, { Cookie: session });
    const { secret, otpauthUrl, qrSvg } = started.body.data.startTwoFactor as { secret: string; otpauthUrl: string; qrSvg: string };
    expect(otpauthUrl).toBe(`otpauth://totp/gerbang:tfa?secret=${secret}&issuer=gerbang`);
    expect(qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    // Not on until confirmed: the password alone still signs in.
    expect((await login('tfa', PASSWORD, ip)).body.data?.login.username).toBe('tfa');
    const codeNow = () => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
    const wrongConfirm = await gql('mutation($c: String!) { confirmTwoFactor(code: $c) }', { c: '000000' }, { Cookie: session });
    expect(wrongConfirm.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const confirmed = await gql('mutation($c: String!) { confirmTwoFactor(code: $c) }', { c: await codeNow() }, { Cookie: session });
    const recovery = confirmed.body.data.confirmTwoFactor as string[];
    expect(recovery).toHaveLength(10);
    expect(recovery.every((c) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(c))).toBe(true);
    expect((await gql('{ me { twoFactor } }', {}, { Cookie: session })).body.data.me.twoFactor).toBe(true);

    const withCode = (code?: string) =>
      call(`${g.url}/graphql`, {
        headers: { 'X-Forwarded-For': ip },
        body: {
          query: 'mutation($u: String!, $p: String!, $c: String) { login(username: $u, password: $p, code: $c) { username } }',
          variables: { u: 'tfa', p: PASSWORD, c: code },
        },
      });
    expect((await withCode()).body.errors[0]).toMatchObject({ extensions: { code: 'TWO_FACTOR_REQUIRED' } });
    // The code that confirmed the enrolment was used: not again.
    expect((await withCode(await codeNow())).body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'Wrong two-factor code' });
    clock.advance(30_000);
    const fresh = await codeNow();
    expect((await withCode(fresh)).body.data.login.username).toBe('tfa');
    expect((await withCode(fresh)).body.errors[0].message).toBe('Wrong two-factor code');
    // A recovery code signs in once.
    expect((await withCode(recovery[0].toUpperCase())).body.data.login.username).toBe('tfa');
    expect((await withCode(recovery[0])).body.errors[0].message).toBe('Wrong two-factor code');
    const stored = await g.gerbang.orm.em.fork().findOneOrFail(AdminUserSchema, { username: 'tfa' });
    expect(stored.recoveryCodeHashes).toHaveLength(9);
    expect(stored.totpSecretSealed).not.toContain(secret);

    // The device is lost: an operator turns it off on the server; the password alone signs in again.
    await g.gerbang.services.adminAuth.resetTwoFactor(g.context(), 'tfa', 'cli:ops');
    expect((await login('tfa', PASSWORD, '203.0.113.61')).body.data?.login.username).toBe('tfa');
  });

  it('sessions end after 30 idle minutes, and after 12 hours however active', async () => {
    const idle = (await login('root', PASSWORD)).setCookie.split(';')[0];
    clock.advance(29 * 60_000);
    expect((await gql('{ me { username } }', {}, { Cookie: idle })).body.data.me.username).toBe('root');
    clock.advance(31 * 60_000);
    expect((await gql('{ me { username } }', {}, { Cookie: idle })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const busy = (await login('root', PASSWORD)).setCookie.split(';')[0];
    // Active every 20 minutes for 11 h 40 min: never idle, still open.
    for (let step = 0; step < 35; step += 1) {
      clock.advance(20 * 60_000);
      expect((await gql('{ me { username } }', {}, { Cookie: busy })).body.data?.me.username).toBe('root');
    }
    clock.advance(20 * 60_000);
    expect((await gql('{ me { username } }', {}, { Cookie: busy })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    cookie = (await login('root', PASSWORD)).setCookie.split(';')[0]!;
  });

  it('logout ends the session on the server: the same cookie no longer works', async () => {
    const session = (await login('root', PASSWORD)).setCookie.split(';')[0];
    const out = await fetch(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: session },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(out.headers.get('set-cookie')).toMatch(/gerbang_session=;/);
    expect((await gql('{ me { username } }', {}, { Cookie: session })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a disabled admin loses sessions and tokens at once', async () => {
    await g.gerbang.services.adminAuth.create(g.context(), 'leaver', PASSWORD, 'test');
    const session = (await login('leaver', PASSWORD)).setCookie.split(';')[0];
    const leaverToken = await g.gerbang.services.adminAuth.createToken(g.context(), 'leaver', 'x', 'test');
    await g.gerbang.services.adminAuth.setActive(g.context(), 'leaver', false, 'test');
    expect((await gql('{ me { username } }', {}, { Cookie: session })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql('{ me { username } }', {}, { Authorization: `Bearer ${leaverToken}` })).status).toBe(401);
  });

  it('a cross-site POST cannot change state: Apollo refuses form-like requests to /graphql', async () => {
    const res = await fetch(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Cookie: cookie, Origin: 'https://evil.example' },
      body: JSON.stringify({ query: 'mutation { disableApp(code: "app-a") { active } }' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
    const app = await gql('{ apps { code active } }', {}, { Cookie: cookie });
    expect(app.body.data.apps.find((a: { code: string }) => a.code === 'app-a').active).toBe(true);
  });

  it('a cross-site form post to gerbang pages is refused with 403', async () => {
    const res = await fetch(`${g.url}/admin/anything`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      body: 'a=b',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CROSS_SITE_REQUEST');
  });

  const storedHash = async (username: string) =>
    ((await g.gerbang.orm.em.getConnection().execute('select password_hash from admin_users where username = ?', [username])) as { password_hash: string }[])[0]
      .password_hash;

  it('passwords are stored as scrypt hashes at an OWASP cost (N=2^14, r=8, p=5: 16 MiB), never in clear', async () => {
    expect(await storedHash('root')).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(await storedHash('root')).not.toContain(PASSWORD);
  });

  it('a hash made with other scrypt settings still logs in, and is replaced by one at the current settings', async () => {
    await g.gerbang.services.adminAuth.create(g.context(), 'veteran', PASSWORD, 'test');
    // What an older gerbang stored: N=2^17, r=8, p=1, the same layout.
    const salt = randomBytes(16);
    const old = `scrypt$131072$8$1$${salt.toString('base64')}$${scryptSync(PASSWORD.normalize('NFKC'), salt, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }).toString('base64')}`;
    await g.gerbang.orm.em.getConnection().execute('update admin_users set password_hash = ? where username = ?', [old, 'veteran']);

    expect((await login('veteran', 'wrong password!!')).body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await storedHash('veteran')).toBe(old);
    expect((await login('veteran', PASSWORD)).body.data?.login.username).toBe('veteran');
    const renewed = await storedHash('veteran');
    expect(renewed).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(renewed).not.toContain(PASSWORD);
    expect((await login('veteran', PASSWORD)).body.data?.login.username).toBe('veteran');
    expect((await login('veteran', 'wrong password!!')).body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
