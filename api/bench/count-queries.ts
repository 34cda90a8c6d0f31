/**
 * Preload for a server child (`--import ./api/bench/count-queries.ts`): counts every query
 * sent through node-postgres, which both the API (via Kysely) and the bare server use, on
 * PostgreSQL and PGlite alike. On SIGUSR2 it prints `bench:queries=<n>` on stdout.
 */
import pg from 'pg';

let queries = 0;
const original: (...args: unknown[]) => unknown = pg.Client.prototype.query;

Object.defineProperty(pg.Client.prototype, 'query', {
  configurable: true,
  writable: true,
  value: function countedQuery(this: pg.Client, ...args: unknown[]): unknown {
    queries += 1;
    return original.apply(this, args);
  },
});

process.on('SIGUSR2', () => {
  process.stdout.write(`bench:queries=${queries}\n`);
});
