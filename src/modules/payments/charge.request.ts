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

/** Where Snap sends the customer afterwards (Midtrans' `callbacks`). */
export interface SnapCallbacks {
  finish?: string;
  error?: string;
  unfinish?: string;
}

/** A duration as Snap takes it. */
export interface SnapDuration {
  unit: 'minutes' | 'hours' | 'days';
  duration: number;
}

/** The options of one Snap payment that Midtrans otherwise takes from the merchant account's settings. */
export interface SnapOptions {
  callbacks?: SnapCallbacks;
  enabled_payments?: string[];
  /** How long the payment stays payable once created (from `start_time`, "2025-01-09 16:00:00 +0700"). */
  expiry?: SnapDuration & { start_time?: string };
  /** How long the payment page may be used. */
  page_expiry?: SnapDuration;
  custom_field1?: string;
  custom_field2?: string;
  custom_field3?: string;
}

/** A charge request after validation, in Midtrans' field names. */
export interface ChargeRequest extends SnapOptions {
  order_id: string;
  amount: number;
  item_details?: ItemDetail[];
  customer_details?: CustomerDetails;
}

/** The payment method names Snap's `enabled_payments` takes. */
export const SNAP_PAYMENT_METHODS = [
  'credit_card',
  'gopay',
  'shopeepay',
  'other_qris',
  'dana',
  'bca_va',
  'bni_va',
  'bri_va',
  'permata_va',
  'cimb_va',
  'danamon_va',
  'bsi_va',
  'seabank_va',
  'other_va',
  'echannel',
  'indomaret',
  'alfamart',
  'akulaku',
  'kredivo',
  'bca_klikbca',
  'bca_klikpay',
  'bri_epay',
  'cimb_clicks',
  'danamon_online',
  'uob_ezpay',
] as const;

const MINUTES_PER_UNIT = { minutes: 1, hours: 60, days: 1440 } as const;

/** The whole minutes of a Snap duration. */
export function durationMinutes(value: SnapDuration): number {
  return value.duration * MINUTES_PER_UNIT[value.unit];
}

/** No control characters: Midtrans refuses them, and PostgreSQL cannot store a NUL. */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const PRINTABLE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(PRINTABLE, 'must not contain control characters')
    .refine((v) => v.isWellFormed(), 'must be valid Unicode text');
/** A whole number of rupiah, as a JSON number. */
export const rupiah = z
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
  country_code: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter country code such as IDN')
    .optional(),
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

