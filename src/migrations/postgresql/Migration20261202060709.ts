import { Migration } from '@mikro-orm/migrations';

export class Migration20261202060709 extends Migration {
  override name = 'Migration20261202060709';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "apps" add "webhook_failing_since" timestamptz null, add "webhook_unreachable" int not null default 0, add "webhook_paused_until" timestamptz null;`,
    );

    this.addSql(`create index "webhook_events_app_id_state_next_attempt_at_index" on "webhook_events" ("app_id", "state", "next_attempt_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "apps" drop column "webhook_failing_since", drop column "webhook_unreachable", drop column "webhook_paused_until";`);

    this.addSql(`drop index "webhook_events_app_id_state_next_attempt_at_index";`);
  }
}
