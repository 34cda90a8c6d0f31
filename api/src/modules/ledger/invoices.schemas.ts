import { z } from '@hono/zod-openapi';
import { listQuerySchema } from '../../platform/http/pagination.js';
import { timestamp } from '../../platform/http/schemas.js';
import { metadataSchema } from '../../platform/metadata.js';
import { currencySchema, dateSchema, minorAmount } from './ledger.schemas.js';

export const invoiceStatuses = ['draft', 'open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const InvoiceLineSchema = z
  .object({
    description: z.string(),
    quantity: z.number().int(),
    unit_amount: z.number().int(),
    tax_rate_bps: z.number().int(),
    amount: z.number().int().openapi({ description: 'quantity × unit_amount' }),
    tax: z
      .number()
      .int()
      .openapi({ description: 'amount × tax_rate_bps / 10000, rounded half up to the minor unit' }),
  })
  .openapi('InvoiceLine');

export const PaymentSchema = z
  .object({
    id: z.string().openapi({ example: 'pay_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('payment'),
    amount: z.number().int(),
    currency: currencySchema,
    date: z.string(),
    journal_entry_id: z.string(),
    created_at: timestamp(),
  })
  .openapi('Payment');

export const InvoiceSchema = z
  .object({
    id: z.string().openapi({ example: 'inv_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('invoice'),
    customer_id: z.string(),
    currency: currencySchema,
    status: z.enum(invoiceStatuses),
    due_date: z.string().nullable(),
    lines: z.array(InvoiceLineSchema),
    subtotal: z.number().int(),
    tax: z.number().int(),
    total: z.number().int(),
    amount_paid: z.number().int(),
    amount_due: z.number().int(),
    payments: z.array(PaymentSchema),
    finalized_entry_id: z.string().nullable(),
    void_entry_id: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    created_at: timestamp(),
    finalized_at: timestamp().nullable(),
    paid_at: timestamp().nullable(),
    voided_at: timestamp().nullable(),
  })
  .openapi('Invoice');

export const CreateInvoiceSchema = z
  .strictObject({
    customer_id: z.string().max(64),
    currency: currencySchema,
    due_date: dateSchema.optional(),
    lines: z
      .array(
        z.strictObject({
          description: z.string().min(1).max(500),
          quantity: z.number().int().positive().max(1_000_000_000),
          unit_amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
          tax_rate_bps: z
            .number()
            .int()
            .min(0)
            .max(100_000)
            .optional()
            .openapi({ description: 'Tax rate in basis points: 2000 is 20 %. Default 0.' }),
        }),
      )
      .min(1, 'an invoice needs at least one line')
      .max(250),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateInvoiceRequest');

export const PayInvoiceSchema = z
  .strictObject({
    amount: minorAmount.openapi({ description: 'Amount received, at most `amount_due`.' }),
    date: dateSchema.optional().openapi({ description: 'Date of the payment; defaults to today.' }),
  })
  .openapi('PayInvoiceRequest');

export const ListInvoicesQuery = listQuerySchema.extend({
  status: z
    .enum(invoiceStatuses)
    .optional()
    .openapi({ description: 'Only invoices in this status.' }),
  customer_id: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Only invoices of this customer.' }),
});

export type Invoice = z.infer<typeof InvoiceSchema>;
export type CreateInvoice = z.infer<typeof CreateInvoiceSchema>;
