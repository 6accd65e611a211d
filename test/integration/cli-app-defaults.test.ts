import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppWithCli, gerbang } from '../helpers/process.js';

describe('npx gerbang app defaults', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-cli-defaults-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'gerbang.sqlite')}` };
    await createAppWithCli(env, 'donasi');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sets an app's Snap defaults, refuses invalid ones naming the field, and clears them", async () => {
    const set = await gerbang(
      [
        'app',
        'defaults',
        '--code',
        'donasi',
        '--finish-url',
        'https://donasi.example.id/terima-kasih',
        '--enabled-payments',
        'other_qris, gopay',
        '--page-expiry-minutes',
        '30',
        '--json',
      ],
      env,
    );
    expect(set.stderr).toBe('');
    expect(JSON.parse(set.stdout)).toEqual({
      code: 'donasi',
      snapDefaults: {
        callbacks: { finish: 'https://donasi.example.id/terima-kasih' },
        enabled_payments: ['other_qris', 'gopay'],
        page_expiry: { unit: 'minutes', duration: 30 },
      },
    });
    const bad = await gerbang(['app', 'defaults', '--code', 'donasi', '--enabled-payments', 'bitcoin'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('enabled_payments[0] must be one of');
    const cleared = await gerbang(['app', 'defaults', '--code', 'donasi'], env);
    expect(cleared.stdout).toContain('No Snap defaults for "donasi"');
  });
});
