import { html, nothing, type TemplateResult } from 'lit';
import { formatRupiah, formatTime, paymentMethod } from '../format';
import { gql } from '../api';
import { known, t } from '../i18n';
import { repaint, badge, act, fieldOf } from '../shell';
import {
  AdminCancelDocument,
  AdminExpireDocument,
  AdminRefundDocument,
  ReplayWebhookDocument,
  TransactionPageDocument,
  type TransactionPageQuery,
} from '../generated/graphql';

/* One payment: who paid what and how, what an admin can do to it, the timeline, notifications, webhooks. */

type Tx = TransactionPageQuery['adminTransaction'];

/** The refund form is open. */
let refunding: string | undefined;

export async function transactionView(orderId: string): Promise<TemplateResult> {
  const { adminTransaction: tx } = await gql(TransactionPageDocument, { orderId });
  const replay = (id: string) => act(() => gql(ReplayWebhookDocument, { id }).then(() => undefined), t('detail.queued', { id }));
  const channel = tx.channel;
  return html` <p><a href="#/transactions">${t('detail.back')}</a></p>
    <h1 class="wrap">${t('detail.title', { orderId: tx.orderId })}</h1>
    ${tx.paidAfterExpiry ? html`<div class="flash bad" role="note">${t('detail.paidAfterExpiry')}</div>` : nothing}
    <section class="card detail">
      <dl>
        <dt>${t('detail.amount')}</dt>
        <dd class="big" data-testid="detail-amount">${formatRupiah(tx.amount)}</dd>
        ${
          tx.paidAmount != null
            ? html`<dt>${t('detail.paidAtMidtrans')}</dt>
                <dd data-testid="detail-paid">
                  ${formatRupiah(tx.paidAmount)}${tx.feeAmount ? html` <span class="muted">(${t('detail.fee', { fee: formatRupiah(tx.feeAmount) })})</span>` : nothing}
                </dd>`
            : nothing
        }
        <dt>${t('detail.status')}</dt>
        <dd data-testid="detail-status">${badge(tx.transactionStatus)}</dd>
        ${
          tx.refundedAmount > 0
            ? html`<dt>${t('detail.refunded')}</dt>
                <dd data-testid="detail-refunded">${formatRupiah(tx.refundedAmount)}</dd>`
            : nothing
        }
        <dt>${t('detail.app')}</dt>
        <dd>${tx.appCode}</dd>
        <dt>${t('detail.method')}</dt>
        <dd data-testid="detail-method">${channel ? paymentMethod(channel.method) : t('method.none')}</dd>
        ${
          channel?.bank
            ? html`<dt>${t('detail.bank')}</dt>
                <dd>${channel.bank.toUpperCase()}</dd>`
            : nothing
        }
        ${
          channel?.reference && channel.referenceKind
            ? html`<dt>${t(`detail.${channel.referenceKind}`)}</dt>
                <dd><code data-testid="detail-reference">${channel.reference}</code></dd>`
            : nothing
        }
        <dt>${t('detail.created')}</dt>
        <dd>${formatTime(tx.createdAt)}</dd>
        <dt>${t('detail.lastChange')}</dt>
        <dd>${formatTime(tx.updatedAt)}</dd>
        <dt>${t('detail.midtransId')}</dt>
        <dd class="wrap"><code>${tx.midtransTransactionId ?? '–'}</code></dd>
        <dt>${t('detail.paymentPage')}</dt>
        <dd class="wrap">${tx.redirectUrl ? html`<a href=${tx.redirectUrl} target="_blank" rel="noopener">${tx.redirectUrl}</a>` : '–'}</dd>
      </dl>
    </section>
    ${actions(tx)}
    <section class="cards two">
      <div class="card" data-testid="customer">
        <h2>${t('detail.customer')}</h2>
        ${
          tx.customer
            ? html`<dl class="pairs">
                ${
                  tx.customer.name
                    ? html`<dt>${t('detail.name')}</dt>
                        <dd>${tx.customer.name}</dd>`
                    : nothing
                }
                ${
                  tx.customer.email
                    ? html`<dt>${t('detail.email')}</dt>
                        <dd class="wrap"><a href="mailto:${tx.customer.email}">${tx.customer.email}</a></dd>`
                    : nothing
                }
                ${
                  tx.customer.phone
                    ? html`<dt>${t('detail.phone')}</dt>
                        <dd><a href="tel:${tx.customer.phone}">${tx.customer.phone}</a></dd>`
                    : nothing
                }
              </dl>`
            : html`<p class="muted">${t('detail.noCustomer')}</p>`
        }
      </div>
      <div class="card" data-testid="items">
        <h2>${t('detail.items')}</h2>
        ${
          tx.items.length === 0
            ? html`<p class="muted">${t('detail.noItems')}</p>`
            : html`<div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th>${t('detail.item')}</th>
                      <th class="num">${t('detail.qty')}</th>
                      <th class="num">${t('detail.price')}</th>
                      <th class="num">${t('detail.subtotal')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${tx.items.map(
                      (item) =>
                        html`<tr>
                          <td>${item.name}${item.id ? html`<br /><small class="muted">${item.id}</small>` : nothing}</td>
                          <td class="num">${item.quantity}</td>
                          <td class="num">${formatRupiah(item.price)}</td>
                          <td class="num">${formatRupiah(item.price * item.quantity)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
      </div>
    </section>
    <section class="card">
      <h2>${t('detail.timeline')}</h2>
      <ol class="timeline">
        ${tx.timeline.map(
          (e) =>
            html`<li>
              <span class="when">${formatTime(e.at)}</span> ${e.fromStatus ? html`${badge(e.fromStatus)} → ` : nothing}${badge(e.toStatus)}
              <span class="muted"
                >${t('detail.via', { source: known(`detail.sources.${e.source}`) ? t(`detail.sources.${e.source}`) : e.source })}${e.detail ? `: ${e.detail}` : ''}</span
              >
            </li>`,
        )}
      </ol>
    </section>
    <section class="card">
      <h2>${t('detail.webhooksTo', { app: tx.appCode })}</h2>
      ${
        tx.webhookEvents.length === 0
          ? html`<p class="muted">${t('detail.noWebhooks')}</p>`
          : html`<div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>${t('detail.event')}</th>
                    <th>${t('detail.state')}</th>
                    <th>${t('detail.attempts')}</th>
                    <th>${t('detail.lastAnswer')}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${tx.webhookEvents.map((e) => {
                    const last = e.attemptLog.at(-1);
                    return html`<tr>
                      <td><code>${e.type}</code><br /><small class="muted">${e.id}</small></td>
                      <td>${e.state}</td>
                      <td>${e.attempts}</td>
                      <td>${last ? `${last.statusCode ?? last.error} · ${last.latencyMs} ms` : '–'}</td>
                      <td><button class="small" @click=${() => replay(e.id)}>${t('detail.sendAgain')}</button></td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>`
      }
    </section>
    <section class="card">
      <h2>${t('detail.notifications')}</h2>
      ${
        tx.notifications.length === 0
          ? html`<p class="muted">${t('detail.noNotifications')}</p>`
          : html`<ul>
              ${tx.notifications.map(
                (n) =>
                  html`<li>
                    ${t('detail.notification', { time: formatTime(n.receivedAt), status: n.claimedStatus ?? '–', outcome: n.outcome })}${
                      n.receivedCount > 1 ? t('detail.receivedTimes', { count: n.receivedCount }) : ''
                    }
                  </li>`,
              )}
            </ul>`
      }
    </section>
    <section class="card">
      <h2>${t('detail.raw')}</h2>
      <pre>${tx.rawStatus ? JSON.stringify(tx.rawStatus, null, 2) : t('detail.noRaw')}</pre>
    </section>`;
}

/** What an admin can do to the payment now: cancel or expire an unpaid one, refund a paid one. */
function actions(tx: Tx): TemplateResult {
  const orderId = tx.orderId;
  const unpaid = ['pending', 'authorize'].includes(tx.transactionStatus) || (tx.transactionStatus === 'capture' && !tx.paid);
  const left = tx.amount - tx.refundedAmount;
  const refundable = (tx.paid || tx.transactionStatus === 'partial_refund') && left > 0;
  const cancel = () => {
    if (!confirm(t('detail.cancelConfirm', { orderId, amount: formatRupiah(tx.amount) }))) return;
    void act(() => gql(AdminCancelDocument, { orderId }).then(() => undefined), t('detail.cancelled', { orderId }));
  };
  const expire = () => {
    if (!confirm(t('detail.expireConfirm', { orderId }))) return;
    void act(() => gql(AdminExpireDocument, { orderId }).then(() => undefined), t('detail.expired', { orderId }));
  };
  const refund = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const typed = fieldOf(data, 'amount').trim();
    const amount = typed ? Number(typed) : left;
    const reason = fieldOf(data, 'reason').trim();
    if (!confirm(t('detail.refundConfirm', { amount: formatRupiah(amount), orderId, reason }))) return;
    void act(
      async () => {
        await gql(AdminRefundDocument, { input: { orderId, reason, ...(typed ? { amount } : {}) } });
        refunding = undefined;
      },
      t('detail.refunded_ok', { amount: formatRupiah(amount), orderId }),
    );
  };
  return html`<section class="card" data-testid="actions">
    <h2>${t('detail.actions')}</h2>
    ${
      !unpaid && !refundable
        ? html`<p class="muted">${t('detail.noActions')}</p>`
        : html`<div class="row">
            ${unpaid ? html`<button class="danger" @click=${cancel}>${t('detail.cancel')}</button>` : nothing}
            ${tx.transactionStatus === 'pending' ? html`<button @click=${expire}>${t('detail.expire')}</button>` : nothing}
            ${
              refundable
                ? html`<button
                    class="danger"
                    aria-expanded=${refunding === orderId}
                    @click=${() => ((refunding = refunding === orderId ? undefined : orderId), repaint())}
                  >
                    ${t('detail.refund')}
                  </button>`
                : nothing
            }
          </div>`
    }
    ${
      refundable && refunding === orderId
        ? html`<form class="stack refund" @submit=${refund} data-testid="refund-form">
            <label
              >${t('detail.refundAmount')}
              <input name="amount" type="number" min="1" max=${left} step="1" inputmode="numeric" placeholder=${String(left)} />
              <span class="hint">${t('detail.refundAmountHint', { left: formatRupiah(left) })}</span></label
            >
            <label>${t('detail.refundReason')} <input name="reason" required maxlength="255" placeholder=${t('detail.refundReasonPlaceholder')} /></label>
            <div class="row">
              <button type="submit" class="primary">${t('detail.refund')}</button>
              <button type="button" @click=${() => ((refunding = undefined), repaint())}>${t('common.cancel')}</button>
            </div>
          </form>`
        : nothing
    }
  </section>`;
}
