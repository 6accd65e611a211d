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
  /**
   * Newest first; `before` is the id of the last entry of the previous page. `action` is one action
   * (`app.create`) or a group (`app`: every `app.…`).
   */
  async list(ctx: ServiceContext, options: { first: number; before?: number; actor?: string; action?: string; from?: Date; to?: Date }): Promise<AuditEntry[]> {
    const createdAt = { ...(options.from ? { $gte: options.from } : {}), ...(options.to ? { $lt: options.to } : {}) };
    const action = options.action?.trim();
    return ctx.em.find(
      AuditEntrySchema,
      {
        ...(options.before ? { id: { $lt: options.before } } : {}),
        ...(options.actor?.trim() ? { actor: options.actor.trim() } : {}),
        ...(action ? (action.includes('.') ? { action } : { action: { $like: `${action.replace(/[\\%_]/g, '')}.%` } }) : {}),
        ...(options.from || options.to ? { createdAt } : {}),
      },
      { orderBy: { id: 'desc' }, limit: Math.min(Math.max(options.first, 1), 200) },
    );
  }
}
