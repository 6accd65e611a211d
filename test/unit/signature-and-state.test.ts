import { midtransSignature, parseGrossAmount, verifyMidtransSignature } from '../../src/providers/midtrans/signature.js';
import { advances, eventFor } from '../../src/modules/payments/payment-state.js';

const EXAMPLE = {
  order_id: 'INV-2025-001',
  status_code: '200',
  gross_amount: '150000.00',
  signature_key: '305d17246bef1fcd74b3f05c2a7a85bf515d3c5a848d1de76812059a10dfb64bb434b74ab7119b68afa80c1e6cf4e6c8def93177e3b4715792c78fb7c1ad0b25',
};
const KEY = 'SB-Mid-server-EXAMPLE';

describe('Midtrans notification signatures', () => {
  it('match the worked example (sha512sum of the concatenated strings)', () => {
    expect(midtransSignature('INV-2025-001', '200', '150000.00', KEY)).toBe(EXAMPLE.signature_key);
    expect(verifyMidtransSignature(EXAMPLE, KEY)).toBe(true);
    expect(verifyMidtransSignature({ ...EXAMPLE, signature_key: EXAMPLE.signature_key.toUpperCase() }, KEY)).toBe(true);
  });

  it.each([
    ['another amount', { gross_amount: '150001.00' }],
    ['the amount written differently', { gross_amount: '150000' }],
    ['another status code', { status_code: '201' }],
    ['another order', { order_id: 'INV-2025-002' }],
    ['one changed hex digit', { signature_key: `${EXAMPLE.signature_key.slice(0, -1)}4` }],
    ['a short signature', { signature_key: EXAMPLE.signature_key.slice(0, 64) }],
    ['no signature', { signature_key: undefined }],
    ['a numeric status code', { status_code: 200 }],
  ])('fail for %s', (_name, change) => {
    expect(verifyMidtransSignature({ ...EXAMPLE, ...change }, KEY)).toBe(false);
  });

  it('fail under another server key', () => {
    expect(verifyMidtransSignature(EXAMPLE, 'SB-Mid-server-OTHER')).toBe(false);
  });

  it('amounts are parsed at the boundary only', () => {
    expect(parseGrossAmount('150000.00')).toBe(150000);
    expect(parseGrossAmount('1e5')).toBeUndefined();
    expect(parseGrossAmount(-5)).toBe(-5);
  });
});

describe('payment state transitions', () => {
  const s = (transactionStatus: string, fraudStatus: string | null = 'accept', refundedAmount = 0) => ({ transactionStatus, fraudStatus, refundedAmount });

  it.each([
    ['pending', 'settlement', true],
    ['settlement', 'pending', false],
    ['settlement', 'settlement', false],
    ['expire', 'pending', false],
    ['expire', 'settlement', false],
    ['deny', 'settlement', true],
    ['settlement', 'refund', true],
    ['refund', 'settlement', false],
    ['pending', 'something_new', false],
  ])('%s → %s moves forward: %s', (from, to, expected) => {
    expect(advances(s(from), s(to))).toBe(expected);
  });

  it('a larger partial refund moves forward, the same one does not', () => {
    expect(advances(s('partial_refund', null, 1000), s('partial_refund', null, 3000))).toBe(true);
    expect(advances(s('partial_refund', null, 3000), s('partial_refund', null, 3000))).toBe(false);
  });

  it('a card payment under review becomes paid when accepted', () => {
    expect(advances(s('capture', 'challenge'), s('capture', 'accept'))).toBe(true);
    expect(eventFor(s('capture', 'challenge'), s('capture', 'accept'))).toBe('payment.paid');
  });

  it('paid is announced once: capture accepted, then settlement, sends one payment.paid', () => {
    expect(eventFor(s('pending'), s('capture', 'accept'))).toBe('payment.paid');
    expect(eventFor(s('capture', 'accept'), s('settlement'))).toBeUndefined();
  });

  it.each([
    ['deny', 'payment.failed'],
    ['expire', 'payment.expired'],
    ['cancel', 'payment.cancelled'],
    ['refund', 'payment.refunded'],
    ['partial_refund', 'payment.refunded'],
  ])('%s is announced as %s', (status, type) => {
    expect(eventFor(s('pending'), s(status))).toBe(type);
  });
});

describe('an expire gerbang inferred is provisional', () => {
  it('a confirmed payment moves it forward; anything else does not, nor does it move an expire Midtrans confirmed', () => {
    const inferred = { transactionStatus: 'expire', expiredUnused: true };
    expect(advances(inferred, { transactionStatus: 'settlement' })).toBe(true);
    expect(advances(inferred, { transactionStatus: 'capture', fraudStatus: 'accept' })).toBe(true);
    expect(advances(inferred, { transactionStatus: 'capture', fraudStatus: 'challenge' })).toBe(false);
    expect(advances(inferred, { transactionStatus: 'pending' })).toBe(false);
    expect(advances({ transactionStatus: 'expire' }, { transactionStatus: 'settlement' })).toBe(false);
    expect(eventFor(inferred, { transactionStatus: 'settlement' })).toBe('payment.paid');
  });
});
