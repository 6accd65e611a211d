import { MikroORM } from '@mikro-orm/core';
import { fileURLToPath } from 'node:url';
import { parseDatabaseUrl } from './env.js';
import { ormOptions } from './orm.js';

/**
 * Writes a new migration for the difference between the entities and the migrated schema
 * (`npm run migration:create -- sqlite` or `-- postgresql`); then add the new class to the
 * dialect's src/migrations/<dialect>/index.ts. PostgreSQL needs an empty scratch database in
 * MIGRATION_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/gerbang_migrations).
 */
const dialect = process.argv[2] ?? 'sqlite';
if (dialect !== 'sqlite' && dialect !== 'postgresql') {
  console.error('usage: npm run migration:create -- sqlite|postgresql');
  process.exit(2);
}
const database =
  dialect === 'sqlite'
    ? parseDatabaseUrl(':memory:')
    : parseDatabaseUrl(process.env.MIGRATION_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gerbang_migrations');
const path = fileURLToPath(new URL(`../../src/migrations/${dialect}`, import.meta.url));
const orm = await MikroORM.init(ormOptions(database, path));
const executed = await orm.migrator.up();
const result =
  executed.length === 0 && (await orm.migrator.getExecuted()).length === 0 ? await orm.migrator.create(path, false, true) : await orm.migrator.create(path);
console.log(result.fileName ? `wrote ${result.fileName}` : 'no schema changes');
await orm.close();
