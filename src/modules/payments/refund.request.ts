import { z } from 'zod';
import { AppError, type FieldProblem } from '../../shared/errors.js';
import { fieldPath, rupiah } from './charge.request.js';

/** A refund as the services take it, parsed once from a REST body or GraphQL's input. */
export interface RefundCommand {
  /** Rupiah to refund; all that is left when absent. */
  amount?: number;
  reason?: string;
  /** The caller's id for this refund; a repeat with the same key is the same refund. */
  refundKey?: string;
}

/** What a refund_key may hold. */
export const REFUND_KEY_PATTERN = /^[A-Za-z0-9\-_~.]{1,64}$/;

/** The schema a refund body is checked with (also the source of the OpenAPI document). */
export const refundSchema = z.object({
  amount: rupiah.positive('must be a whole number of rupiah above 0').optional(),
  reason: z
    .string({ error: 'must be text' })
    .max(255, 'must be at most 255 characters')
    // eslint-disable-next-line no-control-regex -- the control characters are what it looks for
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
    .refine((v) => v.isWellFormed(), 'must be valid Unicode text')
    .optional(),
  refund_key: z.string({ error: 'must be a string' }).regex(REFUND_KEY_PATTERN, 'must be 1 to 64 characters of A-Z a-z 0-9 - _ ~ .').optional(),
});

/**
 * Parses a refund in the contract's names (`amount`, `reason`, `refund_key`; all optional): the one
 * place a refund's input is checked, for REST and GraphQL alike. Null counts as absent.
 */
export function parseRefundCommand(input: unknown): RefundCommand {
  const body = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const present = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null && value !== undefined));
  const parsed = refundSchema.safeParse(present);
  if (!parsed.success) {
    const fields: FieldProblem[] = parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
    throw new AppError('VALIDATION_FAILED', `Invalid refund: ${fields[0].field} ${fields[0].message}`, { fields });
  }
  const { amount, reason, refund_key: refundKey } = parsed.data;
  return { amount, reason, refundKey };
}
