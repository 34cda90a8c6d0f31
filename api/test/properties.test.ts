import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountsByCode,
  startTestPlatform,
  type TestPlatform,
  type TestTenant,
} from './support/platform.js';

let p: TestPlatform;
let t: TestTenant;
let accountIds: string[];

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
  const byCode = await accountsByCode(p, t.adminKey);
  accountIds = Object.values(byCode).slice(0, 8);
});
afterAll(() => p.close());

const amount = fc.integer({ min: 1, max: 1_000_000_000 });

/** A balanced entry: random debits, and credits that split the same total. */
const balancedLines = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), amount), { minLength: 1, maxLength: 5 }),
    fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 5 }),
  )
  .map(([debits, creditAccounts]) => {
    const total = debits.reduce((s, [, a]) => s + a, 0);
    const n = creditAccounts.length;
    const base = Math.floor(total / n);
    return [
      ...debits.map(([i, a]) => ({ i, direction: 'debit' as const, amount: a })),
      ...creditAccounts.map((i, k) => ({
        i,
        direction: 'credit' as const,
        amount: k === 0 ? total - base * (n - 1) : base,
      })),
    ].filter((l) => l.amount > 0);
  })
  .filter((lines) => lines.length >= 2);

const post = (lines: Array<{ i: number; direction: 'debit' | 'credit'; amount: number }>) =>
  p.call('POST', '/v1/journal_entries', {
    key: t.adminKey,
    body: {
      date: '2026-06-01',
      lines: lines.map((l) => ({
        account_id: accountIds[l.i],
        direction: l.direction,
        amount: l.amount,
      })),
    },
  });

describe('ledger properties', () => {
  it('keeps the trial balance equal after any sequence of balanced entries', async () => {
    await fc.assert(
      fc.asyncProperty(balancedLines, async (lines) => {
        const res = await post(lines);
        expect(res.status).toBe(201);
        const tb = await p.call('GET', '/v1/reports/trial_balance', { key: t.adminKey });
        for (const total of tb.body.totals) expect(total.debit).toBe(total.credit);
      }),
      { numRuns: 40 },
    );
  });

  it('always rejects an unbalanced entry and changes nothing', async () => {
    const before = (await p.call('GET', '/v1/reports/trial_balance', { key: t.adminKey })).body;
    await fc.assert(
      fc.asyncProperty(
        balancedLines,
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: -1000, max: 1000 }).filter((d) => d !== 0),
        async (lines, which, delta) => {
          const k = which % lines.length;
          const skewed = lines.map((l, i) => (i === k ? { ...l, amount: l.amount + delta } : l));
          fc.pre(skewed.every((l) => l.amount > 0));
          const res = await post(skewed);
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('unbalanced_entry');
        },
      ),
      { numRuns: 40 },
    );
    const after = (await p.call('GET', '/v1/reports/trial_balance', { key: t.adminKey })).body;
    expect(after).toEqual(before);
  });
});

describe('pagination', () => {
  it('walks every object exactly once while others are inserted concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 5, max: 25 }),
        async (limit, existing) => {
          const tenant = await p.newTenant('Paging');
          const create = (name: string) =>
            p.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name } });
          const initial: string[] = [];
          for (let i = 0; i < existing; i++) initial.push((await create(`initial-${i}`)).body.id);

          const seen: string[] = [];
          let cursor: string | undefined;
          let inserted = 0;
          for (;;) {
            const [page] = await Promise.all([
              p.call(
                'GET',
                `/v1/customers?limit=${limit}${cursor ? `&starting_after=${cursor}` : ''}`,
                { key: tenant.adminKey },
              ),
              create(`concurrent-${inserted++}`),
            ]);
            seen.push(...page.body.data.map((c: { id: string }) => c.id));
            if (!page.body.has_more) break;
            cursor = page.body.data.at(-1).id;
          }
          expect(new Set(seen).size).toBe(seen.length);
          for (const id of initial) expect(seen).toContain(id);
          const sorted = [...seen].sort().reverse();
          expect(seen).toEqual(sorted);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('pages backwards with ending_before', async () => {
    const tenant = await p.newTenant('Backwards');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        (await p.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name: `c${i}` } }))
          .body.id,
      );
    const newestFirst = [...ids].reverse();
    const page = await p.call('GET', `/v1/customers?limit=2&ending_before=${newestFirst[4]}`, {
      key: tenant.adminKey,
    });
    expect(page.body.data.map((c: { id: string }) => c.id)).toEqual([
      newestFirst[2],
      newestFirst[3],
    ]);
    expect(page.body.has_more).toBe(true);
    const limitTooBig = await p.call('GET', '/v1/customers?limit=101', { key: tenant.adminKey });
    expect(limitTooBig.body.error.param).toBe('limit');
  });
});
