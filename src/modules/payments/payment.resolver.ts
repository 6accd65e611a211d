import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireApp, type GraphqlContext } from '../../graphql/context.js';
import { CreateTransactionInput, CreateTransactionPayload, RefundInput, TransactionConnection, TransactionDetail, TransactionStatus } from './payment.types.js';
import { chargeBodyFromGraphql, presentConnection, presentDetail, presentGraphqlStatus } from './transaction.presenter.js';

/** GraphQL adapter of the payment service. */
@Resolver()
export class PaymentResolver {
  @Mutation(() => CreateTransactionPayload, {
    description: 'Creates the Snap payment of an order; repeating it with the same input returns the same payment.',
  })
  async createTransaction(
    @Arg('input', () => CreateTransactionInput) input: CreateTransactionInput,
    @Ctx() context: GraphqlContext,
  ): Promise<CreateTransactionPayload> {
    const created = await context.services.charges.charge(requireApp(context), chargeBodyFromGraphql(input));
    return { ...created, clientSecret: context.services.checkout.secretOf(created.orderId) };
  }

  @Query(() => TransactionStatus, {
    description:
      "Asks Midtrans for the status of one of the calling app's orders (an answer about a payment past pending may be up to STATUS_CACHE_MS old, unless the ledger changed since).",
  })
  async transactionStatus(@Arg('orderId', () => String) orderId: string, @Ctx() context: GraphqlContext): Promise<TransactionStatus> {
    return presentGraphqlStatus(await context.services.payments.status(requireApp(context), orderId));
  }

  @Query(() => TransactionConnection, { description: "The calling app's transactions, newest first." })
  async transactions(
    @Ctx() context: GraphqlContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'At most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('status', () => String, { nullable: true, description: 'Only this transaction_status.' }) status?: string,
  ): Promise<TransactionConnection> {
    const page = await context.services.payments.list(requireApp(context), { first, after: after ?? undefined, status: status ?? undefined });
    return presentConnection(page);
  }

  @Query(() => TransactionDetail, { description: "One of the calling app's transactions, with its timeline." })
  async transaction(@Arg('orderId', () => String) orderId: string, @Ctx() context: GraphqlContext): Promise<TransactionDetail> {
    const detail = presentDetail(await context.services.payments.detail(requireApp(context), orderId));
    return { ...detail, clientSecret: context.services.checkout.secretOf(detail.orderId) };
  }

  @Mutation(() => TransactionDetail, { description: 'Cancels an unpaid payment.' })
  async cancelTransaction(@Arg('orderId', () => String) orderId: string, @Ctx() context: GraphqlContext): Promise<TransactionDetail> {
    return presentDetail(await context.services.payments.cancel(requireApp(context), orderId));
  }

  @Mutation(() => TransactionDetail, { description: 'Expires a pending payment now.' })
  async expireTransaction(@Arg('orderId', () => String) orderId: string, @Ctx() context: GraphqlContext): Promise<TransactionDetail> {
    return presentDetail(await context.services.payments.expire(requireApp(context), orderId));
  }

  @Mutation(() => TransactionDetail, { description: 'Refunds all or part of a paid payment.' })
  async refundTransaction(@Arg('input', () => RefundInput) input: RefundInput, @Ctx() context: GraphqlContext): Promise<TransactionDetail> {
    const { orderId, amount, reason, refundKey } = input;
    return presentDetail(
      // In the contract's names: the service parses refunds once, for REST and GraphQL.
      await context.services.payments.refund(requireApp(context), orderId, { amount, reason, refund_key: refundKey }),
    );
  }
}
