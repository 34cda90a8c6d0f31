import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Result } from 'autocannon';
import { type CpuUse, cpuBetween, snapshot } from './cpu.js';

export interface Target {
  label: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Before each target, wait while other processes use more than this share of the CPU… */
  quietMaxShare: number;
  /** …but no longer than this. */
  quietWaitSeconds: number;
}

/** The server under load, as the runner sees it. */
export interface Probe {
  /** Queries the server has sent to the database so far. */
  queries(): Promise<number>;
  /** The server process under load. */
  serverPid: number;
  /** Processes whose CPU time is the bench's own (the runner is added). */
  pids: number[];
  /** The PostgreSQL database the servers use; undefined when it runs inside them (PGlite). */
  database: string | undefined;
}

export interface Figures {
  label: string;
  /** Completed responses in the measured window. */
  responses: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Count per status code, for reporting what the non-2xx were. */
  statuses: Record<string, number>;
  /** Database queries per request sent in the window. */
  queriesPerRequest: number;
  /** CPU milliseconds per response spent by the server process. */
  serverCpuMs: number;
  /** CPU milliseconds per response spent by PostgreSQL (NaN when it runs inside the server). */
  databaseCpuMs: number;
  /** Share of the machine's CPU used by unrelated processes during the window. */
  otherCpu: number;
}

/** Nearest-rank percentile of ascending-sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

function run(
  target: Target,
  connections: number,
  seconds: number,
  onLatency?: (ms: number) => void,
) {
  const instance = autocannon({
    url: target.url,
    method: target.method,
    connections,
    duration: seconds,
    timeout: 30,
    ...(target.headers ? { headers: target.headers } : {}),
    ...(target.body === undefined ? {} : { body: target.body }),
  });
  if (onLatency) {
    // autocannon's own histogram keeps whole milliseconds; the event carries the exact value.
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
      onLatency(ms),
    );
  }
  return instance;
}

/**
 * Waits until the server has stopped querying: requests the load generator abandoned at the
 * end of a run still execute server-side, and must neither run into the next window nor be
 * left out of the query count of the one they belong to.
 */
async function drained(probe: Probe, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe.queries();
  for (;;) {
    await sleep(300);
    const now = await probe.queries();
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}

function toFigures(
  target: Target,
  result: Result,
  latencies: number[],
  queries: number,
  cpu: CpuUse,
  probe: Probe,
): Figures {
  const perResponseMs = (seconds: number) => (seconds * 1000) / result.requests.total;
  const sorted = Float64Array.from(latencies).sort();
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  return {
    label: target.label,
    responses: result.requests.total,
    seconds: result.duration,
    reqPerSec: result.requests.total / result.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    queriesPerRequest: queries / result.requests.sent,
    serverCpuMs: perResponseMs(cpu.seconds(probe.serverPid)),
    databaseCpuMs: probe.database ? perResponseMs(cpu.postgresSeconds) : Number.NaN,
    otherCpu: cpu.otherShare,
  };
}

const QUIET_SECONDS = 3;

/** On a shared machine, waits (bounded) for unrelated processes to leave the CPU alone. */
async function quiet(probe: Probe, pids: number[], settings: LoadSettings): Promise<void> {
  const deadline = Date.now() + settings.quietWaitSeconds * 1000;
  let waiting = false;
  let quietFor = 0;
  while (quietFor < QUIET_SECONDS) {
    const before = snapshot(pids, probe.database);
    await sleep(1000);
    const share = cpuBetween(before, snapshot(pids, probe.database)).otherShare;
    if (Number.isNaN(share)) return;
    quietFor = share > settings.quietMaxShare ? 0 : quietFor + 1;
    if (quietFor > 0) continue;
    if (Date.now() > deadline) {
      process.stdout.write(
        `   still ${(share * 100).toFixed(0)} % busy elsewhere; measuring anyway\n`,
      );
      return;
    }
    if (!waiting) {
      process.stdout.write(
        `   other processes use ${(share * 100).toFixed(0)} % of the CPU; waiting up to ${settings.quietWaitSeconds} s ...\n`,
      );
      waiting = true;
    }
  }
}

/** Waits for a quiet machine, warms the target up, lets the server drain, measures. */
export async function measure(
  target: Target,
  settings: LoadSettings,
  probe: Probe,
): Promise<Figures> {
  const pids = [process.pid, ...probe.pids];
  await quiet(probe, pids, settings);
  if (settings.warmupSeconds > 0) await run(target, settings.connections, settings.warmupSeconds);
  const queriesBefore = await drained(probe);
  const cpuBefore = snapshot(pids, probe.database);
  const latencies: number[] = [];
  const result = await run(target, settings.connections, settings.durationSeconds, (ms) =>
    latencies.push(ms),
  );
  const cpuAfter = snapshot(pids, probe.database);
  const queries = (await drained(probe)) - queriesBefore;
  return toFigures(target, result, latencies, queries, cpuBetween(cpuBefore, cpuAfter), probe);
}
