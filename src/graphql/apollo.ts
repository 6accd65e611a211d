import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../shared/errors.js';
import { databaseUnavailable } from '../shared/database-errors.js';
import type { Logger } from '../shared/logger.js';
import type { GraphqlContext } from './context.js';
import { costLimitPlugin, limitRules } from './limits.js';
import { buildGerbangSchema } from './schema.js';

/** The Apollo server of gerbang, with depth and cost limits and gerbang's error codes. */
export async function createApolloServer(log: Logger): Promise<ApolloServer<GraphqlContext>> {
  const schema = await buildGerbangSchema();
  return new ApolloServer<GraphqlContext>({
    schema,
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // gerbang stops Apollo itself, after the HTTP server has drained (see main.ts).
    stopOnTerminationSignals: false,
    validationRules: limitRules,
    plugins: [ApolloServerPluginLandingPageDisabled(), costLimitPlugin(schema)],
    formatError: (formatted, error) => formatGraphqlError(formatted, error, log),
  });
}

/** Gives each error gerbang's code; unknown errors become INTERNAL without their details. */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const raw = error instanceof GraphQLError ? error.originalError : error;
  const unavailable = databaseUnavailable(raw);
  if (unavailable) log.error({ err: raw, path: formatted.path }, 'database unavailable');
  const original = unavailable ?? raw;
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: original.code,
        retryable: original.retryable,
        ...(original.details?.fields ? { fields: original.details.fields } : {}),
        ...(original.details?.error_messages ? { error_messages: original.details.error_messages } : {}),
      },
    };
  }
  // A variable that does not fit its type (e.g. "150000" for a SafeInt) is the caller's mistake.
  if (error instanceof GraphQLError && error.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  if (original && !(original instanceof GraphQLError)) {
    log.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
    return { message: 'gerbang hit an unexpected error; it was logged', path: formatted.path, extensions: { code: 'INTERNAL' } };
  }
  return formatted;
}
