import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/**
 * One error mapping for REST and GraphQL: every GraphQL error carries the request id, validation errors
 * name the fields the caller sent (GraphQL's names on GraphQL, the contract's on REST), and a
 * caller's mistake is never logged as an error.
 */
describe('errors, the same on REST and GraphQL', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let app: Record<string, string>;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, start: { jobs: false } });
    app = await g.createApp('errors');
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = app) =>
    call(`${g.url}/graphql`, { headers: { ...headers, 'X-Request-Id': 'errors-test-0001' }, body: { query, variables } });
  const create = 'mutation($input: CreateTransactionInput!) { createTransaction(input: $input) { token } }';

  it('GraphQL validation errors name GraphQL fields, in the fields and in the message; REST keeps its own', async () => {
    const items = [{ name: 'A', price: -5, quantity: 0 }];
    const viaGraphql = await gql(create, { input: { orderId: 'ERR-1', amount: 1000, itemDetails: items, customerDetails: { firstName: 'x'.repeat(300) } } });
    const error = viaGraphql.body.errors[0];
    expect(error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false, request_id: 'errors-test-0001' });
    const fields = (error.extensions.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['itemDetails[0].quantity', 'customerDetails.firstName']));
    expect(fields.join(' ')).not.toMatch(/_/);
    expect(error.message).toContain('itemDetails[0].quantity');
    expect(error.message).not.toMatch(/item_details|customer_details|first_name/);

    const viaRest = await call(`${g.url}/charge`, {
      headers: app,
      body: { order_id: 'ERR-1', amount: 1000, item_details: items, customer_details: { first_name: 'x'.repeat(300) } },
    });
    expect(viaRest.status).toBe(400);
    expect((viaRest.body.error.fields as { field: string }[]).map((f) => f.field)).toEqual(
      expect.arrayContaining(['item_details[0].quantity', 'customer_details.first_name']),
    );
  });

  it('an order id GraphQL refuses is named orderId', async () => {
    const res = await gql(create, { input: { orderId: 'has space', amount: 1000 } });
    expect(res.body.errors[0].extensions.fields).toEqual([{ field: 'orderId', message: expect.any(String) }]);
    expect(res.body.errors[0].message).toContain('orderId');
  });

  it('every GraphQL error carries the request id: a resolver error, a query error, a credentials error', async () => {
    const missing = await gql('{ transactionStatus(orderId: "NOPE-1") { transactionStatus } }');
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'ORDER_NOT_FOUND', request_id: 'errors-test-0001' });

    const unknownField = await gql('{ transactionStatus(orderId: "NOPE-1") { noSuchField } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', request_id: 'errors-test-0001' });

    const syntax = await gql('{ transactionStatus(');
    expect(syntax.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', request_id: 'errors-test-0001' });

    const badVariable = await gql(create, { input: { orderId: 'ERR-2', amount: '1000' } });
    expect(badVariable.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', request_id: 'errors-test-0001' });

    const wrongKey = await gql('{ transactions(first: 1) { edges { cursor } } }', {}, { 'X-App-Code': 'errors', 'X-Api-Key': 'gk_wrong' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', request_id: 'errors-test-0001' });

    // Without an X-Request-Id, gerbang makes one: the same as the response header.
    const made = await call(`${g.url}/graphql`, { headers: app, body: { query: '{ transactionStatus(orderId: "NOPE-2") { orderId } }' } });
    expect(made.body.errors[0].extensions.request_id).toBe(made.headers.get('x-request-id'));
  });

  it("none of these callers' mistakes is logged at error level", () => {
    const errors = g.logs.filter((line) => /"level":50/.test(line));
    expect(errors).toEqual([]);
  });
});
