import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphqlContext } from '../../graphql/context.js';
import { presentPublic } from './checkout.service.js';
import { CheckoutConfigType, PaymentState, PublicPayment } from './checkout.types.js';

/** What a shopper's page may ask with a payment's client secret, without any app key. */
@Resolver()
export class CheckoutResolver {
  @Query(() => PublicPayment, {
    description:
      "A payment's public view, for the shopper's page that holds its client secret (from createTransaction). A wrong or expired secret is UNAUTHENTICATED; a page from an origin its app does not allow is FORBIDDEN.",
  })
  async payment(@Arg('clientSecret', () => String) clientSecret: string, @Ctx() context: GraphqlContext): Promise<PublicPayment> {
    const { transaction } = await context.services.checkout.open(context.ctx, clientSecret, context.http.crossOrigin);
    const view = presentPublic(transaction);
    return { ...view, state: PaymentState[view.state] };
  }

  @Query(() => CheckoutConfigType, { description: 'What a checkout page needs to open Snap: the client key, the environment, the Snap.js address.' })
  checkoutConfig(@Ctx() context: GraphqlContext): CheckoutConfigType {
    return context.services.checkout.checkoutConfig();
  }
}
