import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { MikroORM } from '@mikro-orm/core';
import { ConfigError, describeDatabase, isLoopbackUrl, loadConfig, type Config } from '../config/env.js';
import { ormOptions } from '../config/orm.js';
import { MidtransClient } from '../providers/midtrans/midtrans.client.js';
import { AppError } from '../shared/errors.js';

/** One finding of `gerbang doctor`: fine, worth a look, or wrong (with how to fix it). */
export interface Finding {
  level: 'ok' | 'warn' | 'fail';
  topic: string;
  text: string;
}

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

/**
 * Checks what a payment needs, from the outside in: the configuration, the database and its
 * migrations, Midtrans' acceptance of the server key, and where Midtrans will send notifications.
 * Nothing is written: the database is only read, and Midtrans is only asked about an order that
 * cannot exist.
 */
export async function diagnose(env?: NodeJS.ProcessEnv): Promise<Finding[]> {
  let config: Config;
  try {
    config = env ? loadConfig(env) : loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => ({ level: 'fail', topic: 'configuration', text: problem }));
  }
  const findings: Finding[] = [{ level: 'ok', topic: 'configuration', text: 'every value is valid' }];
  findings.push(await checkDatabase(config));
  findings.push(...(await checkMidtrans(config)));
  return findings;
}

async function checkDatabase(config: Config): Promise<Finding> {
  const where = describeDatabase(config.database);
  if (config.database.dialect === 'sqlite' && config.database.path !== ':memory:' && !existsSync(config.database.path)) {
    return { level: 'fail', topic: 'database', text: `${where} does not exist yet: start gerbang once (npm start) to create it` };
  }
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init(ormOptions(config.database));
    const pending = await orm.migrator.getPending();
    const applied = await orm.migrator.getExecuted();
    if (pending.length > 0) {
      return { level: 'fail', topic: 'database', text: `${where}: ${pending.length} migration(s) not applied yet; starting gerbang applies them` };
    }
    return { level: 'ok', topic: 'database', text: `${where}: reachable, ${applied.length} migrations applied, none pending` };
  } catch (error) {
    return { level: 'fail', topic: 'database', text: `${where} cannot be opened: ${(error as Error).message.split('\n')[0]}; check DATABASE_URL` };
  } finally {
    await orm?.close().catch(() => undefined);
  }
}

async function checkMidtrans(config: Config): Promise<Finding[]> {
  const { midtrans } = config;
  if (!midtrans.serverKey) {
    return [
      {
        level: 'ok',
        topic: 'Midtrans',
        text: "simulator mode (no MIDTRANS_SERVER_KEY): payments are simulated on gerbang's own payment page, no real money moves; set MIDTRANS_SERVER_KEY to use Midtrans",
      },
    ];
  }
  const environment = midtrans.isProduction ? 'Production' : 'Sandbox';
  const client = new MidtransClient({
    serverKey: midtrans.serverKey,
    snapBaseUrl: midtrans.snapBaseUrl,
    apiBaseUrl: midtrans.apiBaseUrl,
    timeoutMs: midtrans.timeoutMs,
  });
  const findings: Finding[] = [];
  try {
    // An order that cannot exist: Midtrans answers "404" with an accepted key and HTTP 401 without.
    const answer = await client.getStatus(`doctor-${randomUUID()}`);
    findings.push({
      level: answer.found ? 'warn' : 'ok',
      topic: 'Midtrans',
      text: `${environment} (${midtrans.apiBaseUrl}): the server key is accepted`,
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : String(error);
    findings.push({
      level: 'fail',
      topic: 'Midtrans',
      text: /HTTP 401/.test(message)
        ? `${environment} (${midtrans.apiBaseUrl}) refused the server key (HTTP 401): copy the Server Key of the ${environment} environment from the Midtrans dashboard (Settings → Access Keys) into MIDTRANS_SERVER_KEY, and check MIDTRANS_IS_PRODUCTION`
        : `${environment} (${midtrans.apiBaseUrl}): ${message}`,
    });
  }
  findings.push(notificationFinding(config));
  return findings;
}

function notificationFinding(config: Config): Finding {
  const { notification } = config.midtrans;
  const own = `${config.publicUrl}/notifications/midtrans`;
  if (notification) {
    return {
      level: 'ok',
      topic: 'notifications',
      text: `every payment asks Midtrans to notify ${notification.url} (${notification.header}); nothing to set in the dashboard`,
    };
  }
  if (isLoopbackUrl(config.publicUrl)) {
    return {
      level: 'warn',
      topic: 'notifications',
      text: `PUBLIC_URL is ${config.publicUrl}, which Midtrans cannot reach: set PUBLIC_URL to gerbang's public https address, or enter that address + /notifications/midtrans as the Payment Notification URL in the Midtrans dashboard. Until then payments are only seen by status checks`,
    };
  }
  return {
    level: 'warn',
    topic: 'notifications',
    text: `MIDTRANS_NOTIFICATION_MODE=off: enter ${own} as the Payment Notification URL in the Midtrans dashboard`,
  };
}

/** Prints the findings; true when nothing is wrong. */
export function report(findings: Finding[], print: (line: string) => void = console.log): boolean {
  for (const f of findings) print(`${MARK[f.level]} ${f.topic}: ${f.text}`);
  const failed = findings.filter((f) => f.level === 'fail').length;
  print(failed === 0 ? 'All is well.' : `${failed} problem(s) found.`);
  return failed === 0;
}

/** `gerbang doctor`: checks an installation from the outside in; exit 0 when all is well. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the configuration, the database, the Midtrans server key and the notification URL; exit 0 when all is well')
    .action(async () => {
      // Exit at once: the Midtrans client's keep-alive sockets would hold the process open.
      process.exit(report(await diagnose()) ? 0 : 1);
    });
}
