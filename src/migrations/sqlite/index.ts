import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261124053113 } from './Migration20261124053113.js';
import { Migration20261124054647 } from './Migration20261124054647.js';
import { Migration20261124055843 } from './Migration20261124055843.js';
import { Migration20261202005302 } from './Migration20261202005302.js';
import { Migration20261202071756 } from './Migration20261202071756.js';
import { Migration20261202131916 } from './Migration20261202131916.js';
import { Migration20261202141106 } from './Migration20261202141106.js';

/** The SQLite migrations, oldest first. */
export const sqliteMigrations: Constructor<Migration>[] = [
  Migration20261124053113,
  Migration20261124054647,
  Migration20261124055843,
  Migration20261202005302,
  Migration20261202071756,
  Migration20261202131916,
  Migration20261202141106,
];
