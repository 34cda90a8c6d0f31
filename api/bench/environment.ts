import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where the bench creates and drops its databases (database `test`, user postgres). */
export const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresDatabase {
  name: string;
  url: string;
  serverVersion: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the PostgreSQL server, dropped (forcibly) by `drop`. */
export async function createPostgresDatabase(): Promise<PostgresDatabase> {
  const name = `fin_bench_${randomBytes(6).toString('hex')}`;
  const serverVersion = await withAdmin(async (client) => {
    await client.query(`CREATE DATABASE ${name}`);
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    serverVersion,
    drop: () =>
      withAdmin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function machineSummary(): string {
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  return `${availableParallelism()} CPUs (${cpuModel()}), ${gib} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** The commit the API runs from, flagged when api/src has uncommitted changes. */
export function sourceRevision(cwd: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'api/src') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in api/src' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}
