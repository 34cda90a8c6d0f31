/**
 * The same workloads through a real API server (PGlite, its own process) over HTTP, against
 * formula.js behind a bare node:http server answering the same bodies (bare-formulajs.ts).
 */
import { createBenchTenant, randomBase62 } from '../api-setup.js';
import { startChild } from '../child.js';
import { tempDir } from '../environment.js';
import { apiEnv } from '../servers.js';
import type { LoanInput, XirrInput } from './inputs.js';

export interface ApiFigure {
  name: string;
  perSecond: number;
  unit: string;
  /** formula.js behind a bare node:http server, same bodies, same run. */
  baseline: number;
}

interface Workloads {
  pmt: Array<{ function: 'PMT'; args: Record<string, string> }>;
  xirr: XirrInput[];
  loans: LoanInput[];
}

const DURATION_MS = 5_000;
const WORKERS = 2;

/** Sends bodies round-robin from WORKERS concurrent loops for DURATION_MS; returns items/s. */
async function load(
  url: string,
  key: string,
  bodies: string[],
  itemsPerBody: number,
): Promise<number> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const send = async (body: string) => {
    const res = await fetch(url, { method: 'POST', headers, body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  };
  for (const body of bodies.slice(0, 3)) await send(body); // warm-up
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      for (let i = w; performance.now() - start < DURATION_MS; i += WORKERS) {
        await send(bodies[i % bodies.length]!);
        done += itemsPerBody;
      }
    }),
  );
  return (done * 1000) / (performance.now() - start);
}

const chunk = <T>(xs: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

const isoOf = (serial: number) =>
  new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);

export async function throughApi(w: Workloads): Promise<ApiFigure[]> {
  const dir = tempDir('fin-bench-calc-');
  const psk = `psk_bench${randomBase62(32)}`;
  const server = await startChild({
    name: 'API server',
    script: 'api/src/main.ts',
    env: apiEnv(psk, dir.path, ''),
    ready: /FinACEverse API listening on (http:\/\/\S+)/,
    readyTimeoutMs: 180_000,
  });
  const bare = await startChild({
    name: 'bare formula.js server',
    script: 'api/bench/calc/bare-formulajs.ts',
    env: {},
    ready: /bare-formulajs listening on (http:\/\/\S+)/,
    readyTimeoutMs: 60_000,
  });
  try {
    const base = server.ready[1] ?? '';
    const bareBase = bare.ready[1] ?? '';
    const { secret } = await createBenchTenant(base, psk);
    const figures: ApiFigure[] = [];

    const pmtBodies = chunk(w.pmt, 1_000).map((calculations) => JSON.stringify({ calculations }));
    figures.push({
      name: 'PMT, batches of 1,000',
      perSecond: await load(`${base}/v1/calculations/batch`, secret, pmtBodies, 1_000),
      unit: 'calcs/s',
      baseline: await load(`${bareBase}/v1/calculations/batch`, secret, pmtBodies, 1_000),
    });

    const xirrItems = w.xirr.map((x) => ({
      function: 'XIRR',
      args: { values: x.values.map(String), dates: x.dates.map(isoOf) },
    }));
    const xirrBodies = chunk(xirrItems, 100).map((calculations) =>
      JSON.stringify({ calculations }),
    );
    figures.push({
      name: 'XIRR (50 flows), batches of 100',
      perSecond: await load(`${base}/v1/calculations/batch`, secret, xirrBodies, 100),
      unit: 'calcs/s',
      baseline: await load(`${bareBase}/v1/calculations/batch`, secret, xirrBodies, 100),
    });

    const loanBodies = w.loans.map((l) =>
      JSON.stringify({
        principal: l.principal.toFixed(2),
        annual_rate: String(l.annualRate),
        periods: l.periods,
        currency: 'USD',
      }),
    );
    figures.push({
      name: 'Amortization schedule, 360 periods',
      perSecond: await load(`${base}/v1/schedules/amortization`, secret, loanBodies, 1),
      unit: 'schedules/s',
      baseline: await load(`${bareBase}/v1/schedules/amortization`, secret, loanBodies, 1),
    });
    return figures;
  } finally {
    await bare.stop();
    await server.stop();
    dir.remove();
  }
}
