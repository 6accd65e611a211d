import { html, nothing, type TemplateResult } from 'lit';
import { formatRupiah, formatTime, paymentMethod, statusBadge, STATUS_FILTERS, dayBound } from '../format';
import { gql } from '../api';
import { t } from '../i18n';
import { repaint, badge, fieldOf, paint, layout } from '../shell';
import { AppsPageDocument, TransactionsPageDocument, type AdminTransactionFilter, type TransactionsPageQuery } from '../generated/graphql';

/* The transaction list with its filters, totals and CSV export. */

let filter: AdminTransactionFilter = {};
/** The dates as typed (YYYY-MM-DD, WIB), to show them again. */
let days: { from?: string; to?: string } = {};
let loaded: TransactionsPageQuery['adminTransactions']['edges'] = [];
let nextCursor: string | null | undefined;
let totals: TransactionsPageQuery['adminTransactions']['totals'] | undefined;

/** The CSV export of the rows the filters match (the same filters, as query parameters). */
function exportHref(): string {
  const params = new URLSearchParams();
  if (filter.appCode) params.set('app', filter.appCode);
  if (filter.status) params.set('status', filter.status);
  if (filter.paid !== undefined && filter.paid !== null) params.set('paid', filter.paid ? 'yes' : 'no');
  if (filter.search) params.set('search', filter.search);
  if (days.from) params.set('from', days.from);
  if (days.to) params.set('to', days.to);
  const query = params.toString();
  return `/admin/export/transactions.csv${query ? `?${query}` : ''}`;
}

export async function transactionsView(more = false): Promise<TemplateResult> {
  const [{ apps }, page] = await Promise.all([
    gql(AppsPageDocument),
    gql(TransactionsPageDocument, { filter, first: 25, after: more ? nextCursor : undefined }),
  ]);
  loaded = more ? [...loaded, ...page.adminTransactions.edges] : page.adminTransactions.edges;
  nextCursor = page.adminTransactions.hasNextPage ? page.adminTransactions.endCursor : undefined;
  totals = page.adminTransactions.totals;
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    days = { from: fieldOf(data, 'from') || undefined, to: fieldOf(data, 'to') || undefined };
    filter = {
      appCode: fieldOf(data, 'app') || undefined,
      status: fieldOf(data, 'status') || undefined,
      paid: fieldOf(data, 'paid') === '' ? undefined : fieldOf(data, 'paid') === 'yes',
      search: fieldOf(data, 'search').trim() || undefined,
      from: dayBound(days.from),
      to: dayBound(days.to, true),
    };
    void repaint();
  };
  const loadMore = async () => paint(layout('transactions', await transactionsView(true)));
  const filtered = Object.values(filter).some((value) => value !== undefined);
  return html` <h1>${t('transactions.title')}</h1>
    <form class="card filters" @submit=${apply}>
      <label
        >${t('transactions.app')}
        <select name="app">
          <option value="">${t('transactions.allApps')}</option>
          ${apps.map((a) => html`<option value=${a.code} ?selected=${filter.appCode === a.code}>${a.code}</option>`)}
        </select></label
      >
      <label
        >${t('transactions.status')}
        <select name="status">
          <option value="">${t('transactions.anyStatus')}</option>
          ${STATUS_FILTERS.map((s) => html`<option value=${s} ?selected=${filter.status === s}>${statusBadge(s).label}</option>`)}
        </select></label
      >
      <label
        >${t('transactions.paid')}
        <select name="paid">
          <option value="">${t('transactions.paidAny')}</option>
          <option value="yes" ?selected=${filter.paid === true}>${t('transactions.paidYes')}</option>
          <option value="no" ?selected=${filter.paid === false}>${t('transactions.paidNo')}</option>
        </select></label
      >
      <label>${t('transactions.from')} <input type="date" name="from" .value=${days.from ?? ''} /></label>
      <label>${t('transactions.to')} <input type="date" name="to" .value=${days.to ?? ''} /></label>
      <label>${t('transactions.orderId')} <input name="search" placeholder="INV-" .value=${filter.search ?? ''} /></label>
      <div class="row">
        <button type="submit" class="primary">${t('transactions.filter')}</button>
        <a class="button" href=${exportHref()} download data-testid="export-csv">${t('transactions.exportCsv')}</a>
      </div>
    </form>
    <section class="card">
      ${
        totals
          ? html`<p class="totals" data-testid="totals">
              ${t('transactions.totals', { count: totals.count, amount: formatRupiah(totals.amount), paid: formatRupiah(totals.paidAmount) })}
            </p>`
          : nothing
      }
      <table class="transactions stack">
        <thead>
          <tr>
            <th>${t('transactions.created')}</th>
            <th>${t('transactions.app')}</th>
            <th>${t('transactions.orderId')}</th>
            <th class="num">${t('transactions.amount')}</th>
            <th>${t('transactions.method')}</th>
            <th>${t('transactions.status')}</th>
          </tr>
        </thead>
        <tbody>
          ${
            loaded.length === 0
              ? html`<tr>
                  <td colspan="6" class="muted">${filtered ? t('transactions.noMatch') : t('transactions.empty')}</td>
                </tr>`
              : nothing
          }
          ${loaded.map(
            ({ node }) =>
              html`<tr>
                <td data-label=${t('transactions.created')}>${formatTime(node.createdAt)}</td>
                <td data-label=${t('transactions.app')}>${node.appCode}</td>
                <td data-label=${t('transactions.orderId')} class="wrap"><a href="#/transactions/${encodeURIComponent(node.orderId)}">${node.orderId}</a></td>
                <td data-label=${t('transactions.amount')} class="num">${formatRupiah(node.amount)}</td>
                <td data-label=${t('transactions.method')}>${node.paymentType ? paymentMethod(node.paymentType) : html`<span class="muted">–</span>`}</td>
                <td data-label=${t('transactions.status')}>${badge(node.transactionStatus)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${nextCursor ? html`<button class="small" @click=${loadMore}>${t('common.loadMore')}</button>` : nothing}
    </section>`;
}
