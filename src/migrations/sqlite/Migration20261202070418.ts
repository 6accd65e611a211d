import { Migration } from '@mikro-orm/migrations';

export class Migration20261202070418 extends Migration {
  override name = 'Migration20261202070418';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`admin_users\` drop column \`locked_until\`;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`admin_users\` add column \`locked_until\` datetime null;`);
  }
}
