import { Migration } from '@mikro-orm/migrations';

export class Migration20261202141106 extends Migration {
  override name = 'Migration20261202141106';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`apps\` add column \`allowed_origins\` json null;`);

    this.addSql(`alter table \`transactions\` add column \`client_secret_hash\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`apps\` drop column \`allowed_origins\`;`);

    this.addSql(`alter table \`transactions\` drop column \`client_secret_hash\`;`);
  }
}
