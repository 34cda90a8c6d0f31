/**
 * `npm run bench:calc`: the calculation engine against formula.js on the same inputs, in
 * the same run — in-process, and through the API's batch endpoint (an API server on PGlite
 * in its own process). Prints figures and PASS/MISS against the target (at least
 * formula.js's throughput); exits 0 whatever they say. See bench/calc/README.md.
 */
import * as formulajs from '@formulajs/formulajs';
import { calculate } from '../../src/modules/calc/calculate.js';
import { XIRR } from '../../src/modules/calc/excel/cashflow.js';
import { isExcelError } from '../../src/modules/calc/excel/result.js';
import { PMT } from '../../src/modules/calc/excel/tvm.js';
import { amortizationSchedule } from '../../src/modules/calc/schedules/amortization.js';
import { repoRoot } from '../child.js';
import { machineSummary, sourceRevision } from '../environment.js';
import { throughApi } from './api.js';
import { type LoanInput, loanInputs, pmtInputs, xirrInputs } from './inputs.js';
import { pair, type Rate } from './timing.js';

interface Row {
  name: string;
  ours: Rate;
  baseline: Rate;
  unit: string;
  note: string;
}

/** formula.js's way to a schedule: PMT once, IPMT and PPMT per period, in floats. */
function formulajsSchedule(loan: LoanInput): number {
  const rate = loan.annualRate / 12;
  const rows: Array<[number, number, number]> = [];
  const pmt = formulajs.PMT(rate, loan.periods, loan.principal) as number;
  for (let per = 1; per <= loan.periods; per++) {
    rows.push([
      pmt,
      formulajs.IPMT(rate, per, loan.periods, loan.principal) as number,
      formulajs.PPMT(rate, per, loan.periods, loan.principal) as number,
    ]);
  }
  return rows.length;
}

function oursSchedule(loan: LoanInput): number {
  return amortizationSchedule({
    principal: loan.principal.toFixed(2),
    annual_rate: String(loan.annualRate),
    periods: loan.periods,
    currency: 'USD',
  }).periods.length;
}

/** How far formula.js's float schedule, rounded to cents row by row, misses the principal. */
function floatDrift(loans: readonly LoanInput[]): { loansOff: number; worstCents: number } {
  let loansOff = 0;
  let worstCents = 0;
  for (const loan of loans) {
    const rate = loan.annualRate / 12;
    let cents = 0;
    for (let per = 1; per <= loan.periods; per++) {
      cents += Math.round(
        -(formulajs.PPMT(rate, per, loan.periods, loan.principal) as number) * 100,
      );
    }
    const off = Math.abs(cents - loan.principal * 100);
    if (off > 0) loansOff++;
    worstCents = Math.max(worstCents, off);
  }
  return { loansOff, worstCents };
}

function maxRelativeDifference(pairs: Array<[number, number]>): number {
  let worst = 0;
  for (const [a, b] of pairs)
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
  return worst;
}

const num = (x: unknown): number => (typeof x === 'number' ? x : Number.NaN);

