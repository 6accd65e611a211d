import { html, nothing, type TemplateResult } from 'lit';
import { formatRupiah, formatTime } from '../format';
import { ApiError, gql } from '../api';
import { session, repaint, badge } from '../shell';
import { ReplayWebhookDocument, TransactionPageDocument } from '../generated/graphql';

/* One payment: what was paid, the timeline, notifications, webhooks. */

export async function transactionView(orderId: string): Promise<TemplateResult> {
  const { adminTransaction: tx } = await gql(TransactionPageDocument, { orderId });
  const replay = async (id: string) => {
    try {
      await gql(ReplayWebhookDocument, { id });
      session.flash = { tone: 'ok', text: `Webhook ${id} queued again.` };
    } catch (error) {
      session.flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'Replay failed' };
    }
    await repaint();
    session.flash = undefined;
  };
  return html` <p><a href="#/transactions">← Transactions</a></p>
    <h1>Order ${tx.orderId}</h1>
    <section class="card detail">
      <dl>
        <dt>Amount</dt>
        <dd class="big" data-testid="detail-amount">${formatRupiah(tx.amount)}</dd>
        ${
          tx.paidAmount != null && tx.paidAmount !== tx.amount
            ? html`<dt>Paid at Midtrans</dt>
                <dd data-testid="detail-paid">
                  ${formatRupiah(tx.paidAmount)}${tx.feeAmount ? html` <span class="muted">(fee ${formatRupiah(tx.feeAmount)})</span>` : nothing}
                </dd>`
            : nothing
        }
        <dt>Status</dt>
        <dd data-testid="detail-status">${badge(tx.transactionStatus)}</dd>
        <dt>App</dt>
        <dd>${tx.appCode}</dd>
        <dt>Payment method</dt>
        <dd>${tx.paymentType ?? 'not chosen yet'}</dd>
        ${
          tx.refundedAmount > 0
            ? html`<dt>Refunded</dt>
                <dd>${formatRupiah(tx.refundedAmount)}</dd>`
            : nothing
        }
        <dt>Created</dt>
        <dd>${formatTime(tx.createdAt)}</dd>
        <dt>Last change</dt>
        <dd>${formatTime(tx.updatedAt)}</dd>
        <dt>Midtrans transaction</dt>
        <dd><code>${tx.midtransTransactionId ?? '–'}</code></dd>
        <dt>Payment page</dt>
        <dd class="wrap">${tx.redirectUrl ? html`<a href=${tx.redirectUrl} target="_blank" rel="noopener">${tx.redirectUrl}</a>` : '–'}</dd>
      </dl>
    </section>
    <section class="card">
      <h2>Timeline</h2>
      <ol class="timeline">
        ${tx.timeline.map(
          (t) =>
            html`<li>
              <span class="when">${formatTime(t.at)}</span> ${t.fromStatus ? html`${badge(t.fromStatus)} → ` : nothing}${badge(t.toStatus)}
              <span class="muted">via ${t.source}${t.detail ? `: ${t.detail}` : ''}</span>
            </li>`,
        )}
      </ol>
    </section>
    <section class="card">
      <h2>Webhooks to ${tx.appCode}</h2>
      ${
        tx.webhookEvents.length === 0
          ? html`<p class="muted">None sent (the app has no webhook URL, or nothing changed yet).</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Event</th>
                  <th>State</th>
                  <th>Attempts</th>
                  <th>Last answer</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${tx.webhookEvents.map(
                  (e) =>
                    html`<tr>
                      <td><code>${e.type}</code><br /><small class="muted">${e.id}</small></td>
                      <td>${e.state}</td>
                      <td>${e.attempts}</td>
                      <td>
                        ${e.attemptLog.at(-1) ? `${e.attemptLog.at(-1)!.statusCode ?? e.attemptLog.at(-1)!.error} · ${e.attemptLog.at(-1)!.latencyMs} ms` : '–'}
                      </td>
                      <td><button class="small" @click=${() => replay(e.id)}>Send again</button></td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <section class="card">
      <h2>Midtrans notifications</h2>
      ${
        tx.notifications.length === 0
          ? html`<p class="muted">None received.</p>`
          : html`<ul>
              ${tx.notifications.map((n) => html`<li>${formatTime(n.receivedAt)}: claimed <code>${n.claimedStatus}</code>, ${n.outcome}${n.receivedCount > 1 ? ` (received ${n.receivedCount}×)` : ''}</li>`)}
            </ul>`
      }
    </section>
    <section class="card">
      <h2>Raw Midtrans status</h2>
      <pre>${tx.rawStatus ? JSON.stringify(tx.rawStatus, null, 2) : 'Midtrans has not reported on this order yet.'}</pre>
    </section>`;
}
