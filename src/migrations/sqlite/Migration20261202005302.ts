import { Migration } from '@mikro-orm/migrations';

export class Migration20261202005302 extends Migration {
  override name = 'Migration20261202005302';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`apps\` add column \`snap_defaults\` json null;`);
    this.addSql(`alter table \`simulated_payments\` add column \`bank\` text null;`);
    this.addSql(`alter table \`simulated_payments\` add column \`enabled_payments\` json null;`);
    this.addSql(`alter table \`simulated_payments\` add column \`finish_url\` text null;`);
    this.addSql(`alter table \`simulated_payments\` add column \`error_url\` text null;`);
    this.addSql(`alter table \`simulated_payments\` add column \`page_expires_at\` datetime null;`);

    this.addSql(`alter table \`transactions\` add column \`paid_amount\` bigint null;`);
    this.addSql(`alter table \`transactions\` add column \`fee_amount\` bigint null;`);
    this.addSql(`alter table \`transactions\` add column \`snap_options\` json null;`);
    this.addSql(`alter table \`transactions\` add column \`page_expires_at\` datetime null;`);
    this.addSql(`alter table \`transactions\` add column \`expired_unused\` integer not null default false;`);
    this.addSql(`alter table \`transactions\` add column \`paid_after_expiry\` integer not null default false;`);
    this.addSql(`create index \`transactions_paid_after_expiry_index\` on \`transactions\` (\`paid_after_expiry\`);`);

    // A charge that took over an expired claim could record its first step twice: keep the first entry.
    this.addSql(
      `delete from transaction_events where id in (select e.id from transaction_events e join transaction_events f on f.transaction_id = e.transaction_id and f.sequence = e.sequence and f.id < e.id);`,
    );
    this.addSql(`create unique index \`transaction_events_transaction_id_sequence_unique\` on \`transaction_events\` (\`transaction_id\`, \`sequence\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`transaction_events_transaction_id_sequence_unique\`;`);

    this.addSql(`alter table \`apps\` drop column \`snap_defaults\`;`);
    this.addSql(`alter table \`simulated_payments\` drop column \`bank\`;`);
    this.addSql(`alter table \`simulated_payments\` drop column \`enabled_payments\`;`);
    this.addSql(`alter table \`simulated_payments\` drop column \`finish_url\`;`);
    this.addSql(`alter table \`simulated_payments\` drop column \`error_url\`;`);
    this.addSql(`alter table \`simulated_payments\` drop column \`page_expires_at\`;`);

    this.addSql(`alter table \`transactions\` drop column \`paid_amount\`;`);
    this.addSql(`alter table \`transactions\` drop column \`fee_amount\`;`);
    this.addSql(`drop index \`transactions_paid_after_expiry_index\`;`);
    this.addSql(`alter table \`transactions\` drop column \`expired_unused\`;`);
    this.addSql(`alter table \`transactions\` drop column \`snap_options\`;`);
    this.addSql(`alter table \`transactions\` drop column \`page_expires_at\`;`);
    this.addSql(`alter table \`transactions\` drop column \`paid_after_expiry\`;`);
  }
}
