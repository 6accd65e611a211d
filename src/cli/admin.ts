import type { Command } from 'commander';
import { AppError } from '../shared/errors.js';
import { osUser, readPassword, withAdmin } from './shared.js';

/** `gerbang admin ...`: administrators and their API tokens. */
export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('manage administrators');

  admin
    .command('create')
    .description('create an administrator; the password is read from a prompt or standard input, never an argument')
    .requiredOption('--username <name>', 'the login name')
    .action(async (options: { username: string }) => {
      const password = await readPassword('Password (at least 12 characters)');
      if (process.stdin.isTTY && password !== (await readPassword('Again'))) throw new AppError('VALIDATION_FAILED', 'The passwords differ');
      await withAdmin((ctx, auth) => auth.create(ctx, options.username, password, `cli:${osUser()}`));
      console.log(`Created administrator "${options.username}".`);
    });

  admin
    .command('reset-2fa')
    .description('turn two-factor sign-in off for an administrator who lost the device (they can enrol again after signing in)')
    .requiredOption('--username <name>', 'the administrator')
    .action(async (options: { username: string }) => {
      await withAdmin((ctx, auth) => auth.resetTwoFactor(ctx, options.username, `cli:${osUser()}`));
      console.log(`Two-factor sign-in is off for "${options.username}": the password alone signs in until they enrol again.`);
    });

  admin
    .command('list')
    .description('list administrators')
    .action(async () => {
      const admins = await withAdmin((ctx, auth) => auth.list(ctx));
      if (admins.length === 0) return console.log('No administrators yet.');
      for (const a of admins)
        console.log(`${a.username.padEnd(24)} ${a.active ? 'active  ' : 'disabled'} last login ${a.lastLoginAt?.toISOString() ?? 'never'}`);
    });

  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    admin
      .command(name)
      .description(active ? 'let an administrator in again' : 'refuse an administrator, ending their sessions and tokens')
      .requiredOption('--username <name>', 'the administrator')
      .action(async (options: { username: string }) => {
        await withAdmin((ctx, auth) => auth.setActive(ctx, options.username, active, `cli:${osUser()}`));
        console.log(`Administrator "${options.username}" is now ${active ? 'active' : 'disabled'}.`);
      });
  }

  admin
    .command('token')
    .description('create an admin API token for automation (Authorization: Bearer gat_…), printed once')
    .requiredOption('--username <name>', 'the administrator the token acts as')
    .option('--name <label>', 'what the token is for', 'automation')
    .action(async (options: { username: string; name: string }) => {
      const token = await withAdmin((ctx, auth) => auth.createToken(ctx, options.username, options.name, `cli:${osUser()}`));
      console.log(token);
    });
}
