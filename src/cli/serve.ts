import type { Command } from 'commander';
import { describeDatabase, loadConfig, type Config } from '../config/env.js';
import { startGerbang } from '../main.js';
import { serviceContext } from '../shared/context.js';
import { createLogger } from '../shared/logger.js';

/** What `gerbang serve` prints once it listens: where, in which mode, and what to do next. */
function banner(config: Config, url: string): string[] {
  const lines = [`gerbang listening on ${url} (REST: POST /charge, GET /status/<order_id>; GraphQL: /graphql)`];
  if (config.provider === 'simulator') {
    lines.push(
      '',
      '*** SIMULATOR MODE: no MIDTRANS_SERVER_KEY is set, so gerbang is its own Midtrans. ***',
      '*** Payment pages are served by gerbang itself and no real money moves.          ***',
      '*** Set MIDTRANS_SERVER_KEY (and MIDTRANS_IS_PRODUCTION) in .env to use Midtrans. ***',
    );
  } else {
    lines.push(`Midtrans ${config.midtrans.isProduction ? 'PRODUCTION (real money)' : 'Sandbox'}: ${config.midtrans.snapBaseUrl}`);
  }
  lines.push(`Midtrans Payment Notification URL: ${config.publicUrl}/notifications/midtrans`);
  lines.push('', 'Create an app key with: npx gerbang app create --code <code> --name "<name>"');
  return lines;
}

/** `gerbang serve`: runs the gateway until SIGTERM or SIGINT. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gateway (what `npm start` runs)')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger(config.logLevel, undefined, config.logFile);
      const gerbang = await startGerbang(config, log);
      // Everything is printed at once, so that whoever waits for the first line sees the rest too.
      const lines = banner(config, gerbang.url);
      const ctx = serviceContext(gerbang.orm, 'start', log);
      if (config.provider === 'simulator') {
        const first = await gerbang.services.adminAuth.ensureFirstAdmin(ctx);
        if (first) {
          lines.push('', `First run: created the administrator "${first.username}" with the password ${first.password}`);
          lines.push(`Log in at ${config.publicUrl}/admin (this password is shown only once).`);
        }
      } else if ((await gerbang.services.adminAuth.count(ctx)) === 0) {
        lines.push('', 'No administrator exists yet: create one with `npx gerbang admin create --username <name>`.');
      }
      lines.push(`Admin UI: ${config.publicUrl}/admin · GraphQL playground: ${config.publicUrl}/graphql`);
      console.log(lines.join('\n'));
      log.info({ url: gerbang.url, provider: config.provider, database: describeDatabase(config.database) }, 'gerbang started');
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        gerbang.close().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'unclean stop');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
