/**
 * Baseline server for the bench: Hono + pg with no kernel (no auth, no RLS transaction, no
 * events or audit). GET /accounts/:id reads one row by primary key; POST /journal_entries
 * runs BEGIN; 3 INSERTs; COMMIT. Runs against PostgreSQL (BARE_DATABASE_URL) or a PGlite data
 * dir (BARE_PGLITE_DIR) through PGlite's node-postgres adapter, as the API does.
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const schema = `
  CREATE TABLE IF NOT EXISTS bare_accounts (
    id text PRIMARY KEY,
    tenant_id text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    currency char(3) NOT NULL,
    description text,
    debits_posted bigint NOT NULL DEFAULT 0,
    credits_posted bigint NOT NULL DEFAULT 0,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS bare_journal_entries (
    id text PRIMARY KEY,
    tenant_id text NOT NULL,
    date date NOT NULL,
    description text,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS bare_journal_lines (
    id text PRIMARY KEY,
    tenant_id text NOT NULL,
    journal_entry_id text NOT NULL REFERENCES bare_journal_entries(id),
    line_no integer NOT NULL,
    account_id text NOT NULL REFERENCES bare_accounts(id),
    direction text NOT NULL,
    amount bigint NOT NULL,
    currency char(3) NOT NULL
  );`;

const TENANT = 'ten_bare';

interface AccountRow {
  id: string;
  code: string;
  name: string;
  type: string;
  currency: string;
  description: string | null;
  debits_posted: string;
  credits_posted: string;
  metadata: unknown;
  created_at: Date;
}

interface Line {
  account_id: string;
  direction: 'debit' | 'credit';
  amount: number;
}

interface Database {
  pool: pg.Pool;
  close(): Promise<void>;
}

async function openDatabase(): Promise<Database> {
  const url = process.env.BARE_DATABASE_URL;
  if (url) {
    const max = Number(process.env.BARE_POOL_SIZE ?? '20');
    const pool = new pg.Pool({ connectionString: url, max });
    pool.on('error', () => {});
    return { pool, close: () => pool.end() };
  }
  const dataDir = process.env.BARE_PGLITE_DIR;
  if (!dataDir) throw new Error('Set BARE_DATABASE_URL or BARE_PGLITE_DIR');
  const pglite = await PGlite.create({ dataDir });
  const pool = new pg.Pool(createPgConfig(pglite));
  return {
    pool,
    async close() {
      await pool.end();
      await pglite.exec('CHECKPOINT');
      await pglite.close();
    },
  };
}

async function seed(pool: pg.Pool): Promise<[string, string]> {
  await pool.query(schema);
  const cash = `acct_${randomUUID()}`;
  const equity = `acct_${randomUUID()}`;
  await pool.query(
    `INSERT INTO bare_accounts (id, tenant_id, code, name, type, currency)
     VALUES ($1, $3, '1000', 'Cash', 'asset', 'USD'),
            ($2, $3, '3000', 'Owner''s Equity', 'equity', 'USD')`,
    [cash, equity, TENANT],
  );
  return [cash, equity];
}

function toAccount(row: AccountRow) {
  const debits = Number(row.debits_posted);
  const credits = Number(row.credits_posted);
  return {
    id: row.id,
    object: 'account',
    code: row.code,
    name: row.name,
    type: row.type,
    currency: row.currency,
    description: row.description,
    balance: row.type === 'asset' ? debits - credits : credits - debits,
    debits_posted: debits,
    credits_posted: credits,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
  };
}

function isLine(value: unknown): value is Line {
  if (!value || typeof value !== 'object') return false;
  const l = value as Record<string, unknown>;
  return (
    typeof l.account_id === 'string' &&
    (l.direction === 'debit' || l.direction === 'credit') &&
    typeof l.amount === 'number'
  );
}

/** The two-line entry body the API takes; undefined when it is not one. */
function parseEntry(body: unknown): { date: string; lines: [Line, Line] } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { date, lines } = body as Record<string, unknown>;
  if (typeof date !== 'string' || !Array.isArray(lines) || lines.length !== 2) return undefined;
  const [first, second] = lines as unknown[];
  if (!isLine(first) || !isLine(second)) return undefined;
  return { date, lines: [first, second] };
}

async function insertEntry(pool: pg.Pool, date: string, lines: [Line, Line]): Promise<string> {
  const id = `je_${randomUUID()}`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO bare_journal_entries (id, tenant_id, date) VALUES ($1, $2, $3)',
      [id, TENANT, date],
    );
    for (const [i, l] of lines.entries()) {
      await client.query(
        `INSERT INTO bare_journal_lines
           (id, tenant_id, journal_entry_id, line_no, account_id, direction, amount, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'USD')`,
        [`jl_${randomUUID()}`, TENANT, id, i + 1, l.account_id, l.direction, String(l.amount)],
      );
    }
    await client.query('COMMIT');
    return id;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

function createApp(pool: pg.Pool) {
  const app = new Hono();
  app.get('/accounts/:id', async (c) => {
    const { rows } = await pool.query<AccountRow>(
      `SELECT id, code, name, type, currency, description, debits_posted, credits_posted,
              metadata, created_at
         FROM bare_accounts WHERE id = $1`,
      [c.req.param('id')],
    );
    const row = rows[0];
    return row ? c.json(toAccount(row), 200) : c.json({ error: 'not_found' }, 404);
  });
  app.post('/journal_entries', async (c) => {
    const entry = parseEntry(await c.req.json<unknown>());
    if (!entry) return c.json({ error: 'invalid_request' }, 400);
    const id = await insertEntry(pool, entry.date, entry.lines);
    return c.json({ id, object: 'journal_entry', date: entry.date, lines: entry.lines }, 201);
  });
  return app;
}

async function main(): Promise<void> {
  const database = await openDatabase();
  const [cash, equity] = await seed(database.pool);
  const { rows } = await database.pool.query<{ server_version: string }>('SHOW server_version');
  const version = rows[0]?.server_version ?? 'unknown';
  const app = createApp(database.pool);
  const server = serve(
    { fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT ?? '0') },
    (info) => {
      process.stdout.write(
        `bare listening on http://127.0.0.1:${info.port} accounts=${cash},${equity} version=${version}\n`,
      );
    },
  );
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await new Promise<void>((ok) => server.close(() => ok()));
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

await main();
