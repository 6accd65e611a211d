import { getIntrospectionQuery } from 'graphql';
import { readFileSync } from 'node:fs';
import { buildGerbangSchema, printGerbangSchema } from '../../src/graphql/schema.js';
import { CreateTransactionDocument, TransactionStatusDocument, TransactionsDocument } from '../generated/graphql.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { runGraphql } from '../helpers/graphql.js';

describe('GraphQL over the same service as REST', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let shop: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake });
    shop = await g.createApp('shop');
    other = await g.createApp('other');
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  it('schema/schema.graphql matches the schema the code builds (run `npm run schema:emit` after changing types)', async () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printGerbangSchema(await buildGerbangSchema())).toBe(committed);
  });

  it('createTransaction creates the payment and a repeat over REST returns the same one', async () => {
    const input = {
      orderId: 'GQL-0001',
      amount: 150000,
      itemDetails: [{ id: 'VPS-01', price: 150000, quantity: 1, name: 'Cloud VPS Basic' }],
      customerDetails: { firstName: 'Budi', email: 'budi@example.com', billingAddress: { city: 'Jakarta', countryCode: 'IDN' } },
    };
    const created = await runGraphql(g.url, CreateTransactionDocument, { input }, shop);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createTransaction).toMatchObject({ orderId: 'GQL-0001', amount: 150000 });
    const sent = fake.snapRequests.at(-1)!.body;
    expect(sent.customer_details).toEqual({ first_name: 'Budi', email: 'budi@example.com', billing_address: { city: 'Jakarta', country_code: 'IDN' } });

    const creates = fake.snapCreates;
    const rest = await call(`${g.url}/charge`, {
      headers: shop,
      body: {
        order_id: 'GQL-0001',
        amount: 150000,
        item_details: [{ id: 'VPS-01', price: 150000, quantity: 1, name: 'Cloud VPS Basic' }],
        customer_details: { first_name: 'Budi', email: 'budi@example.com', billing_address: { city: 'Jakarta', country_code: 'IDN' } },
      },
    });
    expect(rest.status).toBe(201);
    expect(rest.body).toEqual({ token: created.data!.createTransaction.token, redirect_url: created.data!.createTransaction.redirectUrl });
    expect(fake.snapCreates).toBe(creates);
  });

  it('transactionStatus gives the same status as GET /status', async () => {
    fake.customerPays('GQL-0001', 'settlement');
    const gql = await runGraphql(g.url, TransactionStatusDocument, { orderId: 'GQL-0001' }, shop);
    const rest = await call(`${g.url}/status/GQL-0001`, { headers: shop });
    const status = gql.data!.transactionStatus;
    expect(status).toMatchObject({
      orderId: 'GQL-0001',
      transactionStatus: rest.body.transaction_status,
      fraudStatus: rest.body.fraud_status,
      statusCode: rest.body.status_code,
      transactionId: rest.body.transaction_id,
      paid: true,
      knownToMidtrans: true,
      amount: 150000,
    });
    expect(status.raw).not.toHaveProperty('signature_key');
  });

  it.each([
    ['a string amount', { orderId: 'GQL-X1', amount: '150000' }, 'BAD_USER_INPUT'],
    ['a zero amount', { orderId: 'GQL-X2', amount: 0 }, 'VALIDATION_FAILED'],
    ['a bad order_id', { orderId: 'GQL#X3', amount: 1000 }, 'VALIDATION_FAILED'],
    ['items not adding up', { orderId: 'GQL-X4', amount: 1000, itemDetails: [{ price: 10, quantity: 1, name: 'x' }] }, 'VALIDATION_FAILED'],
  ])('createTransaction with %s is refused with %s', async (_name, input, code) => {
    const res = await runGraphql(g.url, CreateTransactionDocument, { input: input as never }, shop);
    expect(res.data?.createTransaction ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions.code).toBe(code);
  });

  it('the same error codes come back as extensions.code: ORDER_ID_USED', async () => {
    const res = await runGraphql(g.url, CreateTransactionDocument, { input: { orderId: 'GQL-0001', amount: 999 } }, shop);
    expect(res.errors?.[0]?.extensions.code).toBe('ORDER_ID_USED');
  });

  it('without credentials an app operation is refused with UNAUTHENTICATED', async () => {
    const res = await runGraphql(g.url, TransactionStatusDocument, { orderId: 'GQL-0001' });
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('wrong credentials are refused with HTTP 401 and UNAUTHENTICATED', async () => {
    const res = await runGraphql(g.url, TransactionStatusDocument, { orderId: 'GQL-0001' }, { 'X-App-Code': 'shop', 'X-Api-Key': 'nope-nope-nope-nope' });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("app B cannot read app A's order: ORDER_NOT_FOUND, and it is absent from B's list", async () => {
    const status = await runGraphql(g.url, TransactionStatusDocument, { orderId: 'GQL-0001' }, other);
    expect(status.errors?.[0]?.extensions.code).toBe('ORDER_NOT_FOUND');
    const list = await runGraphql(g.url, TransactionsDocument, { first: 50 }, other);
    expect(list.data?.transactions.edges.map((e) => e.node.orderId)).not.toContain('GQL-0001');
  });

  it("transactions pages through the calling app's ledger, newest first, with a cursor", async () => {
    for (let i = 1; i <= 5; i += 1) {
      const res = await runGraphql(g.url, CreateTransactionDocument, { input: { orderId: `PAGE-${i}`, amount: 1000 * i } }, other);
      expect(res.errors).toBeUndefined();
    }
    const first = await runGraphql(g.url, TransactionsDocument, { first: 2 }, other);
    expect(first.data!.transactions.edges.map((e) => e.node.orderId)).toEqual(['PAGE-5', 'PAGE-4']);
    expect(first.data!.transactions.pageInfo.hasNextPage).toBe(true);
    const second = await runGraphql(g.url, TransactionsDocument, { first: 2, after: first.data!.transactions.pageInfo.endCursor }, other);
    expect(second.data!.transactions.edges.map((e) => e.node.orderId)).toEqual(['PAGE-3', 'PAGE-2']);
    const last = await runGraphql(g.url, TransactionsDocument, { first: 2, after: second.data!.transactions.pageInfo.endCursor }, other);
    expect(last.data!.transactions.edges.map((e) => e.node.orderId)).toEqual(['PAGE-1']);
    expect(last.data!.transactions.pageInfo.hasNextPage).toBe(false);
    const bad = await runGraphql(g.url, TransactionsDocument, { first: 2, after: 'garbage' }, other);
    expect(bad.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
  });

  it('a query nested too deep is refused before it runs', async () => {
    const deep = `{ __schema { types { fields { type ${'{ ofType '.repeat(25)}{ name }${' }'.repeat(25)} } } } }`;
    const res = await call(`${g.url}/graphql`, { body: { query: deep }, headers: shop });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toMatch(/Query depth limit of 24 exceeded/);
  });

  it("the playground's introspection query is answered, without credentials too", async () => {
    for (const headers of [shop, {}]) {
      const res = await call(`${g.url}/graphql`, { body: { query: getIntrospectionQuery() }, headers });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.__schema.queryType.name).toBe('Query');
    }
  });

  it('a query with too many aliases is refused before it runs', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: transactions(first: 1) { pageInfo { hasNextPage } }`).join(' ');
    const res = await call(`${g.url}/graphql`, { body: { query: `{ ${aliases} }` }, headers: shop });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('a query asking for too much is refused with QUERY_TOO_COMPLEX', async () => {
    const costly = `{ a: transactions(first: 100) { edges { cursor node { orderId amount transactionStatus paid redirectUrl createdAt token } } }
      b: transactions(first: 100) { edges { cursor node { orderId amount transactionStatus paid redirectUrl createdAt token } } }
      c: transactions(first: 100) { edges { cursor node { orderId amount transactionStatus paid redirectUrl createdAt token } } } }`;
    const res = await call(`${g.url}/graphql`, { body: { query: costly }, headers: shop });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('a cross-site form post to /graphql is refused (CSRF prevention)', async () => {
    const res = await fetch(`${g.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { method: 'GET' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });
});
