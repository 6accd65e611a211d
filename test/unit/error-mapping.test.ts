import { ConnectionException } from '@mikro-orm/core';
import { AppError } from '../../src/shared/errors.js';
import { graphqlFieldName, inGraphqlWords, toAppError } from '../../src/shared/error-mapping.js';

describe('the error mapping', () => {
  it('keeps gerbang errors, makes database trouble a retryable 503 and anything else a non-retryable INTERNAL', () => {
    const own = new AppError('ORDER_NOT_FOUND', 'No such order');
    expect(toAppError(own)).toBe(own);
    expect(toAppError(new ConnectionException(new Error('Connection terminated unexpectedly')))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      retryable: true,
    });
    expect(toAppError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
    });
    // graphql-js wraps a thrown value that does not look like an Error to it (another realm's Error).
    const wrapped = Object.assign(new Error('Unexpected error value'), { name: 'NonErrorThrown', thrownValue: { code: 'SQLITE_IOERR_WRITE' } });
    expect(toAppError(wrapped)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    const internal = toAppError(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(internal).toMatchObject({ code: 'INTERNAL', status: 500, retryable: false });
    expect(internal.message).not.toContain('undefined');
  });

  it("names the contract's fields as GraphQL does", () => {
    expect(graphqlFieldName('order_id')).toBe('orderId');
    expect(graphqlFieldName('item_details[0].price')).toBe('itemDetails[0].price');
    expect(graphqlFieldName('customer_details.billing_address.country_code')).toBe('customerDetails.billingAddress.countryCode');
    expect(graphqlFieldName('custom_field1')).toBe('customField1');
    expect(graphqlFieldName('expiry.start_time')).toBe('expiry.startTime');
    expect(graphqlFieldName('amount')).toBe('amount');
  });

  it('renames the fields in the message too, and only them', () => {
    const error = new AppError(
      'VALIDATION_FAILED',
      'Invalid charge: item_details[0].price must be a whole number; the total of item_details must equal amount (see snake_case words)',
      {
        fields: [
          { field: 'item_details[0].price', message: 'must be a whole number' },
          { field: 'item_details', message: 'must add up' },
        ],
      },
    );
    expect(inGraphqlWords(error)).toEqual({
      message: 'Invalid charge: itemDetails[0].price must be a whole number; the total of itemDetails must equal amount (see snake_case words)',
      fields: [
        { field: 'itemDetails[0].price', message: 'must be a whole number' },
        { field: 'itemDetails', message: 'must add up' },
      ],
    });
  });
});
