import { Migration } from '@mikro-orm/migrations';

export class Migration20261202141106 extends Migration {
  override name = 'Migration20261202141106';

  override up(): void | Promise<void> {
    this.addSql(`alter table "apps" add "allowed_origins" jsonb null;`);

    this.addSql(`alter table "transactions" add "client_secret_hash" varchar(64) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "apps" drop column "allowed_origins";`);

    this.addSql(`alter table "transactions" drop column "client_secret_hash";`);
  }
}
