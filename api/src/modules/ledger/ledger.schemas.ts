import { z } from '@hono/zod-openapi';
import { metadataSchema } from '../../platform/metadata.js';

export const accountTypes = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export type AccountType = (typeof accountTypes)[number];

/** ISO 4217 alphabetic code, upper case. */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
  .openapi({ example: 'USD' });

/** Integer amount in the currency's minor unit (cents for USD). */
export const minorAmount = z
  .number()
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: "Integer amount in the currency's minor unit.", example: 1500 });

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'must be a real calendar date',
    },
  )
  .openapi({ example: '2026-11-22' });

export const AccountSchema = z
  .object({
    id: z.string().openapi({ example: 'acct_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('account'),
    code: z.string(),
    name: z.string(),
    type: z.enum(accountTypes),
    currency: currencySchema,
    description: z.string().nullable(),
    balance: z.number().int().openapi({
      description:
        'Posted balance on the normal side: debits minus credits for asset and expense accounts, credits minus debits otherwise.',
    }),
    debits_posted: z.number().int(),
    credits_posted: z.number().int(),
    metadata: z.record(z.string(), z.string()),
    created_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Account');

export const CreateAccountSchema = z
  .strictObject({
    code: z
      .string()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    name: z.string().min(1).max(200),
    type: z.enum(accountTypes),
    currency: currencySchema,
    description: z.string().max(1000).optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateAccountRequest');

export const UpdateAccountSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(1000).nullable().optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('UpdateAccountRequest');

export const JournalLineSchema = z
  .object({
    account_id: z.string(),
    direction: z.enum(['debit', 'credit']),
    amount: z.number().int(),
    currency: currencySchema,
  })
  .openapi('JournalLine');

export const JournalEntrySchema = z
  .object({
    id: z.string().openapi({ example: 'je_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('journal_entry'),
    date: z.string().openapi({ example: '2026-11-22' }),
    description: z.string().nullable(),
    lines: z.array(JournalLineSchema),
    reverses: z.string().nullable().openapi({ description: 'The entry this one reverses.' }),
    reversed_by: z
      .string()
      .nullable()
      .openapi({ description: 'The entry that reverses this one.' }),
    source: z
      .object({ type: z.string(), id: z.string() })
      .nullable()
      .openapi({ description: 'The object that posted this entry, e.g. an invoice.' }),
    metadata: z.record(z.string(), z.string()),
    created_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('JournalEntry');

export const CreateJournalEntrySchema = z
  .strictObject({
    date: dateSchema,
    description: z.string().max(1000).optional(),
    lines: z
      .array(
        z.strictObject({
          account_id: z.string().max(64),
          direction: z.enum(['debit', 'credit']),
          amount: minorAmount,
        }),
      )
      .min(2, 'a journal entry needs at least two lines')
      .max(500),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateJournalEntryRequest');

export const ReverseJournalEntrySchema = z
  .strictObject({
    date: dateSchema
      .optional()
      .openapi({ description: 'Date of the reversal; defaults to the original date.' }),
    description: z.string().max(1000).optional(),
  })
  .openapi('ReverseJournalEntryRequest');

export type Account = z.infer<typeof AccountSchema>;
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export type CreateJournalEntry = z.infer<typeof CreateJournalEntrySchema>;
