import { Migration } from '@mikro-orm/migrations';

export class Migration20261124053113 extends Migration {
  override name = 'Migration20261124053113';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`apps\` (\`id\` integer not null primary key autoincrement, \`code\` text not null, \`name\` text not null, \`key_hash\` text not null, \`key_prefix\` text not null, \`active\` integer not null default true, \`key_rotated_at\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`apps_code_unique\` on \`apps\` (\`code\`);`);

    this.addSql(
      `create table \`simulated_payments\` (\`token\` text not null primary key, \`order_id\` text not null, \`idempotency_key\` text not null, \`transaction_id\` text not null, \`gross_amount\` bigint not null, \`status\` text not null, \`payment_type\` text null, \`superseded\` integer not null default false, \`created_at\` datetime not null, \`transaction_time\` datetime null, \`settlement_time\` datetime null);`,
    );
    this.addSql(`create index \`simulated_payments_order_id_index\` on \`simulated_payments\` (\`order_id\`);`);
    this.addSql(`create index \`simulated_payments_idempotency_key_index\` on \`simulated_payments\` (\`idempotency_key\`);`);

    this.addSql(
      `create table \`transactions\` (\`id\` integer not null primary key autoincrement, \`app_id\` integer not null, \`order_id\` text not null, \`amount\` bigint not null, \`currency\` text not null default 'IDR', \`item_details\` json null, \`customer_details\` json null, \`payload_hash\` text not null, \`snap_token\` text null, \`redirect_url\` text null, \`token_created_at\` datetime null, \`lease_until\` datetime null, \`transaction_status\` text not null default 'pending', \`fraud_status\` text null, \`status_code\` text null, \`status_message\` text null, \`payment_type\` text null, \`midtrans_transaction_id\` text null, \`transaction_time\` text null, \`settlement_time\` text null, \`status_checked_at\` datetime null, \`raw_status\` json null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`transactions_app_id_foreign\` foreign key (\`app_id\`) references \`apps\` (\`id\`));`,
    );
    this.addSql(`create index \`transactions_app_id_index\` on \`transactions\` (\`app_id\`);`);
    this.addSql(`create unique index \`transactions_order_id_unique\` on \`transactions\` (\`order_id\`);`);
    this.addSql(`create index \`transactions_transaction_status_index\` on \`transactions\` (\`transaction_status\`);`);
    this.addSql(`create index \`transactions_created_at_index\` on \`transactions\` (\`created_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`apps\`;`);
    this.addSql(`drop table if exists \`simulated_payments\`;`);
    this.addSql(`drop table if exists \`transactions\`;`);
  }
}
