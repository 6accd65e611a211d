import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { inGraphqlWords, logFailure, toAppError } from '../shared/error-mapping.js';
import { requestScope, type Logger } from '../shared/logger.js';
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
    plugins: [ApolloServerPluginLandingPageDisabled(), costLimitPlugin(schema), unavailableAs503],
    formatError: (formatted, error) => formatGraphqlError(formatted, error, log),
  });
}

/**
 * Gives each error gerbang's code (through the same mapping as REST) and the request id; field names
 * are GraphQL's. Unknown errors become INTERNAL without their details.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const requestId = requestScope.getStore();
  const id = requestId ? { request_id: requestId } : {};
  const raw = error instanceof GraphQLError ? error.originalError : error;
  // GraphQL's own errors (syntax, validation, limits) and those raised while making the context already
  // carry their code: the caller's mistakes, or failures logged where they happened.
  if (!raw || raw instanceof GraphQLError) {
    // A variable that does not fit its type (e.g. "150000" for a SafeInt) is the caller's mistake.
    const variable = error instanceof GraphQLError && error.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION;
    return { ...formatted, extensions: { ...formatted.extensions, ...(variable ? { code: 'BAD_USER_INPUT' } : {}), ...id } };
  }
  const appError = toAppError(raw);
  logFailure(log, appError, { path: formatted.path });
  const { message, fields } = inGraphqlWords(appError);
  return {
    message,
    path: formatted.path,
    locations: formatted.locations,
    extensions: {
      code: appError.code,
      retryable: appError.retryable,
      ...id,
      ...(fields ? { fields } : {}),
      ...(appError.details?.error_messages ? { error_messages: appError.details.error_messages } : {}),
      ...(appError.details?.retry_after_seconds ? { retryAfterSeconds: appError.details.retry_after_seconds } : {}),
    },
  };
}

/** Database trouble answers 503 on GraphQL as on REST, so that clients and proxies retry. */
const unavailableAs503: ApolloServerPlugin<GraphqlContext> = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ response }) {
        if (response.body.kind === 'single' && response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
        }
        return Promise.resolve();
      },
    });
  },
};
