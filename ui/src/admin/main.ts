import { html, nothing, render, svg, type TemplateResult } from 'lit';
import { ApiError, gql } from './api';
import { formatCompact, formatRupiah, formatTime, statusBadge, STATUS_FILTERS } from './format';
import {
  AppsPageDocument,
  AuditPageDocument,
  CreateAppDocument,
  DashboardPageDocument,
  DisableAppDocument,
  EnableAppDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  ReplayFailedWebhooksDocument,
  ReplayWebhookDocument,
  RotateAppKeyDocument,
  TransactionPageDocument,
  TransactionsPageDocument,
  type AdminTransactionFilter,
  type TransactionsPageQuery,
  type AppsPageQuery,
  UpdateAppDefaultsDocument,
} from './generated/graphql';
import './styles.css';

/** A text field of a submitted form ('' when absent). */
function fieldOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

const root = document.getElementById('app')!;
let me: string | undefined;

/** A key shown once after creating or rotating it. */
let revealedKey: { code: string; apiKey: string; verb: string } | undefined;
let flash: { tone: 'ok' | 'bad'; text: string } | undefined;

type Route =
  { name: 'login' } | { name: 'dashboard' } | { name: 'apps' } | { name: 'transactions' } | { name: 'transaction'; orderId: string } | { name: 'audit' };

function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  if (page === 'login') return { name: 'login' };
  if (page === 'apps') return { name: 'apps' };
  if (page === 'transactions' && rest.length) return { name: 'transaction', orderId: decodeURIComponent(rest.join('/')) };
  if (page === 'transactions') return { name: 'transactions' };
  if (page === 'audit') return { name: 'audit' };
  return { name: 'dashboard' };
}

function go(path: string): void {
  if (location.hash === `#/${path}`) void show();
  else location.hash = `#/${path}`;
}

function badge(status: string): TemplateResult {
  const { label, tone } = statusBadge(status);
  return html`<span class="badge ${tone}" title=${status}>${label}</span>`;
}

function layout(active: string, body: TemplateResult): TemplateResult {
  const link = (path: string, label: string) => html`<a href="#/${path}" class=${active === path ? 'active' : ''}>${label}</a>`;
  return html` <header class="top">
      <div class="brand">gerbang <small>admin</small></div>
      <nav>
        ${link('dashboard', 'Dashboard')} ${link('apps', 'Apps')} ${link('transactions', 'Transactions')} ${link('audit', 'Audit log')}
        <a href="/graphql" target="_blank" rel="noopener">GraphQL</a>
      </nav>
      <div class="who">${me} <button class="link" @click=${logout}>Log out</button></div>
    </header>
    <main>${flash ? html`<div class="flash ${flash.tone}" role="status">${flash.text}</div>` : nothing} ${body}</main>`;
}

/** Shows a view; a message set for it (flash) is shown once, with it. */
function paint(view: TemplateResult): void {
  render(view, root);
  flash = undefined;
}

function failure(error: unknown): TemplateResult {
  const message = error instanceof ApiError ? error.message : 'Something went wrong.';
  return html`<div class="flash bad" role="alert">${message}</div>`;
}

async function show(): Promise<void> {
  const route = currentRoute();
  if (route.name === 'login') return paint(loginView());
  if (!me) {
    try {
      me = (await gql(MeDocument)).me.username;
    } catch {
      return go('login');
    }
  }
  try {
    switch (route.name) {
      case 'dashboard':
        return paint(layout('dashboard', await dashboardView()));
      case 'apps':
        return paint(layout('apps', await appsView()));
      case 'transactions':
        return paint(layout('transactions', await transactionsView()));
      case 'transaction':
        return paint(layout('transactions', await transactionView(route.orderId)));
      case 'audit':
        return paint(layout('audit', await auditView()));
    }
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      me = undefined;
      return go('login');
    }
    paint(layout(route.name, failure(error)));
  }
}

// ---------------------------------------------------------------- login

/** True while a sign-in is on its way (the button waits; it is part of the template, so a repaint frees it). */
let signingIn = false;

