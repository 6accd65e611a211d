import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatCompact, formatRupiah } from '../format';
import { gql } from '../api';
import { copy } from '../shell';
import { DashboardPageDocument } from '../generated/graphql';

/* The dashboard: volumes, success rate, the last 30 days, the notification URL. */

export async function dashboardView(): Promise<TemplateResult> {
  const { dashboard, gateway } = await gql(DashboardPageDocument);
  const rate = dashboard.successRate === null || dashboard.successRate === undefined ? '–' : `${Math.round(dashboard.successRate * 1000) / 10}%`;
  return html` <h1>Dashboard</h1>
    <section class="cards">
      <div class="card stat">
        <h2>Today</h2>
        <div class="big" data-testid="today-volume">${formatRupiah(dashboard.today.volume)}</div>
        <div class="muted">${dashboard.today.paidCount} paid of ${dashboard.today.count} payments</div>
      </div>
      <div class="card stat">
        <h2>This month</h2>
        <div class="big" data-testid="month-volume">${formatRupiah(dashboard.month.volume)}</div>
        <div class="muted">${dashboard.month.paidCount} paid of ${dashboard.month.count} payments</div>
      </div>
      <div class="card stat">
        <h2>Success rate</h2>
        <div class="big">${rate}</div>
        <div class="muted">paid ÷ finished, last 30 days</div>
      </div>
    </section>
    <section class="card">
      <h2>Paid volume per day, last 30 days</h2>
      ${chart(dashboard.daily)}
    </section>
    <section class="card">
      <h2>Midtrans settings</h2>
      <p>Payment Notification URL (enter it in the Midtrans dashboard):</p>
      <p>
        <code data-testid="notification-url">${gateway.notificationUrl}</code>
        <button class="small" @click=${(e: Event) => copy(gateway.notificationUrl, e)}>Copy</button>
      </p>
      <p class="muted">
        ${gateway.provider === 'simulator' ? 'Simulator mode: no real money moves.' : gateway.production ? 'Midtrans Production: real money.' : 'Midtrans Sandbox.'}
      </p>
    </section>`;
}

function chart(days: { date: string; count: number; volume: number }[]): TemplateResult {
  const width = 720;
  const height = 200;
  const max = Math.max(1, ...days.map((d) => d.volume));
  const bar = width / days.length;
  return html`<svg class="chart" viewBox="0 0 ${width} ${height + 24}" role="img" aria-label="Paid volume per day">
    ${days.map((d, i) => {
      const h = Math.round((d.volume / max) * height);
      return svg`<g><rect x=${i * bar + 2} y=${height - h} width=${bar - 4} height=${Math.max(h, d.volume > 0 ? 2 : 0)} rx="2"></rect>
        <title>${d.date}: ${formatRupiah(d.volume)} (${d.count} payments)</title>
        ${i % 5 === 0 || i === days.length - 1 ? svg`<text x=${i === 0 ? 2 : i === days.length - 1 ? width - 2 : i * bar + bar / 2} y=${height + 16} text-anchor=${i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'}>${d.date.slice(5)}</text>` : nothing}</g>`;
    })}
    <text x="4" y="12" class="axis">${formatCompact(max)}</text>
  </svg>`;
}
