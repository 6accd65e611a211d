import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { openDatabase } from '../../src/config/orm.js';
import { AdminUserSchema } from '../../src/modules/admin/admin.entity.js';
import { hashPassword } from '../../src/modules/admin/password.js';
import { gerbang } from '../helpers/process.js';

/** An operator turns off two-factor sign-in for an admin who lost the phone, from the server's command line. */
describe('npx gerbang admin reset-2fa', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-cli-2fa-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'gerbang.sqlite')}` };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("clears an admin's second factor and says so; an unknown name is an error", async () => {
    const orm = await openDatabase(parseDatabaseUrl(env.DATABASE_URL));
    try {
      await orm.em.fork().insert(AdminUserSchema, {
        username: 'kasir',
        passwordHash: await hashPassword('a long admin password'),
        active: true,
        failedLogins: 0,
        createdAt: new Date(),
        totpSecretSealed: 'v1.sealed',
        totpEnabledAt: new Date(),
        totpLastStep: 1,
        recoveryCodeHashes: ['h'],
      });
      const reset = await gerbang(['admin', 'reset-2fa', '--username', 'kasir'], env);
      expect(reset.stdout).toContain('Two-factor sign-in is off for "kasir"');
      const admin = await orm.em.fork().findOneOrFail(AdminUserSchema, { username: 'kasir' });
      expect(admin).toMatchObject({ totpSecretSealed: null, totpEnabledAt: null, totpLastStep: null, recoveryCodeHashes: null });
      const unknown = await gerbang(['admin', 'reset-2fa', '--username', 'nobody'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('No admin named "nobody"');
    } finally {
      await orm.close();
    }
  });
});
