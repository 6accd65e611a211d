import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A clock the test moves by hand. */
function manualClock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const CREATE = `mutation($input: CreateTransactionInput!) { createTransaction(input: $input) { orderId clientSecret } }`;
const FOLLOW_PAYMENT = 'subscription($s: String!) { paymentUpdated(clientSecret: $s) { orderId state sequence paymentMethod } }';
const FOLLOW_APP = 'subscription($o: String) { transactionUpdated(orderId: $o) { orderId sequence transactionStatus paid } }';
const SHOP_ORIGIN = 'https://toko.example.id';

/** A graphql-ws client on gerbang's /graphql, as a page of `origin` would open it. */
function live(url: string, options: { origin?: string; params?: Record<string, string>; onClose?: (code: number) => void } = {}): Client {
  class Socket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, options.origin ? { headers: { Origin: options.origin } } : {});
    }
  }
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: Socket,
    connectionParams: options.params,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => options.onClose?.((event as { code: number }).code) },
  });
}

/** Collects what a subscription sends until it ends (or `count` arrived); errors are collected too. */
function collect<T>(client: Client, query: string, variables: Record<string, unknown>) {
  const items: T[] = [];
  const errors: { message: string; extensions?: { code?: string } }[] = [];
  let ended = false;
  let waiters: (() => void)[] = [];
  const poke = () => {
    for (const w of waiters) w();
    waiters = [];
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...(value.errors as typeof errors));
        if (value.data) items.push(value.data);
        poke();
      },
      error: (error) => {
        const reason = error as { code?: number; reason?: string; message?: string };
        errors.push(...(Array.isArray(error) ? error : [{ message: reason.message ?? `closed ${reason.code} ${reason.reason}` }]));
        ended = true;
        poke();
      },
      complete: () => {
        ended = true;
        poke();
      },
    },
  );
  const until = async (done: () => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(items)} ${JSON.stringify(errors)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return {
    items,
    errors,
    stop,
    get ended() {
      return ended;
    },
    count: (n: number) => until(() => items.length >= n || ended),
    end: (timeoutMs?: number) => until(() => ended, timeoutMs),
  };
}

