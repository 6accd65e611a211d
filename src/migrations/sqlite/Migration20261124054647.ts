import { Migration } from '@mikro-orm/migrations';

export class Migration20261124054647 extends Migration {
  override name = 'Migration20261124054647';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`refunds\` (\`id\` integer not null primary key autoincrement, \`transaction_id\` integer not null, \`refund_key\` text not null, \`amount\` bigint not null, \`reason\` text null, \`state\` text not null, \`created_at\` datetime not null, constraint \`refunds_transaction_id_foreign\` foreign key (\`transaction_id\`) references \`transactions\` (\`id\`));`,
    );
    this.addSql(`create index \`refunds_transaction_id_index\` on \`refunds\` (\`transaction_id\`);`);
    this.addSql(`create unique index \`refunds_refund_key_unique\` on \`refunds\` (\`refund_key\`);`);

    this.addSql(
      `create table \`notifications\` (\`id\` integer not null primary key autoincrement, \`dedupe_key\` text not null, \`order_id\` text not null, \`midtrans_transaction_id\` text null, \`claimed_status\` text null, \`status_code\` text null, \`gross_amount\` text null, \`payload\` json not null, \`received_count\` integer not null default 1, \`outcome\` text not null, \`transaction_id\` integer null, \`created_at\` datetime not null, \`processed_at\` datetime null, constraint \`notifications_transaction_id_foreign\` foreign key (\`transaction_id\`) references \`transactions\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create unique index \`notifications_dedupe_key_unique\` on \`notifications\` (\`dedupe_key\`);`);
    this.addSql(`create index \`notifications_order_id_index\` on \`notifications\` (\`order_id\`);`);
    this.addSql(`create index \`notifications_outcome_index\` on \`notifications\` (\`outcome\`);`);
    this.addSql(`create index \`notifications_transaction_id_index\` on \`notifications\` (\`transaction_id\`);`);

    this.addSql(
      `create table \`transaction_events\` (\`id\` integer not null primary key autoincrement, \`transaction_id\` integer not null, \`sequence\` integer not null, \`from_status\` text null, \`to_status\` text not null, \`fraud_status\` text null, \`source\` text not null, \`detail\` text null, \`created_at\` datetime not null, constraint \`transaction_events_transaction_id_foreign\` foreign key (\`transaction_id\`) references \`transactions\` (\`id\`));`,
    );
    this.addSql(`create index \`transaction_events_transaction_id_index\` on \`transaction_events\` (\`transaction_id\`);`);

    this.addSql(
      `create table \`webhook_events\` (\`id\` text not null primary key, \`app_id\` integer not null, \`transaction_id\` integer null, \`type\` text not null, \`payload\` text not null, \`state\` text not null, \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`locked_until\` datetime null, \`last_error\` text null, \`delivered_at\` datetime null, \`created_at\` datetime not null, constraint \`webhook_events_app_id_foreign\` foreign key (\`app_id\`) references \`apps\` (\`id\`), constraint \`webhook_events_transaction_id_foreign\` foreign key (\`transaction_id\`) references \`transactions\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create index \`webhook_events_app_id_index\` on \`webhook_events\` (\`app_id\`);`);
    this.addSql(`create index \`webhook_events_transaction_id_index\` on \`webhook_events\` (\`transaction_id\`);`);
    this.addSql(`create index \`webhook_events_state_next_attempt_at_index\` on \`webhook_events\` (\`state\`, \`next_attempt_at\`);`);

    this.addSql(
      `create table \`webhook_attempts\` (\`id\` integer not null primary key autoincrement, \`event_id\` text not null, \`attempted_at\` datetime not null, \`url\` text not null, \`status_code\` integer null, \`latency_ms\` integer not null, \`response_snippet\` text null, \`error\` text null, constraint \`webhook_attempts_event_id_foreign\` foreign key (\`event_id\`) references \`webhook_events\` (\`id\`));`,
    );
    this.addSql(`create index \`webhook_attempts_event_id_index\` on \`webhook_attempts\` (\`event_id\`);`);

    this.addSql(`alter table \`apps\` add column \`webhook_url\` text null;`);
    this.addSql(`alter table \`apps\` add column \`webhook_secret_sealed\` text null;`);
    this.addSql(`alter table \`apps\` add column \`allow_private_webhooks\` integer not null default false;`);

    this.addSql(`alter table \`simulated_payments\` add column \`refunded_amount\` bigint not null default '0';`);

    this.addSql(`alter table \`transactions\` add column \`refunded_amount\` bigint not null default '0';`);
    this.addSql(`alter table \`transactions\` add column \`sequence\` integer not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`refunds\`;`);
    this.addSql(`drop table if exists \`notifications\`;`);
    this.addSql(`drop table if exists \`transaction_events\`;`);
    this.addSql(`drop table if exists \`webhook_events\`;`);
    this.addSql(`drop table if exists \`webhook_attempts\`;`);

    this.addSql(`alter table \`apps\` drop column \`webhook_url\`;`);
    this.addSql(`alter table \`apps\` drop column \`webhook_secret_sealed\`;`);
    this.addSql(`alter table \`apps\` drop column \`allow_private_webhooks\`;`);

    this.addSql(`alter table \`simulated_payments\` drop column \`refunded_amount\`;`);

    this.addSql(`alter table \`transactions\` drop column \`refunded_amount\`;`);
    this.addSql(`alter table \`transactions\` drop column \`sequence\`;`);
  }
}
