import type { Browser, Page } from 'playwright-core';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { englishPage, launchChromium } from '../helpers/browser.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/**
 * An admin uses the admin UI in a real browser: logs in, creates an app, takes its key from the
 * page, the app charges with it, and the admin finds the payment in the list and its detail page.
 */
describe('admin UI in headless Chromium', () => {
  let g: TestGerbang;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    g = await startTestGerbang();
    await g.gerbang.services.adminAuth.create(g.context(), 'ops', 'correct horse battery staple', 'test');
    browser = await launchChromium();
    page = await englishPage(browser, g.url, { viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await g?.close();
  });

  it('logs in, creates an app, charges with its key and finds the payment', async () => {
    await page.goto(`${g.url}/admin`);
    await page.getByLabel('User name').fill('ops');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Payment Notification URL').waitFor();
    expect(await page.getByTestId('notification-url').textContent()).toBe(`${g.url}/notifications/midtrans`);
    expect(await page.getByTestId('today-volume').textContent()).toMatch(/Rp\s*0/);

    // Simulator mode says so on every page, and empty pages say what to do next.
    expect(await page.getByTestId('simulator-banner').textContent()).toContain('Simulator mode: payments here are practice and no money moves.');
    await page.getByRole('link', { name: 'Transactions' }).click();
    await page.getByText('No payments yet. They appear here as soon as an app creates one').waitFor();
    expect(await page.getByTestId('simulator-banner').count()).toBe(1);
    await page.getByRole('link', { name: 'Apps' }).click();
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    await page.getByText('No apps yet. Create one above for each shop or billing system').waitFor();
    await page.getByLabel('Code').fill('webshop');
    await page.getByLabel('Name').fill('Web Shop');
    await page.getByRole('button', { name: 'Create app' }).click();
    await page.getByText('Copy this key now: it will not be shown again.').waitFor();
    const apiKey = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect(apiKey).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('tr[data-app="webshop"]').textContent()).toContain('Active');
    await page.screenshot({ path: '/tmp/gerbang-admin-apps.png', fullPage: true });

    const charged = await call(`${g.url}/charge`, {
      headers: { 'X-App-Code': 'webshop', 'X-Api-Key': apiKey },
      body: { order_id: 'E2E-0001', amount: 150000, item_details: [{ id: 'SKU-1', price: 150000, quantity: 1, name: 'Kaos Batik' }] },
    });
    expect(charged.status).toBe(201);

    // The key is shown once: after a reload only its prefix is left.
    await page.reload();
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    expect(await page.content()).not.toContain(apiKey);

    await page.getByRole('link', { name: 'Transactions' }).click();
    const row = page.locator('tr', { hasText: 'E2E-0001' });
    await row.waitFor();
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toMatch(/webshop E2E-0001 Rp\s?150\.000 – Waiting for payment/);
    await page.screenshot({ path: '/tmp/gerbang-admin-transactions.png', fullPage: true });

    await row.getByRole('link', { name: 'E2E-0001' }).click();
    await page.getByRole('heading', { name: 'Order E2E-0001' }).waitFor();
    expect(await page.getByTestId('detail-amount').textContent()).toMatch(/Rp\s*150\.000/);
    expect(await page.getByTestId('detail-status').textContent()).toContain('Waiting for payment');
    expect(await page.locator('.timeline').textContent()).toContain('via charge');

    // The customer pays on the (simulated) payment page; the detail page then says so.
    const customer = await englishPage(browser, g.url);
    await customer.goto(charged.body.redirect_url);
    await customer.getByRole('button', { name: 'Pay', exact: true }).click();
    await customer.getByText('Paid').waitFor();
    await customer.close();
    await page.reload();
    await page.getByTestId('detail-status').getByText('Paid').waitFor();
    expect(await page.locator('.timeline').textContent()).toContain('via Midtrans notification');
    await page.screenshot({ path: '/tmp/gerbang-admin-detail.png', fullPage: true });

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.getByTestId('today-volume').textContent()).toMatch(/Rp\s*150\.000/);
    await page.screenshot({ path: '/tmp/gerbang-admin-dashboard.png', fullPage: true });
  });

  it('filters the transaction list by status and order id', async () => {
    await page.goto(`${g.url}/admin#/transactions`);
    await page.getByLabel('Status').selectOption('pending');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No transactions match these filters.').waitFor();
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Order ID').fill('E2E');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator('tr', { hasText: 'E2E-0001' }).waitFor();
    // Paid means paid (the customer paid E2E-0001 on the simulator's page), and the totals count every matching row.
    await page.locator('select[name="paid"]').selectOption('yes');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByTestId('totals').getByText('1 payment').waitFor();
    expect(await page.getByTestId('totals').textContent()).toMatch(/1 payment · charged Rp\s150\.000 · paid Rp\s150\.000/);
    expect(await page.locator('tr', { hasText: 'E2E-0001' }).textContent()).toContain('Bank transfer (VA)');
    await page.locator('select[name="paid"]').selectOption('no');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No transactions match these filters.').waitFor();
    expect(await page.getByTestId('totals').textContent()).toMatch(/0 payments · charged Rp\s0 · paid Rp\s0/);
  });

  it("shows an app's webhook endpoint as failing, and as paused with the time of the next try", async () => {
    await g.createApp('kedai');
    const url = await g.setWebhook('kedai', 'https://kedai.example/hooks');
    expect(url).toMatch(/^whsec_/);
    const apps = g.gerbang.orm.em.fork();
    const since = new Date(Date.parse('2026-12-02T01:00:00Z'));
    await apps.nativeUpdate(AppSchema, { code: 'kedai' }, { webhookFailingSince: since, webhookUnreachable: 2 });
    await page.goto(`${g.url}/admin#/apps`);
    const row = page.locator('tr[data-app="kedai"]');
    await row.getByText('Failing').waitFor();
    expect(await row.textContent()).toContain('since 2 Dec 2026, 08:00 WIB');
    await apps.nativeUpdate(AppSchema, { code: 'kedai' }, { webhookUnreachable: 5, webhookPausedUntil: new Date(Date.parse('2026-12-02T01:10:00Z')) });
    await page.reload();
    await row.getByText('Paused').waitFor();
    expect(await row.textContent()).toMatch(/not answering since 2 Dec 2026, 08:00 WIB; next try 2 Dec 2026, 08:10 WIB/);
    await page.screenshot({ path: '/tmp/gerbang-admin-apps-paused.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await row.getByText('Paused').waitFor();
    await page.screenshot({ path: '/tmp/gerbang-admin-apps-paused-390.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logging out ends the session: the pages ask to sign in again', async () => {
    await page.goto(`${g.url}/admin#/dashboard`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${g.url}/admin#/apps`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('a wrong password is refused with a message a person understands', async () => {
    await page.goto(`${g.url}/admin#/login`);
    await page.getByLabel('User name').fill('ops');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong user name or password').waitFor();
  });

  it('the GraphQL playground is served from gerbang itself', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${g.url}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    expect(requests.every((u) => u.startsWith(g.url) || u.startsWith('data:'))).toBe(true);
  });
});
