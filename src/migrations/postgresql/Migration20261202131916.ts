import { Migration } from '@mikro-orm/migrations';

export class Migration20261202131916 extends Migration {
  override name = 'Migration20261202131916';

  override up(): void | Promise<void> {
    this.addSql(`alter table "admin_users" add "locale" varchar(8) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "admin_users" drop column "locale";`);
  }
}
