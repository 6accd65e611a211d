import { Arg, Authorized, Ctx, Field, Int, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';
import { requireApp, type GraphqlContext } from '../../graphql/context.js';
import { AppError } from '../../shared/errors.js';
import { presentPublic, publicState } from './checkout.service.js';
import { PaymentState, PublicPayment } from './checkout.types.js';
import { changeOf, type LedgerChange } from './ledger-events.js';
import { isPaid } from './payment-state.js';
import type { Transaction } from './transaction.entity.js';
import { readOne } from '../../shared/sql.js';
import { TransactionSchema } from './transaction.entity.js';

/** Most live subscriptions one client secret may hold at once (a shopper's tabs). */
export const SUBSCRIPTIONS_PER_SECRET = 5;

@ObjectType({ description: "A change of one of the calling app's payments, as it is committed (its webhooks carry the same)." })
export class TransactionUpdate {
  @Field(() => String) orderId!: string;
  @Field(() => Int, { description: 'Increases with every change (the webhook data.sequence).' }) sequence!: number;
  @Field(() => String) transactionStatus!: string;
  @Field(() => String, { nullable: true }) fraudStatus!: string | null;
  @Field(() => Boolean) paid!: boolean;
  @Field(() => String, { nullable: true }) paymentType!: string | null;
  @Field(() => SafeIntResolver) amount!: number;
  @Field(() => SafeIntResolver) refundedAmount!: number;
  @Field(() => SafeIntResolver, { nullable: true }) paidAmount!: number | null;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({ description: 'A change of any payment, for the admin UI.' })
export class LedgerUpdate extends TransactionUpdate {
  @Field(() => String) appCode!: string;
}

/** Subscriptions held per client secret in this process. */
const perSecret = new Map<string, number>();

function publicOf(change: LedgerChange): PublicPayment {
  const view = presentPublic({ ...change, updatedAt: new Date(change.updatedAt) });
  return { ...view, state: PaymentState[publicState(change)] };
}

function updateOf(change: LedgerChange): TransactionUpdate {
  return {
    orderId: change.orderId,
    sequence: change.sequence,
    transactionStatus: change.transactionStatus,
    fraudStatus: change.fraudStatus,
    paid: isPaid(change.transactionStatus, change.fraudStatus),
    paymentType: change.paymentType,
    amount: change.amount,
    refundedAmount: change.refundedAmount,
    paidAmount: change.paidAmount,
    updatedAt: new Date(change.updatedAt),
  };
}

/**
 * The payment as it is now, then each change after it: subscribed before the row is read, so that
 * no change falls in between; ends after `forMs` or when the client leaves.
 */
async function* follow(
  context: GraphqlContext,
  orderIdOrAll: string | undefined,
  appId: number | undefined,
  current: () => Promise<Transaction | undefined>,
  forMs?: number,
) {
  const stop = new AbortController();
  const timer = forMs !== undefined ? setTimeout(() => stop.abort(), Math.min(forMs, 2 ** 31 - 1)) : undefined;
  timer?.unref();
  const changes = context.services.ledger.stream(
    (c) => (orderIdOrAll === undefined || c.orderId === orderIdOrAll) && (appId === undefined || c.appId === appId),
    stop.signal,
  );
  try {
    const now = await current();
    let seen = -1;
    if (now) {
      seen = now.sequence;
      yield changeOf(now);
    }
    for await (const change of changes) if (orderIdOrAll === undefined || change.sequence > seen) yield change;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

/** Live updates over GraphQL subscriptions (graphql-ws on /graphql). */
@Resolver()
export class LiveResolver {
  @Subscription(() => PublicPayment, {
    description:
      "A payment's public view now, then at every change, for the shopper's page holding its client secret (same checks as query payment). Ends when the secret expires.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, Record<string, unknown>, GraphqlContext>) => {
      const secret = String(args.clientSecret);
      const opened = await context.services.checkout.open(context.ctx, secret, context.http.crossOrigin);
      const key = opened.transaction.orderId;
      const held = perSecret.get(key) ?? 0;
      if (held >= SUBSCRIPTIONS_PER_SECRET) {
        throw new AppError('TOO_MANY_SUBSCRIPTIONS', `At most ${SUBSCRIPTIONS_PER_SECRET} live subscriptions per client secret`);
      }
      perSecret.set(key, held + 1);
      const release = () => {
        const left = (perSecret.get(key) ?? 1) - 1;
        if (left > 0) perSecret.set(key, left);
        else perSecret.delete(key);
      };
      const reread = () => readOne(context.ctx.sql, TransactionSchema, 'select * from transactions where id = ?', [opened.transaction.id]);
      const inner = follow(context, key, opened.appId, reread, opened.remainingMs);
      return (async function* () {
        try {
          yield* inner;
        } finally {
          release();
        }
      })();
    },
  })
  paymentUpdated(@Root() change: LedgerChange, @Arg('clientSecret', () => String) _clientSecret: string): PublicPayment {
    return publicOf(change);
  }

  @Subscription(() => TransactionUpdate, {
    description:
      "Changes of the calling app's payments as they are committed: one order's (its state now first), or all of them. Authenticated with X-App-Code and X-Api-Key in the connection parameters.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, Record<string, unknown>, GraphqlContext>) => {
      const app = requireApp(context);
      const orderId = typeof args.orderId === 'string' ? args.orderId : undefined;
      const current = async () => {
        if (orderId === undefined) return undefined;
        const tx = await readOne(context.ctx.sql, TransactionSchema, 'select * from transactions where order_id = ? and app_id = ?', [orderId, app.app.id]);
        if (!tx) throw new AppError('ORDER_NOT_FOUND', `No transaction with order_id "${orderId.slice(0, 60)}" for app "${app.app.code}"`);
        return tx;
      };
      return follow(context, orderId, app.app.id, current);
    },
  })
  transactionUpdated(
    @Root() change: LedgerChange,
    @Arg('orderId', () => String, { nullable: true, description: 'One order; all of the app’s when absent.' }) _orderId?: string,
  ): TransactionUpdate {
    return updateOf(change);
  }

  @Authorized('ADMIN')
  @Subscription(() => LedgerUpdate, {
    description: 'Every change of any payment as it is committed, for admins (the admin UI refreshes with it).',
    subscribe: ({ context }: SubscribeResolverData<unknown, Record<string, unknown>, GraphqlContext>) => {
      if (!context.admin) throw new AppError('UNAUTHENTICATED', 'Sign in as an administrator');
      return follow(context, undefined, undefined, () => Promise.resolve(undefined));
    },
  })
  async ledgerUpdated(@Root() change: LedgerChange, @Ctx() context: GraphqlContext): Promise<LedgerUpdate> {
    return { ...updateOf(change), appCode: await context.services.apps.codeOf(context.ctx, change.appId) };
  }
}
