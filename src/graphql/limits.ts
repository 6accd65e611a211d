import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, separateOperations, type GraphQLSchema, type ValidationContext } from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** Deepest selection a query may have. */
export const MAX_DEPTH = 8;
/** Deepest introspection query (GraphiQL's, which the playground sends, is 21 levels deep). */
export const MAX_INTROSPECTION_DEPTH = 24;
/** Largest cost a query may have: every field costs 1, a list field costs its `first` times its children. */
export const MAX_COST = 2_000;

/** Most aliases one operation may use (aliases multiply the work of a single request). */
export const MAX_ALIASES = 15;

/**
 * Validation rules: depth and alias limits. Introspection has a limit of its own, deep enough for
 * the playground's (GraphiQL's) introspection query; the schema it reads is public anyway
 * (schema/schema.graphql), so anyone may introspect.
 */
const report = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};
export const limitRules = [
  maxDepthRule({ n: MAX_DEPTH, ignoreIntrospection: true, ...report }),
  maxDepthRule({ n: MAX_INTROSPECTION_DEPTH, ignoreIntrospection: false, ...report }),
  maxAliasesRule({ n: MAX_ALIASES, ...report }),
];

const pagedListEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + args.first * Math.max(childComplexity, 1) : undefined;

/** Refuses operations costlier than MAX_COST before they run. */
export function costLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document, operationName }) {
          const query = operationName ? (separateOperations(document)[operationName] ?? document) : document;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query,
              variables: request.variables ?? {},
              estimators: [pagedListEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Variables that do not fit their types: execution refuses them next, as BAD_USER_INPUT (400).
            if (error instanceof GraphQLError) return Promise.resolve();
            throw error;
          }
          if (cost > MAX_COST) {
            throw new GraphQLError(`Query costs ${cost}, more than the limit of ${MAX_COST}; ask for fewer items`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
