import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { PaymentResolver } from '../modules/payments/payment.resolver.js';
import { LiveResolver } from '../modules/payments/live.resolver.js';
import { CheckoutResolver } from '../modules/payments/checkout.resolver.js';
import { WebhookResolver } from '../modules/webhooks/webhook.resolver.js';
import { AdminResolver, AdminSessionResolver } from '../modules/admin/admin.resolver.js';
import { authChecker } from './context.js';

let built: GraphQLSchema | undefined;

/**
 * type-graphql asks for a topic-based PubSub as soon as the schema has subscriptions. gerbang's
 * subscriptions each bring their own `subscribe` (on the services' LedgerEvents of the process that
 * serves them), so topics are not used: one used by mistake is refused loudly.
 */
const noTopics: PubSub = {
  publish(topic: string) {
    throw new Error(`gerbang publishes no GraphQL topics (${topic}): subscriptions subscribe through their resolvers`);
  },
  subscribe(topic: string) {
    throw new Error(`gerbang publishes no GraphQL topics (${topic}): subscriptions subscribe through their resolvers`);
  },
};

/** The GraphQL schema of gerbang, built once per process from the resolvers. */
export async function buildGerbangSchema(): Promise<GraphQLSchema> {
  built ??= await buildSchema({
    resolvers: [PaymentResolver, CheckoutResolver, LiveResolver, WebhookResolver, AdminSessionResolver, AdminResolver],
    authChecker,
    pubSub: noTopics,
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}

/** The schema as committed in schema/schema.graphql. */
export function printGerbangSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
