import { html, nothing, type TemplateResult } from 'lit';
import { formatTime, paymentMethod } from '../format';
import { gql } from '../api';
import { t, th } from '../i18n';
import { session, repaint, fieldOf, copy, act, problem } from '../shell';
import {
  AppsPageDocument,
  CreateAppDocument,
  DisableAppDocument,
  EnableAppDocument,
  ReplayFailedWebhooksDocument,
  RotateAppKeyDocument,
  SendTestWebhookDocument,
  UpdateAppDefaultsDocument,
  UpdateAppDocument,
  type AppsPageQuery,
  type SendTestWebhookMutation,
} from '../generated/graphql';

/* Apps: create, rotate keys, disable and enable, edit name and webhook, test webhooks, payment page settings. */

type App = AppsPageQuery['apps'][number];

/** A secret shown once after creating or rotating a key, or after the first webhook URL. */
let revealed: { code: string; secret: string; kind: 'key' | 'webhook' } | undefined;
/** The app whose edit form is open. */
let editing: string | undefined;
/** The last test webhook's answer, shown under its app. */
let tested: { code: string; result: SendTestWebhookMutation['sendTestWebhook'] } | undefined;
/** A test webhook on its way (its button waits). */
let testing: string | undefined;

export async function appsView(): Promise<TemplateResult> {
  const { apps } = await gql(AppsPageDocument);
  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    await act(async () => {
      const result = await gql(CreateAppDocument, { input: { code: fieldOf(data, 'code').trim(), name: fieldOf(data, 'name').trim() } });
      revealed = { code: result.createApp.app.code, secret: result.createApp.apiKey, kind: 'key' };
      form.reset();
    });
  };
  const rotate = (code: string) => {
    if (!confirm(t('apps.rotateConfirm', { code }))) return;
    void act(
      async () => {
        const result = await gql(RotateAppKeyDocument, { code });
        revealed = { code, secret: result.rotateAppKey.apiKey, kind: 'key' };
      },
      t('apps.rotated', { code }),
    );
  };
  const toggle = (code: string, active: boolean) => {
    if (!confirm(t(active ? 'apps.disableConfirm' : 'apps.enableConfirm', { code }))) return;
    void act(
      () => (active ? gql(DisableAppDocument, { code }) : gql(EnableAppDocument, { code })).then(() => undefined),
      t(active ? 'apps.nowDisabled' : 'apps.nowActive', { code }),
    );
  };
  const resend = (code: string) =>
    act(async () => t('apps.resent', { count: (await gql(ReplayFailedWebhooksDocument, { appCode: code })).adminReplayFailedWebhookEvents, code }));
  const test = async (code: string) => {
    testing = code;
    tested = undefined;
    await repaint();
    try {
      tested = { code, result: (await gql(SendTestWebhookDocument, { appCode: code })).sendTestWebhook };
    } catch (error) {
      session.flash = { tone: 'bad', text: problem(error) };
    }
    testing = undefined;
    await repaint();
  };
  const shown = revealed;
  revealed = undefined;
  return html` <h1>${t('apps.title')}</h1>
    ${shown ? reveal(shown) : nothing}
    <section class="card">
      <h2>${t('apps.newApp')}</h2>
      <form class="inline" @submit=${create}>
        <label>${t('apps.code')} <input name="code" required pattern="[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}" placeholder="biling" /></label>
        <label>${t('apps.name')} <input name="name" required maxlength="200" placeholder="Billing" /></label>
        <button type="submit" class="primary">${t('apps.create')}</button>
      </form>
    </section>
    <section class="card">
      <table class="stack">
        <thead>
          <tr>
            <th>${t('apps.code')}</th>
            <th>${t('apps.name')}</th>
            <th>${t('apps.key')}</th>
            <th>${t('apps.state')}</th>
            <th>${t('apps.webhook')}</th>
            <th>${t('apps.created')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${
            apps.length === 0
              ? html`<tr>
                  <td colspan="7" class="muted">${th('apps.empty')}</td>
                </tr>`
              : nothing
          }
          ${apps.map(
            (app) =>
              html`<tr data-app=${app.code}>
                  <td data-label=${t('apps.code')}><strong>${app.code}</strong></td>
                  <td data-label=${t('apps.name')}>${app.name}</td>
                  <td data-label=${t('apps.key')}><code>${app.keyPrefix}…</code></td>
                  <td data-label=${t('apps.state')}>
                    ${app.active ? html`<span class="badge ok">${t('apps.active')}</span>` : html`<span class="badge bad">${t('apps.disabled')}</span>`}
                  </td>
                  <td data-label=${t('apps.webhook')} class="wrap">
                    ${app.webhookUrl ? html`${app.webhookUrl}${webhookHealth(app.webhookHealth)}` : html`<span class="muted">${t('common.none')}</span>`}
                  </td>
                  <td data-label=${t('apps.created')}>${formatTime(app.createdAt)}</td>
                  <td class="actions">
                    <button class="small" @click=${() => ((editing = editing === app.code ? undefined : app.code), repaint())}>${t('apps.edit')}</button>
                    <button class="small" @click=${() => rotate(app.code)}>${t('apps.rotate')}</button>
                    <button class="small ${app.active ? 'danger' : ''}" @click=${() => toggle(app.code, app.active)}>
                      ${app.active ? t('apps.disable') : t('apps.enable')}
                    </button>
                    ${
                      app.webhookUrl
                        ? html`<button class="small" ?disabled=${testing === app.code} @click=${() => test(app.code)}>
                              ${testing === app.code ? t('apps.testing') : t('apps.test')}
                            </button>
                            <button class="small" @click=${() => resend(app.code)}>${t('apps.resendFailed')}</button>`
                        : nothing
                    }
                  </td>
                </tr>
                ${
                  tested?.code === app.code
                    ? html`<tr class="panel">
                        <td colspan="7">${testResult(tested.result)}</td>
                      </tr>`
                    : nothing
                }
                ${
                  editing === app.code
                    ? html`<tr class="panel">
                        <td colspan="7">${editForm(app)}</td>
                      </tr>`
                    : nothing
                }`,
          )}
        </tbody>
      </table>
    </section>
    ${paymentPageForm(apps)}`;
}

