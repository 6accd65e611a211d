import { html, nothing, type TemplateResult } from 'lit';
import { formatRupiah, formatTime, dayBound } from '../format';
import { gql } from '../api';
import { known, t } from '../i18n';
import { fieldOf, layout, paint, repaint } from '../shell';
import { AuditPageDocument, type AuditFilter, type AuditPageQuery } from '../generated/graphql';

/* The audit log: who did what, when and from where, as sentences; filtered and paged. */

type Entry = AuditPageQuery['auditLog'][number];

const GROUPS = ['app', 'transaction', 'webhook', 'admin'];
let filter: AuditFilter = {};
let days: { from?: string; to?: string } = {};
let loaded: Entry[] = [];
/** Whether older entries may be left (the last page was full). */
let more = false;
const PAGE = 50;

/** An entry as a sentence in the admin's language: "ops refunded Rp 25.000 of order INV-1: "out of stock"". */
export function sentence(entry: Entry): string {
  const key = `audit.sentence.${entry.action.replace('.', '_')}`;
  const detail = entry.detail ?? {};
  const values = {
    actor: entry.actor,
    target: entry.target ?? '',
    action: entry.action,
    amount: typeof detail.amount === 'number' ? formatRupiah(detail.amount) : '',
    reason: typeof detail.reason === 'string' ? detail.reason : '',
  };
  return known(key) ? t(key, values) : t('audit.sentence.other', values);
}

export async function auditView(older = false): Promise<TemplateResult> {
  const page = (await gql(AuditPageDocument, { filter, before: older ? loaded.at(-1)?.id : undefined })).auditLog;
  loaded = older ? [...loaded, ...page] : page;
  more = page.length === PAGE;
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    days = { from: fieldOf(data, 'from') || undefined, to: fieldOf(data, 'to') || undefined };
    filter = {
      actor: fieldOf(data, 'actor').trim() || undefined,
      action: fieldOf(data, 'action') || undefined,
      from: dayBound(days.from),
      to: dayBound(days.to, true),
    };
    void repaint();
  };
  const loadOlder = async () => paint(layout('audit', await auditView(true)));
  return html` <h1>${t('audit.title')}</h1>
    <form class="card filters" @submit=${apply} data-testid="audit-filters">
      <label>${t('audit.actor')} <input name="actor" placeholder=${t('audit.anyone')} .value=${filter.actor ?? ''} /></label>
      <label
        >${t('audit.action')}
        <select name="action">
          <option value="">${t('audit.anyAction')}</option>
          ${GROUPS.map((g) => html`<option value=${g} ?selected=${filter.action === g}>${t(`audit.groups.${g}`)}</option>`)}
        </select></label
      >
      <label>${t('audit.from')} <input type="date" name="from" .value=${days.from ?? ''} /></label>
      <label>${t('audit.to')} <input type="date" name="to" .value=${days.to ?? ''} /></label>
      <button type="submit" class="primary">${t('audit.filter')}</button>
    </form>
    <section class="card">
      ${
        loaded.length === 0
          ? html`<p class="muted">${t('audit.empty')}</p>`
          : html`<ol class="audit" data-testid="audit-entries">
              ${loaded.map(
                (e) =>
                  html`<li>
                    <span class="sentence">${sentence(e)}</span>
                    <span class="muted"
                      ><span class="when">${formatTime(e.at)}</span>${e.ip ? html` · ${t('audit.fromIp', { ip: e.ip })}` : nothing} ·
                      <code>${e.action}</code></span
                    >
                  </li>`,
              )}
            </ol>`
      }
      ${more ? html`<button class="small" @click=${loadOlder}>${t('audit.older')}</button>` : nothing}
    </section>`;
}
