import type pg from 'pg';
import { type BindValue, bindValue } from './inline.js';

/**
 * Several statements sent in one write as extended-protocol messages (Parse/Bind/Execute per
 * statement, one Sync at the end), for the batching driver (driver.ts). PostgreSQL runs
 * everything before a Sync as one implicit transaction unless the statements open their own,
 * and after a failure it skips to the Sync and rolls that transaction back: the same
 * semantics as a multi-statement simple-protocol message, without what that message costs
 * the server per statement (parsing `EXECUTE name('literal', …)` and evaluating its literals
 * as expressions) or the client (quoting every value into the text, describing every result).
 *
 * node-postgres sends Parse/Bind/Describe/Execute/Sync for every query and has no way to put
 * several statements before one Sync, so this is a custom query object of its own (the
 * `submit` interface that pg-cursor also uses). Written here because no maintained library
 * pipelines within one transaction over a pg client: pg's own `pipeline` option sends a Sync
 * per query, which makes each a transaction of its own.
 */

/** Values as node-postgres binds them (bindValue); converted before anything is sent. */
export function bindValues(values: readonly unknown[]): BindValue[] {
  return values.map(bindValue);
}

/** One statement of a pipeline. */
export interface PipelineStep {
  sql: string;
  values: readonly BindValue[];
  /** Run as a named statement, parsed once per connection and kept (StatementCache). */
  named: boolean;
}

/** The wanted statement's answer, as Kysely's driver reads node-postgres's. */
export interface PipelineResult {
  command: string;
  rowCount: number | null;
  rows: Record<string, unknown>[];
}

interface Columns {
  names: string[];
  parsers: Array<(text: string) => unknown>;
}

const NO_COLUMNS: Columns = { names: [], parsers: [] };

interface NamedStatement {
  name: string;
  /** From the Describe sent with its Parse; set once that statement has run. */
  columns: Columns | undefined;
}

/** Names are unique in the process: PGlite's clients all share its one session. */
let statementNames = 0;

/**
 * The named statements of one connection, least recently used first. Statements evicted, or
 * whose existence on the server is uncertain (a pipeline failed around their Parse), are
 * closed at the end of the connection's next pipeline, after its own statements (so one
 * evicted by that pipeline may still run in it); closing a statement that does not exist is
 * no error.
 */
export class StatementCache {
  readonly #byText = new Map<string, NamedStatement>();
  #closing: string[] = [];

  constructor(private readonly max: number) {}

  /** The statement for `sql`, and whether it must be parsed in this pipeline. */
  use(sql: string): { statement: NamedStatement; parse: boolean } {
    let statement = this.#byText.get(sql);
    if (statement) {
      this.#byText.delete(sql);
      this.#byText.set(sql, statement);
      return { statement, parse: false };
    }
    if (this.#byText.size >= this.max) {
      const [oldestText, oldest] = this.#byText.entries().next().value as [string, NamedStatement];
      this.#byText.delete(oldestText);
      this.#closing.push(oldest.name);
    }
    statement = { name: `fin_${++statementNames}`, columns: undefined };
    this.#byText.set(sql, statement);
    return { statement, parse: true };
  }

  /** Drops a statement whose Parse may not have run; it is closed later. */
  forget(sql: string, statement: NamedStatement): void {
    if (this.#byText.get(sql) === statement) this.#byText.delete(sql);
    this.#closing.push(statement.name);
  }

  /** Names to close; a pipeline that fails hands back those it could not close. */
  takeClosing(): string[] {
    const names = this.#closing;
    if (names.length > 0) this.#closing = [];
    return names;
  }

  closeLater(names: readonly string[]): void {
    this.#closing.push(...names);
  }
}

/** The part of node-postgres's connection (or PGlite's stand-in for it) a pipeline writes to. */
interface ProtocolConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parse(query: { text: string; name?: string }): void;
  bind(config: { statement?: string; values?: readonly BindValue[] }): void;
  describe(message: { type: 'S' | 'P'; name?: string }): void;
  execute(config: { portal?: string; rows?: number }): void;
  close(message: { type: 'S'; name: string }): void;
  sync(): void;
}

interface FieldDescription {
  name: string;
  dataTypeID: number;
}

