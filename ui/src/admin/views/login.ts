import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, gql } from '../api';
import { session, go, fieldOf, paint } from '../shell';
import { LoginDocument } from '../generated/graphql';

/* Signing in. */

/** True while a sign-in is on its way (the button waits; it is part of the template, so a repaint frees it). */
let signingIn = false;
/** The password was right and the admin has two-factor sign-in: the code is asked for too. */
let askCode = false;

export function loginView(message?: string): TemplateResult {
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (signingIn) return;
    const form = new FormData(event.target as HTMLFormElement);
    signingIn = true;
    paint(loginView(message));
    try {
      const code = fieldOf(form, 'code').trim();
      session.me = (
        await gql(LoginDocument, { username: fieldOf(form, 'username'), password: fieldOf(form, 'password'), ...(code ? { code } : {}) })
      ).login.username;
      signingIn = false;
      askCode = false;
      go('dashboard');
    } catch (error) {
      signingIn = false;
      if (error instanceof ApiError && error.code === 'TWO_FACTOR_REQUIRED') {
        askCode = true;
        paint(loginView());
        document.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
        return;
      }
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
      ${
        askCode
          ? html`<label
                >Code from your authenticator app
                <input name="code" inputmode="numeric" autocomplete="one-time-code" required placeholder="123456 or a recovery code" />
              </label>
              <p class="muted">Lost the phone? Use one of your recovery codes.</p>`
          : nothing
      }
      <button type="submit" class="primary" ?disabled=${signingIn}>${signingIn ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </div>`;
}
