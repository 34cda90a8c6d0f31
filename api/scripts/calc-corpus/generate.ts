/**
 * Regenerates the calculation engine's golden corpus with LibreOffice Calc (headless, UNO):
 *
 *   npx tsx api/scripts/calc-corpus/generate.ts
 *
 * Writes api/src/modules/calc/corpus/libreoffice.json (drawn and hand-written cases) and
 * microsoft.json (Microsoft's documented examples with LibreOffice's full-precision values).
 * The same seed and the same LibreOffice give byte-identical files. Needs `soffice` and a
 * python3 with the uno module (Debian: libreoffice-calc, python3-uno); LO_PYTHON overrides
 * the interpreter.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FUNCTION_NAMES } from '../../src/modules/calc/excel/types.js';
import { annuityCases } from './annuity-cases.js';
import { cashflowCases } from './cashflow-cases.js';
import { LO_TO_EXCEL, type LoCall, runLibreOffice } from './libreoffice.js';
import { MICROSOFT_PAGES } from './microsoft-examples.js';
import { Rng } from './prng.js';
import { rateAndDepreciationCases } from './rate-depreciation-cases.js';
import { newtonStep, reference } from './reference.js';
import type { Arg, CaseSpec, Expected } from './spec.js';

const SEED = 20_240_505;
const OUT = (name: string) =>
  fileURLToPath(new URL(`../../src/modules/calc/corpus/${name}`, import.meta.url));
const GENERATOR = `api/scripts/calc-corpus/generate.ts (seed ${SEED})`;

/** Calls to LibreOffice, remembering which answer belongs to which case. */
class Batch {
  readonly calls: LoCall[] = [];
  add(call: LoCall): number {
    this.calls.push(call);
    return this.calls.length - 1;
  }
}

const SOLVERS: ReadonlySet<string> = new Set(['IRR', 'XIRR', 'RATE']);

const isError = (e: Expected): e is Exclude<Expected, number> => typeof e === 'object';

function flatNumbers(args: Arg[]): number[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : typeof a === 'number' ? [a] : []));
}

/** Golden values must be ten times tighter than the tolerance the engine is held to. */
const VETTING_TOLERANCE = 1e-10;

/**
 * Why LibreOffice's value is not fit to be a golden value, or undefined when it is: it differs
 * from the 60-digit reference (cancellation in a long, steep loan), a solver's result is not
 * within a tiny Newton step of a root, or a drawn solver case landed on another root than the
 * one it was built around (or Newton gave up: Err:523 says nothing about Excel, and the
 * engine's bracketing fallback is meant to find that root).
 */
function unfit(s: CaseSpec, expected: Expected): string | undefined {
  if (isError(expected))
    return s.tag === 'typical' && SOLVERS.has(s.fn) ? 'solver gave up' : undefined;
  const exact = reference(s.fn, s.args);
  if (exact !== undefined) {
    const off =
      exact === 0 ? Math.abs(expected) * 1e3 : Math.abs(expected - exact) / Math.abs(exact);
    if (!(off <= VETTING_TOLERANCE)) return `LibreOffice ${expected} vs exact ${exact}`;
  }
  const step = newtonStep(s.fn, s.args, expected);
  if (step !== undefined && !(step <= VETTING_TOLERANCE * Math.max(Math.abs(expected), 0.01))) {
    return `${expected} is ${step} from a root`;
  }
  if (s.root !== undefined && Math.abs(expected - s.root) > 1e-3 * Math.max(1, Math.abs(s.root))) {
    return `found root ${expected}, drawn around ${s.root}`;
  }
  const scale = Math.max(...flatNumbers(s.args).map(Math.abs));
  if (expected !== 0 && Math.abs(expected) < 1e-12 * scale) return 'result lost in cancellation';
  return undefined;
}

/** An `error:` case must end in an error and an `edge:` case in a number, or the tag lies. */
function tagMismatch(s: CaseSpec, lo: Expected, expected: Expected): string | undefined {
  const wanted = s.tag.startsWith('error:')
    ? 'an error'
    : s.tag.startsWith('edge:')
      ? 'a number'
      : undefined;
  if (wanted === undefined || (wanted === 'an error') === isError(expected)) return undefined;
  return `${s.fn} ${s.tag} ${JSON.stringify(s.args)}: wanted ${wanted}, LibreOffice gave ${JSON.stringify(lo)}`;
}

