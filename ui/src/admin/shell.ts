import { html, nothing, render, type TemplateResult } from 'lit';
import { ApiError, gql } from './api';
import { errorText, statusBadge } from './format';
import { unfollowLedger } from './live';
import { LANGS, lang, setLang, t, th, type Lang } from './i18n';
import { LogoutDocument, SetLocaleDocument } from './generated/graphql';

/* What every view of the admin UI shares: the session, navigation, the page frame, small helpers. */

/** The signed-in admin, and a message to show once with the next page. */
export const session: { me?: string; flash?: { tone: 'ok' | 'bad'; text: string }; simulator?: boolean } = {};

const root = document.getElementById('app')!;
let showCurrent: () => Promise<void> = () => Promise.resolve();

/** Sets what shows the page of the current address (main.ts, the router). */
export function onNavigate(show: () => Promise<void>): void {
  showCurrent = show;
}

/** Shows the current page again (after an action changed what it shows). */
export function repaint(): Promise<void> {
  return showCurrent();
}

/** Goes to a page (`apps`, `transactions/<order id>`, …). */
export function go(path: string): void {
  if (location.hash === `#/${path}`) void showCurrent();
  else location.hash = `#/${path}`;
}

/** A text field of a submitted form ('' when absent). */
export function fieldOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

export function badge(status: string): TemplateResult {
  const { label, tone } = statusBadge(status);
  return html`<span class="badge ${tone}" title=${status}>${label}</span>`;
}

/** What went wrong, for the admin: gerbang's error in the admin's language. */
export function problem(error: unknown): string {
  return error instanceof ApiError ? errorText(error.code, error.message, error.retryAfterSeconds) : t('common.somethingWrong');
}

/** Changes the language, remembers it for this admin (when signed in) and shows the page in it. */
export async function chooseLang(next: Lang): Promise<void> {
  setLang(next);
  if (session.me) await gql(SetLocaleDocument, { locale: next }).catch(() => undefined);
  await showCurrent();
}

/** The two languages, the current one pressed. */
export function langSwitch(): TemplateResult {
  return html`<div class="lang" role="group" aria-label=${t('lang.label')}>
    ${LANGS.map(
      (l) =>
        html`<button
          type="button"
          class="link ${lang() === l ? 'current' : ''}"
          aria-pressed=${lang() === l}
          lang=${l}
          title=${t(`lang.${l}`)}
          @click=${() => chooseLang(l)}
        >
          ${l.toUpperCase()}
        </button>`,
    )}
  </div>`;
}

/** The page frame: navigation, the admin, the message of the moment, the view. */
export function layout(active: string, body: TemplateResult): TemplateResult {
  const link = (path: string, label: string) =>
    html`<a href="#/${path}" class=${active === path ? 'active' : ''} aria-current=${active === path ? 'page' : 'false'}>${label}</a>`;
  // On a phone the navigation folds away behind Menu: opened and closed in place (no repaint), and
  // closed again by whatever is chosen in it.
  const toggle = (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement;
    const open = button.closest('header')!.classList.toggle('open');
    button.setAttribute('aria-expanded', String(open));
  };
  const close = (event: Event) => {
    const header = event.currentTarget as HTMLElement;
    if ((event.target as Element).closest('a, button:not(.menu)')) {
      header.classList.remove('open');
      header.querySelector('.menu')?.setAttribute('aria-expanded', 'false');
    }
  };
  return html` <header class="top" @click=${close}>
      <div class="brand">gerbang <small>admin</small></div>
      <button type="button" class="menu" aria-expanded="false" aria-controls="nav" @click=${toggle}>☰ ${t('nav.menu')}</button>
      <nav id="nav">
        ${link('dashboard', t('nav.dashboard'))} ${link('apps', t('nav.apps'))} ${link('transactions', t('nav.transactions'))} ${link('audit', t('nav.audit'))}
        <a href="/graphql" target="_blank" rel="noopener">${t('nav.graphql')}</a>
      </nav>
      <div class="who">
        ${langSwitch()}
        <a href="#/account" class=${active === 'account' ? 'active' : ''}>${session.me}</a> <button class="link" @click=${logout}>${t('nav.logout')}</button>
      </div>
    </header>
    ${
      session.simulator
        ? html`<div class="banner" role="note" data-testid="simulator-banner"><strong>${t('banner.simulator')}</strong> ${th('banner.simulatorText')}</div>`
        : nothing
    }
    <main>${session.flash ? html`<div class="flash ${session.flash.tone}" role="status">${session.flash.text}</div>` : nothing} ${body}</main>`;
}

/** Shows a view; a message set for it (flash) is shown once, with it. */
export function paint(view: TemplateResult): void {
  render(view, root);
  session.flash = undefined;
}

export function failure(error: unknown): TemplateResult {
  return html`<div class="flash bad" role="alert">${problem(error)}</div>`;
}

export async function logout(): Promise<void> {
  unfollowLedger();
  await gql(LogoutDocument).catch(() => undefined);
  session.me = undefined;
  go('login');
}

/**
 * Runs an admin action and shows the page again with its result: `done` (or what `run` returns) on
 * success, gerbang's error otherwise.
 */
export async function act(run: () => Promise<string | void>, done = ''): Promise<void> {
  try {
    const said = await run();
    const text = said || done;
    if (text) session.flash = { tone: 'ok', text };
  } catch (error) {
    session.flash = { tone: 'bad', text: problem(error) };
  }
  await repaint();
}

/**
 * Copies text and says so on the button itself, at once and for two seconds: a repaint of the page
 * would drop a key that is shown only once.
 */
export function copy(text: string, event: Event): void {
  const button = event.currentTarget as HTMLButtonElement;
  const say = (label: string) => {
    button.textContent = label;
    setTimeout(() => (button.textContent = t('common.copy')), 2000);
  };
  if (!navigator.clipboard) return say(t('common.selectAndCopy'));
  navigator.clipboard.writeText(text).then(
    () => say(t('common.copied')),
    () => say(t('common.selectAndCopy')),
  );
}
