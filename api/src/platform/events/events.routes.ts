import { z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import { apiRoute, createRouter } from '../http/openapi.js';
import { listOf, listQuerySchema, paginate } from '../http/pagination.js';
import { read } from '../http/respond.js';
import { idParam, jsonContent, timestamp } from '../http/schemas.js';

export const EventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('event'),
    type: z.string().openapi({ example: 'invoice.paid' }),
    sequence: z.number().int().openapi({
      description:
        'Gap-free per-tenant sequence, in commit order: receivers can order events and detect gaps.',
    }),
    created_at: timestamp(),
    request_id: z.string().nullable(),
    data: z.object({ object: z.record(z.string(), z.unknown()) }),
  })
  .openapi('Event');

export type EventRow = {
  id: string;
  type: string;
  sequence: string;
  created_at: Date;
  request_id: string | null;
  data: { object: unknown };
};

export const toEvent = (row: EventRow) => ({
  id: row.id,
  object: 'event' as const,
  type: row.type,
  sequence: Number(row.sequence),
  created_at: row.created_at.toISOString(),
  request_id: row.request_id,
  data: row.data as { object: Record<string, unknown> },
});

export const eventColumns = ['id', 'type', 'sequence', 'created_at', 'request_id', 'data'] as const;
const columns = eventColumns;
const tags: ['Events'] = ['Events'];

const list = apiRoute({
  method: 'get',
  path: '/events',
  operationId: 'listEvents',
  summary: 'List events',
  description: 'Every state change in the tenant, newest first. Filter by `type`.',
  tags,
  access: 'events:read',
  request: {
    query: listQuerySchema.extend({
      type: z
        .string()
        .max(100)
        .optional()
        .openapi({ description: 'Only events of this type, e.g. `invoice.paid`.' }),
    }),
  },
  responses: { 200: jsonContent(listOf(EventSchema, 'EventList'), 'Events, newest first') },
});

const retrieve = apiRoute({
  method: 'get',
  path: '/events/{id}',
  operationId: 'retrieveEvent',
  summary: 'Retrieve an event',
  tags,
  access: 'events:read',
  request: { params: idParam },
  responses: { 200: jsonContent(EventSchema, 'The event') },
});

export const eventRoutes = createRouter()
  .openapi(list, async (c) => {
    const { type, ...params } = c.req.valid('query');
    const page = await read(c, (tx) => {
      let q = tx.trx.selectFrom('events').select(columns).where('tenant_id', '=', tx.tenantId);
      if (type) q = q.where('type', '=', type);
      return paginate(q, params, '/v1/events', toEvent);
    });
    return c.json(page, 200);
  })
  .openapi(retrieve, async (c) => {
    const { id } = c.req.valid('param');
    const row = await read(c, (tx) =>
      tx.trx
        .selectFrom('events')
        .select(columns)
        .where('tenant_id', '=', tx.tenantId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (!row) throw notFound('event', id);
    return c.json(toEvent(row), 200);
  });
