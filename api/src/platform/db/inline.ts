import pg from 'pg';

/**
 * Inlining bound values into SQL text, for the one kind of batched statement that cannot bind
 * them: a utility statement (SET, LOCK, …) with values. Every other batched statement binds
 * its values (pipeline.ts).
 *
 * Written here because no maintained library fits: pg-format and pg-promise format their
 * own placeholder syntaxes, not the `$n` of an already compiled Kysely query.
 *
 * Every value becomes a quoted literal of unknown type, which PostgreSQL resolves from
 * context exactly as it resolves an untyped bound parameter (node-postgres sends every
 * parameter as untyped text), and it is converted to text by node-postgres's own
 * `prepareValue`, so an inlined value means what the bound one would have meant.
 */

/** A text value PostgreSQL cannot store (NUL); bound or inlined, it would be refused. */
export class NulCharacterError extends Error {
  override name = 'NulCharacterError';
  constructor() {
    super('Text values cannot contain the NUL character (\\u0000).');
  }
}

const { prepareValue } = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils;

export type BindValue = string | Buffer | null;

/** A value as node-postgres binds it (text, a Buffer, or null); text holding NUL is refused
 * before anything is sent (PostgreSQL would refuse it too, as an encoding error that says
 * less). Batches bind these (pipeline.ts) or quote them (`literal`). */
export function bindValue(value: unknown): BindValue {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return null;
  if (Buffer.isBuffer(prepared)) return prepared;
  const text = String(prepared);
  if (text.includes('\0')) throw new NulCharacterError();
  return text;
}

/** A quoted SQL literal; `E'…'` when it holds backslashes, so it reads the same whatever
 * `standard_conforming_strings` says (a batch is parsed before any of it runs). */
export function literal(value: unknown): string {
  const bound = bindValue(value);
  if (bound === null) return 'NULL';
  const text = Buffer.isBuffer(bound) ? `\\x${bound.toString('hex')}` : bound;
  // Most values (ids, names, numbers) hold neither a quote nor a backslash, and quoting is
  // all they need: pg.escapeLiteral copies its input a character at a time, which made it
  // the largest allocation of a small read (api/bench/README.md).
  return needsEscaping.test(text) ? pg.escapeLiteral(text) : `'${text}'`;
}

const needsEscaping = /['\\]/;

/**
 * Replaces the `$1…$n` placeholders of `sql` with the literals of `parameters`, skipping
 * quoted strings, quoted identifiers, dollar-quoted bodies and comments.
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql;
  const literals = parameters.map(literal);
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skip = quotedEnd(sql, i);
    if (skip > i) {
      out += sql.slice(i, skip);
      i = skip;
      continue;
    }
    const placeholder = /^\$(\d+)/.exec(sql.slice(i, i + 12));
    if (placeholder && !isIdentifierChar(sql[i - 1])) {
      const index = Number(placeholder[1]) - 1;
      const value = literals[index];
      if (value === undefined) throw new Error(`No value for placeholder $${index + 1}`);
      out += value;
      i += placeholder[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}

const isIdentifierChar = (c: string | undefined) => c !== undefined && /[\w$]/.test(c);

/** Where the quoted region starting at `i` ends, or `i` when none starts there. */
function quotedEnd(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'") {
    // E'…' strings escape with backslashes; standard ones only by doubling the quote.
    const escapes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isIdentifierChar(sql[i - 2]);
    return stringEnd(sql, i, escapes);
  }
  if (c === '"') return stringEnd(sql, i, false, '"');
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end + 1;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  if (c === '$' && !isIdentifierChar(sql[i - 1])) {
    const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i));
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end === -1 ? sql.length : end + tag[0].length;
    }
  }
  return i;
}

function stringEnd(sql: string, start: number, backslashEscapes: boolean, quote = "'"): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}
