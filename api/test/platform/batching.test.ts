import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openKysely,
  reusableQuery,
  withConnection,
  withPlannerSettings,
} from '../../src/platform/db/driver.js';
import { inlineParameters, literal, NulCharacterError } from '../../src/platform/db/inline.js';
import type { Database } from '../../src/platform/db/schema.js';
import { sealerFor } from '../../src/platform/events/sealer.js';
import { asAppRole, readAsAppRole } from '../../src/platform/tx.js';
import { testDbKind } from '../support/database.js';
import {
  accountsByCode,
  startTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../support/platform.js';

describe('inlining values into SQL text', () => {
  it('replaces every placeholder, $10 and beyond included', () => {
    const params = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    const text = params.map((_, i) => `$${i + 1}`).join(', ');
    expect(inlineParameters(text, params)).toBe(params.map((p) => `'${p}'`).join(', '));
  });

  it('leaves placeholders inside strings, identifiers, comments and dollar quotes alone', () => {
    const text = [
      `SELECT $1, '$1', 'it''s $1', E'\\' $1', "col$1", "a""$1"`,
      `-- $1 in a comment`,
      `/* $1 */ $$ $1 $$, $fn$ $1 $fn$, $2`,
    ].join('\n');
    expect(inlineParameters(text, ['a', 'b'])).toBe(
      [
        `SELECT 'a', '$1', 'it''s $1', E'\\' $1', "col$1", "a""$1"`,
        `-- $1 in a comment`,
        `/* $1 */ $$ $1 $$, $fn$ $1 $fn$, 'b'`,
      ].join('\n'),
    );
  });

  it('writes each kind of value as node-postgres would bind it', () => {
    expect(literal(null)).toBe('NULL');
    expect(literal(undefined)).toBe('NULL');
    expect(literal(42)).toBe(`'42'`);
    expect(literal(-7n)).toBe(`'-7'`);
    expect(literal(true)).toBe(`'true'`);
    expect(literal({ a: "o'k" })).toBe(`'{"a":"o''k"}'`);
    expect(literal(['x', 'y'])).toBe(`'{"x","y"}'`);
    expect(literal(Buffer.from([1, 255]))).toBe(` E'\\\\x01ff'`);
    expect(literal('back\\slash')).toBe(` E'back\\\\slash'`);
  });

  it("quotes any text exactly as node-postgres's escapeLiteral does", () => {
    const text = fc.string({ unit: fc.constantFrom('a', "'", '\\', 'é', ' ', '"', '$', '😀') });
    fc.assert(
      // NUL aside: literal refuses it (the next test).
      fc.property(
        fc.oneof(text, fc.string({ unit: 'binary' })).filter((s) => !s.includes('\0')),
        (s) => {
          expect(literal(s)).toBe(pg.escapeLiteral(s));
        },
      ),
    );
  });

  it('refuses text holding NUL instead of cutting the statement short', () => {
    expect(() => literal('a\0b')).toThrow(NulCharacterError);
  });

  it('complains about a placeholder without a value', () => {
    expect(() => inlineParameters('SELECT $2', ['a'])).toThrow(/\$2/);
  });
});

let p: TestPlatform;
let t: TestTenant;
let acct: Record<string, string>;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
  acct = await accountsByCode(p, t.adminKey);
});
afterAll(() => p.close());

/** Client round trips made while `fn` runs (every path goes through pg.Client#query). */
async function roundTrips(fn: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return count;
}

