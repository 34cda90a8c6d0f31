import type { Figures } from './load.js';

const num = (n: number, digits: number) => (Number.isNaN(n) ? '-' : n.toFixed(digits));

const LABEL_WIDTH = 44;

const columns: Array<[string, number, (r: Figures) => string]> = [
  ['req/s', 9, (r) => num(r.reqPerSec, 1)],
  ['p50 ms', 9, (r) => num(r.p50Ms, 2)],
  ['p99 ms', 9, (r) => num(r.p99Ms, 2)],
  ['non-2xx', 8, (r) => String(r.non2xx)],
  ['errors', 7, (r) => String(r.errors + r.timeouts)],
  ['q/req', 6, (r) => num(r.queriesPerRequest, 1)],
  ['srv CPU', 9, (r) => num(r.serverCpuMs, 2)],
  ['db CPU', 8, (r) => num(r.databaseCpuMs, 2)],
  ['other', 7, (r) => `${num(r.otherCpu * 100, 0)}%`],
];

/** The figures as aligned lines, one per target under a header. */
export function table(rows: Figures[]): string[] {
  const line = (label: string, cells: string[]) =>
    label.padEnd(LABEL_WIDTH) + cells.map((c, i) => c.padStart(columns[i]?.[1] ?? 0)).join('');
  const header = line(
    'target',
    columns.map(([name]) => name),
  );
  return [
    header,
    ...rows.map((r) =>
      line(
        r.label,
        columns.map(([, , cell]) => cell(r)),
      ),
    ),
  ];
}

/** What the columns mean, printed under the tables. */
export const legend = [
  'q/req: database queries per request; srv CPU / db CPU: CPU ms per request of the server',
  "process / of the PostgreSQL processes serving the bench's database (PGlite runs inside the",
  "server); other: share of the machine's CPU used by anything else during the window,",
  "other databases' backends included (high = noisy figure).",
];

export interface Verdict {
  line: string;
  /** Undefined when the figure is reported without a target. */
  pass: boolean | undefined;
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

/** Throughput of `api` as a share of `bare`, against a minimum share. */
export function throughputVerdict(name: string, api: Figures, bare: Figures, min: number): Verdict {
  const ratio = api.reqPerSec / bare.reqPerSec;
  const pass = ratio >= min;
  const gap = pass ? '' : ` — short by ${((min - ratio) * 100).toFixed(1)} points`;
  return {
    pass,
    line: `${name} throughput ${pct(ratio)} (target >= ${pct(min)})  ${pass ? 'PASS' : 'MISS'}${gap}`,
  };
}

/** p99 of `api` as a multiple of `bare`'s, against a maximum multiple (none: just reported). */
export function p99Verdict(name: string, api: Figures, bare: Figures, max?: number): Verdict {
  const ratio = api.p99Ms / bare.p99Ms;
  if (max === undefined)
    return { pass: undefined, line: `${name} p99 ${ratio.toFixed(2)}x (no target)` };
  const pass = ratio <= max;
  return {
    pass,
    line: `${name} p99 ${ratio.toFixed(2)}x (target <= ${max.toFixed(2)}x)  ${pass ? 'PASS' : 'MISS'}${pass ? '' : ` — over by ${(ratio - max).toFixed(2)}x`}`,
  };
}

/** One line per target that saw anything but 2xx, naming the status codes. */
export function errorNotes(rows: Figures[]): string[] {
  return rows.flatMap((r) => {
    if (r.non2xx === 0 && r.errors === 0 && r.timeouts === 0) return [];
    const codes = Object.entries(r.statuses)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, n]) => `${n}x ${code}`)
      .join(', ');
    return [
      `RUN HAD ERRORS: ${r.label}: ${r.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${r.errors} errors, ${r.timeouts} timeouts`,
    ];
  });
}
