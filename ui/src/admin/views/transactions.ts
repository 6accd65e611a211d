import { html, nothing, type TemplateResult } from 'lit';
import { formatRupiah, formatTime, paymentMethod, statusBadge, STATUS_FILTERS } from '../format';
import { gql } from '../api';
import { repaint, badge, fieldOf, paint, layout } from '../shell';
import { AppsPageDocument, TransactionsPageDocument, type AdminTransactionFilter, type TransactionsPageQuery } from '../generated/graphql';

/* The transaction list with its filters. */

let filter: AdminTransactionFilter = {};
let loaded: TransactionsPageQuery['adminTransactions']['edges'] = [];
let nextCursor: string | null | undefined;
let totals: TransactionsPageQuery['adminTransactions']['totals'] | undefined;

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
    const day = (name: string, shift = 0) => {
      const value = fieldOf(data, name);
      return value ? new Date(Date.parse(`${value}T00:00:00+07:00`) + shift).toISOString() : undefined;
    };
    filter = {
      appCode: fieldOf(data, 'app') || undefined,
      status: fieldOf(data, 'status') || undefined,
      paid: fieldOf(data, 'paid') === '' ? undefined : fieldOf(data, 'paid') === 'yes',
      search: fieldOf(data, 'search').trim() || undefined,
      from: day('from'),
      to: day('to', 86_400_000),
    };
    void repaint();
  };
  const loadMore = async () => paint(layout('transactions', await transactionsView(true)));
  return html` <h1>Transactions</h1>
    <form class="card filters" @submit=${apply}>
      <label
        >App
        <select name="app">
          <option value="">All apps</option>
          ${apps.map((a) => html`<option value=${a.code} ?selected=${filter.appCode === a.code}>${a.code}</option>`)}
        </select></label
      >
      <label
        >Status
        <select name="status">
          <option value="">Any status</option>
          ${STATUS_FILTERS.map((s) => html`<option value=${s} ?selected=${filter.status === s}>${statusBadge(s).label} (${s})</option>`)}
        </select></label
      >
      <label
        >Paid
        <select name="paid">
          <option value="">Paid or not</option>
          <option value="yes" ?selected=${filter.paid === true}>Paid</option>
          <option value="no" ?selected=${filter.paid === false}>Not paid</option>
        </select></label
      >
      <label>From <input type="date" name="from" /></label>
      <label>To <input type="date" name="to" /></label>
      <label>Order ID <input name="search" placeholder="INV-" .value=${filter.search ?? ''} /></label>
      <button type="submit" class="primary">Filter</button>
    </form>
    <section class="card">
      ${
        totals
          ? html`<p class="totals" data-testid="totals">
              ${totals.count} ${totals.count === 1 ? 'payment' : 'payments'} · charged ${formatRupiah(totals.amount)} · paid ${formatRupiah(totals.paidAmount)}
            </p>`
          : nothing
      }
      <table class="transactions">
        <thead>
          <tr>
            <th>Created</th>
            <th>App</th>
            <th>Order ID</th>
            <th class="num">Amount</th>
            <th>Method</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          ${
            loaded.length === 0
              ? html`<tr>
                  <td colspan="6" class="muted">
                    ${
                      Object.values(filter).some((value) => value !== undefined)
                        ? 'No transactions match these filters.'
                        : 'No payments yet. They appear here as soon as an app creates one (POST /charge or createTransaction).'
                    }
                  </td>
                </tr>`
              : nothing
          }
          ${loaded.map(
            ({ node }) =>
              html`<tr>
                <td>${formatTime(node.createdAt)}</td>
                <td>${node.appCode}</td>
                <td><a href="#/transactions/${encodeURIComponent(node.orderId)}">${node.orderId}</a></td>
                <td class="num">${formatRupiah(node.amount)}</td>
                <td>${node.paymentType ? paymentMethod(node.paymentType) : html`<span class="muted">–</span>`}</td>
                <td>${badge(node.transactionStatus)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${nextCursor ? html`<button class="small" @click=${loadMore}>Load more</button>` : nothing}
    </section>`;
}