describe('batched statements on the database', () => {
  it('reads back any text inlined as a literal exactly as it was', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 5 }), async (values) => {
        const columns = values.map((_, i) => `$${i + 1}::text AS c${i}`).join(', ');
        const inlined = inlineParameters(`SELECT ${columns}`, values);
        const { rows } = await sql.raw<Record<string, string>>(inlined).execute(p.database.db);
        expect(Object.values(rows[0]!)).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });

  it('reads an account in one round trip and posts an entry in one, plus one to seal it', async () => {
    const path = `/v1/accounts/${acct['1000']}`;
    await p.call('GET', path, { key: t.adminKey }); // warms the key cache
    expect(await roundTrips(() => p.call('GET', path, { key: t.adminKey }))).toBe(1);
    const post = () =>
      roundTrips(async () => {
        const res = await p.call('POST', '/v1/journal_entries', {
          key: t.adminKey,
          body: {
            date: '2026-04-01',
            lines: [
              { account_id: acct['1000'], direction: 'debit', amount: 5 },
              { account_id: acct['3000'], direction: 'credit', amount: 5 },
            ],
          },
        });
        expect(res.status).toBe(201);
      });
    // First posting to these accounts: BEGIN+settings+account lookup, then
    // insert+record+COMMIT; then the seal, on its own connection.
    expect(await post()).toBe(3);
    // Their currencies are now known: BEGIN+settings+insert+record+COMMIT in one message.
    expect(await post()).toBe(2);
    const cash = await p.call('GET', path, { key: t.adminKey });
    expect(cash.body.balance).toBe(10);
  });

  it('creates a customer in one round trip, plus one to seal it', async () => {
    const trips = await roundTrips(async () => {
      const res = await p.call('POST', '/v1/customers', {
        key: t.adminKey,
        body: { name: 'One trip', metadata: { plan: 'pro' } },
      });
      expect(res.status).toBe(201);
    });
    expect(trips).toBe(2);
    const list = await p.call('GET', '/v1/customers?limit=1', { key: t.adminKey });
    expect(list.body.data[0]).toMatchObject({ name: 'One trip', metadata: { plan: 'pro' } });
  });

  it('seals a burst of commits of one tenant in one round trip, and calls made while it runs in one more', async () => {
    const sealer = sealerFor(p.database.db);
    const burst = await roundTrips(() =>
      Promise.all(Array.from({ length: 10 }, () => sealer.seal(t.id))),
    );
    expect(burst).toBe(1);
    const overlapping = await roundTrips(async () => {
      const first = Promise.all(Array.from({ length: 10 }, () => sealer.seal(t.id)));
      // The seal has started (it waits one turn of the event loop): these wait for the next.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([first, ...Array.from({ length: 10 }, () => sealer.seal(t.id))]);
    });
    expect(overlapping).toBe(2);
  });

  it('refuses writes inside a read', async () => {
    const session = { partnerId: 'par_x', tenantId: t.id };
    await expect(
      readAsAppRole(p.database.db, session, (trx) =>
        sql`INSERT INTO customers (id, tenant_id, name) VALUES ('cus_x', ${t.id}, 'x')`.execute(
          trx,
        ),
      ),
    ).rejects.toMatchObject({ code: '25006' });
  });

  it('leaves the connection clean after a failed read or a write that threw', async () => {
    const session = { partnerId: 'par_x', tenantId: t.id };
    await expect(
      readAsAppRole(p.database.db, session, (trx) => sql`SELECT 1/0`.execute(trx)),
    ).rejects.toMatchObject({ code: '22012' });
    await expect(
      asAppRole(p.database.db, session, async (trx) => {
        await sql`SELECT 1`.execute(trx);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    await expect(
      asAppRole(p.database.db, session, async () => {
        throw new Error('failed before any query');
      }),
    ).rejects.toThrow('failed before any query');
    // PGlite has one connection, so this reuses the one above; on the server, all of them.
    const states = await Promise.all(
      Array.from({ length: 12 }, () =>
        p.database.db.connection().execute((c) =>
          sql<{
            role: string;
            tenant: string | null;
            open: boolean;
          }>`SELECT current_user AS role, NULLIF(current_setting('app.tenant_id', true), '') AS tenant,
                      now() <> statement_timestamp() AS open`.execute(c),
        ),
      ),
    );
    for (const { rows } of states) {
      expect(rows[0]).toMatchObject({ tenant: null, open: false });
      expect(rows[0]!.role).not.toBe('fin_app');
    }
  });

  it('refuses NUL in a body, naming the field', async () => {
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'a\u0000b' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_invalid', param: 'name' });
  });

  it('names a nested field holding NUL by its full path', async () => {
    const res = await p.call('POST', '/v1/invoices', {
      key: t.adminKey,
      body: { customer_id: 'cus_x', lines: [{ description: 'ok' }, { description: 'a\u0000b' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ param: 'lines[1][description]' });
  });

  it('answers 400 for NUL in a query string value', async () => {
    const res = await p.call('GET', '/v1/events?type=a%00b', { key: t.adminKey });
    expect(res.status).toBe(400);
  });

  it('prepares a statement once per connection and keeps at most 100', async () => {
    await withConnection(p.database.db, async (conn) => {
      const trx = conn.db;
      const prepared = () =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements`
          .execute(trx)
          .then((r) => r.rows[0]!.n);
      const start = await prepared();
      conn.wrapEach(["SELECT 'wrapped'"], []);
      for (let i = 0; i < 3; i++) {
        const { rows } = await sql<{ v: number }>`SELECT ${i}::int + 1 AS v`.execute(trx);
        expect(rows[0]!.v).toBe(i + 1);
      }
      conn.unwrap();
      // The query, prepared once for three runs, and the wrapping statement (fixed SQL).
      expect(await prepared()).toBe(Math.min(start + 2, 100));
      conn.wrapEach(["SELECT 'wrapped'"], []);
      for (let i = 0; i < 130; i++) {
        const { rows } = await sql<{
          v: number;
        }>`SELECT ${i}::int + ${sql.raw(String(i))} AS v`.execute(trx);
        expect(rows[0]!.v).toBe(2 * i);
      }
      conn.unwrap();
      expect(await prepared()).toBe(100);
    });
  });

  it('runs a query under its planner settings and takes them back after it, in a read and in a transaction', async () => {
    const setting = sql<string>`current_setting('enable_bitmapscan')`;
    const hinted = reusableQuery(
      ['marker'],
      (db, v) =>
        db.selectNoFrom([setting.as('setting'), sql<string>`${v.marker}::text`.as('marker')]),
      { enable_bitmapscan: 'off' },
    );
    const plain = (trx: Kysely<Database>) =>
      sql<{ setting: string }>`SELECT ${setting} AS setting`.execute(trx).then((r) => r.rows[0]);
    const session = { partnerId: 'par_x', tenantId: t.id };
    const inRead = await readAsAppRole(p.database.db, session, async (trx) => [
      (await hinted(trx, { marker: 'read' })).rows[0],
      await plain(trx),
    ]);
    expect(inRead).toEqual([{ setting: 'off', marker: 'read' }, { setting: 'on' }]);
    const inTransaction = await asAppRole(p.database.db, session, async (trx) => [
      await plain(trx),
      (await hinted(trx, { marker: 'first' })).rows[0],
      await plain(trx),
      (await hinted(trx, { marker: 'again' })).rows[0],
      await plain(trx),
    ]);
    expect(inTransaction).toEqual([
      { setting: 'on' },
      { setting: 'off', marker: 'first' },
      { setting: 'on' },
      { setting: 'off', marker: 'again' },
      { setting: 'on' },
    ]);
  });

  it('applies planner settings to the queries run inside withPlannerSettings, and only to them', async () => {
    const setting = (trx: Kysely<Database>) =>
      sql<{ s: string }>`SELECT current_setting('enable_bitmapscan') AS s`
        .execute(trx)
        .then((r) => r.rows[0]!.s);
    const off = { enable_bitmapscan: 'off' } as const;
    const session = { partnerId: 'par_x', tenantId: t.id };
    const inRead = await readAsAppRole(p.database.db, session, async (trx) => [
      await withPlannerSettings(trx, off, () => setting(trx)),
      await setting(trx),
    ]);
    expect(inRead).toEqual(['off', 'on']);
    const inTransaction = await asAppRole(p.database.db, session, async (trx) => [
      await setting(trx),
      await withPlannerSettings(trx, off, async () => [await setting(trx), await setting(trx)]),
      await setting(trx),
    ]);
    expect(inTransaction).toEqual(['on', ['off', 'off'], 'on']);
  });

  it('recovers its statement cache when a message that prepared fails', async () => {
    await withConnection(p.database.db, async (conn) => {
      const trx = conn.db;
      conn.wrapEach(["SELECT 'wrapped'"], []);
      const divide = (d: number) =>
        sql<{ v: number }>`SELECT 10 / ${d}::int AS v /* recovery */`.execute(trx);
      await expect(divide(0)).rejects.toMatchObject({ code: '22012' });
      expect((await divide(5)).rows[0]!.v).toBe(2);
      await expect(divide(0)).rejects.toMatchObject({ code: '22012' });
      expect((await divide(2)).rows[0]!.v).toBe(5);
      conn.unwrap();
    });
  });

  it('closes the statements a failed batch may have prepared', async () => {
    await withConnection(p.database.db, async (conn) => {
      const trx = conn.db;
      conn.wrapEach(["SELECT 'wrapped'"], []);
      const divide = (d: number) =>
        sql<{ v: number }>`SELECT 10 / ${d}::int AS v /* closed after failing */`.execute(trx);
      for (let i = 0; i < 3; i++) await expect(divide(0)).rejects.toMatchObject({ code: '22012' });
      expect((await divide(5)).rows[0]!.v).toBe(2);
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_prepared_statements
         WHERE statement LIKE '%closed after failing%' AND statement NOT LIKE '%pg_prepared%'`.execute(
        trx,
      );
      conn.unwrap();
      // Three failed runs each prepared it under a new name; only the last name is left.
      expect(rows[0]!.n).toBe(1);
    });
  });

  it('parses a statement again after its parse failed, answering the same error', async () => {
    await withConnection(p.database.db, async (conn) => {
      conn.wrapEach(["SELECT 'wrapped'"], []);
      const broken = () => sql`SELECT no_such_column, ${1}::int AS v`.execute(conn.db);
      // Undefined column each time, never "prepared statement … does not exist".
      await expect(broken()).rejects.toMatchObject({ code: '42703' });
      await expect(broken()).rejects.toMatchObject({ code: '42703' });
      const { rows } = await sql<{ v: number }>`SELECT ${3}::int AS v`.execute(conn.db);
      conn.unwrap();
      expect(rows).toEqual([{ v: 3 }]);
    });
  });

  it('runs a batch that evicts statements it has already used', async () => {
    await withConnection(p.database.db, async (conn) => {
      const trx = conn.db;
      const before = Array.from({ length: 120 }, (_, i) => ({
        sql: `SELECT $1::int + ${i} AS v`,
        parameters: [i],
      }));
      conn.wrapEach(before, []);
      const { rows } = await sql<{ v: number }>`SELECT ${7}::int * 6 AS v`.execute(trx);
      expect(rows).toEqual([{ v: 42 }]);
      conn.unwrap();
      // Counted outside a batch: a wrapped count would run the 120 statements again first.
      const count = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_prepared_statements`.execute(trx);
      expect(count.rows[0]!.n).toBeLessThanOrEqual(100);
    });
  });

  it('binds any value in a batch as node-postgres binds it in a plain query', async () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\0')),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }),
      fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    );
    // A Buffer is bound in binary, as bytea; anything else as text.
    const asText = (db: Kysely<Database>, v: unknown) =>
      (Buffer.isBuffer(v)
        ? sql<{ v: Buffer }>`SELECT ${v}::bytea AS v`
        : sql<{ v: string | null }>`SELECT ${v}::text AS v`
      )
        .execute(db)
        .then((r) => r.rows[0]);
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const plain = await asText(p.database.db, v);
        const batched = await withConnection(p.database.db, async (conn) => {
          conn.wrapEach(["SELECT 'wrapped'"], []);
          try {
            return await asText(conn.db, v);
          } finally {
            conn.unwrap();
          }
        });
        expect(batched).toEqual(plain);
      }),
      { numRuns: 80 },
    );
  });

  it.runIf(testDbKind() === 'pglite')(
    'on PGlite, hands a read to PGlite in one call, as one write to a server',
    async () => {
      const pglite = p.database.pglite!;
      const path = `/v1/accounts/${acct['1000']}`;
      expect((await p.call('GET', path, { key: t.adminKey })).status).toBe(200);
      const original = pglite.execProtocolStream.bind(pglite);
      const calls: number[] = [];
      pglite.execProtocolStream = ((message: Uint8Array, options?: object) => {
        calls.push(message.length);
        return original(message, options);
      }) as typeof pglite.execProtocolStream;
      try {
        expect((await p.call('GET', path, { key: t.adminKey })).status).toBe(200);
      } finally {
        pglite.execProtocolStream = original;
      }
      // Bind/Execute for fin_begin, the planner setting and the account query, and Sync.
      expect(calls).toHaveLength(1);
    },
  );

  it.runIf(testDbKind() === 'pglite')(
    'on PGlite, two clients sharing its one session keep their prepared statements apart',
    async () => {
      const session = { partnerId: 'par_x', tenantId: t.id };
      const read = async (db: Kysely<Database>, marker: string) => {
        const { rows } = await readAsAppRole(db, session, (trx) =>
          sql<{ v: string }>`SELECT ${marker}::text AS v`.execute(trx),
        );
        expect(rows[0]!.v).toBe(marker);
      };
      const other = openKysely(new pg.Pool(createPgConfig(p.database.pglite!)));
      for (let i = 0; i < 3; i++) {
        await read(p.database.db, `main ${i}`);
        await read(other, `other ${i}`);
      }
      await other.destroy();
      await read(p.database.db, 'main after');
      const cash = await p.call('GET', `/v1/accounts/${acct['1000']}`, { key: t.adminKey });
      expect(cash.status).toBe(200);
    },
  );
});

describe('connections taken with withConnection', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p.close());

  it("runs queries on the connection's own Kysely, made once, which starts no transactions", async () => {
    const pids = await withConnection(p.database.db, async (conn) => {
      expect(conn.db).toBe(conn.db);
      // Its queries go through this connection: they are sent wrapped as it says.
      conn.wrapEach([], []);
      await sql`SELECT 1`.execute(conn.db);
      expect(conn.wrappedQueries).toBe(1);
      conn.unwrap();
      const pid = async () =>
        (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn.db)).rows[0]?.pid;
      await expect(conn.db.transaction().execute(async () => {})).rejects.toThrow(/asAppRole/);
      return [await pid(), await pid()];
    });
    expect(pids[0]).toBeTypeOf('number');
    expect(pids[1]).toBe(pids[0]);
  });

  it('gives the connection back when the work fails', async () => {
    const failing = withConnection(p.database.db, async () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    // With the pool of one on PGlite, a connection kept would leave this waiting forever.
    const { rows } = await withConnection(p.database.db, (conn) =>
      sql<{ one: number }>`SELECT 1 AS one`.execute(conn.db),
    );
    expect(rows[0]?.one).toBe(1);
  });
});