function libreofficeCases(specs: CaseSpec[], batch: Batch) {
  const slots = specs.map((s) => ({ s, lo: batch.add({ fn: s.fn, args: s.args }) }));
  return (results: Expected[]) => {
    const counters = new Map<string, number>();
    const cases: object[] = [];
    const mismatches: string[] = [];
    const dropped: string[] = [];
    for (const { s, lo } of slots) {
      const loResult = results[lo] as Expected;
      const expected = s.excel ? { error: s.excel.error } : loResult;
      const mismatch = tagMismatch(s, loResult, expected);
      if (mismatch) mismatches.push(mismatch);
      const why = s.excel ? undefined : unfit(s, expected);
      if (why && s.tag === 'typical') {
        dropped.push(`${s.fn} ${why}`);
        continue;
      }
      if (why) mismatches.push(`${s.fn} ${s.tag} ${JSON.stringify(s.args)}: ${why}`);
      const n = (counters.get(s.fn) ?? 0) + 1;
      counters.set(s.fn, n);
      const id = `${s.fn}-${String(n).padStart(4, '0')}`;
      const base = {
        id,
        function: s.fn,
        tag: s.tag,
        args: s.args,
        expected,
        source: 'libreoffice',
      };
      cases.push(
        s.excel ? { ...base, excel_differs: s.excel.reason, libreoffice: loResult } : base,
      );
    }
    if (mismatches.length > 0)
      throw new Error(`cases that need attention:\n${mismatches.join('\n')}`);
    console.log(
      `dropped ${dropped.length} drawn cases unfit to be golden values:\n  ${dropped.join('\n  ')}`,
    );
    return cases;
  };
}

function microsoftCases(batch: Batch) {
  const slots = MICROSOFT_PAGES.flatMap((page) =>
    page.examples.map((example, i) => ({
      page,
      example,
      i,
      call: batch.add({ fn: page.fn, args: example.args }),
    })),
  );
  return (results: Expected[]) =>
    slots.map(({ page, example, i, call }) => {
      const expected = results[call] as Expected;
      const id = `MS-${page.fn}-${String(i + 1).padStart(2, '0')}`;
      if (isError(expected)) throw new Error(`${id}: LibreOffice answered ${expected.error}`);
      const why = unfit({ fn: page.fn, tag: 'documented', args: example.args }, expected);
      if (why) throw new Error(`${id}: ${why}`);
      const shown = expected * (example.multiplier ?? 1) + (example.offset ?? 0);
      const slack = 0.5 * 10 ** -example.decimals * (1 + 1e-9);
      const agrees = Math.abs(shown - example.documented) <= slack;
      if (agrees === (example.documentedDiffers !== undefined)) {
        const why = agrees ? 'is marked as differing but agrees' : 'disagrees';
        throw new Error(
          `${id}: LibreOffice gives ${shown}, the page shows ${example.documented}; the example ${why}`,
        );
      }
      const { formula, args, documented, decimals, multiplier, offset, documentedDiffers } =
        example;
      return {
        id,
        function: page.fn,
        formula,
        args,
        expected,
        documented,
        tolerance: 'display',
        decimals,
        ...(multiplier === undefined ? {} : { multiplier }),
        ...(offset === undefined ? {} : { offset }),
        ...(documentedDiffers === undefined ? {} : { documented_differs: documentedDiffers }),
        source: {
          title: page.title,
          url: page.url,
          ...(page.readFrom ? { read_from: page.readFrom } : {}),
          ...(page.note ? { note: page.note } : {}),
        },
      };
    });
}

function writeCorpus(name: string, header: Record<string, unknown>, cases: object[]): void {
  const head = Object.entries(header).map(
    ([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
  );
  const body = cases.map((c) => `    ${JSON.stringify(c)}`).join(',\n');
  writeFileSync(OUT(name), `{\n${head.join(',\n')},\n  "cases": [\n${body}\n  ]\n}\n`);
}

function summarize(label: string, cases: object[]): void {
  const counts = new Map<string, number>(FUNCTION_NAMES.map((f) => [f, 0]));
  for (const c of cases as { function: string }[])
    counts.set(c.function, (counts.get(c.function) ?? 0) + 1);
  console.log(`${label}: ${cases.length} cases`);
  for (const [fn, n] of counts) console.log(`  ${fn.padEnd(9)} ${n}`);
}

function main(): void {
  const rng = new Rng(SEED);
  const specs = [...annuityCases(rng), ...cashflowCases(rng), ...rateAndDepreciationCases(rng)];
  const batch = new Batch();
  const buildLo = libreofficeCases(specs, batch);
  const buildMs = microsoftCases(batch);
  const run = runLibreOffice(batch.calls);
  const loCases = buildLo(run.results);
  const msCases = buildMs(run.results);
  const errorMapping = Object.fromEntries(
    Object.entries(LO_TO_EXCEL).map(([code, e]) => [`Err:${code}`, e]),
  );
  writeCorpus(
    'libreoffice.json',
    { generator: GENERATOR, libreoffice_version: run.version, error_mapping: errorMapping },
    loCases,
  );
  writeCorpus(
    'microsoft.json',
    { generator: GENERATOR, libreoffice_version: run.version },
    msCases,
  );
  summarize('libreoffice.json', loCases);
  summarize('microsoft.json', msCases);
}

main();
