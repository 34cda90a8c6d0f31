import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openKysely } from './driver.js';
import { pgliteConfig } from './pglite-connection.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** Closes the pool, then PGlite (CHECKPOINT first) when this handle owns it. */
  close(): Promise<void>;
  /** PGlite instance when embedded; tests use it to dump a migrated template. */
  pglite?: PGlite;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', () => {});
    const db = openKysely(pool);
    return { kind: 'postgres', db, close: () => db.destroy() };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    extensions: { vector },
  });
  // node-postgres over PGlite (PGlite's own adapter, plus pipelines in one call: see
  // pglite-connection.ts): same pg type parsing as the server, pool size 1, which serialises
  // transactions as PGlite (single writer) requires.
  // Never closed while idle either: a new client would share the session with the
  // prepared statements of the old one, which nothing would deallocate.
  const pool = new pg.Pool({ ...pgliteConfig(pglite), idleTimeoutMillis: 0 });
  const db = openKysely(pool);
  return {
    kind: 'pglite',
    db,
    pglite,
    async close() {
      await db.destroy();
      await pglite.exec('CHECKPOINT');
      await pglite.close();
    },
  };
}
