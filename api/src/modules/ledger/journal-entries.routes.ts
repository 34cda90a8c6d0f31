import { notFound } from '../../platform/errors.js';
import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { listOf, listQuerySchema, paginate } from '../../platform/http/pagination.js';
import { read, write } from '../../platform/http/respond.js';
import { idParam, jsonBody, jsonContent } from '../../platform/http/schemas.js';
import {
  entryQuery,
  findEntry,
  postEntry,
  reverseEntry,
  withLines,
} from './journal-entries.service.js';
import {
  CreateJournalEntrySchema,
  JournalEntrySchema,
  ReverseJournalEntrySchema,
} from './ledger.schemas.js';

const tags: ['Journal entries'] = ['Journal entries'];

const create = apiRoute({
  method: 'post',
  path: '/journal_entries',
  operationId: 'createJournalEntry',
  summary: 'Post a journal entry',
  description:
    "Posts a double-entry journal entry. Debits must equal credits in every currency (each line takes its account's currency), or the request fails with `unbalanced_entry`. Posted entries are immutable: correct them by reversing.",
  tags,
  access: 'journal_entries:write',
  request: { body: jsonBody(CreateJournalEntrySchema) },
  responses: { 201: jsonContent(JournalEntrySchema, 'The posted entry') },
});

const list = apiRoute({
  method: 'get',
  path: '/journal_entries',
  operationId: 'listJournalEntries',
  summary: 'List journal entries',
  tags,
  access: 'journal_entries:read',
  request: { query: listQuerySchema },
  responses: {
    200: jsonContent(listOf(JournalEntrySchema, 'JournalEntryList'), 'Entries, newest first'),
  },
});

const retrieve = apiRoute({
  method: 'get',
  path: '/journal_entries/{id}',
  operationId: 'retrieveJournalEntry',
  summary: 'Retrieve a journal entry',
  tags,
  access: 'journal_entries:read',
  request: { params: idParam },
  responses: { 200: jsonContent(JournalEntrySchema, 'The entry with its lines') },
});

const reverse = apiRoute({
  method: 'post',
  path: '/journal_entries/{id}/reverse',
  operationId: 'reverseJournalEntry',
  summary: 'Reverse a journal entry',
  description:
    'Posts the mirror image of the entry and links the two (`reverses` / `reversed_by`). An entry can be reversed once; a second attempt answers 409 `already_reversed`.',
  tags,
  access: 'journal_entries:write',
  request: {
    params: idParam,
    body: {
      required: false,
      content: { 'application/json': { schema: ReverseJournalEntrySchema } },
    },
  },
  responses: { 201: jsonContent(JournalEntrySchema, 'The reversing entry') },
});

export const journalEntryRoutes = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    return c.json(await write(c, 201, (tx) => postEntry(tx, input, { defer: true })), 201);
  })
  .openapi(list, async (c) => {
    const params = c.req.valid('query');
    const page = await read(c, async (tx) => {
      const rows = await paginate(entryQuery(tx), params, '/v1/journal_entries', (r) => r);
      return { ...rows, data: await withLines(tx, rows.data) };
    });
    return c.json(page, 200);
  })
  .openapi(retrieve, async (c) => {
    const { id } = c.req.valid('param');
    const entry = await read(c, (tx) => findEntry(tx, id));
    if (!entry) throw notFound('journal_entry', id);
    return c.json(entry, 200);
  })
  .openapi(reverse, async (c) => {
    const { id } = c.req.valid('param');
    const opts = c.req.valid('json') ?? {};
    const entry = await write(c, 201, (tx) => reverseEntry(tx, id, opts, { defer: true }));
    if (!entry) throw notFound('journal_entry', id);
    return c.json(entry, 201);
  });
