import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { type Access, authorize } from '../auth/authorize.js';
import type { AppEnv } from '../context.js';
import { SplitRouter } from './router.js';
import { validationHook } from './validation.js';

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, router: new SplitRouter() });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      type: z.enum([
        'invalid_request_error',
        'authentication_error',
        'permission_error',
        'not_found_error',
        'conflict_error',
        'idempotency_error',
        'rate_limit_error',
        'api_error',
      ]),
      code: z.string().openapi({ example: 'parameter_invalid' }),
      message: z.string(),
      param: z.string().optional(),
      request_id: z.string().openapi({ example: 'req_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    }),
  })
  .openapi('ErrorResponse');

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

const standardErrors = {
  400: errorResponse('Invalid request: the `param` field names the offending parameter.'),
  401: errorResponse('Missing, malformed or revoked API key.'),
  403: errorResponse('The key lacks the role or scope this operation needs.'),
  404: errorResponse('No such object in this tenant.'),
  409: errorResponse(
    'Conflict, or an Idempotency-Key reused with another body or still in flight.',
  ),
  429: errorResponse('Rate limit exceeded; retry after `Retry-After` seconds.'),
  500: errorResponse('Unexpected error; the request id identifies it in the logs.'),
} as const;

export const idempotencyHeader = z.object({
  'Idempotency-Key': z.string().min(1).max(255).optional().openapi({
    description:
      'Replays the stored response when the same key and body are sent again within 24 hours.',
  }),
});

type ApiRouteConfig = Omit<RouteConfig, 'security' | 'middleware'> & {
  access: Access;
  tags: [string];
  operationId: string;
  summary: string;
};

/**
 * Declares an API operation: bearer security, the access check, every documented error
 * response, and `x-permission` so the spec states what each operation needs.
 */
export function apiRoute<const R extends ApiRouteConfig>(config: R) {
  const { access, ...rest } = config;
  const isPost = rest.method === 'post';
  return createRoute({
    ...rest,
    ...(isPost && !rest.request?.headers
      ? { request: { ...rest.request, headers: idempotencyHeader } }
      : {}),
    security: [{ bearerAuth: [] }],
    middleware: [authorize(access)] as const,
    responses: { ...standardErrors, ...rest.responses },
    'x-permission': access,
  } as unknown as R & Pick<RouteConfig, 'security' | 'middleware'>);
}