describe('live updates over GraphQL subscriptions (graphql-ws)', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let other: Record<string, string>;
  const clock = manualClock();
  const clients: Client[] = [];
  let orders = 0;

  const client = (options: Parameters<typeof live>[1] = {}) => {
    const c = live(g.url, options);
    clients.push(c);
    return c;
  };

  async function create(headers: Record<string, string>) {
    orders += 1;
    const res = await call(`${g.url}/graphql`, {
      headers,
      body: { query: CREATE, variables: { input: { orderId: `LIVE-${Date.now()}-${orders}`, amount: 90000 } } },
    });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.createTransaction as { orderId: string; clientSecret: string };
  }

  async function notify(orderId: string, status = 'settlement') {
    fake.customerPays(orderId, status, 'gopay');
    expect((await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) })).status).toBe(200);
  }

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, start: { jobs: false, clock: clock.now, live: { idleMs: 400 } } });
    shop = await g.createApp('shop');
    other = await g.createApp('other');
  });

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await g?.close();
    await fake?.stop();
  });

  it('a page holding a client secret sees its payment now, then each change in order, as it is committed', async () => {
    const payment = await create(shop);
    const events = collect<{ paymentUpdated: { orderId: string; state: string; sequence: number; paymentMethod: string | null } }>(client(), FOLLOW_PAYMENT, {
      s: payment.clientSecret,
    });
    await events.count(1);
    expect(events.items[0].paymentUpdated).toEqual({ orderId: payment.orderId, state: 'waiting', sequence: 0, paymentMethod: null });
    await notify(payment.orderId, 'settlement');
    await events.count(2);
    const refund = await call(`${g.url}/refund/${payment.orderId}`, { headers: shop, body: { amount: 10000, reason: 'test' } });
    expect(refund.status).toBe(200);
    await events.count(3);
    expect(events.items.map((e) => [e.paymentUpdated.sequence, e.paymentUpdated.state, e.paymentUpdated.paymentMethod])).toEqual([
      [0, 'waiting', null],
      [1, 'paid', 'gopay'],
      [2, 'refunded', 'gopay'],
    ]);
    expect(events.errors).toEqual([]);
    events.stop();
  });

  it("an app follows its own payments with its key in the connection parameters, never another app's", async () => {
    const mine = await create(shop);
    const theirs = await create(other);
    const all = collect<{ transactionUpdated: { orderId: string; sequence: number; transactionStatus: string; paid: boolean } }>(
      client({ params: { 'X-App-Code': 'shop', 'X-Api-Key': shop['X-Api-Key'] } }),
      FOLLOW_APP,
      {},
    );
    const one = collect<{ transactionUpdated: { orderId: string; sequence: number } }>(
      client({ params: { 'X-App-Code': 'shop', 'X-Api-Key': shop['X-Api-Key'] } }),
      FOLLOW_APP,
      { o: mine.orderId },
    );
    await one.count(1);
    await notify(theirs.orderId);
    await notify(mine.orderId);
    await all.count(1);
    await one.count(2);
    expect(all.items.map((e) => e.transactionUpdated)).toEqual([{ orderId: mine.orderId, sequence: 1, transactionStatus: 'settlement', paid: true }]);
    expect(one.items.map((e) => e.transactionUpdated.sequence)).toEqual([0, 1]);
    // Another app's order does not exist for this app.
    const nosy = collect(client({ params: { 'X-App-Code': 'shop', 'X-Api-Key': shop['X-Api-Key'] } }), FOLLOW_APP, { o: theirs.orderId });
    await nosy.end();
    expect(nosy.errors[0].extensions?.code).toBe('ORDER_NOT_FOUND');
    // A wrong key gets no connection; no credentials get UNAUTHENTICATED.
    let closed = 0;
    const wrong = collect(client({ params: { 'X-App-Code': 'shop', 'X-Api-Key': 'gk_wrong' }, onClose: (code) => (closed = code) }), FOLLOW_APP, {});
    await wrong.end();
    expect(closed).toBe(4403);
    const anonymous = collect(client(), FOLLOW_APP, {});
    await anonymous.end();
    expect(anonymous.errors[0].extensions?.code).toBe('UNAUTHENTICATED');
    all.stop();
  });

  it("pages of other sites connect only from an allowed origin, use only their app's secrets, and never app keys", async () => {
    const mine = await create(shop);
    const theirs = await create(other);
    let closed = 0;
    const stranger = collect(client({ origin: SHOP_ORIGIN, onClose: (code) => (closed = code) }), FOLLOW_PAYMENT, { s: mine.clientSecret });
    await stranger.end();
    // The upgrade itself is refused (403): no connection, nothing sent.
    expect(stranger.items).toEqual([]);
    expect(stranger.errors.length).toBeGreaterThan(0);
    expect(closed).not.toBe(1000);

    await g.gerbang.services.admin.updateApp(g.context(), { name: 'test' }, 'shop', { allowedOrigins: [SHOP_ORIGIN] });
    clock.advance(6000);
    const page = collect<{ paymentUpdated: { orderId: string } }>(client({ origin: SHOP_ORIGIN }), FOLLOW_PAYMENT, { s: mine.clientSecret });
    await page.count(1);
    expect(page.items[0].paymentUpdated.orderId).toBe(mine.orderId);
    page.stop();
    const wrongApp = collect(client({ origin: SHOP_ORIGIN }), FOLLOW_PAYMENT, { s: theirs.clientSecret });
    await wrongApp.end();
    expect(wrongApp.errors[0].extensions?.code).toBe('FORBIDDEN');
    let keyClosed = 0;
    const keyInPage = collect(
      client({ origin: SHOP_ORIGIN, params: { 'X-App-Code': 'shop', 'X-Api-Key': shop['X-Api-Key'] }, onClose: (code) => (keyClosed = code) }),
      FOLLOW_APP,
      {},
    );
    await keyInPage.end();
    expect(keyClosed).toBe(4403);
  });

  it('limits: five subscriptions per secret, 64 kB messages, idle connections closed, and a secret that expires ends its subscription', async () => {
    const payment = await create(shop);
    const held = [];
    for (let i = 0; i < 5; i += 1) {
      const s = collect(client(), FOLLOW_PAYMENT, { s: payment.clientSecret });
      await s.count(1);
      held.push(s);
    }
    const sixth = collect(client(), FOLLOW_PAYMENT, { s: payment.clientSecret });
    await sixth.end();
    expect(sixth.errors[0].extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    for (const s of held) s.stop();

    // A message larger than 64 kB closes the connection (1009: message too big).
    const big = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${g.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(70_000) } })));
      ws.on('close', (code) => resolve(code));
    });
    expect(big).toBe(1009);

    // A connection that holds no subscription is closed (400 ms in this test, a minute by default).
    const idle = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${g.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.on('close', (code) => resolve(code));
    });
    expect(idle).toBe(4400);

    // 2.5 s before the secret's 48 hours are over (the test's clock may already run ahead): the subscription ends cleanly then.
    const fresh = await create(shop);
    const shift = 48 * 3_600_000 - 2500 - (clock.now().getTime() - Date.now());
    clock.advance(shift);
    try {
      const ending = collect(client(), FOLLOW_PAYMENT, { s: fresh.clientSecret });
      await ending.count(1);
      expect(ending.ended).toBe(false);
      await ending.end(5000);
      expect(ending.errors).toEqual([]);
      clock.advance(3000);
      const late = collect(client(), FOLLOW_PAYMENT, { s: fresh.clientSecret });
      await late.end();
      expect(late.errors[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      clock.advance(-shift - 3000);
    }
    // Every refusal here was the client's doing: none is logged as a fault of gerbang's.
    expect(
      g.logs
        .join('')
        .split('\n')
        .filter((line) => line.includes('"level":50')),
    ).toEqual([]);
  });

  it('the same depth, alias and cost limits as queries; a wrong field is refused before anything runs', async () => {
    const wrong = collect(client(), 'subscription { paymentUpdated(clientSecret: "x") { orderId customerDetails } }', {});
    await wrong.end();
    expect(wrong.errors[0].message).toMatch(/customerDetails/);
  });

  it('stopping the server tells live clients it is going away (1001) and drains', async () => {
    const second = await startTestGerbang({ fake, start: { jobs: false } });
    const headers = await second.createApp('drain');
    let code = 0;
    const c = live(second.url, { params: { 'X-App-Code': 'drain', 'X-Api-Key': headers['X-Api-Key'] }, onClose: (closed) => (code = closed) });
    const s = collect(c, FOLLOW_APP, {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.gerbang.live.connections).toBe(1);
    await second.close();
    await s.end();
    expect(code).toBe(1001);
    await c.dispose();
  });
});

