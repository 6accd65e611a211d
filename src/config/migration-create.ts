import { MikroORM } from '@mikro-orm/sqlite';
import { fileURLToPath } from 'node:url';
import { ormOptions } from './orm.js';

/**
 * Writes a new SQLite migration for the difference between the entities and the migrated schema
 * (`npm run migration:create`). Add the new class to src/migrations/sqlite/index.ts.
 */
const path = fileURLToPath(new URL('../../src/migrations/sqlite', import.meta.url));
const orm = await MikroORM.init(ormOptions({ dialect: 'sqlite', path: ':memory:' }, path));
await orm.migrator.up();
const result = await orm.migrator.create(path);
console.log(result.fileName ? `wrote ${result.fileName}` : 'no schema changes');
await orm.close();