/** A key or webhook secret, shown once. */
function reveal(shown: { code: string; secret: string; kind: 'key' | 'webhook' }): TemplateResult {
  return html`<section class="card key-reveal" role="alert">
    <h2>${shown.kind === 'key' ? t('apps.keyOf', { code: shown.code }) : t('apps.secretOnce', { code: shown.code })}</h2>
    <p><strong>${t('apps.keyOnce')}</strong> ${t('apps.keyHash')}</p>
    <p class="key">
      <code data-testid="new-api-key">${shown.secret}</code> <button class="small" @click=${(e: Event) => copy(shown.secret, e)}>${t('common.copy')}</button>
    </p>
    ${shown.kind === 'key' ? html`<p class="muted">${th('apps.keyUse', { code: shown.code })}</p>` : nothing}
  </section>`;
}

/** An app's name and webhook URL. */
function editForm(app: App): TemplateResult {
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    void act(
      async () => {
        const allowedOrigins = fieldOf(data, 'allowedOrigins')
          .split(/[\s,]+/)
          .filter(Boolean);
        const result = await gql(UpdateAppDocument, {
          input: { code: app.code, name: fieldOf(data, 'name').trim(), webhookUrl: fieldOf(data, 'webhookUrl').trim(), allowedOrigins },
        });
        editing = undefined;
        if (result.updateApp.webhookSecret) revealed = { code: app.code, secret: result.updateApp.webhookSecret, kind: 'webhook' };
      },
      t('apps.saved', { code: app.code }),
    );
  };
  return html`<form class="stack" @submit=${save} data-testid="edit-app">
    <h2>${t('apps.editTitle', { code: app.code })}</h2>
    <label>${t('apps.name')} <input name="name" required maxlength="200" .value=${app.name} /></label>
    <label
      >${t('apps.webhookUrl')}
      <input name="webhookUrl" type="url" placeholder="https://shop.example.id/hooks/gerbang" .value=${app.webhookUrl ?? ''} />
      <span class="hint">${t('apps.webhookUrlHint')}</span></label
    >
    <label
      >${t('apps.allowedOrigins')}
      <textarea name="allowedOrigins" rows="2" placeholder="https://shop.example.id" .value=${app.allowedOrigins.join('\n')}></textarea>
      <span class="hint">${t('apps.allowedOriginsHint')}</span></label
    >
    <div class="row">
      <button type="submit" class="primary">${t('common.save')}</button>
      <button type="button" @click=${() => ((editing = undefined), repaint())}>${t('common.cancel')}</button>
    </div>
  </form>`;
}

