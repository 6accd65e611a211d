import { createHash } from 'node:crypto';
import { AppError } from '../../src/shared/errors.js';
import { chargeFingerprint, parseChargeRequest } from '../../src/modules/payments/charge.request.js';
import { orderPath } from '../../src/providers/midtrans/midtrans.client.js';
import { hashAppKey, keyMatches, generateAppKey } from '../../src/modules/apps/app-key.js';

describe('charge validation', () => {
  it('keeps the documented fields and drops unknown ones', () => {
    const parsed = parseChargeRequest({
      order_id: 'INV-2025-001',
      amount: 150000,
      note: 'ignored',
      customer_details: { first_name: 'Budi', email: 'budi@example.com', unknown: 1 },
      item_details: [{ id: 'VPS-01', price: 150000, quantity: 1, name: 'Cloud VPS Basic' }],
    });
    expect(parsed).toEqual({
      order_id: 'INV-2025-001',
      amount: 150000,
      customer_details: { first_name: 'Budi', email: 'budi@example.com' },
      item_details: [{ id: 'VPS-01', price: 150000, quantity: 1, name: 'Cloud VPS Basic' }],
    });
  });

  it('treats null details as absent (what Python None sends)', () => {
    expect(parseChargeRequest({ order_id: 'A', amount: 1, item_details: null, customer_details: null })).toEqual({ order_id: 'A', amount: 1 });
  });

  it('reports every problem with its field', () => {
    try {
      parseChargeRequest({ order_id: 'bad id', amount: '10' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect((error as AppError).details?.fields?.map((f) => f.field)).toEqual(['order_id', 'amount']);
      expect((error as AppError).message).toBe(
        'Invalid charge: order_id must be 1 to 50 characters of A-Z a-z 0-9 - _ ~ . (what Midtrans accepts), and not "." or ".."',
      );
    }
  });

  it('gives the same fingerprint whatever the key order, and another for another payload', () => {
    const a = chargeFingerprint(parseChargeRequest({ order_id: 'A', amount: 10, customer_details: { first_name: 'X', email: 'x@y.id' } }));
    const b = chargeFingerprint(parseChargeRequest({ customer_details: { email: 'x@y.id', first_name: 'X' }, amount: 10, order_id: 'A' }));
    const c = chargeFingerprint(parseChargeRequest({ order_id: 'A', amount: 11, customer_details: { first_name: 'X', email: 'x@y.id' } }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe('app keys', () => {
  it('are 256-bit random, and only their hash matches them', () => {
    const key = generateAppKey();
    expect(key).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
    expect(generateAppKey()).not.toBe(key);
    expect(keyMatches(key, hashAppKey(key))).toBe(true);
    expect(keyMatches(`${key}x`, hashAppKey(key))).toBe(false);
    expect(keyMatches(key, undefined)).toBe(false);
  });
});

describe('Midtrans order paths', () => {
  it('keep an order id as one path segment', () => {
    expect(orderPath('INV-2025.001', 'status')).toBe('/v2/INV-2025.001/status');
    expect(orderPath('...', 'refund')).toBe('/v2/.../refund');
  });

  it.each(['.', '..', '', 'a/b', '%2e%2e', 'x'.repeat(51)])('refuse %j, which would change the path or is no order id', (orderId) => {
    expect(() => orderPath(orderId, 'status')).toThrow(AppError);
  });
});

describe('Snap options in a charge', () => {
  it('a charge without options keeps the fingerprint it always had', () => {
    const canonical = '{"amount":1000,"order_id":"INV-1"}';
    expect(chargeFingerprint(parseChargeRequest({ order_id: 'INV-1', amount: 1000, unknown: 'ignored' }))).toBe(
      createHash('sha256').update(canonical).digest('hex'),
    );
  });

  it('in production, callback URLs must be https, also on localhost', () => {
    const body = { order_id: 'INV-1', amount: 1000, callbacks: { finish: 'http://localhost:3000/done' } };
    expect(parseChargeRequest(body).callbacks).toEqual({ finish: 'http://localhost:3000/done' });
    expect(() => parseChargeRequest(body, { production: true })).toThrow('callbacks.finish must be an https URL');
  });
});
