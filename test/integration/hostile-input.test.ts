import { deflateSync, gzipSync } from 'node:zlib';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { deepJson, rawRequest } from '../helpers/raw-http.js';

/** pino's number for the error level. */
const ERROR_LEVEL = 50;

/**
 * A caller's mistake is answered with a 4xx and gerbang's JSON error, never a 5xx, and is never
 * written to the log at error level (that level is for gerbang's own faults).
 */
describe("a caller's mistake is never a 5xx", () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let order = 0;
  const nextOrder = () => `HOSTILE-${++order}`;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, start: { jobs: false } });
    shop = await g.createApp('hostile');
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  const errorLines = () =>
    g.logs
      .flatMap((chunk) => chunk.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level >= ERROR_LEVEL);

  beforeEach(() => {
    g.logs.length = 0;
  });

  afterEach(() => {
    expect(errorLines()).toEqual([]);
  });

  const expectClientError = (res: { status: number; body: any }, code?: string) => {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof res.body.error?.message === 'string' || Array.isArray(res.body.errors)).toBe(true);
    if (code) expect(res.body.error?.code ?? res.body.errors?.[0]?.extensions?.code).toBe(code);
  };

  describe('malformed percent-encoding in the path', () => {
    const odd = ['%ff', '%', '%zz', '%c0%af'];
    it.each(['status', 'cancel', 'expire', 'refund'])('/%s/<odd> answers 400 BAD_REQUEST, with or without credentials', async (action) => {
      for (const id of odd) {
        const method = action === 'status' ? 'GET' : 'POST';
        expectClientError(await rawRequest(g.url, { method, path: `/${action}/${id}` }), 'BAD_REQUEST');
        expectClientError(await rawRequest(g.url, { method, path: `/${action}/${id}`, headers: shop }), 'BAD_REQUEST');
      }
    });
  });

  describe('bad or unsupported Content-Encoding', () => {
    const garbage = Buffer.from('this is not compressed at all');
    const bodies: [string, Buffer][] = [
      ['deflate', garbage],
      ['gzip', garbage],
      ['br', garbage],
      ['compress', garbage],
      ['xyz', garbage],
      ['gzip', gzipSync(Buffer.from('{"order_id": "x"')).subarray(0, 12)],
    ];
    it.each(['/charge', '/graphql', '/refund/HOSTILE-X', '/notifications/midtrans'])('%s answers 4xx for every one', async (path) => {
      for (const [encoding, body] of bodies) {
        const res = await rawRequest(g.url, {
          method: 'POST',
          path,
          headers: { ...shop, 'Content-Type': 'application/json', 'Content-Encoding': encoding },
          body,
        });
        expectClientError(res);
      }
    });

    it('a well-compressed charge still works', async () => {
      const orderId = nextOrder();
      const body = deflateSync(Buffer.from(JSON.stringify({ order_id: orderId, amount: 1000 })));
      const res = await rawRequest(g.url, {
        method: 'POST',
        path: '/charge',
        headers: { ...shop, 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' },
        body,
      });
      expect(res.status).toBe(201);
    });
  });

  describe('GraphQL variables of the wrong type', () => {
    it('"amount": "150000" answers HTTP 400 BAD_USER_INPUT, as does every other variable mistake', async () => {
      const query = 'mutation($input: CreateTransactionInput!) { createTransaction(input: $input) { token } }';
      for (const input of [{ orderId: nextOrder(), amount: '150000' }, { orderId: 5, amount: 1000 }, { orderId: nextOrder() }, null, 'x']) {
        const res = await call(`${g.url}/graphql`, { headers: shop, body: { query, variables: { input } } });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      }
      const list = await call(`${g.url}/graphql`, {
        headers: shop,
        body: { query: 'query($f: Int!) { transactions(first: $f) { pageInfo { hasNextPage } } }', variables: { f: 'ten' } },
      });
      expect(list.status).toBe(400);
    });
  });

  describe('signed notifications that no Midtrans would send', () => {
    const signed = (body: Record<string, unknown>) => ({
      ...body,
      signature_key: fake.signature(String(body.order_id), String(body.status_code), String(body.gross_amount)),
    });

    it('an extra field nested 10,000 levels deep is refused with 400 INVALID_JSON', async () => {
      const orderId = nextOrder();
      const body = signed({ order_id: orderId, status_code: '200', gross_amount: '1000.00', transaction_status: 'settlement' });
      const text = JSON.stringify(body).replace(/}$/, `,"extra":${deepJson(10_000)}}`);
      const res = await rawRequest(g.url, { method: 'POST', path: '/notifications/midtrans', headers: { 'Content-Type': 'application/json' }, body: text });
      expectClientError(res, 'INVALID_JSON');
      expect(res.body.error.message).toContain('nested deeper');
    });

    it('a NUL byte in the order_id, or anywhere else, is refused with 400', async () => {
      const nul = await call(`${g.url}/notifications/midtrans`, { body: signed({ order_id: 'INV-\u0000-1', status_code: '200', gross_amount: '1000.00' }) });
      expectClientError(nul, 'INVALID_JSON');
      const elsewhere = await call(`${g.url}/notifications/midtrans`, {
        body: signed({ order_id: 'INV-1', status_code: '200', gross_amount: '1000.00', note: 'a\u0000b' }),
      });
      expectClientError(elsewhere, 'INVALID_JSON');
      const surrogate = await call(`${g.url}/notifications/midtrans`, {
        body: signed({ order_id: 'INV-1', status_code: '200', gross_amount: '1000.00', note: '\ud800' }),
      });
      expectClientError(surrogate, 'INVALID_JSON');
      const slash = await call(`${g.url}/notifications/midtrans`, { body: signed({ order_id: 'INV/../1', status_code: '200', gross_amount: '1000.00' }) });
      expectClientError(slash, 'VALIDATION_FAILED');
    });
  });

  describe('control characters in a charge', () => {
    it('a NUL byte in a customer name is refused with 400, naming the field', async () => {
      const res = await call(`${g.url}/charge`, {
        headers: shop,
        body: { order_id: nextOrder(), amount: 1000, customer_details: { first_name: 'Bu\u0000di' } },
      });
      expectClientError(res, 'VALIDATION_FAILED');
      expect(res.body.error.fields[0].field).toBe('customer_details.first_name');
      const surrogate = await call(`${g.url}/charge`, {
        headers: shop,
        body: { order_id: nextOrder(), amount: 1000, item_details: [{ price: 1000, quantity: 1, name: 'x\ud800' }] },
      });
      expectClientError(surrogate, 'VALIDATION_FAILED');
      expect(surrogate.body.error.fields[0].field).toBe('item_details[0].name');
    });

    it('a NUL byte in a refund reason is refused with 400 on REST and GraphQL', async () => {
      const orderId = nextOrder();
      await call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount: 1000 } });
      const rest = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { reason: 'x\u0000' } });
      expectClientError(rest, 'VALIDATION_FAILED');
      const gql = await call(`${g.url}/graphql`, {
        headers: shop,
        body: {
          query: 'mutation($o: String!) { refundTransaction(input: { orderId: $o, reason: "x\\u0000" }) { refundedAmount } }',
          variables: { o: orderId },
        },
      });
      expect(gql.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('a client that goes away', () => {
    it('an aborted upload is not logged at error level', async () => {
      const { port } = new URL(g.url);
      await new Promise<void>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => {
          socket.write(
            `POST /charge HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-App-Code: ${shop['X-App-Code']}\r\nX-Api-Key: ${shop['X-Api-Key']}\r\nContent-Length: 5000\r\n\r\n{"order_id":`,
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
      });
      await sleep(200);
      // afterEach checks the log; the server is still there:
      expect((await call(`${g.url}/healthz`)).status).toBe(200);
    });
  });
});
