import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { inlineParameters } from './inline.js';

/**
 * Kysely's PostgreSQL dialect over a `pg.Pool`, with connections that can batch. Every
 * statement is a client round trip, and on the request path those dominate the cost (see
 * api/bench/README.md), so a connection can hold statements back and send them in one
 * simple-protocol message with the next query:
 *
 * - `queue(statements)`: sent ahead of the next query (a transaction's BEGIN and settings
 *   travel with its first query);
 * - `wrapEach(before, after)`: every query is sent as `before; query; after` (a read runs
 *   each query as its own one-round-trip transaction);
 * - `run(statements)`: sends whatever is queued plus these (COMMIT with the last writes).
 *
 * A batched query has its values inlined as literals (see inline.ts). Without anything
 * queued or wrapped, queries go out exactly as Kysely's own driver sends them.
 */
export class FinPostgresDialect implements Dialect {
  constructor(private readonly pool: pg.Pool) {}
  createDriver(): Driver {
    return new FinPostgresDriver(this.pool);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class FinPostgresDriver implements Driver {
  readonly #connections = new WeakMap<pg.PoolClient, FinConnection>();
  #pool: pg.Pool | undefined;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#pool) throw new Error('driver has already been destroyed');
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new FinConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const mode = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
      settings.accessMode ?? '',
    ].join(' ');
    await connection.executeQuery(CompiledQuery.raw(`start transaction ${mode}`.trim()));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as FinConnection).release();
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }
}

/** Queries that ask for their connection instead of running (see connectionOf). */
const lookups = new WeakMap<CompiledQuery, (connection: FinConnection) => void>();

export class FinConnection implements DatabaseConnection {
  #queued: string[] = [];
  #wrap: { before: string[]; after: string[] } | undefined;
  /** Queries sent wrapped since the last `wrapEach`. */
  wrappedQueries = 0;

  constructor(private readonly client: pg.PoolClient) {}

  /** Statements to send in one batch ahead of the next query (or `run`). */
  queue(statements: string[]): void {
    this.#queued.push(...statements);
  }

  /** Whether queued statements are still waiting (nothing has been sent since `queue`). */
  get hasQueued(): boolean {
    return this.#queued.length > 0;
  }

  /** Drops queued statements unsent. */
  discardQueued(): void {
    this.#queued = [];
  }

  /**
   * Until `unwrap`, sends every query as one batch `before; query; after`. When a batch
   * fails, its transaction is rolled back before the error is rethrown.
   */
  wrapEach(before: string[], after: string[]): void {
    this.#wrap = { before, after };
    this.wrappedQueries = 0;
  }

  unwrap(): void {
    this.#wrap = undefined;
  }

  /** Sends the queued statements and these in one batch. */
  async run(statements: string[]): Promise<void> {
    const batch = [...this.#queued, ...statements];
    this.#queued = [];
    if (batch.length > 0) await this.client.query(batch.join(';\n'));
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const lookup = lookups.get(query);
    if (lookup) {
      lookup(this);
      return { rows: [] };
    }
    if (this.#wrap) return this.#wrapped(query, this.#wrap);
    if (this.#queued.length > 0) {
      const before = this.#queued;
      this.#queued = [];
      return this.#batch(before, query, []);
    }
    return toResult(await this.client.query(query.sql, [...query.parameters]));
  }

  async #wrapped<R>(query: CompiledQuery, wrap: { before: string[]; after: string[] }) {
    this.wrappedQueries++;
    try {
      return await this.#batch<R>(wrap.before, query, wrap.after);
    } catch (err) {
      // The batch stopped at the failing statement: its transaction is open and aborted.
      await this.client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  async #batch<R>(before: string[], query: CompiledQuery, after: string[]) {
    const text = [...before, inlineParameters(query.sql, query.parameters), ...after].join(';\n');
    const answer = (await this.client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    const result = Array.isArray(answer) ? answer[before.length] : answer;
    if (!result) throw new Error('batch returned fewer results than statements');
    return toResult<R>(result);
  }

  streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not supported');
  }

  release(): void {
    this.#queued = [];
    this.#wrap = undefined;
    this.client.release();
  }
}

function toResult<R>(result: pg.QueryResult): QueryResult<R> {
  const { command, rowCount, rows } = result;
  const affected =
    command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return {
    ...(affected ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}),
    rows: (rows ?? []) as R[],
  };
}

/** The batching connection behind a Kysely bound to one connection (`db.connection()`). */
export async function connectionOf<DB>(db: Kysely<DB>): Promise<FinConnection> {
  let found: FinConnection | undefined;
  const query = CompiledQuery.raw('SELECT 1 /* connection lookup */');
  lookups.set(query, (connection) => {
    found = connection;
  });
  await db.executeQuery(query);
  if (!found) throw new Error('the database is not opened with FinPostgresDialect');
  return found;
}
