import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerChild, startChild } from './child.js';
import { createPostgresDatabase, tempDir } from './environment.js';
import type { Probe } from './load.js';

export type DbKind = 'postgres' | 'pglite';

/** Undo steps, run newest first. */
export class Cleanup {
  #steps: Array<() => Promise<void> | void> = [];
  push(step: () => Promise<void> | void): void {
    this.#steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch (err) {
        process.stderr.write(`cleanup failed: ${(err as Error).message}\n`);
      }
    }
  }
}

const RATE_LIMIT_OFF = '1000000';

export function apiEnv(psk: string, dataDir: string, databaseUrl: string): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    FIN_DEMO: 'false',
    FIN_BOOTSTRAP_PARTNER_KEY: psk,
    FIN_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    REDIS_URL: '',
    FIN_RATE_LIMIT_TENANT_PER_SECOND: RATE_LIMIT_OFF,
    FIN_RATE_LIMIT_TENANT_BURST: RATE_LIMIT_OFF,
    FIN_RATE_LIMIT_KEY_PER_SECOND: RATE_LIMIT_OFF,
    FIN_RATE_LIMIT_KEY_BURST: RATE_LIMIT_OFF,
  };
}

/** The server under load; its query counter (bench/count-queries.ts) is read over SIGUSR2. */
export function probeOf(child: ServerChild, servers: Servers): Probe {
  return {
    serverPid: child.pid,
    pids: [servers.api.pid, servers.bare.pid],
    database: servers.database,
    async queries() {
      const line = child.nextLine(/^bench:queries=(\d+)$/);
      child.signal('SIGUSR2');
      return Number((await line)[1]);
    },
  };
}

export interface Servers {
  kind: DbKind;
  /** The PostgreSQL database, for the PostgreSQL run: its name and its URL. */
  database: string | undefined;
  databaseUrl: string | undefined;
  title: string;
  api: ServerChild;
  bare: ServerChild;
}

/** Starts the API and the bare server on a fresh database of `kind`; `cleanup` undoes it all. */
export async function startServers(
  kind: DbKind,
  psk: string,
  cleanup: Cleanup,
  cpuProfDir: string | undefined,
): Promise<Servers> {
  const apiDir = tempDir('fin-bench-api-');
  cleanup.push(apiDir.remove);
  let databaseUrl = '';
  let database: string | undefined;
  let bareEnv: Record<string, string>;
  let title: string;
  if (kind === 'postgres') {
    const db = await createPostgresDatabase();
    cleanup.push(db.drop);
    databaseUrl = db.url;
    database = db.name;
    bareEnv = { BARE_DATABASE_URL: db.url, BARE_POOL_SIZE: '20' };
    title = `PostgreSQL ${db.serverVersion} (database ${db.name})`;
  } else {
    const bareDir = tempDir('fin-bench-bare-');
    cleanup.push(bareDir.remove);
    bareEnv = { BARE_DATABASE_URL: '', BARE_PGLITE_DIR: bareDir.path };
    title = 'PGlite';
  }
  // Counting is an integer increment per query: cheap enough to leave on for every run.
  const counting = ['--import', './api/bench/count-queries.ts'];
  const profiling = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfDir, kind)}`] : [];
  if (cpuProfDir) mkdirSync(join(cpuProfDir, kind), { recursive: true });
  const started = await Promise.allSettled([
    startChild({
      name: 'API server',
      script: 'api/src/main.ts',
      env: apiEnv(psk, apiDir.path, databaseUrl),
      nodeArgs: [...counting, ...profiling],
      ready: /FinACEverse API listening on (http:\/\/\S+)/,
      readyTimeoutMs: 180_000,
    }),
    startChild({
      name: 'bare server',
      script: 'api/bench/bare-server.ts',
      env: { PORT: '0', ...bareEnv },
      nodeArgs: counting,
      ready: /^bare listening on (http:\/\/\S+) accounts=(\S+),(\S+) version=(.*)$/,
      readyTimeoutMs: 180_000,
    }),
  ]);
  // Whichever started is stopped by cleanup even when the other failed.
  for (const s of started) if (s.status === 'fulfilled') cleanup.push(() => s.value.stop());
  const [api, bare] = started.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
  if (!api || !bare) throw new Error('unreachable: two children were started');
  if (kind === 'pglite') title = `PGlite (PostgreSQL ${bare.ready[4]} in WASM, one per server)`;
  return { kind, database, databaseUrl: databaseUrl || undefined, title, api, bare };
}