async function main(): Promise<void> {
  const pmt = pmtInputs(10_000);
  const xirr = xirrInputs(500);
  const loans = loanInputs(50);
  const rows: Row[] = [];

  const [pmtOurs, pmtBase] = pair(
    pmt,
    (i) => PMT(i.rate, i.nper, i.pv, i.fv, i.type),
    (i) => formulajs.PMT(i.rate, i.nper, i.pv, i.fv, i.type),
  );
  rows.push({
    name: 'PMT (library call)',
    ours: pmtOurs,
    baseline: pmtBase,
    unit: 'calls/s',
    note: '',
  });

  const pmtRequests = pmt.map((i) => ({
    function: 'PMT' as const,
    args: {
      rate: String(i.rate),
      nper: String(i.nper),
      pv: String(i.pv),
      fv: String(i.fv),
      type: String(i.type),
    },
  }));
  const [pmtJsonOurs, pmtJsonBase] = pair(
    pmt.map((i, k) => ({ i, request: pmtRequests[k]! })),
    ({ request }) => calculate(request).result,
    ({ request: { args } }) =>
      String(
        formulajs.PMT(
          Number(args.rate),
          Number(args.nper),
          Number(args.pv),
          Number(args.fv),
          Number(args.type),
        ),
      ),
  );
  rows.push({
    name: 'PMT (decimal strings in and out)',
    ours: pmtJsonOurs,
    baseline: pmtJsonBase,
    unit: 'calls/s',
    note: 'both parse the strings and format the result',
  });

  const [xirrOurs, xirrBase] = pair(
    xirr,
    (i) => XIRR(i.values, i.dates),
    (i) => formulajs.XIRR(i.values, i.dates),
  );
  rows.push({
    name: 'XIRR, 50 cash flows',
    ours: xirrOurs,
    baseline: xirrBase,
    unit: 'calls/s',
    note: '',
  });

  const [amortOurs, amortBase] = pair(loans, oursSchedule, formulajsSchedule, {
    rounds: 5,
    ms: 800,
  });
  rows.push({
    name: 'Amortization schedule, 360 periods',
    ours: amortOurs,
    baseline: amortBase,
    unit: 'schedules/s',
    note: 'ours exact to the cent; formula.js PMT+IPMT+PPMT per period in floats',
  });

  const pmtAgreement = maxRelativeDifference(
    pmt.map((i) => [
      num(PMT(i.rate, i.nper, i.pv, i.fv, i.type)),
      num(formulajs.PMT(i.rate, i.nper, i.pv, i.fv, i.type)),
    ]),
  );
  const xirrAgreement = maxRelativeDifference(
    xirr.map((i) => {
      const ours = XIRR(i.values, i.dates);
      return [isExcelError(ours) ? Number.NaN : ours.value, num(formulajs.XIRR(i.values, i.dates))];
    }),
  );
  const drift = floatDrift(loans);

  const api = await throughApi({ pmt: pmtRequests, xirr, loans });

  print(rows, api, { pmtAgreement, xirrAgreement, drift, loans: loans.length });
}

function print(
  rows: Row[],
  api: Awaited<ReturnType<typeof throughApi>>,
  checks: {
    pmtAgreement: number;
    xirrAgreement: number;
    drift: { loansOff: number; worstCents: number };
    loans: number;
  },
): void {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`# Calculation engine vs formula.js — ${new Date().toISOString()}`);
  console.log(`machine: ${machineSummary()}`);
  console.log(`source: ${sourceRevision(repoRoot)}\n`);
  console.log('## In-process (median of 5 alternating rounds)\n');
  console.log('| workload | ours | formula.js | ratio | target ≥ 1.0 |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of rows) {
    const ratio = r.ours.perSecond / r.baseline.perSecond;
    console.log(
      `| ${r.name} | ${f(r.ours.perSecond)} ${r.unit} | ${f(r.baseline.perSecond)} | ${ratio.toFixed(2)}× | ${ratio >= 1 ? 'PASS' : 'MISS'}${r.note ? ` (${r.note})` : ''} |`,
    );
  }
  console.log(
    '\n## Through the API (POST /v1/calculations/batch, /v1/schedules/amortization; server on PGlite)\n',
  );
  console.log('| workload | API | formula.js behind bare node:http | ratio | target ≥ 1.0 |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of api) {
    const ratio = r.perSecond / r.baseline;
    console.log(
      `| ${r.name} | ${f(r.perSecond)} ${r.unit} | ${f(r.baseline)} | ${ratio.toFixed(2)}× | ${ratio >= 1 ? 'PASS' : 'MISS'} |`,
    );
  }
  console.log('\n## Same answers?\n');
  console.log(
    `- PMT: largest relative difference from formula.js ${checks.pmtAgreement.toExponential(2)}`,
  );
  console.log(
    `- XIRR: largest relative difference from formula.js ${checks.xirrAgreement.toExponential(2)}`,
  );
  console.log(
    `- Schedules: formula.js's float schedule rounded to cents row by row misses the principal on ${checks.drift.loansOff} of ${checks.loans} loans (worst by ${checks.drift.worstCents} cents); ours sums exactly by construction (tested).`,
  );
}

await main();
