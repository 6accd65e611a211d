import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/sqlite';
import { AdminSessionSchema, AdminTokenSchema, AdminUserSchema, AuditEntrySchema } from '../modules/admin/admin.entity.js';
import { AppSchema } from '../modules/apps/app.entity.js';
import { TransactionSchema } from '../modules/payments/transaction.entity.js';
import { NotificationSchema } from '../modules/notifications/notification.entity.js';
import { RefundSchema } from '../modules/payments/refund.entity.js';
import { TransactionEventSchema } from '../modules/payments/transaction-event.entity.js';
import { WebhookAttemptSchema, WebhookEventSchema } from '../modules/webhooks/webhook-event.entity.js';
import { SimulatedPaymentSchema } from '../providers/simulator/simulated-payment.entity.js';
import { sqliteMigrations } from '../migrations/sqlite/index.js';
import type { DatabaseConfig } from './env.js';

/** Every entity of gerbang. */
export const ENTITIES = [
  AppSchema,
  TransactionSchema,
  TransactionEventSchema,
  RefundSchema,
  NotificationSchema,
  WebhookEventSchema,
  WebhookAttemptSchema,
  SimulatedPaymentSchema,
  AdminUserSchema,
  AdminSessionSchema,
  AdminTokenSchema,
  AuditEntrySchema,
];

/**
 * Per-connection SQLite settings: WAL for concurrent readers, synchronous=FULL so that a commit survives
 * a power loss, a busy timeout for a second process on the same file, foreign keys enforced.
 */
const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000', 'foreign_keys = ON'];

/** The MikroORM options for a database; `migrationsPath` is used only when writing new migrations. */
export function ormOptions(database: DatabaseConfig, migrationsPath?: string): Options {
  return {
    dbName: database.path,
    entities: ENTITIES,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
    migrations: {
      migrationsList: sqliteMigrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      ...(migrationsPath ? { path: migrationsPath, pathTs: migrationsPath, emit: 'ts' as const } : {}),
    },
    onCreateConnection: async (connection: unknown) => {
      const db = connection as { executeQuery(query: { sql: string; parameters: unknown[]; query: unknown; queryId: unknown }): Promise<unknown> };
      for (const pragma of SQLITE_PRAGMAS) {
        await db.executeQuery({ sql: `pragma ${pragma}`, parameters: [], query: { kind: 'RawNode' }, queryId: { queryId: pragma } });
      }
    },
  };
}

/** Opens the database and applies pending migrations. */
export async function openDatabase(database: DatabaseConfig): Promise<MikroORM> {
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  const orm = await MikroORM.init(ormOptions(database));
  await orm.migrator.up();
  await reusePreparedStatements(orm);
  return orm;
}

interface NativeStatement {
  busy: boolean;
}

/**
 * The SQLite driver prepares every statement anew; gerbang runs the same few statements all the
 * time, so prepared statements are kept (by SQL text) and reused. A statement still being iterated
 * is never handed out twice.
 */
async function reusePreparedStatements(orm: MikroORM): Promise<void> {
  const db = (await orm.em.getConnection().getNativeClient()) as { prepare(sql: string): NativeStatement };
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, NativeStatement>();
  db.prepare = (sql: string) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = prepare(sql);
    if (cache.size >= 1000) cache.clear();
    cache.set(sql, statement);
    return statement;
  };
}
