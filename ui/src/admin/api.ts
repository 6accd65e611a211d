import type { TypedDocumentString } from './generated/graphql';

/** An error gerbang answered with: its code (UNAUTHENTICATED, VALIDATION_FAILED, …) and message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** For TOO_MANY_ATTEMPTS: how long until signing in is allowed again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Runs a typed operation against /graphql with the session cookie. */
export async function gql<R, V>(document: TypedDocumentString<R, V>, ...[variables]: Record<string, never> extends V ? [V?] : [V]): Promise<R> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('gerbang cannot be reached. Check your connection and try again.', 'NETWORK');
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: R;
    errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
  };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'INTERNAL', error.extensions?.retryAfterSeconds);
  if (!body.data) throw new ApiError(`gerbang answered HTTP ${response.status}`, 'INTERNAL');
  return body.data;
}