/** Whether a URL may receive customers: https, or http on this machine outside production. */
function callbackUrlAllowed(value: string, production: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return !production && url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function callbackUrl(production: boolean) {
  return z
    .string({ error: 'must be a URL' })
    .trim()
    .max(500, 'must be at most 500 characters')
    .refine((v) => callbackUrlAllowed(v, production), production ? 'must be an https URL' : 'must be an https URL (or http on localhost outside production)');
}

/** A Snap duration of `min` minutes to 7 days. */
function snapDuration(min: number) {
  return z
    .object({
      unit: z
        .enum(['minute', 'minutes', 'hour', 'hours', 'day', 'days'], { error: 'must be minutes, hours or days' })
        .transform((unit) => (unit.endsWith('s') ? unit : `${unit}s`) as SnapDuration['unit']),
      duration: z.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be at least 1'),
    })
    .refine((d) => durationMinutes(d) >= min && durationMinutes(d) <= 7 * 1440, `must last from ${min} minutes to 7 days`);
}

function callbacksSchema(production: boolean) {
  return z.object({ finish: callbackUrl(production).optional(), error: callbackUrl(production).optional(), unfinish: callbackUrl(production).optional() });
}

const enabledPayments = z
  .array(z.enum(SNAP_PAYMENT_METHODS, { error: `must be one of ${SNAP_PAYMENT_METHODS.join(', ')}` }))
  .min(1, 'must name at least one payment method when present')
  .max(SNAP_PAYMENT_METHODS.length)
  .refine((list) => new Set(list).size === list.length, 'must not name a payment method twice');

/** An app's defaults for the Snap options its charges leave out. */
export interface AppSnapDefaults {
  callbacks?: SnapCallbacks;
  enabled_payments?: string[];
  page_expiry?: SnapDuration;
}

const DEFAULTS_SCHEMAS = {
  sandbox: z.object({ callbacks: callbacksSchema(false).optional(), enabled_payments: enabledPayments.optional(), page_expiry: snapDuration(5).optional() }),
  production: z.object({ callbacks: callbacksSchema(true).optional(), enabled_payments: enabledPayments.optional(), page_expiry: snapDuration(5).optional() }),
};

/** Validates an app's Snap defaults, with the same rules as a charge's options. */
export function parseSnapDefaults(input: unknown, options: { production?: boolean } = {}): AppSnapDefaults {
  const parsed = (options.production ? DEFAULTS_SCHEMAS.production : DEFAULTS_SCHEMAS.sandbox).safeParse(input);
  if (!parsed.success) {
    const fields: FieldProblem[] = parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
    throw new AppError('VALIDATION_FAILED', `Invalid app settings: ${fields[0].field} ${fields[0].message}`, { fields });
  }
  const { callbacks, enabled_payments, page_expiry } = parsed.data;
  const links = callbacks ? dropUndefined<SnapCallbacks>(callbacks) : undefined;
  return {
    ...(links && Object.keys(links).length > 0 ? { callbacks: links } : {}),
    ...(enabled_payments ? { enabled_payments } : {}),
    ...(page_expiry ? { page_expiry } : {}),
  };
}

/**
 * The options a Snap request carries: the charge's own, and for what it leaves out, the app's
 * defaults (callback URLs one by one).
 */
export function withAppDefaults(options: SnapOptions, defaults: AppSnapDefaults | undefined): SnapOptions {
  if (!defaults) return options;
  const callbacks = { ...defaults.callbacks, ...options.callbacks };
  return {
    ...options,
    ...(Object.keys(callbacks).length > 0 ? { callbacks } : {}),
    ...(!options.enabled_payments && defaults.enabled_payments ? { enabled_payments: defaults.enabled_payments } : {}),
    ...(!options.page_expiry && defaults.page_expiry ? { page_expiry: defaults.page_expiry } : {}),
  };
}

/** The schema a charge body is checked with (also the source of the OpenAPI document). */
export function chargeSchema(production: boolean) {
  return z
    .object(
      {
        order_id: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).regex(ORDER_ID_PATTERN, ORDER_ID_RULE),
        amount: rupiah.positive('must be more than 0'),
        item_details: z.array(item).min(1, 'must list at least one item when present').max(500).nullish(),
        customer_details: customer.nullish(),
        callbacks: callbacksSchema(production).nullish(),
        enabled_payments: enabledPayments.nullish(),
        expiry: snapDuration(1)
          .and(
            z.object({
              start_time: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/, 'must look like "2025-01-09 16:00:00 +0700"')
                .optional(),
            }),
          )
          .nullish(),
        page_expiry: snapDuration(5).nullish(),
        custom_field1: text(255).nullish(),
        custom_field2: text(255).nullish(),
        custom_field3: text(255).nullish(),
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
}

const SCHEMAS = { sandbox: chargeSchema(false), production: chargeSchema(true) };

/**
 * Validates a charge body (REST JSON, or GraphQL input mapped to Midtrans' names). In production,
 * callback URLs must be https.
 */
export function parseChargeRequest(body: unknown, options: { production?: boolean } = {}): ChargeRequest {
  const parsed = (options.production ? SCHEMAS.production : SCHEMAS.sandbox).safeParse(body);
  if (!parsed.success) {
    const fields: FieldProblem[] = parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
    const first = fields[0];
    const message = first.field ? `Invalid charge: ${first.field} ${first.message}` : `Invalid charge: ${first.message}`;
    throw new AppError('VALIDATION_FAILED', message, { fields });
  }
  const { order_id, amount, item_details, customer_details, callbacks, enabled_payments, expiry, page_expiry, custom_field1, custom_field2, custom_field3 } =
    parsed.data;
  return {
    order_id,
    amount,
    ...(item_details ? { item_details: item_details.map(dropUndefined) } : {}),
    ...(customer_details ? { customer_details: dropUndefined<CustomerDetails>(customer_details) } : {}),
    // Options a charge leaves out stay out: the fingerprint of an old client's charge is unchanged.
    ...(callbacks && Object.values(callbacks).some((v) => v !== undefined) ? { callbacks: dropUndefined(callbacks) } : {}),
    ...(enabled_payments ? { enabled_payments } : {}),
    ...(expiry ? { expiry: dropUndefined(expiry) } : {}),
    ...(page_expiry ? { page_expiry } : {}),
    ...(custom_field1 ? { custom_field1 } : {}),
    ...(custom_field2 ? { custom_field2 } : {}),
    ...(custom_field3 ? { custom_field3 } : {}),
  };
}

/** The Snap options of a validated charge (what Snap takes besides the order, items and customer). */
export function snapOptionsOf(request: ChargeRequest): SnapOptions {
  const { order_id: _o, amount: _a, item_details: _i, customer_details: _c, ...options } = request;
  return options;
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

/** A zod issue path as the contract writes a field: `item_details[0].price`. */
export function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
