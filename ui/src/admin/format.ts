const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' });

/** 150000 → "Rp 150.000". */
export const formatRupiah = (amount: number): string => rupiah.format(amount);

/** 1500000 → "1,5 jt". */
export const formatCompact = (amount: number): string => compact.format(amount);

/** An ISO time in Western Indonesian Time. */
export const formatTime = (iso: string): string => `${dateTime.format(new Date(iso))} WIB`;

/** How a status looks to a person: a label and a tone for its badge. */
export function statusBadge(status: string): { label: string; tone: 'ok' | 'wait' | 'bad' | 'info' } {
  switch (status) {
    case 'settlement':
    case 'capture':
      return { label: 'Paid', tone: 'ok' };
    case 'pending':
    case 'authorize':
      return { label: 'Waiting for payment', tone: 'wait' };
    case 'expire':
      return { label: 'Expired', tone: 'bad' };
    case 'cancel':
      return { label: 'Cancelled', tone: 'bad' };
    case 'deny':
    case 'failure':
      return { label: 'Failed', tone: 'bad' };
    case 'refund':
      return { label: 'Refunded', tone: 'info' };
    case 'partial_refund':
      return { label: 'Partly refunded', tone: 'info' };
    default:
      return { label: status, tone: 'info' };
  }
}

/** The statuses an admin can filter by. */
export const STATUS_FILTERS = ['pending', 'settlement', 'capture', 'deny', 'cancel', 'expire', 'refund', 'partial_refund'];

/** Midtrans' payment_type as people say it ("bank_transfer" → "Bank transfer"). */
const PAYMENT_TYPES: Record<string, string> = {
  bank_transfer: 'Bank transfer (VA)',
  echannel: 'Mandiri Bill',
  permata_va: 'Permata VA',
  credit_card: 'Card',
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
  qris: 'QRIS',
  dana: 'DANA',
  cstore: 'Convenience store',
  akulaku: 'Akulaku',
  kredivo: 'Kredivo',
};

export const paymentMethod = (paymentType: string): string => PAYMENT_TYPES[paymentType] ?? paymentType.replace(/_/g, ' ');
