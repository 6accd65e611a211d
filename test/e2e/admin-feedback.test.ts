import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { englishPage, launchChromium } from '../helpers/browser.js';
import { startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/** What an admin sees right after acting: the page answers at once, and only where it should. */
describe('admin UI feedback in headless Chromium', () => {
  let g: TestGerbang;
  let browser: Browser;

  beforeAll(async () => {
    g = await startTestGerbang();
    await g.gerbang.services.adminAuth.create(g.context(), 'ops', 'correct horse battery staple', 'test');
    browser = await launchChromium();
  });

  /** Signs in as `ops` and waits for the dashboard. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${g.url}/admin#/login`);
    await page.getByLabel('User name').fill('ops');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  afterAll(async () => {
    await browser?.close();
    await g?.close();
  });

  it('after a mistyped password the admin can sign in again, also with Enter', async () => {
    const page = await englishPage(browser, g.url);
    await page.goto(`${g.url}/admin#/login`);
    await page.getByLabel('User name').fill('ops');
    await page.getByLabel('Password').fill('correct horse battery stapler');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // Enter submitted the form: it did not press the first button in it (the language switch).
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('Copy says "Copied" on its button at once, and leaves no message for another page', async () => {
    const page = await englishPage(browser, g.url, { permissions: ['clipboard-read', 'clipboard-write'] });
    const context = page.context();
    await signIn(page);
    await page.getByRole('link', { name: 'Apps' }).click();
    await page.getByLabel('Code').fill('kasir');
    await page.getByLabel('Name', { exact: true }).fill('Kasir');
    await page.getByRole('button', { name: 'Create app' }).click();
    const key = (await page.getByTestId('new-api-key').textContent())!;
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor({ timeout: 1000 });
    expect(
      await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()),
    ).toBe(key);
    // The key is still on the page, and no stale message follows the admin elsewhere.
    expect(await page.getByTestId('new-api-key').textContent()).toBe(key);
    await page.getByRole('link', { name: 'Transactions' }).click();
    await page.getByRole('heading', { name: 'Transactions' }).waitFor();
    expect(await page.getByText('Copied').count()).toBe(0);
    await context.close();
  });

  it('the Apps page says what happened: a taken code, and disabling only after a confirmation that says what it does', async () => {
    const page = await englishPage(browser, g.url);
    await signIn(page);
    await page.getByRole('link', { name: 'Apps' }).click();
    await page.getByLabel('Code').fill('toko');
    await page.getByLabel('Name', { exact: true }).fill('Toko');
    await page.getByRole('button', { name: 'Create app' }).click();
    await page.getByTestId('new-api-key').waitFor();
    await page.getByLabel('Code').fill('toko');
    await page.getByLabel('Name', { exact: true }).fill('Toko again');
    await page.getByRole('button', { name: 'Create app' }).click();
    await page.getByRole('status').getByText('already').waitFor();

    const row = page.locator('tr[data-app="toko"]');
    const dialogs: string[] = [];
    // Dismissed first: nothing changes.
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await row.getByRole('button', { name: 'Disable' }).click();
    expect(dialogs[0]).toMatch(/^Disable "toko"\?\s+Its charges and status checks are refused \(401\)/);
    expect(await row.textContent()).toContain('Active');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('status').getByText('App "toko" is now disabled.').waitFor();
    expect(await row.textContent()).toContain('Disabled');
    await page.close();
  });

  it('two-factor sign-in: set up from the Account page with a QR code, then asked for at sign-in', async () => {
    await g.gerbang.services.adminAuth.create(g.context(), 'dua', 'correct horse battery staple', 'test');
    const page = await englishPage(browser, g.url, { viewport: { width: 390, height: 844 } });
    const signIn = async () => {
      await page.goto(`${g.url}/admin#/login`);
      await page.getByLabel('User name').fill('dua');
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await signIn();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // On a phone the navigation folds away behind Menu.
    expect(await page.getByRole('link', { name: 'dua' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'dua' }).click();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByTestId('totp-qr').locator('svg').waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('status').getByText('Two-factor sign-in is on').waitFor();
    const codes = (await page.getByTestId('recovery-codes').textContent())!.trim().split('\n');
    expect(codes).toHaveLength(10);
    await page.screenshot({ path: '/tmp/gerbang-admin-2fa-390.png', fullPage: true });

    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await signIn();
    await page.getByLabel('Code from your authenticator app').fill(codes[0]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.close();
  });

  it('the GraphQL playground loads the schema: its docs open, and the console stays clean', async () => {
    const page = await englishPage(browser, g.url);
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} ${m.location().url}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    await page.goto(`${g.url}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.getByText('Root Types').waitFor({ timeout: 5000 });
    await page.getByText('query:').waitFor();
    await page.screenshot({ path: '/tmp/graphiql-docs.png' });
    expect(errors).toEqual([]);
  });
});
