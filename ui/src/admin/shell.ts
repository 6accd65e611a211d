import { html, nothing, render, type TemplateResult } from 'lit';
import { ApiError, gql } from './api';
import { statusBadge } from './format';
import { LogoutDocument } from './generated/graphql';

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

/** The page frame: navigation, the admin, the message of the moment, the view. */
export function layout(active: string, body: TemplateResult): TemplateResult {
  const link = (path: string, label: string) => html`<a href="#/${path}" class=${active === path ? 'active' : ''}>${label}</a>`;
  return html` <header class="top">
      <div class="brand">gerbang <small>admin</small></div>
      <nav>
        ${link('dashboard', 'Dashboard')} ${link('apps', 'Apps')} ${link('transactions', 'Transactions')} ${link('audit', 'Audit log')}
        <a href="/graphql" target="_blank" rel="noopener">GraphQL</a>
      </nav>
      <div class="who">
        <a href="#/account" class=${active === 'account' ? 'active' : ''}>${session.me}</a> <button class="link" @click=${logout}>Log out</button>
      </div>
    </header>
    ${
      session.simulator
        ? html`<div class="banner" role="note" data-testid="simulator-banner">
            <strong>Simulator mode:</strong> payments here are practice and no money moves. Set <code>MIDTRANS_SERVER_KEY</code> to take real payments.
          </div>`
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
  const message = error instanceof ApiError ? error.message : 'Something went wrong.';
  return html`<div class="flash bad" role="alert">${message}</div>`;
}

export async function logout(): Promise<void> {
  await gql(LogoutDocument).catch(() => undefined);
  session.me = undefined;
  go('login');
}

/**
 * Copies text and says so on the button itself, at once and for two seconds: a repaint of the page
 * would drop a key that is shown only once.
 */
export function copy(text: string, event: Event): void {
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
