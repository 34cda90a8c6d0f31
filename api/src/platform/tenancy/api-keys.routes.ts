import { z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import { apiRoute, createRouter } from '../http/openapi.js';
import { listOf, listQuerySchema, paginate } from '../http/pagination.js';
import { read, write } from '../http/respond.js';
import { ApiKeySchema, CreateApiKeySchema } from './tenancy.schemas.js';
import { apiKeyColumns, createApiKey, revokeApiKey, toApiKey } from './tenancy.service.js';

const tags: ['API keys'] = ['API keys'];
const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const create = apiRoute({
  method: 'post',
  path: '/api_keys',
  operationId: 'createApiKey',
  summary: 'Create an API key',
  description:
    'Creates a tenant secret key with a role. The secret is returned only in this response.',
  tags,
  access: 'api_keys:write',
  request: {
    body: { required: true, content: { 'application/json': { schema: CreateApiKeySchema } } },
  },
  responses: { 201: json(ApiKeySchema, 'The new key, with its secret') },
});

const list = apiRoute({
  method: 'get',
  path: '/api_keys',
  operationId: 'listApiKeys',
  summary: 'List API keys',
  tags,
  access: 'api_keys:read',
  request: { query: listQuerySchema },
  responses: { 200: json(listOf(ApiKeySchema, 'ApiKeyList'), "The tenant's keys, newest first") },
});

const revoke = apiRoute({
  method: 'delete',
  path: '/api_keys/{id}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key',
  description: 'Revokes the key at once; every later request with it answers 401.',
  tags,
  access: 'api_keys:write',
  request: { params: idParam },
  responses: { 200: json(ApiKeySchema, 'The revoked key') },
});

export const apiKeyRoutes = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    const key = await write(c, 201, (tx) => createApiKey(tx, input));
    return c.json(key, 201);
  })
  .openapi(list, async (c) => {
    const params = c.req.valid('query');
    const page = await read(c, (tx) =>
      paginate(
        tx.trx.selectFrom('api_keys').select(apiKeyColumns).where('tenant_id', '=', tx.tenantId),
        params,
        '/v1/api_keys',
        (row) => toApiKey(row),
      ),
    );
    return c.json(page, 200);
  })
  .openapi(revoke, async (c) => {
    const { id } = c.req.valid('param');
    const key = await write(c, 200, (tx) => revokeApiKey(tx, id));
    if (!key) throw notFound('api_key', id);
    return c.json(key, 200);
  });
