import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/env.js';
import { AppError } from '../shared/errors.js';
import { withContext } from './shared.js';

/** `gerbang backup`: a consistent copy of the SQLite database while gerbang runs. */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the SQLite database while gerbang runs')
    .requiredOption('--to <file>', 'the backup file to create (must not exist)')
    .action(async (options: { to: string }) => {
      const target = resolve(options.to);
      if (existsSync(target)) throw new AppError('VALIDATION_FAILED', `${target} exists already; choose a new file`);
      if (loadConfig().database.dialect !== 'sqlite') {
        throw new AppError('VALIDATION_FAILED', 'gerbang backup copies a SQLite file; back up PostgreSQL with pg_dump (see docs/deployment.md)');
      }
      await withContext(async (ctx) => {
        // VACUUM INTO copies a consistent snapshot, safe while gerbang writes (WAL).
        await ctx.em.getConnection().execute(`vacuum into '${target.replace(/'/g, "''")}'`);
      });
      console.log(`Backed up to ${target}`);
    });
}
