import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, gql } from '../api';
import { session, go, fieldOf, paint } from '../shell';
import { LoginDocument } from '../generated/graphql';

/* Signing in. */

/** True while a sign-in is on its way (the button waits; it is part of the template, so a repaint frees it). */
let signingIn = false;

export function loginView(message?: string): TemplateResult {
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (signingIn) return;
    const form = new FormData(event.target as HTMLFormElement);
    signingIn = true;
    paint(loginView(message));
    try {
      session.me = (await gql(LoginDocument, { username: fieldOf(form, 'username'), password: fieldOf(form, 'password') })).login.username;
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
