import i18next, { type TOptions } from 'i18next';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { en } from './locales/en';
import { id } from './locales/id';

/* The admin UI's languages: Bahasa Indonesia by default, English on request, through i18next. */

export type Lang = 'id' | 'en';
export const LANGS: Lang[] = ['id', 'en'];
/** The cookie that keeps this browser's choice; gerbang's simulated payment page reads it too. */
const COOKIE = 'gerbang_lang';

function storedLang(): Lang {
  const value = /(?:^|;\s*)gerbang_lang=(id|en)(?:;|$)/.exec(document.cookie)?.[1];
  return value === 'en' ? 'en' : 'id';
}

const i18n = i18next.createInstance();
void i18n.init({
  lng: storedLang(),
  fallbackLng: 'en',
  resources: { id: { translation: id }, en: { translation: en } },
  initAsync: false,
  // lit escapes what it renders; th() escapes the values it puts into markup.
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

/** The words of a key in the current language, with values put in ({{name}}) and plurals (count). */
export function t(key: string, options?: TOptions): string {
  return i18n.t(key, options);
}

/** A message whose words carry a little markup (<code>, <strong>): the values put in are escaped. */
export function th(key: string, options?: TOptions) {
  return unsafeHTML(i18n.t(key, { ...options, interpolation: { escapeValue: true } }));
}

/** Whether a key has words (e.g. a status or an audit action gerbang knows). */
export function known(key: string): boolean {
  return i18n.exists(key);
}

export function lang(): Lang {
  return i18n.language === 'en' ? 'en' : 'id';
}

/** The locale for dates and numbers. */
export function locale(): string {
  return lang() === 'en' ? 'en-GB' : 'id-ID';
}

/** Switches the language of this browser (remembered in it for a year); the caller repaints. */
export function setLang(next: Lang): void {
  void i18n.changeLanguage(next);
  document.documentElement.lang = next;
  document.cookie = `${COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
}
