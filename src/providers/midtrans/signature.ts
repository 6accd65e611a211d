import { hash, timingSafeEqual } from 'node:crypto';

/** SHA512(order_id + status_code + gross_amount + server key), hex, over the strings as received. */
export function midtransSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return hash('sha512', orderId + statusCode + grossAmount + serverKey, 'hex');
}

/** Checks a notification's signature_key in constant time; anything not 128 hex characters fails. */
export function verifyMidtransSignature(body: Record<string, unknown>, serverKey: string): boolean {
  const { order_id: orderId, status_code: statusCode, gross_amount: grossAmount, signature_key: signature } = body;
  if (typeof orderId !== 'string' || typeof statusCode !== 'string' || typeof grossAmount !== 'string') return false;
  if (typeof signature !== 'string' || !/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  const expected = Buffer.from(midtransSignature(orderId, statusCode, grossAmount, serverKey), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'));
}

/** Midtrans' "150000.00" as integer rupiah, or undefined when it is not an amount. */
export function parseGrossAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\d{1,15}(\.\d{1,2})?$/.test(value)) return undefined;
  return Math.round(Number(value));
}
