import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { englishPage, launchChromium } from '../helpers/browser.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const PASSWORD = 'correct horse battery staple';
const PHONE = { width: 390, height: 844 };

/**
 * An Indonesian merchant's staff at work in the admin UI (simulator mode): in Bahasa Indonesia unless
 * they choose English, on a phone, refunding and cancelling payments, fixing an app's webhook and
 * exporting what the accountant asks for.
 */
describe("an admin's everyday work in headless Chromium", () => {
  let g: TestGerbang;
  let browser: Browser;
  let shop: Record<string, string>;
  let receiver: WebhookReceiver;
  const contexts: BrowserContext[] = [];

  /** A page in a browser that has never seen gerbang: no language chosen. */
  async function freshPage(options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
    contexts.push(context);
    return context.newPage();
  }

  /** Signs in as `ops` on the login page, in whichever language it is shown. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${g.url}/admin#/login`);
    await page.locator('input[name="username"]').fill('ops');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('main h1').waitFor();
  }

  /** Switches the signed-in page to English (remembered for `ops` from then on) unless it already is. */
  async function inEnglish(page: Page): Promise<void> {
    if ((await page.locator('html').getAttribute('lang')) === 'en') return;
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  }

  /** A payment of `shop`, paid on the simulated Snap page with `method` unless `method` is null. */
  async function payment(orderId: string, amount: number, method: string | null) {
    const charged = await call(`${g.url}/charge`, {
      headers: shop,
      body: {
        order_id: orderId,
        amount,
        customer_details: { first_name: 'Siti', last_name: 'Rahayu', email: 'siti@example.co.id', phone: '+6281234567890' },
        item_details: [
          { id: 'KOPI-250', name: 'Kopi Gayo 250 g', price: amount / 2, quantity: 1 },
          { id: 'GULA-1', name: 'Gula aren', price: amount / 4, quantity: 2 },
        ],
      },
    });
    expect(charged.status).toBe(201);
    if (method) {
      const paid = await fetch(charged.body.redirect_url, { method: 'POST', body: new URLSearchParams({ action: 'pay', method }), redirect: 'manual' });
      expect(paid.status).toBe(303);
    }
  }

  beforeAll(async () => {
    g = await startTestGerbang();
    await g.gerbang.services.adminAuth.create(g.context(), 'ops', PASSWORD, 'test');
    shop = await g.createApp('toko');
    await g.createApp('donasi');
    receiver = await new WebhookReceiver().start();
    // The receiver listens on loopback: this app may send webhooks to private addresses.
    const app = await g.context().em.findOneOrFail(AppSchema, { code: 'toko' });
    await g.gerbang.services.webhooks.configure(g.context(), app.id, null, true);
    await payment('INV-PAID-1', 200000, 'bca_va');
    await payment('INV-PAID-2', 80000, 'other_qris');
    await payment('INV-OPEN-1', 120000, null);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await receiver?.stop();
    await g?.close();
  });

  it('speaks Bahasa Indonesia by default, English on request, and remembers the choice for the admin on another device', async () => {
    const page = await freshPage();
    await page.goto(`${g.url}/admin#/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByLabel('Nama pengguna').fill('ops');
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Dasbor' }).waitFor();
    expect(await page.getByTestId('simulator-banner').textContent()).toContain('Mode simulator:');
    // Chart days in words, never "11-03".
    const days = await page.getByTestId('chart').locator('.chart-days span').allTextContents();
    expect(days.length).toBeGreaterThanOrEqual(4);
    for (const day of days) expect(day).toMatch(/^\d{1,2} [A-Z][a-z]{2,3}$/);
    // The breakdowns by app and by method.
    expect((await page.getByTestId('by-app').textContent())!.replace(/\s+/g, ' ')).toMatch(/toko 2 \/ 3 Rp\s?280\.000/);
    expect((await page.getByTestId('by-method').textContent())!.replace(/\s+/g, ' ')).toMatch(
      /Transfer bank \(VA\) 1 \/ 1 Rp\s?200\.000.*QRIS 1 \/ 1 Rp\s?80\.000/,
    );

    await page.getByRole('link', { name: 'Transaksi' }).click();
    const row = page.locator('tr', { hasText: 'INV-PAID-1' });
    await row.waitFor();
    const text = (await row.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Lunas · settlement');
    expect(text).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4},? \d{2}\.\d{2} WIB/);
    expect(await page.locator('tr', { hasText: 'INV-OPEN-1' }).textContent()).toContain('Menunggu pembayaran · pending');

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Transactions' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('tr', { hasText: 'INV-PAID-1' }).textContent()).toContain('Paid · settlement');
    expect((await page.locator('tr', { hasText: 'INV-PAID-1' }).textContent())!.replace(/\s+/g, ' ')).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4},? \d{2}:\d{2} WIB/);
    await page.reload();
    await page.getByRole('heading', { name: 'Transactions' }).waitFor();

    // Another phone: the sign-in page does not know the admin yet; once signed in, their choice holds.
    const other = await freshPage({ viewport: PHONE });
    await other.goto(`${g.url}/admin#/login`);
    await other.getByRole('button', { name: 'Masuk' }).waitFor();
    await signIn(other);
    await other.getByRole('heading', { name: 'Dashboard' }).waitFor();

    // Back to Bahasa Indonesia from the Account page.
    await other.getByRole('button', { name: 'Menu' }).click();
    await other.getByRole('link', { name: 'ops' }).click();
    await other.getByRole('heading', { name: 'Account' }).waitFor();
    await other.getByLabel('Bahasa Indonesia').check();
    await other.getByRole('heading', { name: 'Akun' }).waitFor();
    const third = await freshPage();
    await signIn(third);
    await third.getByRole('heading', { name: 'Dasbor' }).waitFor();
  });

  it('every page fits a 390 × 844 phone: navigation behind Menu, tables as cards, nothing wider than the screen', async () => {
    const page = await freshPage({ viewport: PHONE });
    await signIn(page);
    await page.screenshot({ path: '/tmp/gerbang-390-login.png' });
    expect(await page.locator('nav#nav').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    expect(await page.locator('nav#nav').isVisible()).toBe(true);
    const height = (await page.locator('header.top').boundingBox())!.height;
    await page.getByRole('link', { name: 'Transaksi' }).click();
    await page.getByRole('heading', { name: 'Transaksi' }).waitFor();
    expect(await page.locator('nav#nav').isVisible()).toBe(false);
    // Closed, the header is a thin bar, not a third of the screen.
    expect((await page.locator('header.top').boundingBox())!.height).toBeLessThan(Math.min(height, 80));

    for (const [route, heading] of [
      ['dashboard', 'Dasbor'],
      ['apps', 'Aplikasi'],
      ['transactions', 'Transaksi'],
      ['transactions/INV-PAID-1', 'Pesanan INV-PAID-1'],
      ['audit', 'Log audit'],
      ['account', 'Akun'],
    ]) {
      await page.goto(`${g.url}/admin#/${route}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      const width = await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      );
      await page.screenshot({ path: `/tmp/gerbang-390-${route.replace('/', '-')}.png`, fullPage: true });
      expect({ route, width }).toEqual({ route, width: 390 });
      // Every element stays inside the screen (badges included).
      const outside = await page.locator('main *').evaluateAll((elements) =>
        elements
          .filter((e) => !e.closest('.scroll, pre'))
          .filter((e) => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && (box.right > 390.5 || box.left < -0.5);
          })
          .map((e) => `${e.tagName}.${e.className}`),
      );
      expect({ route, outside }).toEqual({ route, outside: [] });
    }
    // The transaction list is cards: each value carries its column's name.
    await page.goto(`${g.url}/admin#/transactions`);
    await page.locator('tr', { hasText: 'INV-PAID-1' }).waitFor();
    expect(await page.locator('table.transactions thead').isVisible()).toBe(false);
    expect(await page.locator('tr', { hasText: 'INV-PAID-1' }).locator('td[data-label="Jumlah"]').textContent()).toMatch(/Rp\s?200\.000/);
  });

  it('support staff see who paid, for what and how, and refund part of it with a reason, after a confirmation that says what happens', async () => {
    const page = await freshPage({ viewport: PHONE });
    await signIn(page);
    await page.goto(`${g.url}/admin#/transactions/INV-PAID-1`);
    await page.getByRole('heading', { name: 'Pesanan INV-PAID-1' }).waitFor();
    const customer = (await page.getByTestId('customer').textContent())!.replace(/\s+/g, ' ');
    expect(customer).toContain('Siti Rahayu');
    expect(customer).toContain('siti@example.co.id');
    expect(customer).toContain('+6281234567890');
    const items = (await page.getByTestId('items').textContent())!.replace(/\s+/g, ' ');
    expect(items).toMatch(/Kopi Gayo 250 g ?KOPI-250 1 Rp\s?100\.000 Rp\s?100\.000/);
    expect(items).toMatch(/Gula aren ?GULA-1 2 Rp\s?50\.000 Rp\s?100\.000/);
    expect(await page.getByTestId('detail-method').textContent()).toBe('Transfer bank (VA)');
    expect(await page.getByTestId('detail-reference').textContent()).toMatch(/^\d{8,}$/);
    expect(await page.locator('.detail').textContent()).toContain('Nomor virtual account');

    const dialogs: string[] = [];
    await page.getByRole('button', { name: 'Kembalikan dana' }).click();
    const form = page.getByTestId('refund-form');
    await form.getByLabel('Jumlah yang dikembalikan (Rp)').fill('25000');
    await form.getByLabel('Alasan').fill('stok gula habis');
    // Dismissed: nothing happens.
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await form.getByRole('button', { name: 'Kembalikan dana' }).click();
    expect(dialogs[0]).toMatch(/^Kembalikan Rp\s?25\.000 dari pesanan INV-PAID-1 ke pelanggan\?/);
    expect(dialogs[0]).toContain('Alasan: stok gula habis');
    expect(await page.getByTestId('detail-status').textContent()).toContain('Lunas · settlement');
    // Accepted: refunded, and the page says so.
    page.once('dialog', (dialog) => void dialog.accept());
    await form.getByRole('button', { name: 'Kembalikan dana' }).click();
    await page.getByRole('status').filter({ hasText: 'dari pesanan INV-PAID-1 sudah dikembalikan.' }).waitFor();
    expect(await page.getByTestId('detail-status').textContent()).toContain('Dikembalikan sebagian · partial_refund');
    expect(await page.getByTestId('detail-refunded').textContent()).toMatch(/Rp\s?25\.000/);

    // The audit log reads as a sentence.
    await page.goto(`${g.url}/admin#/audit`);
    await page.getByRole('heading', { name: 'Log audit' }).waitFor();
    expect((await page.getByTestId('audit-entries').locator('li').first().textContent())!.replace(/\s+/g, ' ')).toMatch(
      /^ ?ops mengembalikan Rp\s?25\.000 dari pesanan INV-PAID-1: "stok gula habis"/,
    );
    await page.getByTestId('audit-filters').locator('select[name="action"]').selectOption('app');
    await page.getByRole('button', { name: 'Saring' }).click();
    await page.getByText('Tidak ada tindakan admin yang cocok dengan saringan ini.').waitFor();

    // An unpaid payment is cancelled, after a confirmation.
    await page.goto(`${g.url}/admin#/transactions/INV-OPEN-1`);
    await page.getByRole('heading', { name: 'Pesanan INV-OPEN-1' }).waitFor();
    expect(await page.getByRole('button', { name: 'Kembalikan dana' }).count()).toBe(0);
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Batalkan pembayaran' }).click();
    await page.getByRole('status').filter({ hasText: 'Pesanan INV-OPEN-1 dibatalkan.' }).waitFor();
    expect(dialogs[1]).toMatch(/^Batalkan pembayaran pesanan INV-OPEN-1 \(Rp\s?120\.000\)\?/);
    expect(await page.getByTestId('detail-status').textContent()).toContain('Dibatalkan · cancel');
    expect(await page.getByTestId('actions').textContent()).toContain('Tidak ada tindakan yang bisa dilakukan');
  });

  it("an app's name and webhook URL are edited in place, and a test webhook shows what the endpoint answered", async () => {
    const page = await englishPage(browser, g.url, { viewport: { width: 1280, height: 900 } });
    contexts.push(page.context());
    await signIn(page);
    // The admin chose Bahasa Indonesia earlier: that wins over this browser, until changed here.
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await inEnglish(page);
    await page.getByRole('link', { name: 'Apps' }).click();
    const row = page.locator('tr[data-app="toko"]');
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByTestId('edit-app');
    await form.getByLabel('Name').fill('Toko Kopi Gayo');
    await form.getByLabel('Webhook URL').fill(receiver.url);
    await form.getByLabel('Allowed browser origins').fill('https://toko.example.id\nhttps://www.toko.example.id');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'App "toko" saved.' }).waitFor();
    // The first URL makes the signing secret, shown once.
    expect(await page.getByRole('alert').textContent()).toContain('Webhook signing secret of "toko"');
    expect(await page.getByTestId('new-api-key').textContent()).toMatch(/^whsec_/);
    expect(await row.textContent()).toContain('Toko Kopi Gayo');
    expect(await row.textContent()).toContain(receiver.url);
    const saved = await g.context().em.findOneOrFail(AppSchema, { code: 'toko' });
    expect(saved.allowedOrigins).toEqual(['https://toko.example.id', 'https://www.toko.example.id']);

    const before = receiver.received.length;
    await row.getByRole('button', { name: 'Send a test webhook' }).click();
    const result = page.getByTestId('test-webhook-result');
    await result.getByText('The endpoint answered HTTP 200').waitFor();
    expect(await result.textContent()).toContain('thanks');
    expect(receiver.received.length).toBe(before + 1);
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ type: 'webhook.test', data: { app: 'toko' } });
    receiver.reply = 500;
    await row.getByRole('button', { name: 'Send a test webhook' }).click();
    await result.getByText('The endpoint answered HTTP 500').waitFor();
    expect(await result.textContent()).toContain('gerbang counts only 2xx as delivered');
    expect(await result.textContent()).toContain('receiver is unhappy');
    receiver.reply = 200;
    await page.screenshot({ path: '/tmp/gerbang-admin-test-webhook.png', fullPage: true });

    // Rotating a key says the old one stops working now; dismissed, nothing changes.
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.dismiss();
    });
    await row.getByRole('button', { name: 'Rotate key' }).click();
    expect(question).toContain('The old key stops working now');
    expect((await call(`${g.url}/status/INV-PAID-2`, { headers: shop })).status).toBe(200);
  });

  it('too many wrong passwords are refused in words, with how long to wait', async () => {
    const page = await freshPage({ viewport: PHONE });
    await page.goto(`${g.url}/admin#/login`);
    await page.getByLabel('Nama pengguna').fill('penyusup');
    for (let i = 0; i < 5; i += 1) {
      await page.getByLabel('Kata sandi').fill(`tebakan ke-${i}`);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByRole('button', { name: 'Masuk' }).waitFor();
    }
    await page.getByRole('alert').filter({ hasText: 'Terlalu banyak percobaan masuk yang gagal dari sini. Coba lagi dalam 15 menit.' }).waitFor();
  });

  it('the transaction list filters paid payments, totals them, and exports exactly those rows as CSV', async () => {
    const page = await englishPage(browser, g.url, { viewport: { width: 1280, height: 900 } });
    contexts.push(page.context());
    await signIn(page);
    await inEnglish(page);
    await page.getByRole('link', { name: 'Transactions' }).click();
    await page.locator('select[name="paid"]').selectOption('yes');
    await page.locator('select[name="app"]').selectOption('toko');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByTestId('totals').filter({ hasText: '1 payment' }).waitFor();
    expect((await page.getByTestId('totals').textContent())!.replace(/\s+/g, ' ')).toMatch(/1 payment · charged Rp\s?80\.000 · paid Rp\s?80\.000/);
    const href = (await page.getByTestId('export-csv').getAttribute('href'))!;
    expect(href).toBe('/admin/export/transactions.csv?app=toko&paid=yes');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^gerbang-transactions-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await page.request.get(`${g.url}${href}`).then((r) => r.text())).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',toko,INV-PAID-2,80000,IDR,settlement,yes,qris,');
  });
  it("the dashboard and a payment's page follow the ledger live: a payment that settles shows up without reloading", async () => {
    const page = await freshPage();
    await signIn(page);
    await page.locator('main h1').waitFor();
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 7));
    const before = (await page.getByTestId('today-volume').textContent())!;
    await payment('INV-LIVE-1', 40000, 'gopay');
    await page.getByTestId('today-volume').filter({ hasNotText: before }).waitFor({ timeout: 3000 });
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(7);

    await payment('INV-LIVE-2', 30000, null);
    await page.goto(`${g.url}/admin#/transactions/INV-LIVE-2`);
    await page.getByTestId('detail-status').filter({ hasText: 'pending' }).waitFor();
    const open = await call(`${g.url}/status/INV-LIVE-2`, { headers: shop });
    const redirect = (
      await g.context().em.getConnection().execute<{ redirect_url: string }[]>("select redirect_url from transactions where order_id = 'INV-LIVE-2'")
    )[0]!.redirect_url;
    expect(open.status).toBe(200);
    const paid = await fetch(redirect, { method: 'POST', body: new URLSearchParams({ action: 'pay', method: 'gopay' }), redirect: 'manual' });
    expect(paid.status).toBe(303);
    await page.getByTestId('detail-status').filter({ hasText: 'settlement' }).waitFor({ timeout: 3000 });
  });
});
