import { hash } from 'node:crypto';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/** A clock the test moves by hand. */
function manualClock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const CREATE = `mutation($input: CreateTransactionInput!) { createTransaction(input: $input) { orderId token redirectUrl clientSecret } }`;
const PAYMENT = `query($s: String!) { payment(clientSecret: $s) { orderId amount currency state paymentMethod snapToken redirectUrl paidAt sequence } }`;
const SHOP_ORIGIN = 'https://toko.example.id';

/** Per-payment client secrets: what a shopper's browser may hold and see, and from which sites. */
describe('client secrets and the public payment view', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let other: Record<string, string>;
  const clock = manualClock();
  let orders = 0;

  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    call(`${g.url}/graphql`, { headers, body: { query, variables } });

  async function create(headers: Record<string, string>, extra: Record<string, unknown> = {}) {
    orders += 1;
    const res = await gql(
      CREATE,
      {
        input: {
          orderId: `CS-${Date.now()}-${orders}`,
          amount: 125000,
          customerDetails: { firstName: 'Siti', email: 'siti@example.id', phone: '+628111' },
          ...extra,
        },
      },
      headers,
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data.createTransaction as { orderId: string; token: string; redirectUrl: string; clientSecret: string };
  }

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, env: { MIDTRANS_CLIENT_KEY: 'SB-Mid-client-TEST' }, start: { jobs: false, clock: clock.now } });
    shop = await g.createApp('shop');
    other = await g.createApp('other');
  });

  afterAll(async () => {
    await g?.close();
    await fake?.stop();
  });

  it('createTransaction gives a 256-bit client secret, the same on a repeat; gerbang stores only its hash', async () => {
    const created = await create(shop);
    expect(created.clientSecret).toMatch(/^pcs_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.clientSecret.slice(4).split('.')[0], 'base64url').toString()).toBe(created.orderId);
    const again = await gql(
      CREATE,
      { input: { orderId: created.orderId, amount: 125000, customerDetails: { firstName: 'Siti', email: 'siti@example.id', phone: '+628111' } } },
      shop,
    );
    expect(again.body.data.createTransaction.clientSecret).toBe(created.clientSecret);
    const [row] = await g.context().em.getConnection().execute<Record<string, unknown>[]>('select * from transactions where order_id = ?', [created.orderId]);
    expect(row!.client_secret_hash).toBe(hash('sha256', created.clientSecret, 'hex'));
    expect(JSON.stringify(row)).not.toContain(created.clientSecret);
    // The app sees it again on its own transaction; REST's /charge answer is the contract's, unchanged.
    const detail = await gql('query($o: String!) { transaction(orderId: $o) { clientSecret } }', { o: created.orderId }, shop);
    expect(detail.body.data.transaction.clientSecret).toBe(created.clientSecret);
    const rest = await call(`${g.url}/charge`, { headers: shop, body: { order_id: `REST-${Date.now()}`, amount: 5000 } });
    expect(Object.keys(rest.body).sort()).toEqual(['redirect_url', 'token']);
  });

  it('with only the secret, a page reads its payment: no customer, no app, and follows it to paid', async () => {
    const created = await create(shop);
    const waiting = await gql(PAYMENT, { s: created.clientSecret });
    expect(waiting.body.errors).toBeUndefined();
    expect(waiting.body.data.payment).toEqual({
      orderId: created.orderId,
      amount: 125000,
      currency: 'IDR',
      state: 'waiting',
      paymentMethod: null,
      snapToken: created.token,
      redirectUrl: created.redirectUrl,
      paidAt: null,
      sequence: 0,
    });
    // Nothing else can be asked of it: the type has no customer or app fields at all.
    const nosy = await gql(`query($s: String!) { payment(clientSecret: $s) { orderId customerDetails appCode } }`, { s: created.clientSecret });
    expect(nosy.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
    ]);

    fake.customerPays(created.orderId, 'settlement', 'qris');
    expect((await call(`${g.url}/notifications/midtrans`, { body: fake.notification(created.orderId) })).status).toBe(200);
    const paid = (await gql(PAYMENT, { s: created.clientSecret })).body.data.payment;
    expect(paid).toMatchObject({ state: 'paid', paymentMethod: 'qris', sequence: 1 });
    expect(new Date(paid.paidAt).getTime()).toBeGreaterThan(0);
  });

  it('a wrong, unknown, other or expired secret opens nothing', async () => {
    const mine = await create(shop);
    const theirs = await create(other);
    const seen = async (secret: string) => {
      const res = await gql(PAYMENT, { s: secret });
      return res.body.errors ? res.body.errors[0].extensions.code : res.body.data.payment.orderId;
    };
    expect(await seen(mine.clientSecret)).toBe(mine.orderId);
    expect(await seen(theirs.clientSecret)).toBe(theirs.orderId);
    expect(await seen(`${mine.clientSecret.slice(0, -1)}${mine.clientSecret.endsWith('A') ? 'B' : 'A'}`)).toBe('UNAUTHENTICATED');
    expect(await seen('pcs_short')).toBe('UNAUTHENTICATED');
    // Another order's name with this payment's 256 bits opens neither.
    expect(await seen(`pcs_${Buffer.from(theirs.orderId).toString('base64url')}.${mine.clientSecret.split('.')[1]}`)).toBe('UNAUTHENTICATED');
    expect(await seen(mine.token)).toBe('UNAUTHENTICATED');
    // The app key is not a client secret either, and app headers do not widen what a secret opens.
    expect(await seen(shop['X-Api-Key'])).toBe('UNAUTHENTICATED');
    clock.advance(48 * 3_600_000 + 1000);
    try {
      expect(await seen(mine.clientSecret)).toBe('UNAUTHENTICATED');
    } finally {
      clock.advance(-(48 * 3_600_000 + 1000));
    }
  });

  it("pages of other sites may use a secret only from the app's allowed origins; CORS follows the same list", async () => {
    const created = await create(shop);
    const preflight = (origin: string) =>
      fetch(`${g.url}/graphql`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
    const before = await preflight(SHOP_ORIGIN);
    expect(before.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await gql(PAYMENT, { s: created.clientSecret }, { Origin: SHOP_ORIGIN });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');

    const admin = g.gerbang.services.admin;
    await expect(admin.updateApp(g.context(), { name: 'test' }, 'shop', { allowedOrigins: ['https://toko.example.id/checkout'] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(admin.updateApp(g.context(), { name: 'test' }, 'shop', { allowedOrigins: ['ftp://toko.example.id'] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const updated = await admin.updateApp(g.context(), { name: 'test' }, 'shop', { allowedOrigins: [SHOP_ORIGIN, ' https://www.toko.example.id '] });
    expect(updated.app.allowedOrigins).toEqual([SHOP_ORIGIN, 'https://www.toko.example.id']);
    clock.advance(6000); // past the CORS list's few seconds of caching
    const allowed = await preflight(SHOP_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const ok = await gql(PAYMENT, { s: created.clientSecret }, { Origin: SHOP_ORIGIN });
    expect(ok.body.data.payment.orderId).toBe(created.orderId);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    // The other app's payment is not for the shop's site, and a stranger's site gets nothing.
    const theirs = await create(other);
    expect((await gql(PAYMENT, { s: theirs.clientSecret }, { Origin: SHOP_ORIGIN })).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    // gerbang's own pages (same origin) are not cross-site.
    expect((await gql(PAYMENT, { s: created.clientSecret }, { Origin: g.url })).body.data.payment.orderId).toBe(created.orderId);
  });

  it('checkoutConfig tells a page how to open Snap', async () => {
    const res = await gql('{ checkoutConfig { provider clientKey production snapJsUrl } }');
    expect(res.body.data.checkoutConfig).toEqual({
      provider: 'midtrans',
      clientKey: 'SB-Mid-client-TEST',
      production: false,
      snapJsUrl: `${fake.url}/snap/snap.js`,
    });
  });

  it('payments made before client secrets existed get theirs at start', async () => {
    const created = await create(shop);
    await g.context().em.getConnection().execute('update transactions set client_secret_hash = null where order_id = ?', [created.orderId]);
    expect((await gql(PAYMENT, { s: created.clientSecret })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await g.gerbang.services.checkout.storeMissingSecrets(g.context())).toBe(1);
    expect((await gql(PAYMENT, { s: created.clientSecret })).body.data.payment.orderId).toBe(created.orderId);
  });
});
