import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { describeDatabase, parseDatabaseUrl } from '../config/env.js';
import { AppError } from '../shared/errors.js';
import { SecretBox, installationKey } from '../shared/secret-box.js';

/** `gerbang copy-database`: every row into a new, empty database (e.g. SQLite into PostgreSQL). */
export function registerCopyDatabase(program: Command): void {
  program
    .command('copy-database')
    .description('copy every row of a gerbang database into a new, empty one (e.g. SQLite into PostgreSQL)')
    .requiredOption('--from <url>', 'the database to copy, e.g. sqlite:data/gerbang.sqlite (stop gerbang first)')
    .requiredOption('--to <url>', 'the empty target, e.g. postgres://gerbang:secret@127.0.0.1:5432/gerbang')
    .action(async (options: { from: string; to: string }) => {
      const { copyDatabase } = await import('../config/copy-database.js');
      const parse = (name: string, value: string) => {
        try {
          return parseDatabaseUrl(value);
        } catch (error) {
          throw new AppError('VALIDATION_FAILED', `--${name}: ${(error as Error).message}`);
        }
      };
      const from = parse('from', options.from);
      const to = parse('to', options.to);
      const secretKey = process.env.SECRET_KEY || undefined;
      if (to.dialect === 'postgresql' && !secretKey) {
        throw new AppError('VALIDATION_FAILED', 'Set SECRET_KEY (the one the new installation will use): webhook secrets are sealed again with it');
      }
      if (from.dialect === 'sqlite' && from.path !== ':memory:' && !existsSync(from.path)) {
        throw new AppError('VALIDATION_FAILED', `--from: ${from.path} does not exist`);
      }
      const sourceBoxes = [
        ...(secretKey ? [new SecretBox(installationKey(secretKey, from))] : []),
        ...(from.dialect === 'sqlite' && existsSync(join(dirname(from.path), 'installation.key')) ? [new SecretBox(installationKey(undefined, from))] : []),
      ];
      const counts = await copyDatabase({
        from,
        to,
        sourceBoxes,
        targetBox: new SecretBox(installationKey(secretKey, to)),
        onTable: (table, rows) => console.log(`${table}: ${rows}`),
      });
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      console.log(`Copied ${total} rows from ${describeDatabase(from)} to ${describeDatabase(to)}.`);
    });
}
