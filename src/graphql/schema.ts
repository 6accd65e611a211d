import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { PaymentResolver } from '../modules/payments/payment.resolver.js';
import { CheckoutResolver } from '../modules/payments/checkout.resolver.js';
import { WebhookResolver } from '../modules/webhooks/webhook.resolver.js';
import { AdminResolver, AdminSessionResolver } from '../modules/admin/admin.resolver.js';
import { authChecker } from './context.js';

let built: GraphQLSchema | undefined;

/** The GraphQL schema of gerbang, built once per process from the resolvers. */
export async function buildGerbangSchema(): Promise<GraphQLSchema> {
  built ??= await buildSchema({
    resolvers: [PaymentResolver, CheckoutResolver, WebhookResolver, AdminSessionResolver, AdminResolver],
    authChecker,
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}

/** The schema as committed in schema/schema.graphql. */
export function printGerbangSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
