import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GERBANG_BIN, gerbang, run } from '../helpers/process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestGerbang } from '../helpers/gerbang.js';

const AT_A_TERMINAL = fileURLToPath(new URL('../fixtures/at-a-terminal.py', import.meta.url));

/** `gerbang admin create` at a terminal: the password is asked twice, never shown, and works. */
describe('the CLI password prompt', () => {
  let dir: string;
  let env: Record<string, string>;
  let database: TestDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-prompt-'));
    database = await createTestDatabase(dir);
    env = { DATABASE_URL: database.url, ...database.env, TERM: 'xterm' };
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hides what is typed and creates the admin with it', async () => {
    const password = 'correct horse battery';
    const shown = await run(
      'python3',
      [AT_A_TERMINAL, password, password, '--', process.execPath, GERBANG_BIN, 'admin', 'create', '--username', 'terminal-admin'],
      env,
    );
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Created administrator "terminal-admin".');
    expect(shown.stdout).not.toContain('correct horse');
    // The password typed is the one stored: the admin signs in with it.
    const g = await startTestGerbang({ database });
    try {
      const res = await fetch(`${g.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { username } }',
          variables: { u: 'terminal-admin', p: password },
        }),
      });
      expect(await res.json()).toEqual({ data: { login: { username: 'terminal-admin' } } });
    } finally {
      await g.close();
    }
  });

  it('refuses two different passwords', async () => {
    const shown = await run(
      'python3',
      [AT_A_TERMINAL, 'correct horse battery', 'correct horse batterx', '--', process.execPath, GERBANG_BIN, 'admin', 'create', '--username', 'typo-admin'],
      env,
    );
    expect(shown.code).not.toBe(0);
    expect(shown.stdout).toContain('The passwords differ');
    expect((await gerbang(['admin', 'list'], env)).stdout).not.toContain('typo-admin');
  });
});
