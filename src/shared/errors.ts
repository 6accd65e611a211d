/**
 * The closed list of error codes gerbang answers with. Each code has one HTTP status (REST) and is the
 * GraphQL `extensions.code` of the same failure, so clients can branch on it whatever the transport.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: { status: 401, retryable: false },
  APP_DISABLED: { status: 401, retryable: false },
  FORBIDDEN: { status: 403, retryable: false },
  /** The password was right; the admin signs in with a second factor too: send `code`. */
  TWO_FACTOR_REQUIRED: { status: 401, retryable: false },
  /** Too many failed sign-ins from the caller's address: refused for a while (`retryAfterSeconds`). */
  TOO_MANY_ATTEMPTS: { status: 429, retryable: true },
  /** More live subscriptions than a client secret or an app may hold at once. */
  TOO_MANY_SUBSCRIPTIONS: { status: 429, retryable: true },
  /** A state-changing request from another site. */
  CROSS_SITE_REQUEST: { status: 403, retryable: false },
  ADMIN_NOT_FOUND: { status: 404, retryable: false },
  USERNAME_TAKEN: { status: 409, retryable: false },
  /** The request itself could not be read: a malformed URL, an unsupported Content-Encoding, a body cut short. */
  BAD_REQUEST: { status: 400, retryable: false },
  INVALID_JSON: { status: 400, retryable: false },
  PAYLOAD_TOO_LARGE: { status: 400, retryable: false },
  VALIDATION_FAILED: { status: 400, retryable: false },
  ORDER_ID_USED: { status: 400, retryable: false },
  QUERY_TOO_COMPLEX: { status: 400, retryable: false },
  ENDPOINT_NOT_FOUND: { status: 404, retryable: false },
  ORDER_NOT_FOUND: { status: 404, retryable: false },
  APP_NOT_FOUND: { status: 404, retryable: false },
  APP_CODE_TAKEN: { status: 409, retryable: false },
  /** A notification whose signature_key does not match: not from Midtrans. */
  INVALID_SIGNATURE: { status: 401, retryable: false },
  /** The operation does not fit the payment's state (e.g. a refund of an unpaid payment). */
  INVALID_STATE: { status: 409, retryable: false },
  /** Midtrans refused to change the transaction (its HTTP 412). */
  MIDTRANS_REFUSED: { status: 409, retryable: false },
  WEBHOOK_EVENT_NOT_FOUND: { status: 404, retryable: false },
  /** Midtrans could not be reached or did not answer in time: retrying the same request is safe. */
  MIDTRANS_UNREACHABLE: { status: 500, retryable: true },
  /** Midtrans answered with an error; its own `error_messages` are passed on. */
  MIDTRANS_ERROR: { status: 500, retryable: false },
  SERVICE_UNAVAILABLE: { status: 503, retryable: true },
  /** Unexpected: a fault of gerbang's; retrying does not help until it is fixed. */
  INTERNAL: { status: 500, retryable: false },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input field, in the caller's own field names. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The one error type of gerbang's services: a code from ERROR_CODES and a message for humans. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldProblem[]; error_messages?: string[]; retry_after_seconds?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }
}

/** The JSON body every REST error answers with. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    retryable: boolean;
    request_id: string;
    fields?: FieldProblem[];
    error_messages?: string[];
  };
}

/** The REST body for an error. */
export function presentError(error: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      request_id: requestId,
      ...(error.details?.fields ? { fields: error.details.fields } : {}),
      ...(error.details?.error_messages ? { error_messages: error.details.error_messages } : {}),
    },
  };
}
