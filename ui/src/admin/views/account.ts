import { html, nothing, type TemplateResult } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import { ApiError, gql } from '../api';
import { copy, fieldOf, repaint, session } from '../shell';
import { AccountDocument, ConfirmTwoFactorDocument, StartTwoFactorDocument } from '../generated/graphql';

/* The signed-in admin's own account: two-factor sign-in. */

/** An enrolment under way: the secret and its QR code (drawn by gerbang), until confirmed. */
let enrolling: { secret: string; qrSvg: string } | undefined;
/** Recovery codes, shown once right after two-factor sign-in was turned on. */
let recoveryCodes: string[] | undefined;

export async function accountView(): Promise<TemplateResult> {
  const { me } = await gql(AccountDocument);
  const start = async () => {
    try {
      enrolling = (await gql(StartTwoFactorDocument)).startTwoFactor;
    } catch (error) {
      session.flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'Could not start' };
    }
    await repaint();
  };
  const confirm = async (event: SubmitEvent) => {
    event.preventDefault();
    const code = fieldOf(new FormData(event.target as HTMLFormElement), 'code').trim();
    try {
      recoveryCodes = (await gql(ConfirmTwoFactorDocument, { code })).confirmTwoFactor;
      enrolling = undefined;
      session.flash = { tone: 'ok', text: 'Two-factor sign-in is on: from now on gerbang asks for a code after the password.' };
    } catch (error) {
      session.flash = { tone: 'bad', text: error instanceof ApiError ? error.message : 'That did not work' };
    }
    await repaint();
  };
  const shownCodes = recoveryCodes;
  recoveryCodes = undefined;
  return html`<h1>Account</h1>
    <section class="card">
      <h2>Two-factor sign-in</h2>
      ${
        me.twoFactor
          ? html`<p><span class="badge ok">On</span> Signing in as <strong>${me.username}</strong> asks for a code from your authenticator app.</p>
              <p class="muted">
                Lost the phone? Sign in with a recovery code, or an operator runs <code>npx gerbang admin reset-2fa --username ${me.username}</code> on the
                server.
              </p>`
          : enrolling
            ? html`<p>
                  Scan this code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Aegis…), then enter the 6 digits it shows.
                </p>
                <div class="qr" data-testid="totp-qr">${unsafeSVG(enrolling.qrSvg)}</div>
                <p class="muted">Cannot scan? Enter this key by hand: <code data-testid="totp-secret">${enrolling.secret}</code></p>
                <form class="inline" @submit=${confirm}>
                  <label>Code <input name="code" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" /></label>
                  <button type="submit" class="primary">Turn on</button>
                </form>`
            : html`<p><span class="badge wait">Off</span> Only your password protects this account.</p>
                <button class="primary" @click=${start}>Set up two-factor sign-in</button>`
      }
    </section>
    ${
      shownCodes
        ? html`<section class="card key-reveal" role="alert">
            <h2>Recovery codes</h2>
            <p><strong>Keep these somewhere safe: they are shown only now.</strong> Each one signs in once without the phone.</p>
            <pre data-testid="recovery-codes">${shownCodes.join('\n')}</pre>
            <button class="small" @click=${(e: Event) => copy(shownCodes.join('\n'), e)}>Copy</button>
          </section>`
        : nothing
    }`;
}
