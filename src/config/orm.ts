import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { GerbangPostgreSqlDriver, GerbangSqliteConnection, GerbangSqliteDriver } from './database-adapter.js';
import { AdminSessionSchema, AdminTokenSchema, AdminUserSchema, AuditEntrySchema } from '../modules/admin/admin.entity.js';
import { AppSchema } from '../modules/apps/app.entity.js';
import { TransactionSchema } from '../modules/payments/transaction.entity.js';
import { NotificationSchema } from '../modules/notifications/notification.entity.js';
import { RefundSchema } from '../modules/payments/refund.entity.js';
import { TransactionEventSchema } from '../modules/payments/transaction-event.entity.js';
import { WebhookAttemptSchema, WebhookEventSchema } from '../modules/webhooks/webhook-event.entity.js';
import { SimulatedPaymentSchema } from '../providers/simulator/simulated-payment.entity.js';
import { postgresqlMigrations } from '../migrations/postgresql/index.js';
import { sqliteMigrations } from '../migrations/sqlite/index.js';
import type { DatabaseConfig } from './env.js';
import type { WalFlusher } from '../shared/wal-flusher.js';

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
 * Per-connection PostgreSQL settings, the counterpart of SQLite's busy timeout: a statement waiting
 * for a lock gives up after 5 s (so that a caller gets a 503 and retries instead of hanging), and
 * none runs longer than 30 s. TLS follows the URL's `sslmode` (`require`, `verify-ca`, `verify-full`).
 */
function postgresConnectionOptions(url: string): Record<string, unknown> {
  const sslmode = new URL(url).searchParams.get('sslmode');
  const ssl =
    sslmode === 'verify-full' || sslmode === 'verify-ca'
      ? { rejectUnauthorized: true }
      : sslmode === 'require' || sslmode === 'prefer'
        ? { rejectUnauthorized: false }
        : undefined;
  return {
    lock_timeout: 5_000,
    statement_timeout: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'gerbang',
    ...(ssl ? { ssl } : {}),
  };
}

/**
 * The MikroORM options for a database; `migrationsPath` is used only when writing new migrations. A
 * SQLite file's commits are flushed to disk off the event loop (see config/database-adapter.ts).
 */
export function ormOptions(database: DatabaseConfig, migrationsPath?: string): Partial<Options> {
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
  };
  const migrations = {
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
    ...(migrationsPath ? { path: migrationsPath, pathTs: migrationsPath, emit: 'ts' as const } : {}),
  };
  if (database.dialect === 'postgresql') {
    return {
      ...common,
      driver: GerbangPostgreSqlDriver,
      clientUrl: database.url,
      pool: { min: 0, max: 10, idleTimeoutMillis: 30_000 },
      driverOptions: postgresConnectionOptions(database.url),
      migrations: { ...migrations, migrationsList: postgresqlMigrations },
    };
  }
  return {
    ...common,
    driver: GerbangSqliteDriver,
    dbName: database.path,
    migrations: { ...migrations, migrationsList: sqliteMigrations },
  };
}

/** What flushes the WAL of a SQLite file (none for PostgreSQL or `:memory:`). */
export function walFlusherOf(orm: MikroORM): WalFlusher | undefined {
  const connection = orm.em.getConnection();
  return connection instanceof GerbangSqliteConnection ? connection.walFlusher : undefined;
}

/** Opens the database and applies pending migrations (one instance at a time on a shared server). */
export async function openDatabase(database: DatabaseConfig, overrides: Partial<Options> = {}): Promise<MikroORM> {
  if (database.dialect === 'sqlite' && database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  const orm = await MikroORM.init({ ...ormOptions(database), ...overrides });
  if (database.dialect === 'postgresql') await migrateExclusively(orm);
  else await orm.migrator.up();
  return orm;
}

/** An arbitrary, fixed key for PostgreSQL's advisory lock that serialises migrations between instances. */
const MIGRATION_LOCK = 7_311_402_911;

/**
 * Instances starting together on one PostgreSQL database must not migrate it twice at once: the
 * migrations run while this session holds an advisory lock, and the next instance finds nothing to do.
 */
async function migrateExclusively(orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  await em.transactional(async (tem) => {
    await tem.getConnection().execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK], 'all', tem.getTransactionContext());
    const transaction: unknown = tem.getTransactionContext();
    await orm.migrator.up({ transaction });
  });
}
