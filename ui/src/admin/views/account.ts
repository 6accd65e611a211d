import { html, nothing, type TemplateResult } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import { gql } from '../api';
import { LANGS, lang, t, th } from '../i18n';
import { act, chooseLang, copy, fieldOf, repaint, session, problem } from '../shell';
import { AccountDocument, ConfirmTwoFactorDocument, StartTwoFactorDocument } from '../generated/graphql';

/* The signed-in admin's own account: language and two-factor sign-in. */

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
      session.flash = { tone: 'bad', text: problem(error) };
    }
    await repaint();
  };
  const confirm = (event: SubmitEvent) => {
    event.preventDefault();
    const code = fieldOf(new FormData(event.target as HTMLFormElement), 'code').trim();
    void act(async () => {
      recoveryCodes = (await gql(ConfirmTwoFactorDocument, { code })).confirmTwoFactor;
      enrolling = undefined;
    }, t('account.nowOn'));
  };
  const shownCodes = recoveryCodes;
  recoveryCodes = undefined;
  return html`<h1>${t('account.title')}</h1>
    <section class="card">
      <h2>${t('account.language')}</h2>
      <div class="row" role="radiogroup" aria-label=${t('account.language')}>
        ${LANGS.map(
          (l) =>
            html`<label class="check"
              ><input type="radio" name="lang" value=${l} .checked=${lang() === l} @change=${() => chooseLang(l)} /> ${t(`lang.${l}`)}</label
            >`,
        )}
      </div>
      <p class="muted">${t('account.languageHint')}</p>
    </section>
    <section class="card">
      <h2>${t('account.twoFactor')}</h2>
      ${
        me.twoFactor
          ? html`<p><span class="badge ok">${t('account.on')}</span> ${th('account.onText', { user: me.username })}</p>
              <p class="muted">${th('account.lostPhone', { user: me.username })}</p>`
          : enrolling
            ? html`<p>${t('account.scan')}</p>
                <div class="qr" data-testid="totp-qr">${unsafeSVG(enrolling.qrSvg)}</div>
                <p class="muted wrap">${t('account.byHand')} <code data-testid="totp-secret">${enrolling.secret}</code></p>
                <form class="inline" @submit=${confirm}>
                  <label>${t('account.code')} <input name="code" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" /></label>
                  <button type="submit" class="primary">${t('account.turnOn')}</button>
                </form>`
            : html`<p><span class="badge wait">${t('account.off')}</span> ${t('account.offText')}</p>
                <button class="primary" @click=${start}>${t('account.setUp')}</button>`
      }
    </section>
    ${
      shownCodes
        ? html`<section class="card key-reveal" role="alert">
            <h2>${t('account.recoveryCodes')}</h2>
            <p><strong>${t('account.recoveryOnce')}</strong> ${t('account.recoveryUse')}</p>
            <pre data-testid="recovery-codes">${shownCodes.join('\n')}</pre>
            <button class="small" @click=${(e: Event) => copy(shownCodes.join('\n'), e)}>${t('common.copy')}</button>
          </section>`
        : nothing
    }`;
}
