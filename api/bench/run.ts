/**
 * `npm run bench`: the API against bare Hono + pg baselines, on PostgreSQL then PGlite.
 * Prints figures and PASS/MISS against the targets; exits 0 whatever they say (it is not a
 * test). Options: --db=postgres|pglite|both, --cpu-prof[=DIR], --pair=read|write; env
 * BENCH_DURATION, BENCH_WARMUP (seconds), BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_QUIET_MAX
 * (%), BENCH_QUIET_WAIT (seconds). See bench/README.md.
 */
import { createBenchTenant, entryBody, expectStatus, randomBase62 } from './api-setup.js';
import { repoRoot } from './child.js';
import { machineSummary, sourceRevision, tempDir } from './environment.js';
import { type Figures, type LoadSettings, measure, type Target } from './load.js';
import {
  errorNotes,
  legend,
  p99Verdict,
  table,
  throughputVerdict,
  type Verdict,
} from './report.js';
import { Cleanup, type DbKind, probeOf, type Servers, startServers } from './servers.js';

const cleanup = new Cleanup();

type Only = 'read' | 'write' | undefined;

interface Options {
  dbs: DbKind[];
  /** Measure one pair only: quicker when working on one path. */
  only: Only;
  cpuProfDir: string | undefined;
  settings: LoadSettings;
}