function loginView(message?: string): TemplateResult {
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (signingIn) return;
    const form = new FormData(event.target as HTMLFormElement);
    signingIn = true;
    paint(loginView(message));
    try {
      me = (await gql(LoginDocument, { username: fieldOf(form, 'username'), password: fieldOf(form, 'password') })).login.username;
      signingIn = false;
      go('dashboard');
    } catch (error) {
      signingIn = false;
      paint(loginView(error instanceof ApiError ? error.message : 'Login failed'));
    }
  };
  return html` <div class="login">
    <form @submit=${submit} class="card">
      <h1>gerbang</h1>
      <p class="muted">Sign in to manage apps and watch payments.</p>
      ${message ? html`<div class="flash bad" role="alert">${message}</div>` : nothing}
      <label>User name <input name="username" autocomplete="username" required autofocus /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
      <button type="submit" class="primary" ?disabled=${signingIn}>${signingIn ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </div>`;
}

async function logout(): Promise<void> {
  await gql(LogoutDocument).catch(() => undefined);
  me = undefined;
  go('login');
}

// ---------------------------------------------------------------- dashboard

async function dashboardView(): Promise<TemplateResult> {
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

// ---------------------------------------------------------------- apps

async function appsView(): Promise<TemplateResult> {
  const { apps } = await gql(AppsPageDocument);
  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      const result = await gql(CreateAppDocument, { input: { code: fieldOf(data, 'code').trim(), name: fieldOf(data, 'name').trim() } });
      revealedKey = { code: result.createApp.app.code, apiKey: result.createApp.apiKey, verb: 'created' };
      flash = undefined;
      form.reset();
    } catch (error) {
      flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'Could not create the app' };
    }
    await show();
  };
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      if (done) flash = { tone: 'ok', text: done };
    } catch (error) {
      flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'That did not work' };
    }
    await show();
  };
  const rotate = (code: string) => {
    if (!confirm(`Give "${code}" a new key? The current key stops working at once.`)) return;
    void act(async () => {
      const result = await gql(RotateAppKeyDocument, { code });
      revealedKey = { code, apiKey: result.rotateAppKey.apiKey, verb: 'rotated' };
    }, `The key of "${code}" was replaced.`);
  };
  const toggle = (code: string, active: boolean) =>
    void act(() => (active ? gql(DisableAppDocument, { code }) : gql(EnableAppDocument, { code })), `App "${code}" is now ${active ? 'disabled' : 'active'}.`);
  const shownKey = revealedKey;
  revealedKey = undefined;
  const view = html` <h1>Apps</h1>
    ${
      shownKey
        ? html`<section class="card key-reveal" role="alert">
            <h2>API key of "${shownKey.code}"</h2>
            <p><strong>Copy this key now: it will not be shown again.</strong> gerbang keeps only a hash of it.</p>
            <p class="key">
              <code data-testid="new-api-key">${shownKey.apiKey}</code> <button class="small" @click=${(e: Event) => copy(shownKey.apiKey, e)}>Copy</button>
            </p>
            <p class="muted">The app sends it as <code>X-Api-Key</code> with <code>X-App-Code: ${shownKey.code}</code>.</p>
          </section>`
        : nothing
    }
    <section class="card">
      <h2>New app</h2>
      <form class="inline" @submit=${create}>
        <label>Code <input name="code" required pattern="[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}" placeholder="biling" /></label>
        <label>Name <input name="name" required maxlength="200" placeholder="Billing" /></label>
        <button type="submit" class="primary">Create app</button>
      </form>
    </section>
    <section class="card">
      <table>
        <thead>
          <tr>
            <th>Code</th>
            <th>Name</th>
            <th>Key</th>
            <th>State</th>
            <th>Webhook</th>
            <th>Created</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${
            apps.length === 0
              ? html`<tr>
                  <td colspan="7" class="muted">No apps yet.</td>
                </tr>`
              : nothing
          }
          ${apps.map(
            (app) =>
              html`<tr data-app=${app.code}>
                <td><strong>${app.code}</strong></td>
                <td>${app.name}</td>
                <td><code>${app.keyPrefix}…</code></td>
                <td>${app.active ? html`<span class="badge ok">Active</span>` : html`<span class="badge bad">Disabled</span>`}</td>
                <td class="wrap">${app.webhookUrl ?? html`<span class="muted">none</span>`}</td>
                <td>${formatTime(app.createdAt)}</td>
                <td class="actions">
                  <button class="small" @click=${() => rotate(app.code)}>Rotate key</button>
                  <button class="small ${app.active ? 'danger' : ''}" @click=${() => toggle(app.code, app.active)}>${app.active ? 'Disable' : 'Enable'}</button>
                  ${
                    app.webhookUrl
                      ? html`<button
                          class="small"
                          @click=${() =>
                            act(async () => {
                              const count = (await gql(ReplayFailedWebhooksDocument, { appCode: app.code })).adminReplayFailedWebhookEvents;
                              flash = { tone: 'ok', text: `${count} failed webhook(s) of "${app.code}" queued again.` };
                            }, '')}
                        >
                          Resend failed webhooks
                        </button>`
                      : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    ${paymentPageForm(apps, act)}`;
  return view;
}

/** The app whose payment page settings the form shows. */
let defaultsApp: string | undefined;

/** An app's payment page settings: what its charges get when they leave them out. */
function paymentPageForm(apps: AppsPageQuery['apps'], act: (run: () => Promise<unknown>, done: string) => Promise<void>): TemplateResult {
  if (apps.length === 0) return html``;
  const app = apps.find((a) => a.code === defaultsApp) ?? apps[0];
  const d = app.snapDefaults;
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => fieldOf(data, name).trim();
    const minutes = text('pageExpiryMinutes');
    void act(
      () =>
        gql(UpdateAppDefaultsDocument, {
          input: {
            code: app.code,
            snapDefaults: {
              finishUrl: text('finishUrl'),
              errorUrl: text('errorUrl'),
              unfinishUrl: text('unfinishUrl'),
              enabledPayments: data.getAll('enabledPayments').map(String),
              ...(minutes ? { pageExpiryMinutes: Number(minutes) } : {}),
            },
          },
        }),
      `Payment page settings of "${app.code}" saved.`,
    );
  };
  const choose = (event: Event) => {
    defaultsApp = (event.target as HTMLSelectElement).value;
    void show();
  };
  return html`<section class="card">
    <h2>Payment page settings</h2>
    <p class="muted">
      What this app's payments get when a charge leaves them out: where Snap sends the customer, which payment methods the page offers, how long it may be used.
    </p>
    <form class="stack" @submit=${save} data-testid="payment-page-form">
      <label
        >App
        <select name="app" @change=${choose}>
          ${apps.map((a) => html`<option value=${a.code} ?selected=${a.code === app.code}>${a.code}</option>`)}
        </select></label
      >
      <label>Finish URL <input name="finishUrl" type="url" placeholder="https://shop.example.id/thank-you" .value=${d?.finishUrl ?? ''} /></label>
      <label>Error URL <input name="errorUrl" type="url" .value=${d?.errorUrl ?? ''} /></label>
      <label>Unfinish URL <input name="unfinishUrl" type="url" .value=${d?.unfinishUrl ?? ''} /></label>
      <fieldset class="methods">
        <legend>Payment methods (none ticked: all that Midtrans offers)</legend>
        ${PAYMENT_METHODS.map(
          ([value, label]) =>
            html`<label class="check"
              ><input type="checkbox" name="enabledPayments" value=${value} .checked=${d?.enabledPayments?.includes(value) ?? false} /> ${label}</label
            >`,
        )}
      </fieldset>
      <label
        >Page lifetime, minutes
        <input
          name="pageExpiryMinutes"
          type="number"
          min="5"
          max="10080"
          placeholder="default"
          .value=${d?.pageExpiryMinutes ? String(d.pageExpiryMinutes) : ''}
      /></label>
      <button type="submit" class="primary">Save settings</button>
    </form>
  </section>`;
}

/** Snap's payment methods, as an admin knows them. */
const PAYMENT_METHODS: [string, string][] = [
  ['other_qris', 'QRIS'],
  ['gopay', 'GoPay'],
  ['shopeepay', 'ShopeePay'],
  ['dana', 'DANA'],
  ['credit_card', 'Card'],
  ['bca_va', 'BCA VA'],
  ['bni_va', 'BNI VA'],
  ['bri_va', 'BRI VA'],
  ['permata_va', 'Permata VA'],
  ['cimb_va', 'CIMB VA'],
  ['danamon_va', 'Danamon VA'],
  ['bsi_va', 'BSI VA'],
  ['seabank_va', 'SeaBank VA'],
  ['other_va', 'Other banks'],
  ['echannel', 'Mandiri Bill'],
  ['indomaret', 'Indomaret'],
  ['alfamart', 'Alfamart'],
  ['akulaku', 'Akulaku'],
  ['kredivo', 'Kredivo'],
];

// ---------------------------------------------------------------- transactions

let filter: AdminTransactionFilter = {};
let loaded: TransactionsPageQuery['adminTransactions']['edges'] = [];
let nextCursor: string | null | undefined;

async function transactionsView(more = false): Promise<TemplateResult> {
  const [{ apps }, page] = await Promise.all([
    gql(AppsPageDocument),
    gql(TransactionsPageDocument, { filter, first: 25, after: more ? nextCursor : undefined }),
  ]);
  loaded = more ? [...loaded, ...page.adminTransactions.edges] : page.adminTransactions.edges;
  nextCursor = page.adminTransactions.hasNextPage ? page.adminTransactions.endCursor : undefined;
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
      search: fieldOf(data, 'search').trim() || undefined,
      from: day('from'),
      to: day('to', 86_400_000),
    };
    void show();
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
      <label>From <input type="date" name="from" /></label>
      <label>To <input type="date" name="to" /></label>
      <label>Order ID <input name="search" placeholder="INV-" .value=${filter.search ?? ''} /></label>
      <button type="submit" class="primary">Filter</button>
    </form>
    <section class="card">
      <table class="transactions">
        <thead>
          <tr>
            <th>Created</th>
            <th>App</th>
            <th>Order ID</th>
            <th class="num">Amount</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          ${
            loaded.length === 0
              ? html`<tr>
                  <td colspan="5" class="muted">No transactions match.</td>
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
                <td>${badge(node.transactionStatus)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${nextCursor ? html`<button class="small" @click=${loadMore}>Load more</button>` : nothing}
    </section>`;
}

async function transactionView(orderId: string): Promise<TemplateResult> {
  const { adminTransaction: tx } = await gql(TransactionPageDocument, { orderId });
  const replay = async (id: string) => {
    try {
      await gql(ReplayWebhookDocument, { id });
      flash = { tone: 'ok', text: `Webhook ${id} queued again.` };
    } catch (error) {
      flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'Replay failed' };
    }
    await show();
    flash = undefined;
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

// ---------------------------------------------------------------- audit

async function auditView(): Promise<TemplateResult> {
  const { auditLog } = await gql(AuditPageDocument);
  return html` <h1>Audit log</h1>
    <section class="card">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Target</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          ${auditLog.map(
            (e) =>
              html`<tr>
                <td>${formatTime(e.at)}</td>
                <td>${e.actor}</td>
                <td><code>${e.action}</code></td>
                <td>${e.target ?? ''}</td>
                <td>${e.ip ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
}

// ---------------------------------------------------------------- start

/**
 * Copies text and says so on the button itself, at once and for two seconds: a repaint of the page
 * would drop a key that is shown only once.
 */
function copy(text: string, event: Event): void {
  const button = event.currentTarget as HTMLButtonElement;
  const say = (label: string) => {
    button.textContent = label;
    setTimeout(() => (button.textContent = 'Copy'), 2000);
  };
  if (!navigator.clipboard) return say('Select and copy');
  navigator.clipboard.writeText(text).then(
    () => say('Copied'),
    () => say('Select and copy'),
  );
}

window.addEventListener('hashchange', () => void show());
void show();
