/**
 * Webhook delivery benchmark (not a test): events committed through the API on PostgreSQL
 * → delivered to a local receiver. Prints deliveries/s sustained while the API commits,
 * commit-to-receipt latency p50/p99, and as the baseline the receiver's own throughput
 * under autocannon alone. Exits 0 whatever the figures say; 1 if it could not produce them.
 *
 *   npm run bench:webhooks              (BENCH_DURATION, BENCH_CONNECTIONS as for the HTTP bench)
 *
 * Each mode runs with one endpoint subscribed, then with BENCH_FANOUT endpoints (default 4)
 * subscribed to the same events: one delivery per endpoint and event, as a partner with
 * several consumers (its app, a warehouse, an automation tool) sees them.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Options, type Result } from 'autocannon';
import { createBenchTenant, expectStatus, randomBase62 } from '../api-setup.js';
import { repoRoot, type ServerChild, startChild } from '../child.js';
import { createPostgresDatabase, machineSummary, sourceRevision } from '../environment.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
/** Seconds of the same load before the window, whose deliveries are drained and forgotten:
 * the API and the dispatcher start cold, and V8 compiling their hot paths took about a
 * quarter of the API's CPU during a window that started cold (helper threads in `perf`). */
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const fanout = Number(process.env.BENCH_FANOUT ?? 4);
/** Commits offered per second, evenly spaced (see `paced`); unset: autocannon commits as
 * fast as the API answers. */
const commitRate = process.env.BENCH_COMMIT_RATE ? Number(process.env.BENCH_COMMIT_RATE) : 0;
/** A delivery rate counts as sustained when the backlog at the window's end drains this fast. */
const SUSTAINED_DRAIN_SECONDS = 1;
const TARGET_RATE = 1000;
const TARGET_P50_MS = 50;

interface Stats {
  count: number;
  /** Distinct (endpoint, event) deliveries. */
  unique: number;
  /** Distinct events. */
  events: number;
  p50: number;
  p99: number;
}

const load = async (options: Options): Promise<Result> => autocannon(options);

/**
 * Open-loop load: `rate` POSTs per second for `seconds`, started on a 2 ms tick whether or
 * not earlier ones have been answered (at most `connections` in flight; beyond that a
 * request waits for a socket, and the shortfall shows as a lower commit rate). Written here
 * because autocannon's `overallRate` releases each second's quota as a burst at the start
 * of the second, which measures queueing behind the burst, not latency at a steady rate.
 */
