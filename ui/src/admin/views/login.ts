import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, gql } from '../api';
import { t } from '../i18n';
import { session, go, fieldOf, paint, problem, langSwitch } from '../shell';
import { LoginDocument } from '../generated/graphql';

/* Signing in. */

/** True while a sign-in is on its way (the button waits; it is part of the template, so a repaint frees it). */
let signingIn = false;
/** The password was right and the admin has two-factor sign-in: the code is asked for too. */
let askCode = false;
/** The message of the last failed attempt. */
let message: string | undefined;
/** What takes the signed-in admin (main.ts: their name and language). */
let afterSignIn: () => Promise<void> = () => Promise.resolve();

export function onSignIn(take: () => Promise<void>): void {
  afterSignIn = take;
}

export function loginView(): TemplateResult {
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (signingIn) return;
    const form = new FormData(event.target as HTMLFormElement);
    signingIn = true;
    paint(loginView());
    try {
      const code = fieldOf(form, 'code').trim();
      session.me = (
        await gql(LoginDocument, { username: fieldOf(form, 'username'), password: fieldOf(form, 'password'), ...(code ? { code } : {}) })
      ).login.username;
      await afterSignIn().catch(() => undefined);
      signingIn = false;
      askCode = false;
      message = undefined;
      go('dashboard');
    } catch (error) {
      signingIn = false;
      if (error instanceof ApiError && error.code === 'TWO_FACTOR_REQUIRED') {
        askCode = true;
        message = undefined;
        paint(loginView());
        document.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
        return;
      }
      message = error instanceof ApiError ? problem(error) : t('login.failed');
      paint(loginView());
    }
  };
  return html` <div class="login">
    <form @submit=${submit} class="card">
      <div class="login-head">
        <h1>${t('login.title')}</h1>
        ${langSwitch()}
      </div>
      <p class="muted">${t('login.intro')}</p>
      ${message ? html`<div class="flash bad" role="alert">${message}</div>` : nothing}
      <label>${t('login.username')} <input name="username" autocomplete="username" required autofocus /></label>
      <label>${t('login.password')} <input name="password" type="password" autocomplete="current-password" required /></label>
      ${
        askCode
          ? html`<label
                >${t('login.code')}
                <input name="code" inputmode="numeric" autocomplete="one-time-code" required placeholder=${t('login.codePlaceholder')} />
              </label>
              <p class="muted">${t('login.lostPhone')}</p>`
          : nothing
      }
      <button type="submit" class="primary" ?disabled=${signingIn}>${signingIn ? t('login.submitting') : t('login.submit')}</button>
    </form>
  </div>`;
}
