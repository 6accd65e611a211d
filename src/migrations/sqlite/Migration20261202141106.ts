import { Migration } from '@mikro-orm/migrations';

export class Migration20261202141106 extends Migration {
  override name = 'Migration20261202141106';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`apps\` add column \`allowed_origins\` json null;`);

    this.addSql(`alter table \`transactions\` add column \`client_secret_hash\` text null;`);
    this.addSql(`create unique index \`transactions_client_secret_hash_unique\` on \`transactions\` (\`client_secret_hash\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`apps\` drop column \`allowed_origins\`;`);

    this.addSql(`drop index \`transactions_client_secret_hash_unique\`;`);
    this.addSql(`alter table \`transactions\` drop column \`client_secret_hash\`;`);
  }
}
