import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatCompact, formatDay, formatRupiah, paymentMethod } from '../format';
import { gql } from '../api';
import { t } from '../i18n';
import { copy } from '../shell';
import { DashboardPageDocument, type DashboardPageQuery } from '../generated/graphql';

/* The dashboard: volumes, success rate, the last 30 days, by app and by method, the notification URL. */

export async function dashboardView(): Promise<TemplateResult> {
  const { dashboard, gateway } = await gql(DashboardPageDocument);
  const rate = dashboard.successRate === null || dashboard.successRate === undefined ? '–' : `${Math.round(dashboard.successRate * 1000) / 10}%`;
  return html` <h1>${t('dashboard.title')}</h1>
    <section class="cards">
      <div class="card stat">
        <h2>${t('dashboard.today')}</h2>
        <div class="big" data-testid="today-volume">${formatRupiah(dashboard.today.volume)}</div>
        <div class="muted">${t('dashboard.paidOf', { paid: dashboard.today.paidCount, count: dashboard.today.count })}</div>
      </div>
      <div class="card stat">
        <h2>${t('dashboard.month')}</h2>
        <div class="big" data-testid="month-volume">${formatRupiah(dashboard.month.volume)}</div>
        <div class="muted">${t('dashboard.paidOf', { paid: dashboard.month.paidCount, count: dashboard.month.count })}</div>
      </div>
      <div class="card stat">
        <h2>${t('dashboard.successRate')}</h2>
        <div class="big">${rate}</div>
        <div class="muted">${t('dashboard.successRateHint')}</div>
      </div>
    </section>
    <section class="card">
      <h2>${t('dashboard.daily')}</h2>
      ${chart(dashboard.daily)}
    </section>
    <section class="cards two">
      ${breakdown(t('dashboard.byApp'), t('dashboard.app'), dashboard.byApp, (key) => key, 'by-app')}
      ${breakdown(t('dashboard.byMethod'), t('dashboard.method'), dashboard.byMethod, paymentMethod, 'by-method')}
    </section>
    <section class="card">
      <h2>${t('dashboard.settings')}</h2>
      <p>${t('dashboard.notificationUrl')}</p>
      <p class="wrap">
        <code data-testid="notification-url">${gateway.notificationUrl}</code>
        <button class="small" @click=${(e: Event) => copy(gateway.notificationUrl, e)}>${t('common.copy')}</button>
      </p>
      <p class="muted">
        ${gateway.provider === 'simulator' ? t('dashboard.modeSimulator') : gateway.production ? t('dashboard.modeProduction') : t('dashboard.modeSandbox')}
      </p>
    </section>`;
}

type Groups = DashboardPageQuery['dashboard']['byApp'];

/** One breakdown: a row per app or method, with a bar for its share of the paid volume. */
function breakdown(title: string, column: string, groups: Groups, name: (key: string) => string, testId: string): TemplateResult {
  const total = groups.reduce((sum, g) => sum + g.volume, 0);
  return html`<div class="card">
    <h2>${title}</h2>
    ${
      groups.length === 0
        ? html`<p class="muted">${t('dashboard.noPayments')}</p>`
        : html`<table class="breakdown" data-testid=${testId}>
            <thead>
              <tr>
                <th>${column}</th>
                <th class="num">${t('dashboard.paid')}</th>
                <th class="num">${t('dashboard.volume')}</th>
              </tr>
            </thead>
            <tbody>
              ${groups.map(
                (g) =>
                  html`<tr>
                    <td>
                      ${name(g.key)}
                      <div class="share"><span style="width: ${total ? Math.round((g.volume / total) * 100) : 0}%"></span></div>
                    </td>
                    <td class="num">${g.paidCount} / ${g.count}</td>
                    <td class="num">${formatRupiah(g.volume)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </div>`;
}

function chart(days: { date: string; count: number; volume: number }[]): TemplateResult {
  const width = 720;
  const height = 200;
  const max = Math.max(1, ...days.map((d) => d.volume));
  const bar = width / days.length;
  // The bars stretch to the card; the labels are text of the page, so they stay readable on a phone.
  // Every seventh day (not too near the last) and the last are labelled, in words ("3 Nov").
  return html`<div class="chart" data-testid="chart">
    <div class="chart-max">${formatCompact(max)}</div>
    <svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label=${t('dashboard.chartLabel')}>
      ${days.map((d, i) => {
        const h = Math.round((d.volume / max) * height);
        return svg`<rect x=${i * bar + 2} y=${height - h} width=${bar - 4} height=${Math.max(h, d.volume > 0 ? 2 : 0)} rx="2">
          <title>${t('dashboard.chartTip', { date: formatDay(d.date), volume: formatRupiah(d.volume), count: d.count })}</title></rect>`;
      })}
    </svg>
    <div class="chart-days">
      ${days.map((d, i) =>
        (i % 7 === 0 && i < days.length - 4) || i === days.length - 1
          ? html`<span style="left: ${((i + 0.5) / days.length) * 100}%" class=${i === 0 ? 'first' : i === days.length - 1 ? 'last' : ''}
              >${formatDay(d.date)}</span
            >`
          : nothing,
      )}
    </div>
  </div>`;
}
