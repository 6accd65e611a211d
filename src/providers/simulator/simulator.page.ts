import type { SimulatedPayment } from './simulated-payment.entity.js';
import { methodsOf, pageExpired } from './simulator.provider.js';

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

const LABELS: Record<string, string> = {
  created: 'Waiting for payment',
  pending: 'Waiting for transfer',
  settlement: 'Paid',
  deny: 'Denied',
  expire: 'Expired',
};

/** The HTML of a simulated Snap page: the order, its state, and buttons to pay, deny or expire it. */
export function renderSimulatorPage(page: SimulatedPayment): string {
  const expired = pageExpired(page);
  const open = !page.superseded && !expired && (page.status === 'created' || page.status === 'pending');
  const state = page.superseded ? 'Replaced by a newer payment page' : expired ? 'This payment page has expired' : (LABELS[page.status] ?? page.status);
  const methods = methodsOf(page)
    .map(
      (m, i) =>
        `<label class="method"><input type="radio" name="method" value="${escape(m)}"${i === 0 ? ' checked' : ''}> ${escape(METHOD_NAMES[m] ?? m)}</label>`,
    )
    .join('\n    ');
  const button = (action: string, label: string, tone: string) => `<button name="action" value="${action}" class="${tone}">${label}</button>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulated payment ${escape(page.orderId)} · gerbang</title>
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
</style></head>
<body><main>
  <div class="banner" role="note">Simulator: no real money moves. gerbang runs without a Midtrans server key.</div>
  <h1>Order ${escape(page.orderId)}</h1>
  <div class="amount" data-testid="amount">${escape(formatRupiah(page.grossAmount))}</div>
  <dl>
    <dt>Status</dt><dd data-testid="status">${escape(state)}</dd>
    <dt>Method</dt><dd>${escape(page.paymentType ?? 'not chosen yet')}</dd>
  </dl>
  ${
    open
      ? `<form method="post">
    ${page.status === 'created' ? `<fieldset data-testid="methods"><legend>Payment method</legend>\n    ${methods}\n    </fieldset>` : ''}
    ${button('pay', 'Pay', 'pay')}
    ${page.status === 'created' ? button('pending', 'Pay later', 'neutral') : ''}
    ${button('deny', 'Deny', 'bad')}
    ${button('expire', 'Expire', 'neutral')}
  </form>`
      : ''
  }
</main></body></html>`;
}