/** `--name[=value]` on the command line, or npm's `npm_config_name` when npm swallowed it. */
function flag(name: string): string | undefined {
  for (const arg of process.argv.slice(2)) {
    if (arg === `--${name}`) return 'true';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  const fromNpm = process.env[`npm_config_${name.replaceAll('-', '_')}`];
  return fromNpm === '' ? undefined : fromNpm;
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
  return value;
}

function parseOptions(): Options {
  const db = flag('db') ?? 'both';
  if (db !== 'postgres' && db !== 'pglite' && db !== 'both') {
    throw new Error(`--db must be postgres, pglite or both (got '${db}')`);
  }
  const prof = flag('cpu-prof');
  const only = flag('pair');
  if (only !== undefined && only !== 'read' && only !== 'write') {
    throw new Error(`--pair must be read or write (got '${only}')`);
  }
  return {
    dbs: db === 'both' ? ['postgres', 'pglite'] : [db],
    only,
    cpuProfDir:
      prof === undefined ? undefined : prof === 'true' ? tempDir('fin-bench-prof-').path : prof,
    settings: {
      connections: envNumber('BENCH_CONNECTIONS', 50),
      warmupSeconds: envNumber('BENCH_WARMUP', 3),
      durationSeconds: envNumber('BENCH_DURATION', 12),
      rounds: envNumber('BENCH_ROUNDS', 4),
      quietMaxShare: envNumber('BENCH_QUIET_MAX', 10) / 100,
      quietWaitSeconds: envNumber('BENCH_QUIET_WAIT', 120),
    },
  };
}

interface Pair {
  api: Target;
  bare: Target;
}

async function targetsFor(servers: Servers, psk: string): Promise<{ read: Pair; write: Pair }> {
  const apiUrl = servers.api.ready[1] ?? '';
  const [, bareUrl = '', bareCash = '', bareEquity = ''] = servers.bare.ready;
  const tenant = await createBenchTenant(apiUrl, psk);
  const auth = { authorization: `Bearer ${tenant.secret}` };
  const json = { 'content-type': 'application/json' };
  return {
    read: {
      api: {
        label: '(a) API GET /v1/accounts/{id}',
        url: `${apiUrl}/v1/accounts/${tenant.cash}`,
        method: 'GET',
        headers: auth,
      },
      bare: {
        label: '(c) bare GET /accounts/{id} (1 SELECT)',
        url: `${bareUrl}/accounts/${bareCash}`,
        method: 'GET',
      },
    },
    write: {
      api: {
        label: '(b) API POST /v1/journal_entries',
        url: `${apiUrl}/v1/journal_entries`,
        method: 'POST',
        headers: { ...auth, ...json },
        body: entryBody(tenant.cash, tenant.equity),
      },
      bare: {
        label: '(d) bare POST (BEGIN; 3 INSERTs; COMMIT)',
        url: `${bareUrl}/journal_entries`,
        method: 'POST',
        headers: json,
        body: entryBody(bareCash, bareEquity),
      },
    },
  };
}

function verdicts(read?: [Figures, Figures], write?: [Figures, Figures]): Verdict[] {
  return [
    ...(read
      ? [
          throughputVerdict('(a)/(c)', read[0], read[1], 0.65),
          p99Verdict('(a)/(c)', read[0], read[1], 1.5),
        ]
      : []),
    ...(write
      ? [
          throughputVerdict('(b)/(d)', write[0], write[1], 0.5),
          p99Verdict('(b)/(d)', write[0], write[1]),
        ]
      : []),
  ];
}

async function benchDatabase(kind: DbKind, options: Options): Promise<Verdict[]> {
  const { connections, warmupSeconds, durationSeconds, rounds } = options.settings;
  const psk = `psk_${randomBase62(32)}`;
  const servers = await startServers(kind, psk, cleanup, options.cpuProfDir);
  // Read once the API child has loaded its sources: they may be edited while the bench runs.
  process.stdout.write(`\n== ${servers.title}\n   API source: ${sourceRevision(repoRoot)}\n`);
  process.stdout.write(
    `   ${connections} connections, ${warmupSeconds} s warm-up + ${durationSeconds} s measured per target, in ${rounds} windows taken in turn with its baseline's\n`,
  );
  const { read, write } = await targetsFor(servers, psk);
  for (const t of [read.api, read.bare]) await expectStatus(t, 200);
  for (const t of [write.api, write.bare]) await expectStatus(t, 201);

  const reads = options.only === 'write' ? undefined : await runPair(read, servers, options);
  const writes = options.only === 'read' ? undefined : await runPair(write, servers, options);

  const rows = [...(reads ?? []), ...(writes ?? [])];
  const results = verdicts(reads, writes);
  const lines = ['', ...table(rows), '', ...results.map((v) => v.line), ...errorNotes(rows)];
  process.stdout.write(`${lines.map((l) => (l ? `   ${l}` : l)).join('\n')}\n`);
  return results;
}

/** The API target and its baseline, measured in alternating windows (see measure). */
async function runPair(
  pair: Pair,
  servers: Servers,
  options: Options,
): Promise<[Figures, Figures]> {
  process.stdout.write(`   measuring ${pair.api.label} and ${pair.bare.label} ...\n`);
  const [api, bare] = await measure(
    [
      { target: pair.api, probe: probeOf(servers.api, servers) },
      { target: pair.bare, probe: probeOf(servers.bare, servers) },
    ],
    options.settings,
  );
  if (!api || !bare) throw new Error('unreachable: two targets were measured');
  return [api, bare];
}

async function main(): Promise<void> {
  const options = parseOptions();
  process.on('SIGINT', () => {
    void cleanup.run().then(() => process.exit(130));
  });
  process.stdout.write(`FinACEverse API bench — ${new Date().toISOString()}\n`);
  process.stdout.write(`Machine: ${machineSummary()}\n`);
  if (options.cpuProfDir)
    process.stdout.write(`CPU profiles of the API server: ${options.cpuProfDir}\n`);
  const all: Verdict[] = [];
  for (const kind of options.dbs) {
    try {
      all.push(...(await benchDatabase(kind, options)));
    } catch (err) {
      process.stderr.write(`\n${kind} bench failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    } finally {
      await cleanup.run();
    }
  }
  const passes = all.filter((v) => v.pass === true).length;
  const misses = all.filter((v) => v.pass === false).length;
  process.stdout.write(
    `\n${legend.join('\n')}\n\n${passes} targets PASS, ${misses} MISS (figures, not a test: the exit code ignores them)\n`,
  );
}

await main();
