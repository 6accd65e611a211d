const MIDTRANS_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Midtrans writes times without an offset ("2025-01-02 10:11:12"); they are Western Indonesian Time
 * (WIB, GMT+7). Gives the same instant as ISO-8601 with its offset ("2025-01-02T10:11:12+07:00"), so
 * that no reader takes it for UTC; null for anything that is not such a time.
 */
export function wibToIso(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = MIDTRANS_TIME.exec(value.trim());
  if (match) return `${match[1]}T${match[2]}${match[3] ?? ''}+07:00`;
  return WITH_OFFSET.test(value) ? value : null;
}
