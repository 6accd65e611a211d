import { Migration } from '@mikro-orm/migrations';

export class Migration20261202060708 extends Migration {
  override name = 'Migration20261202060708';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`apps\` add column \`webhook_failing_since\` datetime null;`);
    this.addSql(`alter table \`apps\` add column \`webhook_unreachable\` integer not null default 0;`);
    this.addSql(`alter table \`apps\` add column \`webhook_paused_until\` datetime null;`);

    this.addSql(`create index \`webhook_events_app_id_state_next_attempt_at_index\` on \`webhook_events\` (\`app_id\`, \`state\`, \`next_attempt_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`apps\` drop column \`webhook_failing_since\`;`);
    this.addSql(`alter table \`apps\` drop column \`webhook_unreachable\`;`);
    this.addSql(`alter table \`apps\` drop column \`webhook_paused_until\`;`);

    this.addSql(`drop index \`webhook_events_app_id_state_next_attempt_at_index\`;`);
  }
}
