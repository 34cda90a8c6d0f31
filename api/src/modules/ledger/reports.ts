import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { TenantTx } from '../../platform/context.js';
import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { read } from '../../platform/http/respond.js';
import { jsonContent } from '../../platform/http/schemas.js';
import { accountTypes, currencySchema, dateSchema } from './ledger.schemas.js';

export const TrialBalanceSchema = z
  .object({
    object: z.literal('trial_balance'),
    as_of: z.string(),
    accounts: z.array(
      z.object({
        account_id: z.string(),
        code: z.string(),
        name: z.string(),
        type: z.enum(accountTypes),
        currency: currencySchema,
        debit: z.number().int(),
        credit: z.number().int(),
      }),
    ),
    totals: z
      .array(
        z.object({ currency: currencySchema, debit: z.number().int(), credit: z.number().int() }),
      )
      .openapi({ description: 'Per currency; debit always equals credit.' }),
  })
  .openapi('TrialBalance');

export type TrialBalance = z.infer<typeof TrialBalanceSchema>;

const today = () => new Date().toISOString().slice(0, 10);

/** Net posted amount per account up to and including `asOf`, shown on its debit or credit side. */
export async function trialBalance(tx: TenantTx, asOf: string): Promise<TrialBalance> {
  const rows = await tx.trx
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.journal_entry_id')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .select([
      'a.id',
      'a.code',
      'a.name',
      'a.type',
      'a.currency',
      sql<string>`sum(CASE WHEN l.direction = 'debit' THEN l.amount ELSE -l.amount END)`.as('net'),
    ])
    .where('l.tenant_id', '=', tx.tenantId)
    .where('e.date', '<=', asOf)
    .groupBy(['a.id', 'a.code', 'a.name', 'a.type', 'a.currency'])
    .orderBy('a.code')
    .execute();
  const totals = new Map<string, { debit: bigint; credit: bigint }>();
  const accounts = rows.map((r) => {
    const net = BigInt(r.net);
    const currency = r.currency.trim();
    const t = totals.get(currency) ?? { debit: 0n, credit: 0n };
    if (net > 0n) t.debit += net;
    else t.credit -= net;
    totals.set(currency, t);
    return {
      account_id: r.id,
      code: r.code,
      name: r.name,
      type: r.type,
      currency,
      debit: net > 0n ? Number(net) : 0,
      credit: net < 0n ? Number(-net) : 0,
    };
  });
  return {
    object: 'trial_balance',
    as_of: asOf,
    accounts,
    totals: [...totals]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, t]) => ({ currency, debit: Number(t.debit), credit: Number(t.credit) })),
  };
}

const trialBalanceRoute = apiRoute({
  method: 'get',
  path: '/reports/trial_balance',
  operationId: 'retrieveTrialBalance',
  summary: 'Trial balance',
  description:
    'Posted totals per account as of a date (inclusive, default today). Debits equal credits per currency.',
  tags: ['Reports'],
  access: 'reports:read',
  request: {
    query: z.object({
      as_of: dateSchema.optional().openapi({
        description: 'Entries dated on or before this day count; defaults to today (UTC).',
      }),
    }),
  },
  responses: { 200: jsonContent(TrialBalanceSchema, 'The trial balance') },
});

export const reportRoutes = createRouter().openapi(trialBalanceRoute, async (c) => {
  const { as_of } = c.req.valid('query');
  return c.json(await read(c, (tx) => trialBalance(tx, as_of ?? today())), 200);
});
