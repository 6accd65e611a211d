import { known, locale, t } from './i18n';

/* How amounts, times, statuses and payment methods read, in the admin's language. */

/** Formats made once per locale. */
const formats = new Map<string, { rupiah: Intl.NumberFormat; compact: Intl.NumberFormat; dateTime: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();

function formatsFor() {
  const tag = locale();
  let f = formats.get(tag);
  if (!f) {
    f = {
      rupiah: new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }),
      compact: new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 }),
      dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }),
      day: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'Asia/Jakarta' }),
    };
    formats.set(tag, f);
  }
  return f;
}

/** 150000 → "Rp 150.000" (rupiah are written the Indonesian way in both languages). */
export const formatRupiah = (amount: number): string => formatsFor().rupiah.format(amount);

/** 1500000 → "1,5 jt" / "1.5M". */
export const formatCompact = (amount: number): string => formatsFor().compact.format(amount);

/** An ISO time in Western Indonesian Time, the zone shown: "2 Des 2026, 14.05 WIB". */
export const formatTime = (iso: string): string => `${formatsFor().dateTime.format(new Date(iso))} WIB`;

/**
 * A date field's day (YYYY-MM-DD, WIB) as the instant it starts, for a filter's `from`; with
 * `nextDay`, the instant it ends (the next day's start), for `to`. Undefined for an empty field.
 */
export const dayBound = (value: string | undefined, nextDay = false): string | undefined =>
  value ? new Date(Date.parse(`${value}T00:00:00+07:00`) + (nextDay ? 86_400_000 : 0)).toISOString() : undefined;

/** A day (YYYY-MM-DD, WIB) as a person reads it: "3 Nov". */
export const formatDay = (day: string): string => formatsFor().day.format(new Date(`${day}T12:00:00+07:00`));

/** How a status looks to a person: the word in the admin's language, Midtrans' term, a tone for its badge. */
export function statusBadge(status: string): { label: string; tone: 'ok' | 'wait' | 'bad' | 'info' } {
  const word = known(`status.${status}`) ? t(`status.${status}`) : status;
  return { label: word === status ? status : `${word} · ${status}`, tone: TONES[status] ?? 'info' };
}

const TONES: Record<string, 'ok' | 'wait' | 'bad' | 'info'> = {
  settlement: 'ok',
  capture: 'ok',
  pending: 'wait',
  authorize: 'wait',
  expire: 'bad',
  cancel: 'bad',
  deny: 'bad',
  failure: 'bad',
  refund: 'info',
  partial_refund: 'info',
};

/** The statuses an admin can filter by. */
export const STATUS_FILTERS = ['pending', 'settlement', 'capture', 'deny', 'cancel', 'expire', 'refund', 'partial_refund'];

/** Midtrans' payment_type (or a Snap method) as people say it ("bank_transfer" → "Bank transfer (VA)"). */
export const paymentMethod = (paymentType: string): string => (known(`method.${paymentType}`) ? t(`method.${paymentType}`) : paymentType.replace(/_/g, ' '));

/** An error as the admin reads it: gerbang's code in the admin's language, its own message where it says more. */
export function errorText(code: string, message: string, retryAfterSeconds?: number): string {
  if (code === 'TOO_MANY_ATTEMPTS' && retryAfterSeconds) return t('errors.TOO_MANY_ATTEMPTS_FOR', { count: Math.ceil(retryAfterSeconds / 60) });
  return known(`errors.${code}`) ? t(`errors.${code}`, { message }) : message;
}
