import { Ajv2020 } from 'ajv/dist/2020.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> }
    >
  >;
  components: Record<string, unknown>;
};

/** Every REST endpoint's real answers, errors included, checked against GET /openapi.json. */
describe('the OpenAPI document of the REST facade', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const checked: string[] = [];

  /** Validates `body` against the documented answer of `method template` with `status`; fails on an undocumented status. */
  function conforms(method: string, template: string, status: number, body: unknown): void {
    const operation = doc.paths[template]?.[method];
    expect({ template, method, documented: Boolean(operation) }).toEqual({ template, method, documented: true });
    const response = operation.responses[String(status)];
    expect({ template, method, status, documented: Boolean(response) }).toEqual({ template, method, status, documented: true });
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return;
    const validate = ajv.compile({ ...schema, components: doc.components });
    expect({ template, status, errors: validate(body) ? null : validate.errors }).toEqual({ template, status, errors: null });
    checked.push(`${method.toUpperCase()} ${template} ${status}`);
  }

  /** Whether a request body fits the documented request schema. */
  function acceptsBody(template: string, body: unknown): boolean {
    const schema = doc.paths[template].post.requestBody!.content['application/json'].schema;
    return ajv.compile(schema)(body);
  }

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, start: { jobs: false } });
    shop = await g.createApp('shop');
    const res = await call(`${g.url}/openapi.json`);
    expect(res.status).toBe(200);
    doc = res.body as Doc;
  });

  afterAll(async () => {
    await g?.close();
    await fake?.stop();
  });

  it('is OpenAPI 3.1 and documents every REST endpoint with the app headers', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/cancel/{order_id}',
        '/charge',
        '/expire/{order_id}',
        '/healthz',
        '/notifications/midtrans',
        '/readyz',
        '/refund/{order_id}',
        '/status/{order_id}',
      ].sort(),
    );
    expect(doc.components).toMatchObject({
      securitySchemes: { appCode: { in: 'header', name: 'X-App-Code' }, apiKey: { in: 'header', name: 'X-Api-Key' } },
    });
  });

  it("the request schemas are the validators' own: what gerbang accepts fits, what it refuses does not", async () => {
    const good = {
      order_id: `OA-${Date.now()}`,
      amount: 150000,
      item_details: [{ id: 'A', name: 'Kaos', price: 150000, quantity: 1 }],
      customer_details: { first_name: 'Budi', email: 'budi@example.com' },
    };
    expect(acceptsBody('/charge', good)).toBe(true);
    expect((await call(`${g.url}/charge`, { headers: shop, body: good })).status).toBe(201);
    for (const bad of [{ order_id: 'X', amount: '150000' }, { amount: 5000 }, { order_id: 'a b', amount: 5000 }, { order_id: 'Y', amount: 1.5 }]) {
      expect({ bad, accepted: acceptsBody('/charge', bad) }).toEqual({ bad, accepted: false });
      expect((await call(`${g.url}/charge`, { headers: shop, body: bad })).status).toBe(400);
    }
    expect(acceptsBody('/refund/{order_id}', { amount: 1000, reason: 'rusak', refund_key: 'RF-1' })).toBe(true);
    expect(acceptsBody('/refund/{order_id}', { amount: -1 })).toBe(false);
  });

  it("every endpoint's answers and errors conform", async () => {
    const orderId = `OA-${Date.now()}-1`;
    const open = `OA-${Date.now()}-2`;
    let res = await call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount: 100000 } });
    conforms('post', '/charge', res.status, res.body);
    res = await call(`${g.url}/charge`, { headers: shop, body: { order_id: open, amount: 20000 } });
    conforms('post', '/charge', res.status, res.body);
    res = await call(`${g.url}/charge`, { headers: shop, body: { order_id: orderId, amount: 'lots' } });
    conforms('post', '/charge', res.status, res.body);
    res = await call(`${g.url}/charge`, { headers: shop, raw: '{"order_id": ' });
    conforms('post', '/charge', res.status, res.body);
    res = await call(`${g.url}/charge`, { body: { order_id: orderId, amount: 100000 } });
    conforms('post', '/charge', res.status, res.body);

    res = await call(`${g.url}/status/${orderId}`, { headers: shop });
    conforms('get', '/status/{order_id}', res.status, res.body);
    fake.customerPays(orderId, 'settlement', 'bank_transfer');
    res = await call(`${g.url}/status/${orderId}`, { headers: shop });
    conforms('get', '/status/{order_id}', res.status, res.body);
    res = await call(`${g.url}/status/NOT-MINE`, { headers: shop });
    conforms('get', '/status/{order_id}', res.status, res.body);

    res = await call(`${g.url}/cancel/${orderId}`, { method: 'POST', headers: shop });
    conforms('post', '/cancel/{order_id}', res.status, res.body);
    fake.customerPays(open, 'pending', 'gopay');
    await call(`${g.url}/status/${open}`, { headers: shop });
    res = await call(`${g.url}/expire/${open}`, { method: 'POST', headers: shop });
    conforms('post', '/expire/{order_id}', res.status, res.body);
    res = await call(`${g.url}/expire/NOT-MINE`, { method: 'POST', headers: shop });
    conforms('post', '/expire/{order_id}', res.status, res.body);

    res = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 25000, reason: 'rusak' } });
    conforms('post', '/refund/{order_id}', res.status, res.body);
    res = await call(`${g.url}/refund/${orderId}`, { headers: shop, body: { amount: 'all' } });
    conforms('post', '/refund/{order_id}', res.status, res.body);
    res = await call(`${g.url}/refund/${open}`, { headers: shop, body: { amount: 1000 } });
    conforms('post', '/refund/{order_id}', res.status, res.body);

    res = await call(`${g.url}/notifications/midtrans`, { body: fake.notification(orderId) });
    conforms('post', '/notifications/midtrans', res.status, res.body);
    res = await call(`${g.url}/notifications/midtrans`, { body: { ...fake.notification(orderId), signature_key: 'forged' } });
    conforms('post', '/notifications/midtrans', res.status, res.body);

    res = await call(`${g.url}/healthz`);
    conforms('get', '/healthz', res.status, res.body);
    res = await call(`${g.url}/readyz`);
    conforms('get', '/readyz', res.status, res.body);

    expect(checked).toEqual(
      expect.arrayContaining([
        'POST /charge 201',
        'POST /charge 400',
        'POST /charge 401',
        'GET /status/{order_id} 200',
        'GET /status/{order_id} 404',
        'POST /cancel/{order_id} 409',
        'POST /expire/{order_id} 200',
        'POST /expire/{order_id} 404',
        'POST /refund/{order_id} 200',
        'POST /refund/{order_id} 400',
        'POST /refund/{order_id} 409',
        'POST /notifications/midtrans 200',
        'POST /notifications/midtrans 401',
        'GET /healthz 200',
        'GET /readyz 200',
      ]),
    );
  });

  it('documents only what gerbang answers: a wrong error code for a status fails the check', () => {
    const validate = ajv.compile({
      ...doc.paths['/status/{order_id}'].get.responses['404'].content!['application/json'].schema,
      components: doc.components,
    });
    expect(validate({ error: { code: 'ORDER_NOT_FOUND', message: 'm', retryable: false, request_id: 'r' } })).toBe(true);
    expect(validate({ error: { code: 'APP_NOT_FOUND', message: 'm', retryable: false, request_id: 'r' } })).toBe(false);
    expect(validate({ error: { code: 'ORDER_NOT_FOUND', message: 'm' } })).toBe(false);
  });
});
