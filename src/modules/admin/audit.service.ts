import type { ServiceContext } from '../../shared/context.js';
import { AuditEntrySchema, type AuditEntry } from './admin.entity.js';

export interface AuditRecord {
  actor: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
  ip?: string;
}

/** The audit log of admin actions. */
export class AuditService {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  async record(ctx: ServiceContext, entry: AuditRecord): Promise<void> {
    await ctx.em.insert(AuditEntrySchema, {
      actor: entry.actor.slice(0, 100),
      action: entry.action,
      target: entry.target?.slice(0, 200) ?? null,
      detail: entry.detail ?? null,
      ip: entry.ip?.slice(0, 64) ?? null,
      createdAt: this.clock(),
    });
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(ctx: ServiceContext, options: { first: number; before?: number; action?: string }): Promise<AuditEntry[]> {
    return ctx.em.find(
      AuditEntrySchema,
      { ...(options.before ? { id: { $lt: options.before } } : {}), ...(options.action ? { action: options.action } : {}) },
      { orderBy: { id: 'desc' }, limit: Math.min(Math.max(options.first, 1), 200) },
    );
  }
}
