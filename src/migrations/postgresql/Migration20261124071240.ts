import { Migration } from '@mikro-orm/migrations';

export class Migration20261124071240 extends Migration {
  override name = 'Migration20261124071240';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "admin_users" ("id" serial primary key, "username" varchar(64) not null, "password_hash" varchar(300) not null, "active" boolean not null default true, "failed_logins" int not null default 0, "locked_until" timestamptz null, "last_login_at" timestamptz null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "admin_users" add constraint "admin_users_username_unique" unique ("username");`);

    this.addSql(
      `create table "admin_tokens" ("id" serial primary key, "token_hash" varchar(64) not null, "token_prefix" varchar(16) not null, "name" varchar(100) not null, "admin_id" int not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null);`,
    );
    this.addSql(`alter table "admin_tokens" add constraint "admin_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "admin_tokens_admin_id_index" on "admin_tokens" ("admin_id");`);

    this.addSql(
      `create table "admin_sessions" ("id" serial primary key, "token_hash" varchar(64) not null, "admin_id" int not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "ip" varchar(64) null, "user_agent" varchar(300) null);`,
    );
    this.addSql(`alter table "admin_sessions" add constraint "admin_sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "admin_sessions_admin_id_index" on "admin_sessions" ("admin_id");`);

    this.addSql(
      `create table "apps" ("id" serial primary key, "code" varchar(64) not null, "name" varchar(200) not null, "key_hash" varchar(64) not null, "key_prefix" varchar(16) not null, "active" boolean not null default true, "webhook_url" varchar(500) null, "webhook_secret_sealed" varchar(300) null, "allow_private_webhooks" boolean not null default false, "key_rotated_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "apps" add constraint "apps_code_unique" unique ("code");`);

    this.addSql(
      `create table "audit_log" ("id" serial primary key, "actor" varchar(100) not null, "action" varchar(64) not null, "target" varchar(200) null, "detail" jsonb null, "ip" varchar(64) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "audit_log_action_index" on "audit_log" ("action");`);
    this.addSql(`create index "audit_log_created_at_index" on "audit_log" ("created_at");`);

    this.addSql(
      `create table "simulated_payments" ("token" varchar(64) not null, "order_id" varchar(50) not null, "idempotency_key" varchar(64) not null, "transaction_id" varchar(64) not null, "gross_amount" bigint not null, "status" varchar(32) not null, "payment_type" varchar(64) null, "refunded_amount" bigint not null default '0', "superseded" boolean not null default false, "created_at" timestamptz not null, "transaction_time" timestamptz null, "settlement_time" timestamptz null, primary key ("token"));`,
    );
    this.addSql(`create index "simulated_payments_order_id_index" on "simulated_payments" ("order_id");`);
    this.addSql(`create index "simulated_payments_idempotency_key_index" on "simulated_payments" ("idempotency_key");`);

    this.addSql(
      `create table "transactions" ("id" serial primary key, "app_id" int not null, "order_id" varchar(50) not null, "amount" bigint not null, "currency" varchar(3) not null default 'IDR', "item_details" jsonb null, "customer_details" jsonb null, "payload_hash" varchar(64) not null, "snap_token" varchar(64) null, "redirect_url" varchar(500) null, "token_created_at" timestamptz null, "lease_until" timestamptz null, "transaction_status" varchar(32) not null default 'pending', "fraud_status" varchar(32) null, "status_code" varchar(8) null, "status_message" varchar(500) null, "payment_type" varchar(64) null, "midtrans_transaction_id" varchar(64) null, "transaction_time" varchar(32) null, "settlement_time" varchar(32) null, "status_checked_at" timestamptz null, "refunded_amount" bigint not null default '0', "sequence" int not null default 0, "raw_status" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "transactions_app_id_index" on "transactions" ("app_id");`);
    this.addSql(`alter table "transactions" add constraint "transactions_order_id_unique" unique ("order_id");`);
    this.addSql(`create index "transactions_transaction_status_index" on "transactions" ("transaction_status");`);
    this.addSql(`create index "transactions_created_at_index" on "transactions" ("created_at");`);

    this.addSql(
      `create table "refunds" ("id" serial primary key, "transaction_id" int not null, "refund_key" varchar(64) not null, "amount" bigint not null, "reason" varchar(255) null, "state" varchar(16) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "refunds_transaction_id_index" on "refunds" ("transaction_id");`);
    this.addSql(`alter table "refunds" add constraint "refunds_refund_key_unique" unique ("refund_key");`);

    this.addSql(
      `create table "notifications" ("id" serial primary key, "dedupe_key" varchar(64) not null, "order_id" varchar(64) not null, "midtrans_transaction_id" varchar(64) null, "claimed_status" varchar(32) null, "status_code" varchar(8) null, "gross_amount" varchar(32) null, "payload" jsonb not null, "received_count" int not null default 1, "outcome" varchar(16) not null, "transaction_id" int null, "created_at" timestamptz not null, "processed_at" timestamptz null);`,
    );
    this.addSql(`alter table "notifications" add constraint "notifications_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "notifications_order_id_index" on "notifications" ("order_id");`);
    this.addSql(`create index "notifications_outcome_index" on "notifications" ("outcome");`);

    this.addSql(
      `create table "transaction_events" ("id" serial primary key, "transaction_id" int not null, "sequence" int not null, "from_status" varchar(32) null, "to_status" varchar(32) not null, "fraud_status" varchar(32) null, "source" varchar(16) not null, "detail" varchar(500) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "transaction_events_transaction_id_index" on "transaction_events" ("transaction_id");`);

    this.addSql(
      `create table "webhook_events" ("id" varchar(40) not null, "app_id" int not null, "transaction_id" int null, "type" varchar(32) not null, "payload" text not null, "state" varchar(16) not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" varchar(500) null, "delivered_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_events_app_id_index" on "webhook_events" ("app_id");`);
    this.addSql(`create index "webhook_events_state_next_attempt_at_index" on "webhook_events" ("state", "next_attempt_at");`);

    this.addSql(
      `create table "webhook_attempts" ("id" serial primary key, "event_id" varchar(40) not null, "attempted_at" timestamptz not null, "url" varchar(500) not null, "status_code" int null, "latency_ms" int not null, "response_snippet" varchar(500) null, "error" varchar(500) null);`,
    );
    this.addSql(`create index "webhook_attempts_event_id_index" on "webhook_attempts" ("event_id");`);

    this.addSql(`alter table "admin_tokens" add constraint "admin_tokens_admin_id_foreign" foreign key ("admin_id") references "admin_users" ("id");`);

    this.addSql(`alter table "admin_sessions" add constraint "admin_sessions_admin_id_foreign" foreign key ("admin_id") references "admin_users" ("id");`);

    this.addSql(`alter table "transactions" add constraint "transactions_app_id_foreign" foreign key ("app_id") references "apps" ("id");`);

    this.addSql(`alter table "refunds" add constraint "refunds_transaction_id_foreign" foreign key ("transaction_id") references "transactions" ("id");`);

    this.addSql(
      `alter table "notifications" add constraint "notifications_transaction_id_foreign" foreign key ("transaction_id") references "transactions" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "transaction_events" add constraint "transaction_events_transaction_id_foreign" foreign key ("transaction_id") references "transactions" ("id");`,
    );

    this.addSql(`alter table "webhook_events" add constraint "webhook_events_app_id_foreign" foreign key ("app_id") references "apps" ("id");`);
    this.addSql(
      `alter table "webhook_events" add constraint "webhook_events_transaction_id_foreign" foreign key ("transaction_id") references "transactions" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "webhook_attempts" add constraint "webhook_attempts_event_id_foreign" foreign key ("event_id") references "webhook_events" ("id");`,
    );
  }
}
