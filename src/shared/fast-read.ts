import type { EntityManager, EntityName } from '@mikro-orm/core';

/**
 * Reads one row with plain SQL on the ORM's own connection and maps it to an entity, skipping the
 * query builder: the requests on the hot path (app authentication, order lookups) spend most of
 * their time there otherwise. `sql` uses `?` placeholders and selects `*` from the entity's table.
 */
export async function readOne<T extends object>(em: EntityManager, entity: EntityName<T>, sql: string, params: unknown[]): Promise<T | undefined> {
  const rows = (await (em.getConnection() as unknown as { execute(q: string, p: unknown[]): Promise<Record<string, unknown>[]> }).execute(sql, params)) as Record<string, unknown>[];
  const row = rows[0];
  return row ? em.map(entity, row as never) : undefined;
}
