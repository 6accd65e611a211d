import type { EntityManager, EntitySchema, MikroORM } from '@mikro-orm/core';
import { AppSchema } from '../modules/apps/app.entity.js';
import { isPostgres } from '../shared/sql.js';
import type { SecretBox } from '../shared/secret-box.js';
import { describeDatabase, type DatabaseConfig } from './env.js';
import { ENTITIES, openDatabase } from './orm.js';

const BATCH = 500;

function metaOf(orm: MikroORM, entity: EntitySchema) {
  return orm.getMetadata().get(entity as never);
}

export interface CopyOptions {
  from: DatabaseConfig;
  to: DatabaseConfig;
  /** The boxes that may have sealed the source's webhook secrets, tried in turn. */
  sourceBoxes: SecretBox[];
  /** The box of the target installation (its SECRET_KEY). */
  targetBox: SecretBox;
  onTable?: (table: string, rows: number) => void;
  /** Rows read and written at a time. */
  batchSize?: number;
}

/**
 * Copies every row of a gerbang database into another, empty one (typically a SQLite file into
 * PostgreSQL), both migrated to the same version first. Webhook signing secrets are sealed again
 * with the target's key. Ids are kept, and the target's id sequences continue after them. The target
 * is written in one transaction: a copy that fails leaves it empty.
 */
export async function copyDatabase(options: CopyOptions): Promise<Record<string, number>> {
  if (describeDatabase(options.from) === describeDatabase(options.to)) throw new Error('the source and the target are the same database');
  // Its own context name keeps the source's queries out of the target's transaction (MikroORM finds
  // the current transaction by context name).
  const source = await openDatabase(options.from, { contextName: 'copy-source' });
  try {
    const target = await openDatabase(options.to);
    try {
      await ensureEmpty(target);
      const counts: Record<string, number> = {};
      await target.em.fork().transactional(async (tem) => {
        // The entities are listed parents first, so that every foreign key finds its row.
        for (const entity of ENTITIES as EntitySchema[]) {
          const meta = metaOf(source, entity);
          counts[meta.tableName] = await copyTable(source, tem, entity, meta.tableName, meta.primaryKeys[0], options);
          options.onTable?.(meta.tableName, counts[meta.tableName]);
        }
        if (isPostgres(tem)) await continueSequences(target, tem);
      });
      return counts;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function ensureEmpty(orm: MikroORM): Promise<void> {
  for (const entity of ENTITIES as EntitySchema[]) {
    if ((await orm.em.fork().count(entity, {})) > 0) {
      throw new Error(`the target database is not empty (table ${metaOf(orm, entity).tableName} has rows); copy into a new, empty database`);
    }
  }
}

async function copyTable(source: MikroORM, tem: EntityManager, entity: EntitySchema, table: string, key: string, options: CopyOptions): Promise<number> {
  const column = metaOf(source, entity).properties[key].fieldNames[0];
  let copied = 0;
  let last: unknown;
  for (;;) {
    // Batches by primary key (not by offset), so that a large table is read once.
    const em = source.em.fork();
    const rows = (await em
      .getConnection()
      .execute(
        `select * from ${table}${last === undefined ? '' : ` where ${column} > ?`} order by ${column} limit ${options.batchSize ?? BATCH}`,
        last === undefined ? [] : [last],
      )) as Record<string, unknown>[];
    if (rows.length === 0) return copied;
    last = rows.at(-1)![column];
    // Mapped through the source's entity definitions, so that dates, flags and JSON arrive typed.
    const entities = rows.map((row) => em.map(entity, row) as Record<string, unknown>);
    if (entity === (AppSchema as unknown as EntitySchema)) {
      for (const app of entities) {
        if (typeof app.webhookSecretSealed === 'string')
          app.webhookSecretSealed = options.targetBox.seal(openWithAny(options.sourceBoxes, app.webhookSecretSealed, String(app.code)));
      }
    }
    await tem.insertMany(entity, entities);
    copied += rows.length;
  }
}

function openWithAny(boxes: SecretBox[], sealed: string, app: string): string {
  for (const box of boxes) {
    try {
      return box.open(sealed);
    } catch {
      // sealed with another key: try the next
    }
  }
  throw new Error(
    `the webhook secret of app "${app}" cannot be opened: set SECRET_KEY to the source installation's key (or keep its installation.key beside the SQLite file)`,
  );
}

/** PostgreSQL's id sequences continue after the copied ids. */
async function continueSequences(orm: MikroORM, tem: EntityManager): Promise<void> {
  for (const entity of ENTITIES as EntitySchema[]) {
    const meta = metaOf(orm, entity);
    const key = meta.properties[meta.primaryKeys[0]];
    if (!key.autoincrement) continue;
    const column = key.fieldNames[0];
    await tem
      .getConnection()
      .execute(
        `select setval(pg_get_serial_sequence('${meta.tableName}', '${column}'), coalesce(max(${column}), 1), max(${column}) is not null) from ${meta.tableName}`,
        [],
        'all',
        tem.getTransactionContext(),
      );
  }
}
