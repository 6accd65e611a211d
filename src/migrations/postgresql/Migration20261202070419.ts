import { Migration } from '@mikro-orm/migrations';

export class Migration20261202070419 extends Migration {
  override name = 'Migration20261202070419';

  override up(): void | Promise<void> {
    this.addSql(`alter table "admin_users" drop column "locked_until";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "admin_users" add "locked_until" timestamptz(6) null;`);
  }
}
