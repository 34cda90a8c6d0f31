import { z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.js';
import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { listOf, listQuerySchema } from '../../platform/http/pagination.js';
import { read, write } from '../../platform/http/respond.js';
import { idParam, jsonBody, jsonContent } from '../../platform/http/schemas.js';
import { createAccount, findAccount, listAccounts, updateAccount } from './accounts.service.js';
import {
  AccountSchema,
  accountTypes,
  CreateAccountSchema,
  UpdateAccountSchema,
} from './ledger.schemas.js';

const tags: ['Accounts'] = ['Accounts'];

const create = apiRoute({
  method: 'post',
  path: '/accounts',
  operationId: 'createAccount',
  summary: 'Create an account',
  description: 'Adds an account to the chart of accounts. `code` is unique within the tenant.',
  tags,
  access: 'accounts:write',
  request: { body: jsonBody(CreateAccountSchema) },
  responses: { 201: jsonContent(AccountSchema, 'The account') },
});

const list = apiRoute({
  method: 'get',
  path: '/accounts',
  operationId: 'listAccounts',
  summary: 'List accounts',
  tags,
  access: 'accounts:read',
  request: {
    query: listQuerySchema.extend({
      type: z.enum(accountTypes).optional().openapi({ description: 'Only accounts of this type.' }),
    }),
  },
  responses: { 200: jsonContent(listOf(AccountSchema, 'AccountList'), 'Accounts, newest first') },
});

const retrieve = apiRoute({
  method: 'get',
  path: '/accounts/{id}',
  operationId: 'retrieveAccount',
  summary: 'Retrieve an account',
  tags,
  access: 'accounts:read',
  request: { params: idParam },
  responses: { 200: jsonContent(AccountSchema, 'The account with its posted balance') },
});

const update = apiRoute({
  method: 'patch',
  path: '/accounts/{id}',
  operationId: 'updateAccount',
  summary: 'Update an account',
  description:
    'Changes the name, description or metadata. Code, type and currency are fixed once created.',
  tags,
  access: 'accounts:write',
  request: { params: idParam, body: jsonBody(UpdateAccountSchema) },
  responses: { 200: jsonContent(AccountSchema, 'The updated account') },
});

export const accountRoutes = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    return c.json(await write(c, 201, (tx) => createAccount(tx, input)), 201);
  })
  .openapi(list, async (c) => {
    const params = c.req.valid('query');
    return c.json(await read(c, (tx) => listAccounts(tx, params)), 200);
  })
  .openapi(retrieve, async (c) => {
    const { id } = c.req.valid('param');
    const account = await read(c, (tx) => findAccount(tx, id));
    if (!account) throw notFound('account', id);
    return c.json(account, 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const account = await write(c, 200, (tx) => updateAccount(tx, id, patch));
    if (!account) throw notFound('account', id);
    return c.json(account, 200);
  });
