import i18next from 'i18next';
import type { SimulatedPayment } from './simulated-payment.entity.js';
import { methodsOf, pageExpired } from './simulator.provider.js';

/** The words of the page in Bahasa Indonesia (the default) and English. */
const WORDS = {
  id: {
    title: 'Simulasi pembayaran {{orderId}} · gerbang',
    banner: 'Simulator: tidak ada uang sungguhan yang berpindah. gerbang berjalan tanpa server key Midtrans.',
    order: 'Pesanan {{orderId}}',
    status: 'Status',
    method: 'Metode',
    notChosen: 'belum dipilih',
    choose: 'Metode pembayaran',
    pay: 'Bayar',
    payLater: 'Bayar nanti',
    deny: 'Tolak',
    expire: 'Kedaluwarsakan',
    superseded: 'Diganti halaman pembayaran yang lebih baru',
    pageExpired: 'Halaman pembayaran ini sudah kedaluwarsa',
    created: 'Menunggu pembayaran',
    pending: 'Menunggu transfer',
    settlement: 'Lunas',
    denied: 'Ditolak',
    expired: 'Kedaluwarsa',
    otherBanks: 'Bank lain',
    card: 'Kartu kredit/debit',
    language: 'Bahasa',
  },
  en: {
    title: 'Simulated payment {{orderId}} · gerbang',
    banner: 'Simulator: no real money moves. gerbang runs without a Midtrans server key.',
    order: 'Order {{orderId}}',
    status: 'Status',
    method: 'Method',
    notChosen: 'not chosen yet',
    choose: 'Payment method',
    pay: 'Pay',
    payLater: 'Pay later',
    deny: 'Deny',
    expire: 'Expire',
    superseded: 'Replaced by a newer payment page',
    pageExpired: 'This payment page has expired',
    created: 'Waiting for payment',
    pending: 'Waiting for transfer',
    settlement: 'Paid',
    denied: 'Denied',
    expired: 'Expired',
    otherBanks: 'Other banks',
    card: 'Card',
    language: 'Language',
  },
};

export type PageLang = keyof typeof WORDS;

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'id',
  fallbackLng: 'id',
  resources: { id: { translation: WORDS.id }, en: { translation: WORDS.en } },
  initAsync: false,
  // Values are escaped where the HTML is made.
  interpolation: { escapeValue: false },
});

/** How a customer knows Snap's payment methods. */
const METHOD_NAMES: Record<string, string> = {
  credit_card: 'Card',
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
  other_qris: 'QRIS',
  dana: 'DANA',
  bca_va: 'BCA Virtual Account',
  bni_va: 'BNI Virtual Account',
  bri_va: 'BRI Virtual Account',
  permata_va: 'Permata Virtual Account',
  cimb_va: 'CIMB Virtual Account',
  danamon_va: 'Danamon Virtual Account',
  bsi_va: 'BSI Virtual Account',
  seabank_va: 'SeaBank Virtual Account',
  other_va: 'Other banks',
  echannel: 'Mandiri Bill',
  indomaret: 'Indomaret',
  alfamart: 'Alfamart',
  akulaku: 'Akulaku',
  kredivo: 'Kredivo',
};

/**
 * Made on the first page shown: a number format loads ICU's locale data (about 5 MB of resident
 * memory), which a server that talks to Midtrans itself never needs.
 */
let rupiah: Intl.NumberFormat | undefined;

function formatRupiah(amount: number): string {
  rupiah ??= new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
  return rupiah.format(amount);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The status words' keys. */
const LABELS: Record<string, keyof (typeof WORDS)['id']> = {
  created: 'created',
  pending: 'pending',
  settlement: 'settlement',
  deny: 'denied',
  expire: 'expired',
};

/** The HTML of a simulated Snap page: the order, its state, and buttons to pay, deny or expire it; in Bahasa Indonesia or English. */
export function renderSimulatorPage(page: SimulatedPayment, lang: PageLang = 'id'): string {
  const t = i18n.getFixedT(lang);
  const expired = pageExpired(page);
  const open = !page.superseded && !expired && (page.status === 'created' || page.status === 'pending');
  const label = LABELS[page.status];
  const state = page.superseded ? t('superseded') : expired ? t('pageExpired') : label ? t(label) : page.status;
  const name = (m: string) => (m === 'other_va' ? t('otherBanks') : m === 'credit_card' ? t('card') : (METHOD_NAMES[m] ?? m));
  const methods = methodsOf(page)
    .map((m, i) => `<label class="method"><input type="radio" name="method" value="${escape(m)}"${i === 0 ? ' checked' : ''}> ${escape(name(m))}</label>`)
    .join('\n    ');
  const button = (action: string, words: string, tone: string) => `<button name="action" value="${action}" class="${tone}">${escape(words)}</button>`;
  const switchTo = (other: PageLang, words: string) =>
    other === lang ? `<strong>${words}</strong>` : `<a href="?lang=${other}" hreflang="${other}" lang="${other}">${words}</a>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('title', { orderId: page.orderId }))}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; margin: 0; color: #1d2330; }
  main { max-width: 420px; margin: 48px auto; background: #fff; border-radius: 12px; padding: 28px; box-shadow: 0 2px 12px #0001; }
  .banner { background: #fff4d6; color: #7a5200; border-radius: 8px; padding: 10px 12px; font-size: 14px; }
  h1 { font-size: 20px; margin: 20px 0 4px; }
  .amount { font-size: 32px; font-weight: 700; margin: 8px 0 16px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 16px; font-size: 14px; }
  dt { color: #667; }
  form { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 24px; }
  button { flex: 1; border: 0; border-radius: 8px; padding: 12px; font-size: 15px; cursor: pointer; }
  .pay { background: #0a7c44; color: #fff; } .neutral { background: #e6e8ee; } .bad { background: #b3261e; color: #fff; }
  fieldset { flex-basis: 100%; border: 1px solid #e6e8ee; border-radius: 8px; display: grid; gap: 6px; }
  .method { display: flex; gap: 8px; align-items: center; }
  .lang { text-align: right; font-size: 14px; margin-bottom: 8px; }
</style></head>
<body><main>
  <nav class="lang" aria-label="${t('language')}">${switchTo('id', 'ID')} · ${switchTo('en', 'EN')}</nav>
  <div class="banner" role="note">${escape(t('banner'))}</div>
  <h1>${escape(t('order', { orderId: page.orderId }))}</h1>
  <div class="amount" data-testid="amount">${escape(formatRupiah(page.grossAmount))}</div>
  <dl>
    <dt>${t('status')}</dt><dd data-testid="status">${escape(state)}</dd>
    <dt>${t('method')}</dt><dd>${escape(page.paymentType ?? t('notChosen'))}</dd>
  </dl>
  ${
    open
      ? `<form method="post">
    ${page.status === 'created' ? `<fieldset data-testid="methods"><legend>${t('choose')}</legend>\n    ${methods}\n    </fieldset>` : ''}
    ${button('pay', t('pay'), 'pay')}
    ${page.status === 'created' ? button('pending', t('payLater'), 'neutral') : ''}
    ${button('deny', t('deny'), 'bad')}
    ${button('expire', t('expire'), 'neutral')}
  </form>`
      : ''
  }
</main></body></html>`;
}
