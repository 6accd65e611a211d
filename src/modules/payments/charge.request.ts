import { hash } from 'node:crypto';
import { z } from 'zod';
import { AppError, type FieldProblem } from '../../shared/errors.js';
import type { CustomerDetails, ItemDetail } from './transaction.entity.js';

/**
 * Characters Midtrans accepts in an order_id, and its maximum length. `.` and `..` are refused: in a
 * URL path they are dot segments, so `/v2/../status` would ask Midtrans about another path.
 */
export const ORDER_ID_PATTERN = /^(?!\.\.?$)[A-Za-z0-9\-_~.]{1,50}$/;

/** What ORDER_ID_PATTERN asks for, in words. */
export const ORDER_ID_RULE = 'must be 1 to 50 characters of A-Z a-z 0-9 - _ ~ . (what Midtrans accepts), and not "." or ".."';

/** The largest amount gerbang accepts: whole rupiah, well inside a double's exact integers. */
export const MAX_AMOUNT = 999_999_999_999;

/** A charge request after validation, in Midtrans' field names. */
export interface ChargeRequest {
  order_id: string;
  amount: number;
  item_details?: ItemDetail[];
  customer_details?: CustomerDetails;
}

/** No control characters: Midtrans refuses them, and PostgreSQL cannot store a NUL. */
const PRINTABLE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(PRINTABLE, 'must not contain control characters')
    .refine((v) => v.isWellFormed(), 'must be valid Unicode text');
const rupiah = z
  .number({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a whole number of rupiah, not ${describe(issue.input)}`) })
  .int('must be a whole number of rupiah (no decimals)')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`);

const address = z.object({
  first_name: text(255).optional(),
  last_name: text(255).optional(),
  email: z.email('must be an email address').max(255).optional(),
  phone: text(255).optional(),
  address: text(255).optional(),
  city: text(255).optional(),
  postal_code: text(10).optional(),
  country_code: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter country code such as IDN').optional(),
});

const item = z.object({
  id: z.union([text(50), z.number().int().transform(String)]).optional(),
  price: rupiah.min(-MAX_AMOUNT),
  quantity: z.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be at least 1').max(1_000_000),
  name: text(50),
  brand: text(50).optional(),
  category: text(50).optional(),
  merchant_name: text(50).optional(),
});

const customer = z.object({
  first_name: text(255).optional(),
  last_name: text(255).optional(),
  email: z.email('must be an email address').max(255).optional(),
  phone: text(255).optional(),
  billing_address: address.optional(),
  shipping_address: address.optional(),
});

const chargeSchema = z
  .object(
    {
      order_id: z
        .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
        .regex(ORDER_ID_PATTERN, ORDER_ID_RULE),
      amount: rupiah.positive('must be more than 0'),
      item_details: z.array(item).min(1, 'must list at least one item when present').max(500).nullish(),
      customer_details: customer.nullish(),
    },
    { error: 'the body must be a JSON object' },
  )
  .superRefine((charge, ctx) => {
    if (!charge.item_details) return;
    const sum = charge.item_details.reduce((total, line) => total + line.price * line.quantity, 0);
    if (sum !== charge.amount) {
      ctx.addIssue({
        code: 'custom',
        path: ['item_details'],
        message: `prices × quantities add up to ${sum}, but amount is ${charge.amount}; Midtrans refuses such a payment`,
      });
    }
  });

/** Validates a charge body (REST JSON, or GraphQL input mapped to Midtrans' names). */
export function parseChargeRequest(body: unknown): ChargeRequest {
  const parsed = chargeSchema.safeParse(body);
  if (!parsed.success) {
    const fields: FieldProblem[] = parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
    const first = fields[0]!;
    const message = first.field ? `Invalid charge: ${first.field} ${first.message}` : `Invalid charge: ${first.message}`;
    throw new AppError('VALIDATION_FAILED', message, { fields });
  }
  const { order_id, amount, item_details, customer_details } = parsed.data;
  return {
    order_id,
    amount,
    ...(item_details ? { item_details: item_details.map(dropUndefined) as ItemDetail[] } : {}),
    ...(customer_details ? { customer_details: dropUndefined(customer_details) as CustomerDetails } : {}),
  };
}

/** SHA-256 over the canonical JSON of a validated charge: equal for the same payment, whatever the key order. */
export function chargeFingerprint(charge: ChargeRequest): string {
  return hash('sha256', canonicalJson(charge), 'hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function dropUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
