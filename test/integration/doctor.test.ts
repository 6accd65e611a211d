import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { gerbang } from '../helpers/process.js';

describe('npx gerbang doctor', () => {
  let fake: FakeMidtrans;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    dir = mkdtempSync(join(tmpdir(), 'gerbang-doctor-'));
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'gerbang.sqlite')}`,
      ...fake.env,
      PUBLIC_URL: 'https://pay.example.id',
    };
    // Any command opens (and migrates) the database.
    expect((await gerbang(['app', 'list'], env)).code).toBe(0);
  });

  afterAll(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 when the database is migrated, Midtrans accepts the key and the notification URL is public', async () => {
    const before = fake.statusRequests;
    const result = await gerbang(['doctor'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ database:');
    expect(result.stdout).toContain('none pending');
    expect(result.stdout).toContain('✓ Midtrans: Sandbox');
    expect(result.stdout).toContain('the server key is accepted');
    expect(result.stdout).toContain('https://pay.example.id/notifications/midtrans (X-Override-Notification)');
    expect(result.stdout).toContain('All is well.');
    expect(fake.statusRequests).toBe(before + 1);
  });

  it('exits 1 and says how to fix it when Midtrans refuses the key (HTTP 401), without printing the key', async () => {
    const result = await gerbang(['doctor'], { ...env, MIDTRANS_SERVER_KEY: 'SB-Mid-server-NOT-THE-RIGHT-ONE' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ Midtrans: Sandbox');
    expect(result.stdout).toContain('refused the server key (HTTP 401)');
    expect(result.stdout).toContain('Settings → Access Keys');
    expect(result.stdout).not.toContain('NOT-THE-RIGHT-ONE');
  });

  it('exits 1 on a key of the wrong kind, before asking Midtrans', async () => {
    const result = await gerbang(['doctor'], { ...env, MIDTRANS_SERVER_KEY: 'SB-Mid-client-abc' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ configuration: MIDTRANS_SERVER_KEY: this is a client key');
  });

  it('exits 1 when Midtrans cannot be reached, or the database does not exist yet', async () => {
    const unreachable = await gerbang(['doctor'], { ...env, MIDTRANS_API_BASE_URL: 'http://127.0.0.1:9', MIDTRANS_TIMEOUT_MS: '1000' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toContain('could not be reached');
    const noDatabase = await gerbang(['doctor'], { ...env, DATABASE_URL: `sqlite:${join(dir, 'missing', 'gerbang.sqlite')}` });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stdout).toContain('does not exist yet');
  });

  it('warns that Midtrans cannot reach a loopback PUBLIC_URL', async () => {
    const result = await gerbang(['doctor'], { ...env, PUBLIC_URL: 'http://localhost:5000' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('! notifications: PUBLIC_URL is http://localhost:5000, which Midtrans cannot reach');
  });

  it('says so in simulator mode', async () => {
    const { MIDTRANS_SERVER_KEY: _key, ...simulator } = env;
    const result = await gerbang(['doctor'], simulator);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('simulator mode');
  });
});
