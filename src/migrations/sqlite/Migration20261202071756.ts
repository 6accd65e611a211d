import { Migration } from '@mikro-orm/migrations';

export class Migration20261202071756 extends Migration {
  override name = 'Migration20261202071756';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`admin_users\` add column \`totp_secret_sealed\` text null;`);
    this.addSql(`alter table \`admin_users\` add column \`totp_last_step\` integer null;`);
    this.addSql(`alter table \`admin_users\` add column \`recovery_code_hashes\` json null;`);
    // A lock time is not a two-factor enrolment: the old column goes, the new one starts empty.
    this.addSql(`alter table \`admin_users\` drop column \`locked_until\`;`);
    this.addSql(`alter table \`admin_users\` add column \`totp_enabled_at\` datetime null;`);

    this.addSql(`alter table \`apps\` add column \`webhook_failing_since\` datetime null;`);
    this.addSql(`alter table \`apps\` add column \`webhook_unreachable\` integer not null default 0;`);
    this.addSql(`alter table \`apps\` add column \`webhook_paused_until\` datetime null;`);

    this.addSql(`create index \`webhook_events_app_id_state_next_attempt_at_index\` on \`webhook_events\` (\`app_id\`, \`state\`, \`next_attempt_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`admin_users\` drop column \`totp_secret_sealed\`;`);
    this.addSql(`alter table \`admin_users\` drop column \`totp_last_step\`;`);
    this.addSql(`alter table \`admin_users\` drop column \`recovery_code_hashes\`;`);
    this.addSql(`alter table \`admin_users\` drop column \`totp_enabled_at\`;`);
    this.addSql(`alter table \`admin_users\` add column \`locked_until\` datetime null;`);

    this.addSql(`alter table \`apps\` drop column \`webhook_failing_since\`;`);
    this.addSql(`alter table \`apps\` drop column \`webhook_unreachable\`;`);
    this.addSql(`alter table \`apps\` drop column \`webhook_paused_until\`;`);

    this.addSql(`drop index \`webhook_events_app_id_state_next_attempt_at_index\`;`);
  }
}
