import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/env.js';
import { databaseUnavailable } from '../shared/database-errors.js';
import { AppError } from '../shared/errors.js';
import { registerAdmin } from './admin.js';
import { registerApp } from './app.js';
import { registerBackup } from './backup.js';
import { registerCopyDatabase } from './copy-database.js';
import { registerDoctor } from './doctor.js';
import { registerServe } from './serve.js';
import { registerWebhookReplay } from './webhook-replay.js';

/** The `gerbang` command: one file per command under cli/. */
const program = new Command('gerbang').description('Self-hosted payment gateway middleware for Midtrans').showHelpAfterError().exitOverride();
registerServe(program);
registerApp(program);
registerAdmin(program);
registerBackup(program);
registerCopyDatabase(program);
registerWebhookReplay(program);
registerDoctor(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError || error instanceof AppError) {
    console.error(error.message);
    process.exit(error instanceof ConfigError ? 78 : 1);
  }
  if (databaseUnavailable(error)) {
    const reason = (error as Error).message.split('\n')[0];
    console.error(
      `gerbang cannot use its database (${reason}): check DATABASE_URL, that the disk has free space and the database files are writable by this user (ls -l, lsattr), or that PostgreSQL is running. Check with: npx gerbang doctor`,
    );
    // EX_TEMPFAIL: systemd tries again later.
    process.exit(75);
  }
  console.error(error);
  process.exit(1);
}
