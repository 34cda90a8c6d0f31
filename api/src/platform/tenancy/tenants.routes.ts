import { z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import { apiRoute, createRouter } from '../http/openapi.js';
import { listOf, listQuerySchema, paginate } from '../http/pagination.js';
import { scopeOf } from '../http/respond.js';
import { completeIdempotency } from '../idempotency.js';
import { asAppRole, inPartner, sessionOf } from '../tx.js';
import { CreateTenantSchema, TenantSchema, TenantWithKeySchema } from './tenancy.schemas.js';
import { provisionTenant, type TenantSeeder, toTenant } from './tenancy.service.js';

const tags: ['Tenants'] = ['Tenants'];
const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

const create = apiRoute({
  method: 'post',
  path: '/tenants',
  operationId: 'createTenant',
  summary: 'Create a tenant',
  description:
    'Creates a tenant owned by the calling partner, seeds its standard chart of accounts and returns its first admin key (the secret is shown only in this response).',
  tags,
  access: 'partner',
  request: {
    body: { required: true, content: { 'application/json': { schema: CreateTenantSchema } } },
  },
  responses: {
    201: {
      description: 'The tenant and its first admin key',
      content: { 'application/json': { schema: TenantWithKeySchema } },
    },
  },
});

const list = apiRoute({
  method: 'get',
  path: '/tenants',
  operationId: 'listTenants',
  summary: 'List tenants',
  tags,
  access: 'partner',
  request: { query: listQuerySchema },
  responses: {
    200: {
      description: "The partner's tenants, newest first",
      content: { 'application/json': { schema: listOf(TenantSchema, 'TenantList') } },
    },
  },
});

const retrieve = apiRoute({
  method: 'get',
  path: '/tenants/{id}',
  operationId: 'retrieveTenant',
  summary: 'Retrieve a tenant',
  tags,
  access: 'partner',
  request: { params: idParam },
  responses: {
    200: { description: 'The tenant', content: { 'application/json': { schema: TenantSchema } } },
  },
});

const tenantColumns = ['id', 'name', 'metadata', 'created_at'] as const;

export function tenantRoutes(seed: TenantSeeder) {
  return createRouter()
    .openapi(create, async (c) => {
      const input = c.req.valid('json');
      const scope = scopeOf(c);
      const claim = c.var.idempotency;
      if (claim) claim.started = true;
      const body = await asAppRole(c.var.deps.db, sessionOf(scope.auth, null), async (trx) => {
        const result = await provisionTenant(trx, scope, input, seed);
        if (claim) await completeIdempotency(trx, claim, 201, JSON.stringify(result));
        return result;
      });
      return c.json(body, 201);
    })
    .openapi(list, async (c) => {
      const params = c.req.valid('query');
      const scope = scopeOf(c);
      const page = await inPartner(c.var.deps.db, scope, (trx) =>
        paginate(
          trx
            .selectFrom('tenants')
            .select(tenantColumns)
            .where('partner_id', '=', scope.auth.partnerId),
          params,
          '/v1/tenants',
          toTenant,
        ),
      );
      return c.json(page, 200);
    })
    .openapi(retrieve, async (c) => {
      const { id } = c.req.valid('param');
      const scope = scopeOf(c);
      const row = await inPartner(c.var.deps.db, scope, (trx) =>
        trx
          .selectFrom('tenants')
          .select(tenantColumns)
          .where('partner_id', '=', scope.auth.partnerId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) throw notFound('tenant', id);
      return c.json(toTenant(row), 200);
    });
}