(ON_POSTGRES ? describe : describe.skip)('live updates across two gerbang instances on one PostgreSQL database', () => {
  let fake: FakeMidtrans;
  let dir: string;
  let database: TestDatabase;
  let a: TestGerbang;
  let b: TestGerbang;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    dir = mkdtempSync(join(tmpdir(), 'gerbang-live-'));
    database = await createTestDatabase(dir);
    a = await startTestGerbang({ fake, database, start: { jobs: false } });
    b = await startTestGerbang({ fake, database, start: { jobs: false } });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    await fake?.stop();
  });

  it('a change committed by one instance reaches a subscriber connected to the other, in order', async () => {
    const headers = await a.createApp('pg-shop');
    const created = await call(`${a.url}/graphql`, {
      headers,
      body: { query: CREATE, variables: { input: { orderId: `PGLIVE-${Date.now()}`, amount: 50000 } } },
    });
    const { orderId, clientSecret } = created.body.data.createTransaction as { orderId: string; clientSecret: string };
    const c = live(b.url);
    const events = collect<{ paymentUpdated: { state: string; sequence: number } }>(c, FOLLOW_PAYMENT, { s: clientSecret });
    await events.count(1);
    fake.customerPays(orderId, 'settlement', 'gopay');
    expect((await call(`${a.url}/notifications/midtrans`, { body: fake.notification(orderId) })).status).toBe(200);
    const refund = await call(`${a.url}/refund/${orderId}`, { headers, body: { amount: 1000, reason: 'test' } });
    expect(refund.status).toBe(200);
    await events.count(3);
    expect(events.items.map((e) => [e.paymentUpdated.sequence, e.paymentUpdated.state])).toEqual([
      [0, 'waiting'],
      [1, 'paid'],
      [2, 'refunded'],
    ]);
    await c.dispose();
  });
});
