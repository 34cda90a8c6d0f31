import {
  type Compilable,
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { inlineParameters } from './inline.js';
import {
  bindValues,
  Pipeline,
  type PipelineResult,
  type PipelineStep,
  StatementCache,
} from './pipeline.js';
import type { Database } from './schema.js';

/** Kysely's PostgreSQL compiler, adapter and introspector, around a driver of ours. */
abstract class PostgresDialectOf implements Dialect {
  abstract createDriver(): Driver;
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

/**
 * Kysely's PostgreSQL dialect over a `pg.Pool`, with connections that can batch. Every
 * statement is a client round trip, and on the request path those dominate the cost (see
 * api/bench/README.md), so a connection can hold statements back and send them in one
 * write, as one pipeline (pipeline.ts), with the next query:
 *
 * - `queue(statements)`: sent ahead of the next query (a transaction's BEGIN and settings
 *   travel with its first query);
 * - `wrapEach(before, after)`: every query is sent as `before; query; after` (a read runs
 *   each query as its own one-round-trip implicit transaction);
 * - `run(statements)`: sends whatever is queued plus these (COMMIT with the last writes).
 *
 * A batched query's values are bound as node-postgres binds them. Without anything queued or
 * wrapped, queries go out exactly as Kysely's own driver sends them.
 */
export class FinPostgresDialect extends PostgresDialectOf {
  /** The driver Kysely asked for, once it has. */
  driver: FinPostgresDriver | undefined;
  constructor(private readonly pool: pg.Pool) {
    super();
  }
  createDriver(): Driver {
    this.driver = new FinPostgresDriver(this.pool);
    return this.driver;
  }
}

/** The dialect of a connection's own Kysely (FinConnection.db): every query on that one. */
class BoundDialect extends PostgresDialectOf {
  constructor(private readonly connection: FinConnection) {
    super();
  }
  createDriver(): Driver {
    return new BoundDriver(this.connection);
  }
}

/** The driver behind each Kysely opened by `openKysely`, for `withConnection`. */
const drivers = new WeakMap<Kysely<Database>, FinPostgresDriver>();

/** Kysely over `pool` with connections that batch (see FinPostgresDialect). */
export function openKysely(pool: pg.Pool): Kysely<Database> {
  const dialect = new FinPostgresDialect(pool);
  const db = new Kysely<Database>({ dialect });
  if (dialect.driver) drivers.set(db, dialect.driver);
  return db;
}

/**
 * Runs `fn` with one pooled connection, released when `fn` settles. `conn.db` is a Kysely
 * bound to that connection for as long as `fn` runs. Every request takes a connection this
 * way, so it skips what `db.connection().execute()` builds per call (a Kysely and a
 * connection provider; finding the batching connection behind them took a lookup query):
 * Kysely's frames were 3–4 % of the API's CPU samples on a small read (perf,
 * api/bench/README.md). Transactions are the caller's (asAppRole, readAsAppRole).
 */
export async function withConnection<T>(
  db: Kysely<Database>,
  fn: (conn: FinConnection) => Promise<T>,
): Promise<T> {
  const driver = drivers.get(db);
  if (!driver) throw new Error('withConnection needs a database opened with openKysely');
  const conn = await driver.acquireConnection();
  try {
    return await fn(conn);
  } finally {
    conn.release();
  }
}

class FinPostgresDriver implements Driver {
  readonly #connections = new WeakMap<pg.PoolClient, FinConnection>();
  #pool: pg.Pool | undefined;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<FinConnection> {
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

/** The driver of a connection's own Kysely (FinConnection.db): always that connection. */
class BoundDriver implements Driver {
  constructor(private readonly connection: FinConnection) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('a bound connection runs no Kysely transactions: use asAppRole');
  }
  async commitTransaction(): Promise<void> {
    throw new Error('a bound connection runs no Kysely transactions: use asAppRole');
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error('a bound connection runs no Kysely transactions: use asAppRole');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** A statement for a batch: plain SQL, or SQL with `$n` placeholders and their values. */
export type Statement = string | BoundStatement;

export interface BoundStatement {
  sql: string;
  parameters: readonly unknown[];
  /** Planner settings the statement runs under (`set_config(…, true)`, reset after it), for
   * a plan that PostgreSQL's estimates get wrong. Names and values are code constants, never
   * input. */
  settings?: PlannerSettings;
}

export type PlannerSettings = Readonly<Record<'enable_bitmapscan', 'on' | 'off'>>;

interface SettingStatements {
  apply: string[];
  restore: string[];
}

/** Rendered once per settings object: a query passes the same one on every call. */
const renderedSettings = new WeakMap<PlannerSettings, SettingStatements>();

/**
 * The statements that put `settings` in force for one statement, then take them back.
 * `set_config(…, true)` rather than `SET LOCAL`: a read's pipeline is an implicit transaction,
 * not a transaction block, and there `SET LOCAL` works but warns on every read.
 */
function settingStatements(settings: PlannerSettings): SettingStatements {
  let rendered = renderedSettings.get(settings);
  if (!rendered) {
    const names = Object.keys(settings) as Array<keyof PlannerSettings>;
    rendered = {
      apply: names.map((name) => `SELECT set_config('${name}', '${settings[name]}', true)`),
      restore: names.map((name) => `RESET ${name}`),
    };
    renderedSettings.set(settings, rendered);
  }
  return rendered;
}

/** Named statements kept per connection (least recently used go first). */
const MAX_PREPARED = 100;
/** Statements with more values than this (bulk inserts) run unnamed, parsed each time: their
 * text rarely repeats. A journal entry's statement (entry, lines and balance slots in one)
 * has 30–40 values for two to three lines and repeats all the time: prepared, PostgreSQL's
 * CPU per posting fell ~7 % (1.37 → 1.27 ms, mean of A/B runs, api/bench/README.md). */
const MAX_PREPARED_PARAMETERS = 100;

/** Kyselys bound to one connection (FinConnection.db), for queries that skip Kysely's executor. */
const boundConnections = new WeakMap<Kysely<Database>, FinConnection>();

export class FinConnection implements DatabaseConnection {
  #queued: Statement[] = [];
  #db: Kysely<Database> | undefined;
  #wrap: { before: Statement[]; after: Statement[] } | undefined;
  readonly #statements = new StatementCache(MAX_PREPARED);
  /** Planner settings for queries that carry none of their own (withPlannerSettings). */
  plannerSettings: PlannerSettings | undefined;
  /** Queries sent wrapped since the last `wrapEach`. */
  wrappedQueries = 0;

  constructor(private readonly client: pg.PoolClient) {}

  /**
   * A Kysely that runs every query on this connection, made once per pooled connection. Only
   * for use while the connection is held (withConnection); it starts no transactions.
   */
  get db(): Kysely<Database> {
    if (!this.#db) {
      this.#db = new Kysely<Database>({ dialect: new BoundDialect(this) });
      boundConnections.set(this.#db, this);
    }
    return this.#db;
  }

  /** Statements to send in one batch ahead of the next query (or `run`). */
  queue(statements: Statement[]): void {
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
   * Until `unwrap`, sends every query as one batch `before; query; after`. Without BEGIN in
   * it, PostgreSQL runs such a batch as one implicit transaction and rolls it back by itself
   * when a statement fails.
   */
  wrapEach(before: Statement[], after: Statement[]): void {
    this.#wrap = { before, after };
    this.wrappedQueries = 0;
  }

  unwrap(): void {
    this.#wrap = undefined;
  }

  /** Sends the queued statements and these in one batch. */
  async run(statements: Statement[]): Promise<void> {
    const batch = [...this.#queued, ...statements];
    this.#queued = [];
    if (batch.length > 0) await this.#send(batch, 0);
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.execute<R>(query);
  }

  /** A query as Kysely's executeQuery runs it, from its text and values alone (no
   * CompiledQuery, which Kysely builds and freezes per call: see reusableQuery). */
  execute<R>(query: BoundStatement): Promise<QueryResult<R>> {
    // Not async itself: it hands #send's promise on as it is.
    const wanted = query.settings ?? this.plannerSettings;
    const settings = wanted && settingStatements(wanted);
    if (this.#wrap) {
      const { before, after } = this.#wrap;
      this.wrappedQueries++;
      // A wrapped batch is a transaction of its own: a local setting ends with it.
      const head = settings ? [...before, ...settings.apply] : before;
      return this.#send<R>([...head, query, ...after], head.length);
    }
    if (this.#queued.length > 0 || settings) {
      const before = settings ? [...this.#queued, ...settings.apply] : this.#queued;
      this.#queued = [];
      return this.#send<R>([...before, query, ...(settings?.restore ?? [])], before.length);
    }
    return queryOn(this.client, query.sql, [...query.parameters]).then(toResult<R>);
  }

  /**
   * Sends `statements` in one write as one pipeline (pipeline.ts) and answers the result of
   * the one at `index`. Statements with values, and the fixed ones of our own code, run as
   * named statements, parsed once per connection: planning is most of what a small query
   * costs the server.
   */
  #send<R>(statements: Statement[], index: number): Promise<QueryResult<R>> {
    // Values are converted before anything is queued: one that throws (NUL) sends nothing.
    const steps = statements.map(pipelineStep);
    return new Promise<QueryResult<R>>((resolve, reject) => {
      const pipeline = new Pipeline(this.client, this.#statements, steps, index, (err, result) =>
        err || !result ? reject(err) : resolve(toResult<R>(result)),
      );
      // node-postgres takes any object with `submit` as a query (its Submittable).
      this.client.query(pipeline as unknown as pg.Submittable);
    });
  }

  streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not supported');
  }

  release(): void {
    this.#queued = [];
    this.#wrap = undefined;
    this.plannerSettings = undefined;
    this.client.release();
  }
}

/**
 * `client.query` through its callback. Awaiting the promise `client.query` returns kept every
 * result alive past the next young-generation GC: V8 promoted ~2.5 KB per read to the old
 * generation (`--trace-gc-nvp`: 0.8 MB promoted per scavenge against none through the
 * callback, same queries), and scavenges took 3–6 ms instead of 1. pg's own `pool.query`
 * uses the callback, which is why the bare baseline never paid for it (api/bench/README.md).
 * A multi-statement text answers an array of results.
 */
function queryOn<Answer = pg.QueryResult>(
  client: pg.PoolClient,
  text: string,
  values?: unknown[],
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const done = settle(resolve, reject);
    // The text itself, never a config object: pg copies a config object property by
    // property (cloneQueryConfig), ~1 % of the API's CPU on a small read (api/bench/README.md).
    if (values) client.query(text, values, done);
    else client.query(text, done);
  });
}

/**
 * A callback settling a promise. Made here, not as a named arrow in the caller: tsx keeps
 * function names (esbuild's keepNames), which wraps every named arrow in `__name(…)`, an
 * Object.defineProperty per call (~0.3 µs).
 */
function settle<Answer>(resolve: (answer: Answer) => void, reject: (err: Error) => void) {
  return (err: Error | null, result: unknown) => (err ? reject(err) : resolve(result as Answer));
}

/** What may carry bound values: utility statements (SET, LOCK, …) take none. */
const bindable = /^\s*(select|insert|update|delete|with|values)\b/i;

/**
 * A batch statement as a pipeline step. Plain SQL is a code constant (BEGIN, COMMIT, a
 * planner setting): named. A query with values is named unless it has too many to repeat
 * (bulk inserts); one without values runs unnamed (its text may be one-off). A utility
 * statement with values gets them inlined as literals, since it cannot bind them.
 */
function pipelineStep(statement: Statement): PipelineStep {
  if (typeof statement === 'string') return { sql: statement, values: [], named: true };
  const { sql, parameters } = statement;
  if (parameters.length === 0) return { sql, values: [], named: false };
  if (!bindable.test(sql)) {
    return { sql: inlineParameters(sql, parameters), values: [], named: false };
  }
  return {
    sql,
    values: bindValues(parameters),
    named: parameters.length <= MAX_PREPARED_PARAMETERS,
  };
}

function toResult<R>(result: pg.QueryResult | PipelineResult): QueryResult<R> {
  const { command, rowCount, rows } = result;
  const affected =
    command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return {
    ...(affected ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}),
    rows: (rows ?? []) as R[],
  };
}

/**
 * A statement whose text depends only on how many rows of each kind it writes (a posting's
 * lines, a write's events): `build` runs once per shape and the text is kept, so the hot
 * path neither rebuilds it nor changes it (each connection prepares it once, see #render).
 */
export function statementByShape(
  build: (first: number, second: number) => string,
): (first: number, second: number) => string {
  const built = new Map<string, string>();
  return (first, second) => {
    const shape = `${first}/${second}`;
    let text = built.get(shape);
    if (text === undefined) {
      text = build(first, second);
      built.set(shape, text);
    }
    return text;
  };
}

/**
 * A query whose SQL text is built and compiled once, then run again and again with new
 * values. On a small read, Kysely building and compiling the query costs the API about as
 * much CPU as the database spends running the prepared statement it becomes
 * (api/bench/README.md), and the text depends only on the query's shape. `build` receives a marker for each named
 * value and must use each one once, as a value (never as an identifier or raw SQL), so that
 * it compiles to one `$n`; anything else the query binds is kept as compiled.
 */
export function reusableQuery<Names extends string, Row>(
  names: readonly Names[],
  build: (db: Kysely<Database>, values: Record<Names, string>) => Compilable<Row>,
  /** Planner settings for the query (BoundStatement.settings), on a connection's own Kysely. */
  settings?: PlannerSettings,
): (db: Kysely<Database>, values: Record<Names, unknown>) => Promise<QueryResult<Row>> {
  let compiled: { sql: string; slots: Array<{ name: Names } | { value: unknown }> } | undefined;
  return (db, values) => {
    compiled ??= compileWithMarkers(db, names, build);
    const parameters = compiled.slots.map((slot) =>
      'name' in slot ? values[slot.name] : slot.value,
    );
    // On a connection's own Kysely, straight to the connection: Kysely's executor would only
    // hand the query over (no plugins are installed), and the CompiledQuery it takes would
    // be built and frozen for nothing.
    const bound = boundConnections.get(db);
    return bound
      ? bound.execute<Row>({ sql: compiled.sql, parameters, ...(settings ? { settings } : {}) })
      : (db.executeQuery(CompiledQuery.raw(compiled.sql, parameters)) as Promise<QueryResult<Row>>);
  };
}

/**
 * Runs `fn` with `settings` applied to every query it sends through `db`, a connection's own
 * Kysely (as BoundStatement.settings does for one query), for a query Kysely builds per call
 * that reusableQuery cannot hold (a list with optional filters). Elsewhere `fn` just runs.
 */
export async function withPlannerSettings<T>(
  db: Kysely<Database>,
  settings: PlannerSettings,
  fn: () => Promise<T>,
): Promise<T> {
  const bound = boundConnections.get(db);
  if (!bound) return fn();
  const before = bound.plannerSettings;
  bound.plannerSettings = settings;
  try {
    return await fn();
  } finally {
    bound.plannerSettings = before;
  }
}

function compileWithMarkers<Names extends string, Row>(
  db: Kysely<Database>,
  names: readonly Names[],
  build: (db: Kysely<Database>, values: Record<Names, string>) => Compilable<Row>,
) {
  // NUL never reaches a real value (PostgreSQL refuses it in text), so markers cannot clash.
  const markers = Object.fromEntries(names.map((n) => [n, `\0${n}\0`])) as Record<Names, string>;
  const { sql, parameters } = build(db, markers).compile();
  const byMarker = new Map<unknown, Names>(names.map((n) => [markers[n], n]));
  const slots = parameters.map((value) => {
    const name = byMarker.get(value);
    return name === undefined ? { value } : { name };
  });
  for (const name of names) {
    if (slots.filter((s) => 'name' in s && s.name === name).length !== 1) {
      throw new Error(`reusableQuery: value '${name}' must be bound exactly once`);
    }
  }
  return { sql, slots };
}
