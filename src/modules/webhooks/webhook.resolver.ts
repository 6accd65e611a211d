import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireApp, type GraphqlContext } from '../../graphql/context.js';
import { WebhookEventType, WebhookSettingsType, WebhookSetup } from './webhook.types.js';
import { presentWebhookEvent } from './webhook.presenter.js';

/** GraphQL adapter of the webhook service, for the calling app. */
@Resolver()
export class WebhookResolver {
  @Query(() => WebhookSettingsType, { description: "The calling app's webhook settings." })
  async webhook(@Ctx() context: GraphqlContext): Promise<WebhookSettingsType> {
    const ctx = requireApp(context);
    return context.services.webhooks.settings(ctx, ctx.app.id);
  }

  @Mutation(() => WebhookSetup, { description: 'Sets (or with null removes) the webhook URL; the first URL also creates the signing secret.' })
  async setWebhookUrl(@Arg('url', () => String, { nullable: true }) url: string | null, @Ctx() context: GraphqlContext): Promise<WebhookSetup> {
    const ctx = requireApp(context);
    const result = await context.services.webhooks.configure(ctx, ctx.app.id, url ?? null);
    return { settings: result.settings, secret: result.secret ?? null };
  }

  @Mutation(() => String, { description: 'A new signing secret (whsec_…), shown once; the old one stops signing at once.' })
  async rotateWebhookSecret(@Ctx() context: GraphqlContext): Promise<string> {
    const ctx = requireApp(context);
    return context.services.webhooks.rotateSecret(ctx, ctx.app.id);
  }

  @Query(() => [WebhookEventType], { description: "The calling app's webhook events, newest first, with every attempt." })
  async webhookEvents(
    @Ctx() context: GraphqlContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('state', () => String, { nullable: true }) state?: string,
    @Arg('orderId', () => String, { nullable: true }) orderId?: string,
  ): Promise<WebhookEventType[]> {
    const ctx = requireApp(context);
    const views = await context.services.webhooks.events(ctx, ctx.app.id, { first, state: state ?? undefined, orderId: orderId ?? undefined });
    return views.map(presentWebhookEvent);
  }

  @Mutation(() => Boolean, { description: 'Sends one event again, with the same webhook-id.' })
  async replayWebhookEvent(@Arg('id', () => String) id: string, @Ctx() context: GraphqlContext): Promise<boolean> {
    const ctx = requireApp(context);
    await context.services.webhooks.replay(ctx, ctx.app.id, id);
    context.services.dispatcher.kick();
    return true;
  }

  @Mutation(() => Int, { description: 'Sends every dead-lettered event again; answers how many.' })
  async replayFailedWebhookEvents(@Ctx() context: GraphqlContext): Promise<number> {
    const ctx = requireApp(context);
    const count = await context.services.webhooks.replayFailed(ctx, ctx.app.id);
    context.services.dispatcher.kick();
    return count;
  }
}
