import { html, nothing, type TemplateResult } from 'lit';
import { formatTime } from '../format';
import { ApiError, gql } from '../api';
import { session, repaint, fieldOf, copy } from '../shell';
import {
  AppsPageDocument,
  CreateAppDocument,
  DisableAppDocument,
  EnableAppDocument,
  ReplayFailedWebhooksDocument,
  RotateAppKeyDocument,
  UpdateAppDefaultsDocument,
  type AppsPageQuery,
} from '../generated/graphql';

/* Apps: create, rotate keys, disable and enable, payment page settings, failed webhooks. */

/** A key shown once after creating or rotating it. */
let revealedKey: { code: string; apiKey: string; verb: string } | undefined;

export async function appsView(): Promise<TemplateResult> {
  const { apps } = await gql(AppsPageDocument);
  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      const result = await gql(CreateAppDocument, { input: { code: fieldOf(data, 'code').trim(), name: fieldOf(data, 'name').trim() } });
      revealedKey = { code: result.createApp.app.code, apiKey: result.createApp.apiKey, verb: 'created' };
      session.flash = undefined;
      form.reset();
    } catch (error) {
      session.flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'Could not create the app' };
    }
    await repaint();
  };
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      if (done) session.flash = { tone: 'ok', text: done };
    } catch (error) {
      session.flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'That did not work' };
    }
    await repaint();
  };
  const rotate = (code: string) => {
    if (!confirm(`Give "${code}" a new key? The current key stops working at once.`)) return;
    void act(async () => {
      const result = await gql(RotateAppKeyDocument, { code });
      revealedKey = { code, apiKey: result.rotateAppKey.apiKey, verb: 'rotated' };
    }, `The key of "${code}" was replaced.`);
  };
  const toggle = (code: string, active: boolean) => {
    if (active && !confirm(`Disable "${code}"? Its charges and status checks are refused (401) until it is enabled again; its payments and webhooks are kept.`))
      return;
    void act(() => (active ? gql(DisableAppDocument, { code }) : gql(EnableAppDocument, { code })), `App "${code}" is now ${active ? 'disabled' : 'active'}.`);
  };
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
                  <td colspan="7" class="muted">
                    No apps yet. Create one above for each shop or billing system: its key is shown once, and the app sends it as
                    <code>X-Api-Key</code> with <code>X-App-Code</code>.
                  </td>
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
                <td class="wrap">${app.webhookUrl ? html`${app.webhookUrl}${webhookHealth(app.webhookHealth)}` : html`<span class="muted">none</span>`}</td>
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
                              session.flash = { tone: 'ok', text: `${count} failed webhook(s) of "${app.code}" queued again.` };
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

/** How an app's webhook endpoint is doing, when not well: failing since when, paused until when. */
function webhookHealth(health: AppsPageQuery['apps'][number]['webhookHealth']): TemplateResult | typeof nothing {
  if (health.state === 'healthy') return nothing;
  const since = health.failingSince ? ` since ${formatTime(health.failingSince)}` : '';
  return health.state === 'paused'
    ? html`<div class="health">
        <span class="badge bad">Paused</span> not answering${since}; next try ${formatTime(health.pausedUntil!)}, its webhooks wait
      </div>`
    : html`<div class="health"><span class="badge wait">Failing</span>${since}; retried on schedule</div>`;
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
    void repaint();
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
