import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { runSql } from '../../shared/sql.js';
import type { AppSnapDefaults } from '../payments/charge.request.js';
import { AppSchema, type App } from './app.entity.js';

/** The apps table's SQL and ORM calls. */

/** What authenticating an app needs, read plainly (every request comes through here). */
export interface AppCredentials {
  id: number;
  code: string;
  name: string;
  keyHash: string;
  active: boolean;
  snapDefaults?: AppSnapDefaults;
}

export async function findCredentials(em: EntityManager, code: string): Promise<AppCredentials | undefined> {
  const [row] = await runSql<{
    id: number;
    code: string;
    name: string;
    key_hash: string;
    active: boolean | number;
    snap_defaults: string | AppSnapDefaults | null;
  }>(em, 'select id, code, name, key_hash, active, snap_defaults from apps where code = ? limit 1', [code]);
  if (!row) return undefined;
  // JSON comes as text from SQLite, parsed from PostgreSQL; booleans as 0/1 from SQLite.
  const defaults = typeof row.snap_defaults === 'string' ? (JSON.parse(row.snap_defaults) as AppSnapDefaults) : (row.snap_defaults ?? undefined);
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    keyHash: row.key_hash,
    active: row.active === true || row.active === 1,
    ...(defaults ? { snapDefaults: defaults } : {}),
  };
}

/** An app by its code (managed by `em`: changes are written by its flush). */
export async function findByCode(em: EntityManager, code: string): Promise<App | null> {
  return em.findOne(AppSchema, { code });
}

export function listApps(em: EntityManager): Promise<App[]> {
  return em.find(AppSchema, {}, { orderBy: { code: 'asc' } });
}

/** Adds an app; false when its code is taken. */
export async function addApp(em: EntityManager, data: Pick<App, 'code' | 'name' | 'keyHash' | 'keyPrefix' | 'active' | 'keyRotatedAt'>): Promise<App | false> {
  const app = em.create(AppSchema, data);
  try {
    await em.flush();
    return app;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}
