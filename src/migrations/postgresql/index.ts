import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261124071240 } from './Migration20261124071240.js';
import { Migration20261202005302 } from './Migration20261202005302.js';
import { Migration20261202071757 } from './Migration20261202071757.js';
import { Migration20261202131916 } from './Migration20261202131916.js';
import { Migration20261202141106 } from './Migration20261202141106.js';

/** The PostgreSQL migrations, oldest first. */
export const postgresqlMigrations: Constructor<Migration>[] = [
  Migration20261124071240,
  Migration20261202005302,
  Migration20261202071757,
  Migration20261202131916,
  Migration20261202141106,
];