type Callback = (err: Error | null, result?: PipelineResult) => void;

const commandTag = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;

/**
 * A pipeline as a node-postgres query object: `client.query(pipeline)` queues it; the client
 * calls `submit` when the connection is free and routes the server's answers to the
 * `handle…` methods until ReadyForQuery (or an error), and `callback` gets the outcome. Only
 * the rows of the statement at `wanted` are parsed; the others' are skipped.
 */
export class Pipeline {
  #step = 0;
  #described: Columns | undefined;
  #named: Array<{ sql: string; statement: NamedStatement; parsed: boolean } | undefined> = [];
  #closed: string[] = [];
  readonly #result: PipelineResult = { command: '', rowCount: null, rows: [] };

  constructor(
    private readonly client: pg.ClientBase,
    private readonly cache: StatementCache,
    private readonly steps: readonly PipelineStep[],
    private readonly wanted: number,
    private callback: Callback | undefined,
  ) {}

  submit(connection: ProtocolConnection): void {
    // One write on a socket, one call into PGlite (pglite-connection.ts). PGlite's own
    // adapter cannot cork: there each message is a call of its own.
    connection.stream.cork?.();
    try {
      for (let i = 0; i < this.steps.length; i++) this.#write(connection, i);
      this.#closed = this.cache.takeClosing();
      for (const name of this.#closed) connection.close({ type: 'S', name });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
  }

  #write(connection: ProtocolConnection, i: number): void {
    const step = this.steps[i] as PipelineStep;
    if (step.named) {
      const { statement, parse } = this.cache.use(step.sql);
      this.#named[i] = { sql: step.sql, statement, parsed: parse };
      if (parse) {
        connection.parse({ text: step.sql, name: statement.name });
        connection.describe({ type: 'S', name: statement.name });
      }
      connection.bind({ statement: statement.name, values: step.values });
    } else {
      connection.parse({ text: step.sql });
      connection.bind({ values: step.values });
      if (i === this.wanted) connection.describe({ type: 'P' });
    }
    connection.execute({});
  }

  handleRowDescription(message: { fields: FieldDescription[] }): void {
    const { fields } = message;
    const names = new Array<string>(fields.length);
    const parsers = new Array<(text: string) => unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as FieldDescription;
      names[i] = field.name;
      parsers[i] = this.client.getTypeParser(field.dataTypeID, 'text');
    }
    this.#described = { names, parsers };
  }

  handleDataRow(message: { fields: Array<string | null> }): void {
    if (this.#step !== this.wanted) return;
    const columns = this.#described ?? this.#named[this.#step]?.statement.columns ?? NO_COLUMNS;
    const { names, parsers } = columns;
    const { fields } = message;
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const text = fields[i];
      row[names[i] as string] =
        text === null || text === undefined ? null : (parsers[i] as (t: string) => unknown)(text);
    }
    this.#result.rows.push(row);
  }

  handleCommandComplete(message: { text: string }): void {
    const named = this.#named[this.#step];
    if (named && !named.statement.columns) named.statement.columns = this.#described ?? NO_COLUMNS;
    if (this.#step === this.wanted) {
      const tag = commandTag.exec(message.text);
      if (tag) {
        this.#result.command = tag[1] as string;
        const count = tag[3] ?? tag[2];
        if (count !== undefined) this.#result.rowCount = Number(count);
      }
    }
    this.#described = undefined;
    this.#step++;
  }

  handleEmptyQuery(): void {
    this.#described = undefined;
    this.#step++;
  }

  handleError(err: Error): void {
    // The server skipped every message after the failure: statements parsed from the failing
    // one on may or may not exist now, and the Closes were not run. All are closed next time.
    for (let i = this.#step; i < this.#named.length; i++) {
      const named = this.#named[i];
      if (named?.parsed) this.cache.forget(named.sql, named.statement);
    }
    this.cache.closeLater(this.#closed);
    this.#settle(err);
  }

  handleReadyForQuery(): void {
    this.#settle(null, this.#result);
  }

  #settle(err: Error | null, result?: PipelineResult): void {
    const callback = this.callback;
    this.callback = undefined;
    callback?.(err, result);
  }
}
