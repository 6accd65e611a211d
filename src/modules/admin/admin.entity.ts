import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A person who administers gerbang. */
export const AdminUserSchema = defineEntity({
  name: 'AdminUser',
  tableName: 'admin_users',
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(64).unique(),
    /** scrypt, with its parameters: `scrypt$N$r$p$salt$hash`. */
    passwordHash: p.string().length(300).hidden(),
    active: p.boolean().default(true),
    failedLogins: p.integer().default(0),
    /** The TOTP secret, encrypted with the installation's key; set at enrolment, in use once `totpEnabledAt` is. */
    totpSecretSealed: p.string().length(300).nullable().hidden(),
    totpEnabledAt: p.datetime().nullable(),
    /** The time step of the last code used: no code is accepted twice. */
    totpLastStep: p.integer().nullable(),
    /** SHA-256 of the recovery codes not used yet. */
    recoveryCodeHashes: p.json<string[]>().nullable().hidden(),
    lastLoginAt: p.datetime().nullable(),
    /** The admin UI language chosen (id, en); null until chosen. */
    locale: p.string().length(8).nullable(),
    createdAt: p.datetime(),
  },
});
export type AdminUser = InferEntity<typeof AdminUserSchema>;

/** A browser login. The cookie holds the token; only its hash is stored. */
export const AdminSessionSchema = defineEntity({
  name: 'AdminSession',
  tableName: 'admin_sessions',
  properties: {
    id: p.integer().primary().autoincrement(),
    tokenHash: p.string().length(64).unique().hidden(),
    admin: p.manyToOne(AdminUserSchema).index(),
    createdAt: p.datetime(),
    lastSeenAt: p.datetime(),
    /** The absolute end, however active the session is. */
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(300).nullable(),
  },
});
export type AdminSession = InferEntity<typeof AdminSessionSchema>;

/** A token for automation (`Authorization: Bearer gat_…`), stored as a hash like app keys. */
export const AdminTokenSchema = defineEntity({
  name: 'AdminToken',
  tableName: 'admin_tokens',
  properties: {
    id: p.integer().primary().autoincrement(),
    tokenHash: p.string().length(64).unique().hidden(),
    tokenPrefix: p.string().length(16),
    name: p.string().length(100),
    admin: p.manyToOne(AdminUserSchema).index(),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type AdminToken = InferEntity<typeof AdminTokenSchema>;

/** What an admin (or the CLI) did, to whom, when and from where. */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: p.integer().primary().autoincrement(),
    actor: p.string().length(100),
    action: p.string().length(64).index(),
    target: p.string().length(200).nullable(),
    detail: p.json<Record<string, unknown>>().nullable(),
    ip: p.string().length(64).nullable(),
    createdAt: p.datetime().index(),
  },
});
export type AuditEntry = InferEntity<typeof AuditEntrySchema>;
