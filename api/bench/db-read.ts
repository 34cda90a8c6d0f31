/**
 * `npm run bench:db-read`: PostgreSQL's CPU per read, the API's read message against the
 * bare server's `SELECT`, on the same database. The figures `npm run bench` prints for the
 * database move with the VM and with what else shares its two vCPUs; this takes the HTTP
 * servers out and alternates the two sides second by second, so both see the same machine.
 * Two identical sides measure within ~0.5 % of each other (api/bench/README.md).
 *
 * The API side runs the API's own read (readTenant + findAccount through the API's driver,
 * so exactly the message the API sends); the bare side runs the bare server's query. Each
 * has its own connections; PostgreSQL's CPU is read per backend from /proc. Linux and the
 * PostgreSQL server only. Prints figures; exits 0 whatever they say.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { findAccount } from '../src/modules/ledger/accounts.service.js';
import type { Auth } from '../src/platform/context.js';
import { openKysely } from '../src/platform/db/driver.js';
import { readTenant } from '../src/platform/tx.js';
import { createBenchTenant, randomBase62 } from './api-setup.js';
import { repoRoot } from './child.js';
import { processTicks } from './cpu.js';
import { machineSummary, sourceRevision } from './environment.js';
import { Cleanup, startServers } from './servers.js';

const SLICES = Number(process.env.BENCH_SLICES ?? '30');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '10');
const BARE_SQL = `SELECT id, code, name, type, currency, description, debits_posted, credits_posted,
              metadata, created_at
         FROM bare_accounts WHERE id = $1`;

interface Side {
  label: string;
  /** One read; resolves when its answer is in. */
  read: () => Promise<unknown>;
  applicationName: string;
  reads: number;
  ticks: number;
}

async function backendPids(admin: pg.Client, applicationName: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return rows.map((r) => r.pid);
}

const ticksOf = (pids: number[]) =>
  pids.reduce((sum, pid) => sum + (processTicks(pid)?.ticks ?? 0), 0);

/** Runs `side` on all its connections for one second; returns the reads completed. */
async function slice(side: Side, connections: number): Promise<number> {
  let stop = false;
  let reads = 0;
  const loops = Array.from({ length: connections }, async () => {
    while (!stop) {
      await side.read();
      reads++;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  stop = true;
  await Promise.all(loops);
  return reads;
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const pools: pg.Pool[] = [];
  try {
    const psk = `psk_${randomBase62(32)}`;
    const servers = await startServers('postgres', psk, cleanup, undefined);
    const tenant = await createBenchTenant(servers.api.ready[1] ?? '', psk);
    const bareCash = servers.bare.ready[2] ?? '';
    // The servers only set the database up; the loads below are ours.
    await servers.api.stop();
    await servers.bare.stop();
    const url = servers.databaseUrl;
    if (!url) throw new Error('the servers did not run on PostgreSQL');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query<{ key_id: string; partner_id: string }>(
      'SELECT k.id AS key_id, t.partner_id FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE t.id = $1',
      [tenant.tenantId],
    );
    const key = rows[0];
    if (!key) throw new Error('the bench tenant has no key');
    const auth: Auth = {
      kind: 'tenant',
      keyId: key.key_id,
      partnerId: key.partner_id,
      tenantId: tenant.tenantId,
      role: 'admin',
    };
    const poolFor = (applicationName: string) => {
      const pool = new pg.Pool({
        connectionString: url,
        max: CONNECTIONS,
        application_name: applicationName,
      });
      pools.push(pool);
      return pool;
    };
    const db = openKysely(poolFor('fin_db_read_api'));
    const barePool = poolFor('fin_db_read_bare');
    const sides: Side[] = [
      {
        label: 'API read (fin_begin + account, one pipeline)',
        applicationName: 'fin_db_read_api',
        read: () =>
          readTenant(db, { auth, requestId: `req_${randomUUID()}` }, (tx) =>
            findAccount(tx, tenant.cash),
          ),
        reads: 0,
        ticks: 0,
      },
      {
        label: 'bare SELECT (extended protocol)',
        applicationName: 'fin_db_read_bare',
        read: () => barePool.query(BARE_SQL, [bareCash]),
        reads: 0,
        ticks: 0,
      },
    ];
    // Both sides must read the account, or the figures would be of something else.
    const [api, bare] = await Promise.all(sides.map((s) => s.read()));
    if (!api || (bare as pg.QueryResult).rowCount !== 1) {
      throw new Error('a side did not read its account');
    }
    // Two warm-up slices each: connections open, statements prepared, caches warm.
    for (let i = 0; i < 4; i++) await slice(sides[i % 2] as Side, CONNECTIONS);
    const pids = await Promise.all(sides.map((s) => backendPids(admin, s.applicationName)));
    for (let i = 0; i < SLICES * 2; i++) {
      const side = sides[i % 2] as Side;
      const sidePids = pids[i % 2] ?? [];
      const before = ticksOf(sidePids);
      side.reads += await slice(side, CONNECTIONS);
      side.ticks += ticksOf(sidePids) - before;
    }
    await admin.end();
    const tick = 1_000_000 / 100; // µs per clock tick (USER_HZ 100)
    process.stdout.write(
      `PostgreSQL's CPU per read, ${SLICES} one-second slices per side, alternating, ${CONNECTIONS} connections each\n` +
        `machine: ${machineSummary()}; API source: ${sourceRevision(repoRoot)}\n`,
    );
    const perRead = sides.map((s) => (s.ticks * tick) / s.reads);
    sides.forEach((s, i) => {
      process.stdout.write(
        `  ${s.label.padEnd(46)} ${(perRead[i] ?? 0).toFixed(1).padStart(7)} µs  (${s.reads} reads)\n`,
      );
    });
    process.stdout.write(
      `  bare / API: ${(((perRead[1] ?? 0) / (perRead[0] ?? 1)) * 100).toFixed(1)} %\n`,
    );
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await cleanup.run();
  }
}

await main();