/** What the endpoint said to a test webhook. */
function testResult(result: SendTestWebhookMutation['sendTestWebhook']): TemplateResult {
  const tone = result.delivered ? 'ok' : 'bad';
  const line =
    result.statusCode === null || result.statusCode === undefined
      ? t('apps.testFailed', { error: result.error ?? '' })
      : t(result.delivered ? 'apps.testDelivered' : 'apps.testAnswered', { status: result.statusCode, ms: result.latencyMs });
  return html`<div class="test-result" role="status" data-testid="test-webhook-result">
    <strong>${t('apps.testResult', { url: result.url ?? '' })}</strong>
    <div class="flash ${tone}">${line}</div>
    ${
      result.body
        ? html`<div class="muted">${t('apps.testBody')}</div>
            <pre>${result.body}</pre>`
        : nothing
    }
  </div>`;
}

/** How an app's webhook endpoint is doing, when not well: failing since when, paused until when. */
function webhookHealth(health: App['webhookHealth']): TemplateResult | typeof nothing {
  if (health.state === 'healthy') return nothing;
  const since = health.failingSince ? t('apps.since', { time: formatTime(health.failingSince) }) : '';
  return health.state === 'paused'
    ? html`<div class="health">
        <span class="badge bad">${t('apps.paused')}</span> ${t('apps.pausedText', { since, next: formatTime(health.pausedUntil!) })}
      </div>`
    : html`<div class="health"><span class="badge wait">${t('apps.failing')}</span>${t('apps.failingText', { since })}</div>`;
}

/** The app whose payment page settings the form shows. */
let defaultsApp: string | undefined;

/** An app's payment page settings: what its charges get when they leave them out. */
function paymentPageForm(apps: App[]): TemplateResult {
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
        }).then(() => undefined),
      t('apps.settingsSaved', { code: app.code }),
    );
  };
  const choose = (event: Event) => {
    defaultsApp = (event.target as HTMLSelectElement).value;
    void repaint();
  };
  return html`<section class="card">
    <h2>${t('apps.pageSettings')}</h2>
    <p class="muted">${t('apps.pageSettingsHint')}</p>
    <form class="stack" @submit=${save} data-testid="payment-page-form">
      <label
        >${t('apps.app')}
        <select name="app" @change=${choose}>
          ${apps.map((a) => html`<option value=${a.code} ?selected=${a.code === app.code}>${a.code}</option>`)}
        </select></label
      >
      <label>${t('apps.finishUrl')} <input name="finishUrl" type="url" placeholder="https://shop.example.id/thank-you" .value=${d?.finishUrl ?? ''} /></label>
      <label>${t('apps.errorUrl')} <input name="errorUrl" type="url" .value=${d?.errorUrl ?? ''} /></label>
      <label>${t('apps.unfinishUrl')} <input name="unfinishUrl" type="url" .value=${d?.unfinishUrl ?? ''} /></label>
      <fieldset class="methods">
        <legend>${t('apps.methods')}</legend>
        ${PAYMENT_METHODS.map(
          (value) =>
            html`<label class="check"
              ><input type="checkbox" name="enabledPayments" value=${value} .checked=${d?.enabledPayments?.includes(value) ?? false} />
              ${paymentMethod(value)}</label
            >`,
        )}
      </fieldset>
      <label
        >${t('apps.pageLifetime')}
        <input
          name="pageExpiryMinutes"
          type="number"
          min="5"
          max="10080"
          placeholder=${t('apps.default')}
          .value=${d?.pageExpiryMinutes ? String(d.pageExpiryMinutes) : ''}
      /></label>
      <button type="submit" class="primary">${t('apps.saveSettings')}</button>
    </form>
  </section>`;
}

/** Snap's payment methods, in Snap's names (their words are in the language files). */
const PAYMENT_METHODS = [
  'other_qris',
  'gopay',
  'shopeepay',
  'dana',
  'credit_card',
  'bca_va',
  'bni_va',
  'bri_va',
  'permata_va',
  'cimb_va',
  'danamon_va',
  'bsi_va',
  'seabank_va',
  'other_va',
  'echannel',
  'indomaret',
  'alfamart',
  'akulaku',
  'kredivo',
];
