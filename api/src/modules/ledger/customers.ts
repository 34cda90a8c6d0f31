import { z } from '@hono/zod-openapi';
import { CompiledQuery } from 'kysely';
import { audit, emit, later, type TenantTx } from '../../platform/context.js';
import type { Metadata } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { listOf, listQuerySchema, paginate } from '../../platform/http/pagination.js';
import { read, write } from '../../platform/http/respond.js';
import { idParam, jsonBody, jsonContent, timestamp } from '../../platform/http/schemas.js';
import { newId } from '../../platform/ids.js';
import { metadataSchema } from '../../platform/metadata.js';

export const CustomerSchema = z
  .object({
    id: z.string().openapi({ example: 'cus_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('customer'),
    name: z.string(),
    email: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    created_at: timestamp(),
  })
  .openapi('Customer');

const DeletedCustomerSchema = z
  .object({ id: z.string(), object: z.literal('customer'), deleted: z.literal(true) })
  .openapi('DeletedCustomer');

const email = z.email().max(320);
const CreateCustomerSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    email: email.optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateCustomerRequest');
const UpdateCustomerSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    email: email.nullable().optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('UpdateCustomerRequest');

export type Customer = z.infer<typeof CustomerSchema>;

const columns = ['id', 'name', 'email', 'metadata', 'created_at'] as const;
type Row = { id: string; name: string; email: string | null; metadata: Metadata; created_at: Date };
const toCustomer = (r: Row): Customer => ({
  id: r.id,
  object: 'customer',
  name: r.name,
  email: r.email,
  metadata: r.metadata,
  created_at: r.created_at.toISOString(),
});

const live = (tx: TenantTx) =>
  tx.trx
    .selectFrom('customers')
    .select(columns)
    .where('tenant_id', '=', tx.tenantId)
    .where('deleted_at', 'is', null);

export async function findCustomer(tx: TenantTx, id: string): Promise<Customer | undefined> {
  const row = await live(tx).where('id', '=', id).executeTakeFirst();
  return row ? toCustomer(row) : undefined;
}

/** Written once, not built by Kysely per create: building and compiling the insert was about
 * 5 % of the API's CPU per customer created (api/bench/webhooks/README.md). */
const insertCustomer =
  'INSERT INTO customers (id, tenant_id, name, email, metadata, created_at)' +
  ' VALUES ($1, $2, $3, $4, $5, $6)';

async function createCustomer(
  tx: TenantTx,
  input: z.infer<typeof CreateCustomerSchema>,
): Promise<Customer> {
  const row: Row = {
    id: newId('customer'),
    name: input.name,
    email: input.email ?? null,
    metadata: input.metadata ?? {},
    created_at: new Date(),
  };
  // Sent with COMMIT (nothing in the transaction reads it back): a create is one round trip.
  later(
    tx,
    CompiledQuery.raw(insertCustomer, [
      row.id,
      tx.tenantId,
      row.name,
      row.email,
      JSON.stringify(row.metadata),
      row.created_at,
    ]),
  );
  const customer = toCustomer(row);
  emit(tx, 'customer.created', customer);
  audit(tx, 'customer.create', 'customer', customer.id);
  return customer;
}

async function updateCustomer(
  tx: TenantTx,
  id: string,
  patch: z.infer<typeof UpdateCustomerSchema>,
): Promise<Customer | undefined> {
  const row = await tx.trx
    .updateTable('customers')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.email === undefined ? {} : { email: patch.email }),
      ...(patch.metadata === undefined ? {} : { metadata: JSON.stringify(patch.metadata) }),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  if (!row) return undefined;
  const customer = toCustomer(row);
  emit(tx, 'customer.updated', customer);
  audit(tx, 'customer.update', 'customer', id);
  return customer;
}

/** Customers are soft-deleted: their invoices and postings keep their reference. */
async function deleteCustomer(tx: TenantTx, id: string): Promise<boolean> {
  const row = await tx.trx
    .updateTable('customers')
    .set({ deleted_at: new Date() })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  if (!row) return false;
  emit(tx, 'customer.deleted', { ...toCustomer(row), deleted: true });
  audit(tx, 'customer.delete', 'customer', id);
  return true;
}

const tags: ['Customers'] = ['Customers'];

const createRoute = apiRoute({
  method: 'post',
  path: '/customers',
  operationId: 'createCustomer',
  summary: 'Create a customer',
  tags,
  access: 'customers:write',
  request: { body: jsonBody(CreateCustomerSchema) },
  responses: { 201: jsonContent(CustomerSchema, 'The customer') },
});
const listRoute = apiRoute({
  method: 'get',
  path: '/customers',
  operationId: 'listCustomers',
  summary: 'List customers',
  tags,
  access: 'customers:read',
  request: { query: listQuerySchema },
  responses: {
    200: jsonContent(listOf(CustomerSchema, 'CustomerList'), 'Customers, newest first'),
  },
});
const retrieveRoute = apiRoute({
  method: 'get',
  path: '/customers/{id}',
  operationId: 'retrieveCustomer',
  summary: 'Retrieve a customer',
  tags,
  access: 'customers:read',
  request: { params: idParam },
  responses: { 200: jsonContent(CustomerSchema, 'The customer') },
});
const updateRoute = apiRoute({
  method: 'patch',
  path: '/customers/{id}',
  operationId: 'updateCustomer',
  summary: 'Update a customer',
  tags,
  access: 'customers:write',
  request: { params: idParam, body: jsonBody(UpdateCustomerSchema) },
  responses: { 200: jsonContent(CustomerSchema, 'The updated customer') },
});
const deleteRoute = apiRoute({
  method: 'delete',
  path: '/customers/{id}',
  operationId: 'deleteCustomer',
  summary: 'Delete a customer',
  description: 'Deletes the customer; invoices already issued keep referring to it.',
  tags,
  access: 'customers:write',
  request: { params: idParam },
  responses: { 200: jsonContent(DeletedCustomerSchema, 'Confirmation of the deletion') },
});

export const customerRoutes = createRouter()
  .openapi(createRoute, async (c) => {
    const input = c.req.valid('json');
    return c.json(await write(c, 201, (tx) => createCustomer(tx, input)), 201);
  })
  .openapi(listRoute, async (c) => {
    const params = c.req.valid('query');
    return c.json(
      await read(c, (tx) => paginate(live(tx), params, '/v1/customers', toCustomer)),
      200,
    );
  })
  .openapi(retrieveRoute, async (c) => {
    const { id } = c.req.valid('param');
    const customer = await read(c, (tx) => findCustomer(tx, id));
    if (!customer) throw notFound('customer', id);
    return c.json(customer, 200);
  })
  .openapi(updateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const customer = await write(c, 200, (tx) => updateCustomer(tx, id, patch));
    if (!customer) throw notFound('customer', id);
    return c.json(customer, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const deleted = await write(c, 200, async (tx) =>
      (await deleteCustomer(tx, id))
        ? { id, object: 'customer' as const, deleted: true as const }
        : undefined,
    );
    if (!deleted) throw notFound('customer', id);
    return c.json(deleted, 200);
  });
