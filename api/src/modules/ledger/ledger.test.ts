import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountsByCode,
  startTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/platform.js';
import { asAppRole, asSystemInTenant } from '../../platform/tx.js';
import { postEntry } from './journal-entries.service.js';

let p: TestPlatform;
let t: TestTenant;
let acct: Record<string, string>;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
  acct = await accountsByCode(p, t.adminKey);
});
afterAll(() => p.close());

const entry = (lines: Array<[string, 'debit' | 'credit', number]>, date = '2026-03-01') => ({
  date,
  lines: lines.map(([account_id, direction, amount]) => ({ account_id, direction, amount })),
});

describe('accounts', () => {
  it('creates, retrieves and updates an account; code, type and currency stay fixed', async () => {
    const created = await p.call('POST', '/v1/accounts', {
      key: t.adminKey,
      body: {
        code: '1010',
        name: 'Petty cash',
        type: 'asset',
        currency: 'USD',
        metadata: { branch: 'north' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'account',
      code: '1010',
      balance: 0,
      metadata: { branch: 'north' },
    });
    const patched = await p.call('PATCH', `/v1/accounts/${created.body.id}`, {
      key: t.adminKey,
      body: { name: 'Till' },
    });
    expect(patched.body).toMatchObject({ name: 'Till', code: '1010' });
    const refused = await p.call('PATCH', `/v1/accounts/${created.body.id}`, {
      key: t.adminKey,
      body: { currency: 'EUR' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'parameter_unknown', param: 'currency' });
    const got = await p.call('GET', `/v1/accounts/${created.body.id}`, { key: t.adminKey });
    expect(got.body).toEqual(patched.body);
  });

  it('keeps account codes unique per tenant (409 account_code_taken)', async () => {
    const dup = await p.call('POST', '/v1/accounts', {
      key: t.adminKey,
      body: { code: '1000', name: 'Another cash', type: 'asset', currency: 'USD' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ type: 'conflict_error', code: 'account_code_taken' });
    const other = await p.newTenant('Other');
    const fine = await p.call('POST', '/v1/accounts', {
      key: other.adminKey,
      body: { code: '1010', name: 'Same code elsewhere', type: 'asset', currency: 'USD' },
    });
    expect(fine.status).toBe(201);
  });

  it('rejects a malformed currency, naming it', async () => {
    const res = await p.call('POST', '/v1/accounts', {
      key: t.adminKey,
      body: { code: 'X1', name: 'x', type: 'asset', currency: 'usd' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('currency');
  });
});

describe('journal entries', () => {
  it('posts a balanced entry and moves the posted balances', async () => {
    const res = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: {
        ...entry([
          [acct['1000']!, 'debit', 10_000],
          [acct['3000']!, 'credit', 10_000],
        ]),
        description: 'Owner investment',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'journal_entry',
      date: '2026-03-01',
      description: 'Owner investment',
      reverses: null,
    });
    expect(res.body.lines).toEqual([
      { account_id: acct['1000'], direction: 'debit', amount: 10_000, currency: 'USD' },
      { account_id: acct['3000'], direction: 'credit', amount: 10_000, currency: 'USD' },
    ]);
    const cash = await p.call('GET', `/v1/accounts/${acct['1000']}`, { key: t.adminKey });
    expect(cash.body).toMatchObject({ balance: 10_000, debits_posted: 10_000, credits_posted: 0 });
    const equity = await p.call('GET', `/v1/accounts/${acct['3000']}`, { key: t.adminKey });
    expect(equity.body.balance).toBe(10_000);
  });

  it('rejects an unbalanced entry with code unbalanced_entry', async () => {
    const res = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: entry([
        [acct['1000']!, 'debit', 500],
        [acct['3000']!, 'credit', 499],
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'unbalanced_entry',
      param: 'lines',
    });
    expect(res.body.error.message).toContain('USD');
  });

  it('requires balance per currency, not just in total', async () => {
    const eur = await p.call('POST', '/v1/accounts', {
      key: t.adminKey,
      body: { code: '1001', name: 'Cash EUR', type: 'asset', currency: 'EUR' },
    });
    const res = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: entry([
        [eur.body.id, 'debit', 100],
        [acct['3000']!, 'credit', 100],
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unbalanced_entry');
  });

  it('names an unknown account in the lines', async () => {
    const res = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: entry([
        [acct['1000']!, 'debit', 1],
        ['acct_01m80azcmdesgse4cfhj7cykzf', 'credit', 1],
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'account_not_found',
      param: 'lines[1][account_id]',
    });
  });

  it('rejects impossible dates', async () => {
    const res = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: entry(
        [
          [acct['1000']!, 'debit', 1],
          [acct['3000']!, 'credit', 1],
        ],
        '2026-02-30',
      ),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('date');
  });

  it('reverses an entry once, linking both ways', async () => {
    const original = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: entry([
        [acct['6000']!, 'debit', 2_500],
        [acct['1000']!, 'credit', 2_500],
      ]),
    });
    const reversal = await p.call('POST', `/v1/journal_entries/${original.body.id}/reverse`, {
      key: t.adminKey,
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body.reverses).toBe(original.body.id);
    expect(reversal.body.lines.map((l: { direction: string }) => l.direction)).toEqual([
      'credit',
      'debit',
    ]);
    const reread = await p.call('GET', `/v1/journal_entries/${original.body.id}`, {
      key: t.adminKey,
    });
    expect(reread.body.reversed_by).toBe(reversal.body.id);
    const again = await p.call('POST', `/v1/journal_entries/${original.body.id}/reverse`, {
      key: t.adminKey,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_reversed');
    const expense = await p.call('GET', `/v1/accounts/${acct['6000']}`, { key: t.adminKey });
    expect(expense.body.balance).toBe(0);
  });

  it('lets only one of several concurrent reversals win (409 already_reversed)', async () => {
    const original = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: entry([
        [acct['6000']!, 'debit', 700],
        [acct['1000']!, 'credit', 700],
      ]),
    });
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        p.call('POST', `/v1/journal_entries/${original.body.id}/reverse`, {
          key: t.adminKey,
          headers: { 'idempotency-key': `reverse-race-${i}` },
        }),
      ),
    );
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of attempts.filter((a) => a.status === 409)) {
      expect(r.body.error.code).toBe('already_reversed');
    }
    // The losers' keys hold their 409, not a claim stuck in flight.
    const replay = await p.call('POST', `/v1/journal_entries/${original.body.id}/reverse`, {
      key: t.adminKey,
      headers: { 'idempotency-key': `reverse-race-${attempts.findIndex((a) => a.status === 409)}` },
    });
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keeps balances exact under concurrent postings to the same accounts', async () => {
    const fresh = await p.newTenant('Concurrent');
    const a = await accountsByCode(p, fresh.adminKey);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        p.call('POST', '/v1/journal_entries', {
          key: fresh.adminKey,
          body: entry(
            i % 2 === 0
              ? [
                  [a['1000']!, 'debit', 100 + i],
                  [a['3000']!, 'credit', 100 + i],
                ]
              : [
                  [a['3000']!, 'debit', 100 + i],
                  [a['1000']!, 'credit', 100 + i],
                ],
          ),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    const expected = Array.from({ length: 30 }, (_, i) =>
      i % 2 === 0 ? 100 + i : -(100 + i),
    ).reduce((x, y) => x + y, 0);
    const cash = await p.call('GET', `/v1/accounts/${a['1000']}`, { key: fresh.adminKey });
    expect(cash.body.balance).toBe(expected);
    const events = await p.call('GET', '/v1/events?type=journal_entry.posted&limit=100', {
      key: fresh.adminKey,
    });
    expect(events.body.data).toHaveLength(30);
    const verify = await p.call('GET', '/v1/audit_logs/verify', { key: fresh.adminKey });
    expect(verify.body.valid).toBe(true);
  });

  it('refuses to change or delete a posted entry in the database, even as the owner', async () => {
    const posted = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: entry([
        [acct['1100']!, 'debit', 7],
        [acct['3000']!, 'credit', 7],
      ]),
    });
    const id = posted.body.id;
    await expect(
      sql`UPDATE journal_entries SET description = 'edited' WHERE id = ${id}`.execute(
        p.database.db,
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`UPDATE journal_lines SET amount = 8 WHERE journal_entry_id = ${id}`.execute(
        p.database.db,
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`DELETE FROM journal_lines WHERE journal_entry_id = ${id}`.execute(p.database.db),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`DELETE FROM journal_entries WHERE id = ${id}`.execute(p.database.db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`TRUNCATE journal_lines CASCADE`.execute(p.database.db)).rejects.toThrow(
      /immutable/,
    );
  });

  it('refuses an unbalanced entry written straight to the database', async () => {
    await expect(
      p.database.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO journal_entries (id, tenant_id, date, created_at) VALUES ('je_raw', ${t.id}, '2026-01-01', now())`.execute(
          trx,
        );
        await sql`INSERT INTO journal_lines (id, tenant_id, journal_entry_id, line_no, account_id, direction, amount, currency)
                  VALUES ('jel_raw1', ${t.id}, 'je_raw', 1, ${acct['1000']}, 'debit', 5, 'USD')`.execute(
          trx,
        );
      }),
    ).rejects.toThrow(/unbalanced/);
  });
});

describe('balance enforced by the database', () => {
  const line = (entryId: string, no: number, account: string, dir: string, amount: number) =>
    sql`(${`${entryId}_l${no}`}, ${t.id}, ${entryId}, ${no}, ${account}, ${dir}, ${amount}, 'USD')`;
  const writeEntries = (entryIds: string[], statements: ReturnType<typeof line>[][]) =>
    p.database.db.transaction().execute(async (trx) => {
      for (const id of entryIds) {
        await sql`INSERT INTO journal_entries (id, tenant_id, date, created_at)
                  VALUES (${id}, ${t.id}, '2026-01-01', now())`.execute(trx);
      }
      for (const rows of statements) {
        await sql`INSERT INTO journal_lines (id, tenant_id, journal_entry_id, line_no, account_id, direction, amount, currency)
                  VALUES ${sql.join(rows)}`.execute(trx);
      }
    });

  it('names the unbalanced entry among several written in one statement', async () => {
    await expect(
      writeEntries(
        ['je_pair_ok', 'je_pair_bad'],
        [
          [
            line('je_pair_ok', 1, acct['1000']!, 'debit', 5),
            line('je_pair_ok', 2, acct['3000']!, 'credit', 5),
            line('je_pair_bad', 1, acct['1000']!, 'debit', 5),
            line('je_pair_bad', 2, acct['3000']!, 'credit', 4),
          ],
        ],
      ),
    ).rejects.toThrow(/je_pair_bad is unbalanced/);
  });

  it("requires each statement to balance its entries' lines, not just the transaction", async () => {
    await expect(
      writeEntries(
        ['je_split'],
        [
          [line('je_split', 1, acct['1000']!, 'debit', 5)],
          [line('je_split', 2, acct['3000']!, 'credit', 5)],
        ],
      ),
    ).rejects.toThrow(/je_split is unbalanced/);
    await writeEntries(
      ['je_whole'],
      [
        [
          line('je_whole', 1, acct['1000']!, 'debit', 5),
          line('je_whole', 2, acct['3000']!, 'credit', 5),
        ],
      ],
    );
  });
});

describe('accounts a posting already knows', () => {
  const post = (key: string, lines: Array<[string, 'debit' | 'credit', number]>) =>
    p.call('POST', '/v1/journal_entries', { key, body: entry(lines) });

  it("refuses another tenant's account even after this process posted to it", async () => {
    const known = await post(t.adminKey, [
      [acct['1000']!, 'debit', 3],
      [acct['3000']!, 'credit', 3],
    ]);
    expect(known.status).toBe(201);
    const other = await p.newTenant('Other ledger');
    const own = await accountsByCode(p, other.adminKey);
    const res = await post(other.adminKey, [
      [own['1000']!, 'debit', 3],
      [acct['3000']!, 'credit', 3],
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'account_not_found',
      param: 'lines[1][account_id]',
    });
  });

  it("refuses, in the database, a journal line on another tenant's account", async () => {
    const other = await p.newTenant('Foreign lines');
    const write = p.database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO journal_entries (id, tenant_id, date, created_at)
                VALUES ('je_foreign', ${other.id}, '2026-01-01', now())`.execute(trx);
      await sql`INSERT INTO journal_lines (id, tenant_id, journal_entry_id, line_no, account_id, direction, amount, currency)
                VALUES ('jel_foreign1', ${other.id}, 'je_foreign', 1, ${acct['1000']}, 'debit', 5, 'USD'),
                       ('jel_foreign2', ${other.id}, 'je_foreign', 2, ${acct['3000']}, 'credit', 5, 'USD')`.execute(
        trx,
      );
    });
    await expect(write).rejects.toMatchObject({ code: '23503' });
  });

  it("refuses to change an account's tenant or currency, even as the owner", async () => {
    const other = await p.newTenant('Account mover');
    await expect(
      sql`UPDATE accounts SET currency = 'EUR' WHERE id = ${acct['1000']}`.execute(p.database.db),
    ).rejects.toThrow(/cannot change/);
    await expect(
      sql`UPDATE accounts SET tenant_id = ${other.id} WHERE id = ${acct['1000']}`.execute(
        p.database.db,
      ),
    ).rejects.toThrow(/cannot change/);
    await sql`UPDATE accounts SET name = 'Cash at hand' WHERE id = ${acct['1000']}`.execute(
      p.database.db,
    );
  });

  it('does not remember an account whose creating transaction rolled back', async () => {
    const { rows } = await sql<{ partner_id: string }>`
      SELECT partner_id FROM tenants WHERE id = ${t.id}`.execute(p.database.db);
    const target = { partnerId: rows[0]!.partner_id, tenantId: t.id };
    const ghost = 'acct_01m9300000ghostghostghost0';
    await expect(
      asSystemInTenant(p.database.db, target, 'test', async (tx) => {
        await sql`INSERT INTO accounts (id, tenant_id, code, name, type, currency)
                  VALUES (${ghost}, ${t.id}, '9999', 'Ghost', 'asset', 'USD')`.execute(tx.trx);
        await postEntry(tx, {
          date: '2026-03-01',
          lines: [
            { account_id: ghost, direction: 'debit', amount: 1 },
            { account_id: acct['3000']!, direction: 'credit', amount: 1 },
          ],
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const res = await post(t.adminKey, [
      [ghost, 'debit', 1],
      [acct['3000']!, 'credit', 1],
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'account_not_found',
      param: 'lines[0][account_id]',
    });
  });
});

describe('query plans under RLS', () => {
  it("checks an entry's lines through the tenant-led index, not a scan of the tenant's lines", async () => {
    const big = await p.newTenant('Big ledger');
    const a = await accountsByCode(p, big.adminKey);
    // Enough lines that a scan of the tenant's slice would be the expensive choice.
    await p.database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO journal_entries (id, tenant_id, date, created_at)
                SELECT 'je_bulk' || g, ${big.id}, '2026-01-01', now() FROM generate_series(1, 3000) g`.execute(
        trx,
      );
      await sql`INSERT INTO journal_lines (id, tenant_id, journal_entry_id, line_no, account_id, direction, amount, currency)
                SELECT 'jel_bulk' || g || '_' || n, ${big.id}, 'je_bulk' || g, n,
                       CASE n WHEN 1 THEN ${a['1000']} ELSE ${a['3000']} END,
                       CASE n WHEN 1 THEN 'debit' ELSE 'credit' END, 7, 'USD'
                  FROM generate_series(1, 3000) g, generate_series(1, 2) n`.execute(trx);
    });
    await sql`ANALYZE journal_lines`.execute(p.database.db);
    const plan = await asAppRole(p.database.db, { partnerId: 'par_x', tenantId: big.id }, (trx) =>
      sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON)
        SELECT 1 FROM journal_lines WHERE tenant_id = ${big.id} AND journal_entry_id = 'je_bulk7'
        GROUP BY currency HAVING sum(amount) <> 0`.execute(trx),
    );
    const text = JSON.stringify(plan.rows[0]);
    expect(text).toContain('journal_lines_entry_idx');
    expect(text).not.toContain('journal_lines_account_idx');
  });
});

describe('trial balance', () => {
  it('totals per account as of a date, debits equal to credits', async () => {
    const fresh = await p.newTenant('TB');
    const a = await accountsByCode(p, fresh.adminKey);
    const post = (lines: Array<[string, 'debit' | 'credit', number]>, date: string) =>
      p.call('POST', '/v1/journal_entries', { key: fresh.adminKey, body: entry(lines, date) });
    await post(
      [
        [a['1000']!, 'debit', 50_000],
        [a['3000']!, 'credit', 50_000],
      ],
      '2026-01-10',
    );
    await post(
      [
        [a['6100']!, 'debit', 12_000],
        [a['1000']!, 'credit', 12_000],
      ],
      '2026-02-01',
    );
    const jan = await p.call('GET', '/v1/reports/trial_balance?as_of=2026-01-31', {
      key: fresh.adminKey,
    });
    expect(jan.body.totals).toEqual([{ currency: 'USD', debit: 50_000, credit: 50_000 }]);
    expect(jan.body.accounts).toEqual([
      expect.objectContaining({ code: '1000', debit: 50_000, credit: 0 }),
      expect.objectContaining({ code: '3000', debit: 0, credit: 50_000 }),
    ]);
    const feb = await p.call('GET', '/v1/reports/trial_balance?as_of=2026-02-28', {
      key: fresh.adminKey,
    });
    expect(feb.body.accounts.find((x: { code: string }) => x.code === '1000')).toMatchObject({
      debit: 38_000,
    });
    expect(feb.body.totals).toEqual([{ currency: 'USD', debit: 50_000, credit: 50_000 }]);
    const bad = await p.call('GET', '/v1/reports/trial_balance?as_of=yesterday', {
      key: fresh.adminKey,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('as_of');
  });
});

describe('customers', () => {
  it('creates, lists, updates and deletes a customer', async () => {
    const created = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'Ada', email: 'ada@example.com' },
    });
    expect(created.body).toMatchObject({
      object: 'customer',
      name: 'Ada',
      email: 'ada@example.com',
      metadata: {},
    });
    const updated = await p.call('PATCH', `/v1/customers/${created.body.id}`, {
      key: t.adminKey,
      body: { email: null, metadata: { tier: 'gold' } },
    });
    expect(updated.body).toMatchObject({ email: null, metadata: { tier: 'gold' } });
    const deleted = await p.call('DELETE', `/v1/customers/${created.body.id}`, { key: t.adminKey });
    expect(deleted.body).toEqual({ id: created.body.id, object: 'customer', deleted: true });
    expect(
      (await p.call('GET', `/v1/customers/${created.body.id}`, { key: t.adminKey })).status,
    ).toBe(404);
    const list = await p.call('GET', '/v1/customers?limit=100', { key: t.adminKey });
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(created.body.id);
    expect(
      (await p.call('DELETE', `/v1/customers/${created.body.id}`, { key: t.adminKey })).status,
    ).toBe(404);
  });

  it('rejects an invalid email', async () => {
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'x', email: 'not-an-email' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('email');
  });
});