async function paced(
  url: string,
  headers: Record<string, string>,
  body: string,
  rate: number,
  seconds: number,
): Promise<{ ok: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const counts = { ok: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const send = () => {
    const done = new Promise<void>((resolve) => {
      const req = request(url, { method: 'POST', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 201) counts.ok++;
          else counts.failed++;
          resolve();
        });
      });
      req.on('error', () => {
        counts.failed++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const started = performance.now();
  let sent = 0;
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= seconds) break;
    const due = Math.floor(elapsed * rate);
    while (sent < due) {
      send();
      sent++;
    }
    await sleep(2);
  }
  await Promise.all(inFlight);
  agent.destroy();
  return counts;
}

const stats = async (url: string): Promise<Stats> =>
  (await (await fetch(`${url}/stats`)).json()) as Stats;

/** `separate`: the API commits, a dispatcher process of its own delivers. `endpoints`:
 * how many endpoints subscribe to every event. */
async function main(separate: boolean, endpoints: number): Promise<void> {
  const children: ServerChild[] = [];
  const database = await createPostgresDatabase();
  try {
    process.stdout.write(
      `FinACEverse webhook delivery bench — ${new Date().toISOString()}\n${machineSummary()}\n` +
        `PostgreSQL ${database.serverVersion}, API source ${sourceRevision(repoRoot)}\n` +
        `${connections} connections, ${commitRate ? `${commitRate} commits/s offered evenly` : 'commits as fast as answered'}, ${warmup} s warm-up + ${duration} s per phase; dispatcher ${separate ? 'in its own process' : 'inside the API process'}; ${endpoints} endpoint(s) per event\n\n`,
    );
    const partnerKey = `psk_${randomBase62(32)}`;
    const receiver = await startChild({
      name: 'receiver',
      script: 'api/bench/webhooks/receiver.ts',
      env: {},
      ready: /receiver listening on (http:\/\/\S+)/,
      readyTimeoutMs: 20_000,
    });
    children.push(receiver);
    const receiverUrl = receiver.ready[1]!;
    const apiEnv = {
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '20',
      FIN_BOOTSTRAP_PARTNER_KEY: partnerKey,
      FIN_DEMO: 'false',
      LOG_LEVEL: 'silent',
      PORT: '0',
      FIN_RATE_LIMIT_TENANT_PER_SECOND: '1000000',
      FIN_RATE_LIMIT_TENANT_BURST: '1000000',
      FIN_RATE_LIMIT_KEY_PER_SECOND: '1000000',
      FIN_RATE_LIMIT_KEY_BURST: '1000000',
      FIN_WEBHOOK_ALLOW_PRIVATE: 'true',
      FIN_WEBHOOK_CONCURRENCY: '50',
      FIN_WEBHOOK_POLL_MS: '200',
    };
    const api = await startChild({
      name: 'api',
      script: 'api/src/main.ts',
      env: { ...apiEnv, FIN_WEBHOOK_DISPATCH: separate ? 'false' : 'true' },
      ready: /listening on (http:\/\/\S+)/,
      readyTimeoutMs: 60_000,
    });
    children.push(api);
    const apiUrl = api.ready[1]!;
    if (separate) {
      children.push(
        await startChild({
          name: 'dispatcher',
          script: 'api/src/dispatcher-main.ts',
          env: { ...apiEnv, FIN_WEBHOOK_DISPATCH: 'true' },
          ready: /dispatcher running/,
          readyTimeoutMs: 60_000,
        }),
      );
    }

    // Baseline: the receiver alone, fed an event-sized body by autocannon.
    const sample = JSON.stringify({ id: 'evt_x', type: 'customer.created', data: {} });
    const alone = await load({
      url: `${receiverUrl}/hook`,
      method: 'POST',
      body: sample,
      connections,
      duration,
    });

    const tenant = await createBenchTenant(apiUrl, partnerKey);
    const auth = { authorization: `Bearer ${tenant.secret}`, 'content-type': 'application/json' };
    for (let i = 1; i <= endpoints; i++) {
      await expectStatus(
        {
          label: 'POST /v1/webhook_endpoints',
          url: `${apiUrl}/v1/webhook_endpoints`,
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            url: `${receiverUrl}/hook/${i}`,
            enabled_events: ['customer.created'],
          }),
        },
        201,
      );
    }
    const customer = JSON.stringify({ name: 'Bench customer' });
    /** Commits for `seconds` as configured (paced or as fast as answered): how many. */
    const commit = async (seconds: number): Promise<number> =>
      commitRate
        ? (await paced(`${apiUrl}/v1/customers`, auth, customer, commitRate, seconds)).ok
        : (
            await load({
              url: `${apiUrl}/v1/customers`,
              method: 'POST',
              headers: auth,
              body: customer,
              connections,
              duration: seconds,
            })
          )['2xx'];
    /** Waits until the receiver holds `expected` distinct deliveries (at most 120 s). */
    const drained = async (expected: number): Promise<{ stats: Stats; seconds: number }> => {
      const start = Date.now();
      let now = await stats(receiverUrl);
      while (now.unique < expected && Date.now() - start < 120_000) {
        await sleep(100);
        now = await stats(receiverUrl);
      }
      return { stats: now, seconds: (Date.now() - start) / 1000 };
    };
    await fetch(`${receiverUrl}/reset`, { method: 'POST' });
    let cold: Stats | undefined;
    if (warmup > 0) {
      cold = (await drained((await commit(warmup)) * endpoints)).stats;
      await fetch(`${receiverUrl}/reset`, { method: 'POST' });
    }

    const started = Date.now();
    const total = await commit(duration);
    const windowSeconds = (Date.now() - started) / 1000;
    const during = await stats(receiverUrl);
    const expected = total * endpoints;
    const { stats: after, seconds: drainSeconds } = await drained(expected);

    const rate = during.unique / windowSeconds;
    const commits = total / windowSeconds;
    const line = (label: string, value: string) =>
      process.stdout.write(`   ${label.padEnd(52)} ${value}\n`);
    line('(base) receiver alone, req/s', alone.requests.average.toFixed(0));
    line('API commits (POST /v1/customers 201), per s', commits.toFixed(0));
    line('events delivered during the window, per s', (during.events / windowSeconds).toFixed(0));
    line('deliveries received during the window, per s', rate.toFixed(0));
    line('deliveries / receiver alone', `${((100 * rate) / alone.requests.average).toFixed(1)} %`);
    if (cold) {
      line(
        `(warm-up) first ${warmup} s from a cold start, p50 / p99`,
        `${cold.p50} ms / ${cold.p99} ms`,
      );
    }
    line('commit-to-receipt p50 / p99, all deliveries', `${after.p50} ms / ${after.p99} ms`);
    line(
      'backlog at window end → drained in',
      `${expected - during.unique} → ${drainSeconds.toFixed(1)} s`,
    );
    line(
      'delivered / committed (unique event ids)',
      `${after.unique} / ${expected} (${after.events} events)${after.count > after.unique ? ` (${after.count - after.unique} duplicates)` : ''}`,
    );
    process.stdout.write('\n');
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    line(
      `deliveries/s >= ${TARGET_RATE} sustained (backlog drained in <= ${SUSTAINED_DRAIN_SECONDS} s)`,
      verdict(rate >= TARGET_RATE && drainSeconds <= SUSTAINED_DRAIN_SECONDS),
    );
    line(`p50 <= ${TARGET_P50_MS} ms`, verdict(after.p50 <= TARGET_P50_MS));
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => {});
    await database.drop().catch(() => {});
  }
}

const mode = process.env.BENCH_DISPATCHER ?? 'both';
async function all(): Promise<void> {
  for (const endpoints of [...new Set([1, fanout])]) {
    if (mode !== 'separate') await main(false, endpoints);
    if (mode !== 'in-process') await main(true, endpoints);
  }
}

all().catch((err: unknown) => {
  process.stderr.write(`webhook bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
