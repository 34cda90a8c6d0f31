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
  /** The measured seconds of each target of a pair are split into this many windows, taken
   * in turn with the other target's, so that a change in the machine's speed during the run
   * (this VM's swings by up to 2×) falls on both targets alike. */
  rounds: number;
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

/** What the measured windows of one target gave, added up. */
interface Measured {
  responses: number;
  sent: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  latencies: number[];
  queries: number;
  serverCpuSeconds: number;
  postgresCpuSeconds: number;
  /** Other processes' CPU share times seconds, for a duration-weighted mean. */
  otherShareSeconds: number;
}

const emptyMeasured = (): Measured => ({
  responses: 0,
  sent: 0,
  seconds: 0,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  statuses: {},
  latencies: [],
  queries: 0,
  serverCpuSeconds: 0,
  postgresCpuSeconds: 0,
  otherShareSeconds: 0,
});

function addWindow(m: Measured, result: Result, queries: number, cpu: CpuUse, probe: Probe) {
  m.responses += result.requests.total;
  m.sent += result.requests.sent;
  m.seconds += result.duration;
  m.non2xx += result.non2xx;
  m.errors += result.errors;
  m.timeouts += result.timeouts;
  for (const [code, s] of Object.entries(result.statusCodeStats)) {
    m.statuses[code] = (m.statuses[code] ?? 0) + s.count;
  }
  m.queries += queries;
  m.serverCpuSeconds += cpu.seconds(probe.serverPid);
  m.postgresCpuSeconds += cpu.postgresSeconds;
  m.otherShareSeconds += cpu.otherShare * result.duration;
}

function toFigures(target: Target, m: Measured, probe: Probe): Figures {
  const perResponseMs = (seconds: number) => (seconds * 1000) / m.responses;
  const sorted = Float64Array.from(m.latencies).sort();
  return {
    label: target.label,
    responses: m.responses,
    seconds: m.seconds,
    reqPerSec: m.responses / m.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    non2xx: m.non2xx,
    errors: m.errors,
    timeouts: m.timeouts,
    statuses: m.statuses,
    queriesPerRequest: m.queries / m.sent,
    serverCpuMs: perResponseMs(m.serverCpuSeconds),
    databaseCpuMs: probe.database ? perResponseMs(m.postgresCpuSeconds) : Number.NaN,
    otherCpu: m.otherShareSeconds / m.seconds,
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

export interface Measurement {
  target: Target;
  probe: Probe;
}

/**
 * Waits for a quiet machine, warms every target up, then measures them in turn, one window
 * each per round (settings.rounds), letting each server drain before and after its window.
 * One target gives the plain measurement; a pair (API and bare) gives figures whose ratio
 * a change in the machine's speed during the run leaves alone.
 */
export async function measure(
  measurements: Measurement[],
  settings: LoadSettings,
  onWindow?: (label: string, round: number) => void,
): Promise<Figures[]> {
  const pids = [process.pid, ...new Set(measurements.flatMap((m) => m.probe.pids))];
  const probe = measurements[0]?.probe;
  if (!probe) return [];
  await quiet(probe, pids, settings);
  for (const { target } of measurements) {
    if (settings.warmupSeconds > 0) await run(target, settings.connections, settings.warmupSeconds);
  }
  const rounds = Math.max(1, Math.round(settings.rounds));
  const seconds = Math.max(1, Math.round(settings.durationSeconds / rounds));
  const totals = measurements.map(emptyMeasured);
  for (let round = 0; round < rounds; round++) {
    for (const [i, { target, probe }] of measurements.entries()) {
      const m = totals[i] as Measured;
      onWindow?.(target.label, round);
      const queriesBefore = await drained(probe);
      const cpuBefore = snapshot(pids, probe.database);
      const result = await run(target, settings.connections, seconds, (ms) => m.latencies.push(ms));
      const cpuAfter = snapshot(pids, probe.database);
      const queries = (await drained(probe)) - queriesBefore;
      addWindow(m, result, queries, cpuBetween(cpuBefore, cpuAfter), probe);
    }
  }
  return measurements.map(({ target, probe }, i) =>
    toFigures(target, totals[i] as Measured, probe),
  );
}
