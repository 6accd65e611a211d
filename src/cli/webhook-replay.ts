import type { Command } from 'commander';
import { AppError } from '../shared/errors.js';
import { appId, audited, withContext } from './shared.js';

/** `gerbang webhook-replay`: an app's webhook event again, or all its dead-lettered ones. */
export function registerWebhookReplay(program: Command): void {
  program
    .command('webhook-replay')
    .description("send an app's webhook event again (same webhook-id), or all its dead-lettered events")
    .requiredOption('--code <code>', 'the app')
    .option('--id <eventId>', 'one event (msg_…)')
    .option('--failed', 'every dead-lettered event of the app')
    .action(async (options: { code: string; id?: string; failed?: boolean }) => {
      if (!options.id === !options.failed) throw new AppError('VALIDATION_FAILED', 'Give either --id <eventId> or --failed');
      const count = await withContext(async (ctx, _apps, services) =>
        audited(ctx, 'webhook.replay', options.id ?? `${options.code}:failed`, async () => {
          const id = await appId(ctx, options.code);
          if (options.id) {
            await services.webhooks.replay(ctx, id, options.id);
            return 1;
          }
          return services.webhooks.replayFailed(ctx, id);
        }),
      );
      console.log(`${count} event(s) queued; a running gerbang sends them within a second.`);
    });
}
