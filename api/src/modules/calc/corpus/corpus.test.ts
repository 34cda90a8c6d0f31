/**
 * The golden corpus: every LibreOffice-generated case and every Microsoft documented example,
 * evaluated through the function registry. A number passes at a relative 1e-9 (|a − e| ≤
 * 1e-9·|e|; for e = 0, |a| ≤ 1e-12); an error passes only as the same error. A documented
 * example must also show the page's figure at the page's rounding. A case that does not pass
 * must be listed in known-differences.json with its reason, and a listed case that passes fails
 * the run, so the list stays honest. See README.md.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFunction } from '../excel/functions.js';
import type { ExcelErrorCode } from '../excel/result.js';
import { type Evaluation, FUNCTION_NAMES, type FunctionName } from '../excel/types.js';

type StoredArg = number | boolean | number[] | null;
type Expected = number | { error: ExcelErrorCode };

interface CorpusCase {
  id: string;
  function: FunctionName;
  args: StoredArg[];
  expected: Expected;
}

interface DocumentedCase extends CorpusCase {
  documented: number;
  decimals: number;
  multiplier?: number;
  offset?: number;
  documented_differs?: string;
}

interface KnownDifference {
  id: string;
  reason: string;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T;
}

const RELATIVE_TOLERANCE = 1e-9;
const ZERO_TOLERANCE = 1e-12;

const generated = load<{ cases: CorpusCase[] }>('libreoffice.json').cases;
const documented = load<{ cases: DocumentedCase[] }>('microsoft.json').cases;
const known = load<{ cases: KnownDifference[] }>('known-differences.json').cases;
const knownById = new Map(known.map((k) => [k.id, k.reason]));
const allCases: CorpusCase[] = [...generated, ...documented];

function evaluate(c: CorpusCase): Evaluation | string {
  try {
    return evaluateFunction(
      c.function,
      c.args.map((a) => (a === null ? undefined : a)),
    );
  } catch (thrown) {
    return `threw ${String(thrown)}`;
  }
}

function closeEnough(actual: number, expected: number): boolean {
  if (expected === 0) return Math.abs(actual) <= ZERO_TOLERANCE;
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.abs(expected);
}

/** The figure the page would show for `actual`, compared at the page's rounding. */
function showsDocumentedFigure(c: DocumentedCase, actual: number): boolean {
  const shown = actual * (c.multiplier ?? 1) + (c.offset ?? 0);
  return Math.abs(shown - c.documented) <= 0.5 * 10 ** -c.decimals * (1 + 1e-9);
}

function isDocumented(c: CorpusCase): c is DocumentedCase {
  return 'documented' in c;
}

/** Why the case fails, or undefined when it passes. */
function failure(c: CorpusCase): string | undefined {
  const outcome = evaluate(c);
  if (typeof outcome === 'string') return outcome;
  if (typeof c.expected === 'object') {
    if ('error' in outcome && outcome.error === c.expected.error) return undefined;
    const got = 'error' in outcome ? outcome.error : outcome.result;
    return `expected ${c.expected.error}, got ${got}`;
  }
  if ('error' in outcome) return `expected ${c.expected}, got ${outcome.error}`;
  if (!closeEnough(outcome.result, c.expected)) {
    const relative = Math.abs(outcome.result - c.expected) / Math.abs(c.expected);
    return `expected ${c.expected}, got ${outcome.result} (relative error ${relative.toExponential(2)})`;
  }
  if (
    isDocumented(c) &&
    c.documented_differs === undefined &&
    !showsDocumentedFigure(c, outcome.result)
  ) {
    return `shows ${outcome.result} where the page shows ${c.documented}`;
  }
  return undefined;
}

const outcomes = allCases.map((c) => ({ c, failure: failure(c) }));

function passRateTable(): string {
  const rows = FUNCTION_NAMES.map((fn) => {
    const mine = outcomes.filter((o) => o.c.function === fn);
    const passed = mine.filter((o) => o.failure === undefined).length;
    return { fn, cases: mine.length, passed };
  });
  const total = rows.reduce((t, r) => ({ cases: t.cases + r.cases, passed: t.passed + r.passed }), {
    cases: 0,
    passed: 0,
  });
  const line = (name: string, cases: number, passed: number) =>
    `${name.padEnd(10)} ${String(cases).padStart(6)} ${String(passed).padStart(7)} ${((100 * passed) / Math.max(cases, 1)).toFixed(2).padStart(9)} %`;
  return [
    'function    cases  passed  pass rate',
    ...rows.map((r) => line(r.fn, r.cases, r.passed)),
    line('total', total.cases, total.passed),
  ].join('\n');
}

describe('golden corpus (LibreOffice + Microsoft examples)', () => {
  afterAll(() => {
    console.log(
      `calc corpus pass rate (relative tolerance ${RELATIVE_TOLERANCE})\n${passRateTable()}`,
    );
  });

  it('holds at least 2,000 generated cases, at least 60 for each of the 21 functions', () => {
    expect(generated.length).toBeGreaterThanOrEqual(2000);
    for (const fn of FUNCTION_NAMES) {
      expect(generated.filter((c) => c.function === fn).length, fn).toBeGreaterThanOrEqual(60);
      expect(
        documented.some((c) => c.function === fn),
        `${fn} documented example`,
      ).toBe(true);
    }
  });

  it('gives every case a unique id', () => {
    expect(new Set(allCases.map((c) => c.id)).size).toBe(allCases.length);
  });

  it('matches every case or lists it as a known difference with a reason', () => {
    const unexplained = outcomes
      .filter((o) => o.failure !== undefined && !knownById.has(o.c.id))
      .map((o) => `${o.c.id} ${JSON.stringify(o.c.args).slice(0, 120)}: ${o.failure}`);
    expect(unexplained).toEqual([]);
  });

  it('fails a listed known difference that now passes, so the list stays honest', () => {
    const passing = outcomes
      .filter((o) => o.failure === undefined && knownById.has(o.c.id))
      .map((o) => o.c.id);
    expect(passing).toEqual([]);
  });

  it('lists only known differences that name a corpus case and give a reason', () => {
    const ids = new Set(allCases.map((c) => c.id));
    for (const k of known) {
      expect(ids.has(k.id), `${k.id} is not a corpus case`).toBe(true);
      expect(k.reason.trim().length, `${k.id} needs a reason`).toBeGreaterThan(10);
    }
  });
});
