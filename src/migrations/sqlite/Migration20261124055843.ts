import { Migration } from '@mikro-orm/migrations';

export class Migration20261124055843 extends Migration {
  override name = 'Migration20261124055843';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`admin_users\` (\`id\` integer not null primary key autoincrement, \`username\` text not null, \`password_hash\` text not null, \`active\` integer not null default true, \`failed_logins\` integer not null default 0, \`locked_until\` datetime null, \`last_login_at\` datetime null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`admin_users_username_unique\` on \`admin_users\` (\`username\`);`);

    this.addSql(
      `create table \`admin_tokens\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`token_prefix\` text not null, \`name\` text not null, \`admin_id\` integer not null, \`created_at\` datetime not null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, constraint \`admin_tokens_admin_id_foreign\` foreign key (\`admin_id\`) references \`admin_users\` (\`id\`));`,
    );
    this.addSql(`create unique index \`admin_tokens_token_hash_unique\` on \`admin_tokens\` (\`token_hash\`);`);
    this.addSql(`create index \`admin_tokens_admin_id_index\` on \`admin_tokens\` (\`admin_id\`);`);

    this.addSql(
      `create table \`admin_sessions\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`admin_id\` integer not null, \`created_at\` datetime not null, \`last_seen_at\` datetime not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`ip\` text null, \`user_agent\` text null, constraint \`admin_sessions_admin_id_foreign\` foreign key (\`admin_id\`) references \`admin_users\` (\`id\`));`,
    );
    this.addSql(`create unique index \`admin_sessions_token_hash_unique\` on \`admin_sessions\` (\`token_hash\`);`);
    this.addSql(`create index \`admin_sessions_admin_id_index\` on \`admin_sessions\` (\`admin_id\`);`);

    this.addSql(
      `create table \`audit_log\` (\`id\` integer not null primary key autoincrement, \`actor\` text not null, \`action\` text not null, \`target\` text null, \`detail\` json null, \`ip\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`audit_log_action_index\` on \`audit_log\` (\`action\`);`);
    this.addSql(`create index \`audit_log_created_at_index\` on \`audit_log\` (\`created_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`admin_users\`;`);
    this.addSql(`drop table if exists \`admin_tokens\`;`);
    this.addSql(`drop table if exists \`admin_sessions\`;`);
    this.addSql(`drop table if exists \`audit_log\`;`);
  }
}
