import { notFound } from '../../platform/errors.js';
import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { listOf, paginate } from '../../platform/http/pagination.js';
import { read, write } from '../../platform/http/respond.js';
import { idParam, jsonBody, jsonContent } from '../../platform/http/schemas.js';
import {
  CreateInvoiceSchema,
  InvoiceSchema,
  ListInvoicesQuery,
  PayInvoiceSchema,
} from './invoices.schemas.js';
import {
  createInvoice,
  finalizeInvoice,
  findInvoice,
  hydrate,
  invoiceQuery,
  payInvoice,
  voidInvoice,
} from './invoices.service.js';

const tags: ['Invoices'] = ['Invoices'];
const invoiceResponse = (description: string) => jsonContent(InvoiceSchema, description);

const create = apiRoute({
  method: 'post',
  path: '/invoices',
  operationId: 'createInvoice',
  summary: 'Create a draft invoice',
  description:
    'Creates a draft. Line amount = quantity × unit_amount; line tax = amount × tax_rate_bps / 10 000 rounded half up to the minor unit; subtotal, tax and total are exact sums of the lines.',
  tags,
  access: 'invoices:write',
  request: { body: jsonBody(CreateInvoiceSchema) },
  responses: { 201: invoiceResponse('The draft invoice') },
});
const list = apiRoute({
  method: 'get',
  path: '/invoices',
  operationId: 'listInvoices',
  summary: 'List invoices',
  tags,
  access: 'invoices:read',
  request: { query: ListInvoicesQuery },
  responses: { 200: jsonContent(listOf(InvoiceSchema, 'InvoiceList'), 'Invoices, newest first') },
});
const retrieve = apiRoute({
  method: 'get',
  path: '/invoices/{id}',
  operationId: 'retrieveInvoice',
  summary: 'Retrieve an invoice',
  tags,
  access: 'invoices:read',
  request: { params: idParam },
  responses: { 200: invoiceResponse('The invoice with lines and payments') },
});
const finalize = apiRoute({
  method: 'post',
  path: '/invoices/{id}/finalize',
  operationId: 'finalizeInvoice',
  summary: 'Finalize an invoice',
  description:
    'Moves a draft to `open` and posts accounts receivable against revenue and sales tax payable.',
  tags,
  access: 'invoices:write',
  request: { params: idParam },
  responses: { 200: invoiceResponse('The open invoice') },
});
const pay = apiRoute({
  method: 'post',
  path: '/invoices/{id}/pay',
  operationId: 'payInvoice',
  summary: 'Record a payment',
  description:
    'Posts cash against receivable. Partial payments are allowed; the invoice is `paid` once nothing is due.',
  tags,
  access: 'invoices:write',
  request: { params: idParam, body: jsonBody(PayInvoiceSchema) },
  responses: { 200: invoiceResponse('The invoice after the payment') },
});
const voidRoute = apiRoute({
  method: 'post',
  path: '/invoices/{id}/void',
  operationId: 'voidInvoice',
  summary: 'Void an invoice',
  description: 'Voids an open invoice with no payments by reversing its finalization entry.',
  tags,
  access: 'invoices:write',
  request: { params: idParam },
  responses: { 200: invoiceResponse('The void invoice') },
});

export const invoiceRoutes = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    return c.json(await write(c, 201, (tx) => createInvoice(tx, input)), 201);
  })
  .openapi(list, async (c) => {
    const { status, customer_id, ...params } = c.req.valid('query');
    const page = await read(c, async (tx) => {
      let q = invoiceQuery(tx);
      if (status) q = q.where('status', '=', status);
      if (customer_id) q = q.where('customer_id', '=', customer_id);
      const rows = await paginate(q, params, '/v1/invoices', (r) => r);
      return { ...rows, data: await hydrate(tx, rows.data) };
    });
    return c.json(page, 200);
  })
  .openapi(retrieve, async (c) => {
    const { id } = c.req.valid('param');
    const invoice = await read(c, (tx) => findInvoice(tx, id));
    if (!invoice) throw notFound('invoice', id);
    return c.json(invoice, 200);
  })
  .openapi(finalize, async (c) => {
    const { id } = c.req.valid('param');
    const invoice = await write(c, 200, (tx) => finalizeInvoice(tx, id));
    if (!invoice) throw notFound('invoice', id);
    return c.json(invoice, 200);
  })
  .openapi(pay, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const invoice = await write(c, 200, (tx) => payInvoice(tx, id, input));
    if (!invoice) throw notFound('invoice', id);
    return c.json(invoice, 200);
  })
  .openapi(voidRoute, async (c) => {
    const { id } = c.req.valid('param');
    const invoice = await write(c, 200, (tx) => voidInvoice(tx, id));
    if (!invoice) throw notFound('invoice', id);
    return c.json(invoice, 200);
  });
