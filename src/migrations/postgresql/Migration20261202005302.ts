import { Migration } from '@mikro-orm/migrations';

export class Migration20261202005302 extends Migration {
  override name = 'Migration20261202005302';

  override up(): void | Promise<void> {
    this.addSql(`alter table "apps" add column "snap_defaults" jsonb null;`);
    this.addSql(
      `alter table "simulated_payments" add column "bank" varchar(32) null, add column "enabled_payments" jsonb null, add column "finish_url" varchar(500) null, add column "error_url" varchar(500) null, add column "page_expires_at" timestamptz null;`,
    );

    this.addSql(
      `alter table "transactions" add "paid_amount" bigint null, add "fee_amount" bigint null, add "snap_options" jsonb null, add "page_expires_at" timestamptz null, add "expired_unused" boolean not null default false, add "paid_after_expiry" boolean not null default false;`,
    );
    this.addSql(`create index "transactions_paid_after_expiry_index" on "transactions" ("paid_after_expiry");`);

    // A charge that took over an expired claim could record its first step twice: keep the first entry.
    this.addSql(
      `delete from transaction_events where id in (select e.id from transaction_events e join transaction_events f on f.transaction_id = e.transaction_id and f.sequence = e.sequence and f.id < e.id);`,
    );
    this.addSql(`alter table "transaction_events" add constraint "transaction_events_transaction_id_sequence_unique" unique ("transaction_id", "sequence");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "apps" drop column "snap_defaults";`);
    this.addSql(
      `alter table "simulated_payments" drop column "bank", drop column "enabled_payments", drop column "finish_url", drop column "error_url", drop column "page_expires_at";`,
    );
    this.addSql(`alter table "transaction_events" drop constraint "transaction_events_transaction_id_sequence_unique";`);

    this.addSql(`drop index "transactions_paid_after_expiry_index";`);
    this.addSql(
      `alter table "transactions" drop column "paid_amount", drop column "fee_amount", drop column "snap_options", drop column "page_expires_at", drop column "expired_unused", drop column "paid_after_expiry";`,
    );
  }
}
