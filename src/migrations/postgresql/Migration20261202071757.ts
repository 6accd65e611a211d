import { Migration } from '@mikro-orm/migrations';

export class Migration20261202071757 extends Migration {
  override name = 'Migration20261202071757';

  override up(): void | Promise<void> {
    this.addSql(`alter table "admin_users" add "totp_secret_sealed" varchar(300) null, add "totp_last_step" int null, add "recovery_code_hashes" jsonb null;`);
    // A lock time is not a two-factor enrolment: the old column goes, the new one starts empty.
    this.addSql(`alter table "admin_users" drop column "locked_until", add "totp_enabled_at" timestamptz null;`);

    this.addSql(
      `alter table "apps" add "webhook_failing_since" timestamptz null, add "webhook_unreachable" int not null default 0, add "webhook_paused_until" timestamptz null;`,
    );

    this.addSql(`create index "webhook_events_app_id_state_next_attempt_at_index" on "webhook_events" ("app_id", "state", "next_attempt_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "admin_users" drop column "totp_secret_sealed", drop column "totp_last_step", drop column "recovery_code_hashes";`);
    this.addSql(`alter table "admin_users" drop column "totp_enabled_at", add "locked_until" timestamptz null;`);

    this.addSql(`alter table "apps" drop column "webhook_failing_since", drop column "webhook_unreachable", drop column "webhook_paused_until";`);

    this.addSql(`drop index "webhook_events_app_id_state_next_attempt_at_index";`);
  }
}
