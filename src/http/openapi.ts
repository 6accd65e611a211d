import { z } from 'zod';
import { chargeSchema } from '../modules/payments/charge.request.js';
import { refundSchema } from '../modules/payments/refund.request.js';
import { ERROR_CODES } from '../shared/errors.js';

/** A request body's JSON Schema, from the zod schema that checks it (what a caller may send). */
function requestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return json;
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string, codes: (keyof typeof ERROR_CODES)[]) => ({
  description: `${description} (${codes.join(', ')})`,
  content: json({ allOf: [ref('Error')], properties: { error: { properties: { code: { enum: codes } } } } }),
});

/** What every authenticated endpoint may answer besides its own. */
const AUTH_ERRORS = { '401': errorResponse('Missing, unknown or disabled app credentials', ['UNAUTHENTICATED', 'APP_DISABLED']) };
const SERVER_ERRORS = {
  '500': errorResponse('Midtrans could not be reached or failed, or a fault of gerbang', ['MIDTRANS_UNREACHABLE', 'MIDTRANS_ERROR', 'INTERNAL']),
  '503': errorResponse('The database is unavailable for a moment: retry', ['SERVICE_UNAVAILABLE']),
};
const ORDER_ID = { name: 'order_id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9\\-_~.]{1,50}$' } };

/**
 * The OpenAPI 3.1 document of the REST facade, made from the same zod schemas that check requests.
 * Served at GET /openapi.json.
 */
export function openApiDocument(options: { production: boolean; publicUrl: string }): Record<string, unknown> {
  const statusBody = ref('Status');
  return {
    openapi: '3.1.0',
    info: {
      title: 'gerbang REST API',
      version: '1.0.0',
      description:
        'The seed gateway contract (POST /charge, GET /status/{order_id}) and the operations gerbang adds. Every error answers { error: { code, message, retryable, request_id } }.',
    },
    servers: [{ url: options.publicUrl }],
    security: [{ appCode: [], apiKey: [] }],
    paths: {
      '/charge': {
        post: {
          summary: 'Creates the Snap payment of an order; the same order and body again answers the same payment',
          requestBody: { required: true, content: json(requestSchema(chargeSchema(options.production))) },
          responses: {
            '201': { description: 'Created', content: json(ref('Charge')) },
            '400': errorResponse('The body is not a valid charge', ['INVALID_JSON', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED', 'ORDER_ID_USED', 'BAD_REQUEST']),
            ...AUTH_ERRORS,
            ...SERVER_ERRORS,
          },
        },
      },
      '/status/{order_id}': {
        get: {
          summary: "The order's status, asked of Midtrans (Midtrans' body, without its signature)",
          parameters: [ORDER_ID],
          responses: {
            '200': { description: 'The status', content: json(statusBody) },
            ...AUTH_ERRORS,
            '404': errorResponse('No such order for this app', ['ORDER_NOT_FOUND']),
            ...SERVER_ERRORS,
          },
        },
      },
      ...Object.fromEntries(
        (['cancel', 'expire'] as const).map((action) => [
          `/${action}/{order_id}`,
          {
            post: {
              summary: action === 'cancel' ? 'Cancels an unpaid payment' : 'Expires a pending payment now',
              parameters: [ORDER_ID],
              responses: {
                '200': { description: 'The status after the operation', content: json(statusBody) },
                ...AUTH_ERRORS,
                '404': errorResponse('No such order for this app', ['ORDER_NOT_FOUND']),
                '409': errorResponse('Not in a state that allows it', ['INVALID_STATE', 'MIDTRANS_REFUSED']),
                ...SERVER_ERRORS,
              },
            },
          },
        ]),
      ),
      '/refund/{order_id}': {
        post: {
          summary: 'Refunds all (no amount) or part of a paid payment; the same refund_key refunds once',
          parameters: [ORDER_ID],
          requestBody: { required: false, content: json(requestSchema(refundSchema)) },
          responses: {
            '200': { description: 'The status after the refund', content: json(statusBody) },
            '400': errorResponse('Not a valid refund', ['INVALID_JSON', 'VALIDATION_FAILED']),
            ...AUTH_ERRORS,
            '404': errorResponse('No such order for this app', ['ORDER_NOT_FOUND']),
            '409': errorResponse('Not paid, or refused by Midtrans', ['INVALID_STATE', 'MIDTRANS_REFUSED']),
            ...SERVER_ERRORS,
          },
        },
      },
      '/notifications/midtrans': {
        post: {
          summary: "Midtrans' payment notifications (the Payment Notification URL); checked by their signature_key",
          security: [],
          requestBody: { required: true, content: json({ type: 'object' }) },
          responses: {
            '200': {
              description: 'Received',
              content: json({ type: 'object', required: ['status', 'outcome'], properties: { status: { const: 'ok' }, outcome: { type: 'string' } } }),
            },
            '400': errorResponse('Not a notification', ['INVALID_JSON', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED']),
            '401': errorResponse('The signature does not match: not from Midtrans', ['INVALID_SIGNATURE']),
            ...SERVER_ERRORS,
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'The process is alive',
          security: [],
          responses: { '200': { description: 'Alive', content: json({ type: 'object', properties: { status: { const: 'ok' } } }) } },
        },
      },
      '/readyz': {
        get: {
          summary: 'The database answers and its migrations are applied',
          security: [],
          responses: {
            '200': { description: 'Ready', content: json({ type: 'object', required: ['status'], properties: { status: { const: 'ready' } } }) },
            '503': {
              description: 'Not ready',
              content: json({ type: 'object', required: ['status', 'reason'], properties: { status: { const: 'not ready' }, reason: { type: 'string' } } }),
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        appCode: { type: 'apiKey', in: 'header', name: 'X-App-Code' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
      schemas: {
        Charge: {
          type: 'object',
          required: ['redirect_url', 'token'],
          additionalProperties: false,
          properties: { redirect_url: { type: 'string', format: 'uri' }, token: { type: 'string' } },
        },
        Status: {
          type: 'object',
          description:
            "Midtrans' status answer as it gave it (more fields by payment method), with `id` (its transaction_id) first and the app's own order_id.",
          required: ['status_code', 'order_id', 'transaction_status'],
          properties: {
            id: { type: ['string', 'null'] },
            status_code: { type: 'string' },
            status_message: { type: 'string' },
            transaction_id: { type: 'string' },
            order_id: { type: 'string' },
            gross_amount: { type: 'string' },
            currency: { type: 'string' },
            payment_type: { type: 'string' },
            transaction_time: { type: 'string' },
            transaction_status: { type: 'string' },
            fraud_status: { type: ['string', 'null'] },
            settlement_time: { type: 'string' },
          },
          additionalProperties: true,
        },
        Error: {
          type: 'object',
          required: ['error'],
          additionalProperties: false,
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'retryable', 'request_id'],
              additionalProperties: false,
              properties: {
                code: { enum: Object.keys(ERROR_CODES) },
                message: { type: 'string' },
                retryable: { type: 'boolean' },
                request_id: { type: 'string' },
                fields: {
                  type: 'array',
                  items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
                },
                error_messages: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
