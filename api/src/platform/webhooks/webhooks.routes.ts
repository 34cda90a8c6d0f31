import { z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';
import type { Deps } from '../context.js';
import type { WebhookAttemptsTable } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { apiRoute, createRouter } from '../http/openapi.js';
import { listOf, listQuerySchema, paginate } from '../http/pagination.js';
import { read, write } from '../http/respond.js';
import { idParam, jsonBody, jsonContent, timestamp } from '../http/schemas.js';
import { recoverEndpoint, redeliverEvent } from './deliveries.js';
import {
  CreateWebhookEndpointSchema,
  checkEvents,
  checkUrl,
  createEndpoint,
  DeletedWebhookEndpointSchema,
  deleteEndpoint,
  findEndpoint,
  liveEndpoints,
  rotateSecret,
  toEndpoint,
  UpdateWebhookEndpointSchema,
  updateEndpoint,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from './endpoints.js';
import { checkHost } from './ssrf.js';

const tags: ['Webhooks'] = ['Webhooks'];
/** How long a rotated-out secret keeps signing. */
export const SECRET_OVERLAP_MS = 24 * 3600 * 1000;

const AttemptSchema = z
  .object({
    id: z.string().openapi({ example: 'wha_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('webhook_attempt'),
    endpoint_id: z.string(),
    event_id: z.string(),
    attempt: z.number().int().openapi({ description: '1 for the first try of a delivery.' }),
    status: z.enum(['succeeded', 'failed']),
    response_status: z.number().int().nullable(),
    response_body: z.string().nullable().openapi({ description: 'First 1,000 characters.' }),
    error: z.string().nullable().openapi({
      description: '`timeout`, `connection_error` or `address_refused` when no response came.',
    }),
    duration_ms: z.number().int(),
    next_retry_at: timestamp().nullable(),
    created_at: timestamp(),
  })
  .openapi('WebhookAttempt');

const RedeliverySchema = z
  .object({
    object: z.literal('redelivery'),
    event_id: z.string(),
    endpoint_ids: z.array(z.string()),
  })
  .openapi('Redelivery');

const RecoverySchema = z
  .object({ object: z.literal('recovery'), endpoint_id: z.string(), requeued: z.number().int() })
  .openapi('Recovery');

const create = apiRoute({
  method: 'post',
  path: '/webhook_endpoints',
  operationId: 'createWebhookEndpoint',
  summary: 'Create a webhook endpoint',
  description:
    'Registers a URL to receive events, signed per Standard Webhooks. The signing secret is returned only here (and on rotation).',
  tags,
  access: 'webhook_endpoints:write',
  request: { body: jsonBody(CreateWebhookEndpointSchema) },
  responses: { 201: jsonContent(WebhookEndpointWithSecretSchema, 'The endpoint and its secret') },
});

const list = apiRoute({
  method: 'get',
  path: '/webhook_endpoints',
  operationId: 'listWebhookEndpoints',
  summary: 'List webhook endpoints',
  tags,
  access: 'webhook_endpoints:read',
  request: { query: listQuerySchema },
  responses: {
    200: jsonContent(listOf(WebhookEndpointSchema, 'WebhookEndpointList'), 'Endpoints'),
  },
});

const retrieve = apiRoute({
  method: 'get',
  path: '/webhook_endpoints/{id}',
  operationId: 'retrieveWebhookEndpoint',
  summary: 'Retrieve a webhook endpoint',
  tags,
  access: 'webhook_endpoints:read',
  request: { params: idParam },
  responses: { 200: jsonContent(WebhookEndpointSchema, 'The endpoint') },
});

const update = apiRoute({
  method: 'patch',
  path: '/webhook_endpoints/{id}',
  operationId: 'updateWebhookEndpoint',
  summary: 'Update a webhook endpoint',
  description: 'Change the URL or the events, or disable (`disabled: true`) and re-enable it.',
  tags,
  access: 'webhook_endpoints:write',
  request: { params: idParam, body: jsonBody(UpdateWebhookEndpointSchema) },
  responses: { 200: jsonContent(WebhookEndpointSchema, 'The endpoint') },
});

const remove = apiRoute({
  method: 'delete',
  path: '/webhook_endpoints/{id}',
  operationId: 'deleteWebhookEndpoint',
  summary: 'Delete a webhook endpoint',
  tags,
  access: 'webhook_endpoints:write',
  request: { params: idParam },
  responses: { 200: jsonContent(DeletedWebhookEndpointSchema, 'Deleted') },
});

const rotate = apiRoute({
  method: 'post',
  path: '/webhook_endpoints/{id}/rotate_secret',
  operationId: 'rotateWebhookEndpointSecret',
  summary: 'Rotate the signing secret',
  description:
    'Returns a new secret once. For 24 hours deliveries carry signatures with both the new and the old secret. Rotating again within those 24 hours ends the earlier overlap: the secret before the previous one stops signing at once (what you want after a leak).',
  tags,
  access: 'webhook_endpoints:write',
  request: { params: idParam },
  responses: {
    200: jsonContent(WebhookEndpointWithSecretSchema, 'The endpoint and its new secret'),
  },
});

const attempts = apiRoute({
  method: 'get',
  path: '/webhook_endpoints/{id}/attempts',
  operationId: 'listWebhookAttempts',
  summary: 'List delivery attempts',
  description: 'Every attempt to deliver to this endpoint, newest first.',
  tags,
  access: 'webhook_endpoints:read',
  request: {
    params: idParam,
    query: listQuerySchema.extend({
      event_id: z.string().max(64).optional().openapi({ description: 'Only this event.' }),
    }),
  },
  responses: { 200: jsonContent(listOf(AttemptSchema, 'WebhookAttemptList'), 'Attempts') },
});

const recover = apiRoute({
  method: 'post',
  path: '/webhook_endpoints/{id}/recover',
  operationId: 'recoverWebhookEndpoint',
  summary: 'Re-send failed deliveries',
  description:
    'Queues again every delivery to this endpoint that failed, for events since `since`.',
  tags,
  access: 'webhook_endpoints:write',
  request: {
    params: idParam,
    body: jsonBody(z.strictObject({ since: z.iso.datetime({ offset: true }) })),
  },
  responses: { 202: jsonContent(RecoverySchema, 'How many deliveries were queued again') },
});

const redeliver = apiRoute({
  method: 'post',
  path: '/events/{id}/redeliver',
  operationId: 'redeliverEvent',
  summary: 'Redeliver an event',
  description:
    'Sends the event again to one endpoint (`endpoint_id`), or to every enabled endpoint whose events match.',
  tags,
  access: 'webhook_endpoints:write',
  request: {
    params: idParam,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.strictObject({ endpoint_id: z.string().max(64).optional() }),
        },
      },
    },
  },
  responses: { 202: jsonContent(RedeliverySchema, 'The endpoints it was queued for') },
});

type AttemptRow = Selectable<WebhookAttemptsTable>;

const toAttempt = (r: AttemptRow) => ({
  id: r.id,
  object: 'webhook_attempt' as const,
  endpoint_id: r.endpoint_id,
  event_id: r.event_id,
  attempt: r.attempt,
  status: r.succeeded ? ('succeeded' as const) : ('failed' as const),
  response_status: r.response_status,
  response_body: r.response_body,
  error: r.error,
  duration_ms: r.duration_ms,
  next_retry_at: r.next_retry_at?.toISOString() ?? null,
  created_at: r.created_at.toISOString(),
});

export const webhookRoutes = createRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const url = checkUrl(body.url);
    const events = checkEvents(body.enabled_events);
    await refusePrivateHost(c.var.deps, url);
    const mirror = c.var.deps.webhooks;
    const endpoint = await write(c, 201, async (tx) => {
      const created = await createEndpoint(tx, { ...body, url, enabled_events: events });
      // Inside the transaction: if the provider refuses, nothing is kept.
      await mirrored(() => mirror?.endpointCreated(tx.tenantId, created, created.secret));
      return created;
    });
    return c.json(endpoint, 201);
  })
  .openapi(list, async (c) => {
    const params = c.req.valid('query');
    const page = await read(c, (tx) =>
      paginate(liveEndpoints(tx), params, '/v1/webhook_endpoints', toEndpoint),
    );
    return c.json(page, 200);
  })
  .openapi(retrieve, async (c) => {
    const { id } = c.req.valid('param');
    const endpoint = await read(c, (tx) => findEndpoint(tx, id));
    if (!endpoint) throw notFound('webhook_endpoint', id);
    return c.json(endpoint, 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    if (patch.url !== undefined) {
      patch.url = checkUrl(patch.url);
      await refusePrivateHost(c.var.deps, patch.url);
    }
    if (patch.enabled_events !== undefined)
      patch.enabled_events = checkEvents(patch.enabled_events);
    const mirror = c.var.deps.webhooks;
    const endpoint = await write(c, 200, async (tx) => {
      const updated = await updateEndpoint(tx, id, patch);
      if (updated) await mirrored(() => mirror?.endpointUpdated(tx.tenantId, updated));
      return updated;
    });
    if (!endpoint) throw notFound('webhook_endpoint', id);
    return c.json(endpoint, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const mirror = c.var.deps.webhooks;
    const deleted = await write(c, 200, async (tx) => {
      const gone = await deleteEndpoint(tx, id);
      if (gone) await mirrored(() => mirror?.endpointDeleted(tx.tenantId, id));
      return gone;
    });
    if (!deleted) throw notFound('webhook_endpoint', id);
    return c.json(deleted, 200);
  })
  .openapi(rotate, async (c) => {
    const { id } = c.req.valid('param');
    const mirror = c.var.deps.webhooks;
    const endpoint = await write(c, 200, async (tx) => {
      const rotated = await rotateSecret(tx, id, SECRET_OVERLAP_MS);
      if (rotated) await mirrored(() => mirror?.secretRotated(tx.tenantId, id, rotated.secret));
      return rotated;
    });
    if (!endpoint) throw notFound('webhook_endpoint', id);
    return c.json(endpoint, 200);
  })
  .openapi(attempts, async (c) => {
    const { id } = c.req.valid('param');
    const { event_id, ...params } = c.req.valid('query');
    const page = await read(c, async (tx) => {
      if (!(await findEndpoint(tx, id))) return undefined;
      let q = tx.trx
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('tenant_id', '=', tx.tenantId)
        .where('endpoint_id', '=', id);
      if (event_id) q = q.where('event_id', '=', event_id);
      return paginate(q, params, `/v1/webhook_endpoints/${id}/attempts`, toAttempt);
    });
    if (!page) throw notFound('webhook_endpoint', id);
    return c.json(page, 200);
  })
  .openapi(recover, async (c) => {
    const { id } = c.req.valid('param');
    const { since } = c.req.valid('json');
    const result = await write(c, 202, (tx) => recoverEndpoint(tx, id, new Date(since)));
    if (!result) throw notFound('webhook_endpoint', id);
    return c.json(result, 202);
  })
  .openapi(redeliver, async (c) => {
    const { id } = c.req.valid('param');
    // The body is optional: absent, it validates to nothing.
    const endpointId = (c.req.valid('json') as { endpoint_id?: string } | undefined)?.endpoint_id;
    const result = await write(c, 202, (tx) => redeliverEvent(tx, id, endpointId));
    return c.json(result, 202);
  });

/** A provider failure is the platform's (502), and rolls the change back. */
async function mirrored(call: () => Promise<void> | undefined): Promise<void> {
  try {
    await call();
  } catch {
    throw new AppError(
      'api_error',
      'webhook_provider_error',
      'The webhook provider refused the change; nothing was changed. Retry later.',
      { status: 502 },
    );
  }
}

/** Registration refuses hosts that resolve to private addresses (unless allowed). */
async function refusePrivateHost(deps: Deps, url: string): Promise<void> {
  const checked = await checkHost(new URL(url).hostname, {
    allowPrivate: deps.config.FIN_WEBHOOK_ALLOW_PRIVATE,
    ...(deps.resolveHost ? { resolve: deps.resolveHost } : {}),
  });
  if (!checked.ok) {
    throw new AppError(
      'invalid_request_error',
      'url_not_allowed',
      `Webhook URLs must reach the public internet: ${checked.reason}.`,
      { param: 'url' },
    );
  }
}
