import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { runSql } from '../../shared/sql.js';
import { AdminSessionSchema, AdminTokenSchema, AdminUserSchema, type AdminSession, type AdminToken, type AdminUser } from './admin.entity.js';

/** Admin accounts, sessions and API tokens: their SQL and ORM calls. Tokens are looked up by hash. */

/** An admin by name (managed by `em`: changes are written by its flush). */
export function findAdmin(em: EntityManager, username: string): Promise<AdminUser | null> {
  return em.findOne(AdminUserSchema, { username });
}

/** Adds an admin; false when the name is taken. */
export async function addAdmin(
  em: EntityManager,
  data: Pick<AdminUser, 'username' | 'passwordHash' | 'active' | 'failedLogins' | 'createdAt'>,
): Promise<AdminUser | false> {
  const admin = em.create(AdminUserSchema, data);
  try {
    await em.flush();
    return admin;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}

export function listAdmins(em: EntityManager): Promise<AdminUser[]> {
  return em.find(AdminUserSchema, {}, { orderBy: { username: 'asc' } });
}

export function countAdmins(em: EntityManager): Promise<number> {
  return em.count(AdminUserSchema, {});
}

/** Ends every session and token of an admin. */
export async function revokeAccess(em: EntityManager, adminId: number, at: Date): Promise<void> {
  await em.nativeUpdate(AdminSessionSchema, { admin: adminId, revokedAt: null }, { revokedAt: at });
  await em.nativeUpdate(AdminTokenSchema, { admin: adminId, revokedAt: null }, { revokedAt: at });
}

/** Adds one failed login to an account in one statement (guesses sent at once all count); returns the failures since its last sign-in. */
export async function countFailedLogin(em: EntityManager, adminId: number): Promise<number> {
  const [row] = await runSql<{ failed_logins: number | string }>(
    em,
    'update admin_users set failed_logins = failed_logins + 1 where id = ? returning failed_logins',
    [adminId],
  );
  return Number(row?.failed_logins ?? 1);
}

/** An admin by id (managed by `em`). */
export function findAdminById(em: EntityManager, id: number): Promise<AdminUser | null> {
  return em.findOne(AdminUserSchema, { id });
}

/** Records the time step of an accepted TOTP code, unless one as late was used already; whether it was recorded. */
export async function useTotpStep(em: EntityManager, adminId: number, step: number): Promise<boolean> {
  const rows = await runSql(em, 'update admin_users set totp_last_step = ? where id = ? and (totp_last_step is null or totp_last_step < ?) returning id', [
    step,
    adminId,
    step,
  ]);
  return rows.length === 1;
}

/** Opens a session (written by `em`'s next flush). */
export function addSession(em: EntityManager, data: Omit<AdminSession, 'id' | 'revokedAt'>): void {
  em.create(AdminSessionSchema, data);
}

/** A session by the hash of its token, with its admin; `open` leaves out ended ones. */
export function findSession(em: EntityManager, tokenHash: string, open = false): Promise<(AdminSession & { admin: AdminUser }) | null> {
  return em.findOne(AdminSessionSchema, { tokenHash, ...(open ? { revokedAt: null } : {}) }, { populate: ['admin'] });
}

export async function touchSession(em: EntityManager, id: number, at: Date): Promise<void> {
  await em.nativeUpdate(AdminSessionSchema, { id }, { lastSeenAt: at });
}

export async function addToken(
  em: EntityManager,
  data: Pick<AdminToken, 'tokenHash' | 'tokenPrefix' | 'name' | 'createdAt'> & { admin: number },
): Promise<void> {
  await em.insert(AdminTokenSchema, data);
}

/** A token that is not revoked, by its hash, with its admin. */
export function findToken(em: EntityManager, tokenHash: string): Promise<(AdminToken & { admin: AdminUser }) | null> {
  return em.findOne(AdminTokenSchema, { tokenHash, revokedAt: null }, { populate: ['admin'] });
}
