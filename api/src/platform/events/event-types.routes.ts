import { z } from '@hono/zod-openapi';
import { apiRoute, createRouter } from '../http/openapi.js';
import { jsonContent } from '../http/schemas.js';
import { eventTypes } from './event-types.js';

const EventTypeSchema = z
  .object({
    object: z.literal('event_type'),
    type: z.string().openapi({ example: 'invoice.paid' }),
    description: z.string(),
    schema_name: z.string().openapi({ description: 'The OpenAPI component of `data.object`.' }),
    schema: z.record(z.string(), z.unknown()).openapi({
      description: 'JSON Schema of `data.object`, taken from the OpenAPI document.',
    }),
  })
  .openapi('EventType');

const EventTypeListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(EventTypeSchema),
    has_more: z.literal(false),
    url: z.string(),
  })
  .openapi('EventTypeList');

const list = apiRoute({
  method: 'get',
  path: '/event_types',
  operationId: 'listEventTypes',
  summary: 'List event types',
  description:
    'Every event type the platform emits, what it means and the schema of its `data.object`: subscribe webhook endpoints knowingly.',
  tags: ['Events'],
  access: 'events:read',
  responses: { 200: jsonContent(EventTypeListSchema, 'The catalogue') },
});

type Schemas = Record<string, unknown>;

/** The component with its `$ref`s to other components inlined (once per branch). */
function inline(value: unknown, schemas: Schemas, seen: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => inline(v, schemas, seen));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (seen.has(name)) return { type: 'object', description: `See ${name}.` };
    return inline(schemas[name], schemas, new Set([...seen, name]));
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, schemas, seen)]));
}

/** `documentSchemas` gives the app's OpenAPI components (read once, on first use). */
export function eventTypeRoutes(documentSchemas: () => Schemas) {
  let catalogue: z.infer<typeof EventTypeSchema>[] | undefined;
  const build = () => {
    const schemas = documentSchemas();
    return Object.entries(eventTypes).map(([type, info]) => ({
      object: 'event_type' as const,
      type,
      description: info.description,
      schema_name: info.schema,
      schema: inline(schemas[info.schema], schemas, new Set([info.schema])) as Record<
        string,
        unknown
      >,
    }));
  };
  return createRouter().openapi(list, (c) => {
    catalogue ??= build();
    return c.json(
      {
        object: 'list' as const,
        data: catalogue,
        has_more: false as const,
        url: '/v1/event_types',
      },
      200,
    );
  });
}
