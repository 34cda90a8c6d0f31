/** Cash-flow functions: NPV, XNPV, IRR, XIRR, MIRR. */
import type { Rng } from './prng.js';
import { type Arg, type CaseSpec, type ExcelOverride, serial, spec } from './spec.js';

const TYPICAL = 95;
const DAY_ZERO = serial('2000-01-01');

/**
 * XNPV's page documents #NUM! for a date before the start. XIRR's page says the same, but
 * Microsoft's implementer notes for Office ([MS-OI29500] 2.1.1070, XIRR) say Office accepts
 * such dates, as LibreOffice does; the XIRR case therefore keeps LibreOffice's value.
 */
const DATES_BEFORE_START: ExcelOverride = {
  reason:
    'Microsoft documents #NUM! when a date precedes the first (starting) date; LibreOffice ' +
    'discounts such a flow backwards instead.',
  error: '#NUM!',
};
const INVALID_DATE: ExcelOverride = {
  reason:
    'Microsoft documents #VALUE! when a number in dates is not a valid date (serials below 0 ' +
    'or after 31 Dec 9999; for XIRR also [MS-OI29500] 2.1.1070); LibreOffice accepts any number.',
  error: '#VALUE!',
};
const MIRR_ONE_SIGN: ExcelOverride = {
  reason:
    'Microsoft documents #DIV/0! when values lack a positive and a negative flow; LibreOffice ' +
    'answers Err:502 (invalid argument).',
  error: '#DIV/0!',
};

function positives(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.num(100, 100_000, 2));
}

/** Dates after a random start; later dates may come in any order, as Excel allows. */
function schedule(rng: Rng, n: number, shuffled: boolean): number[] {
  const dates = [DAY_ZERO + rng.int(0, 9000)];
  for (let i = 1; i < n; i++) dates.push((dates[i - 1] as number) + rng.int(1, 400));
  if (shuffled) {
    for (let i = n - 1; i > 1; i--) {
      const j = rng.int(1, i);
      [dates[i], dates[j]] = [dates[j] as number, dates[i] as number];
    }
  }
  return dates;
}

const cents = (x: number) => Number(x.toFixed(2));

function npv(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const rate = rng.chance(0.8) ? rng.num(0.001, 0.3, 4) : -rng.num(0.001, 0.5, 4);
    const values = Array.from({ length: rng.int(1, 40) }, () => rng.amount(10, 50_000, 2, 0.3));
    cases.push(spec('NPV', 'typical', [rate, values]));
  }
  const monthly = Array.from({ length: 360 }, (_, i) => 1000 + i * 2.5);
  const edge: [string, Arg[]][] = [
    ['edge:rate0', [0, [-1000, 300, 400, 500]]],
    ['edge:single-value', [0.1, [1000]]],
    ['edge:zeros', [0.08, [0, 0, 1000, 0, 500]]],
    ['edge:negative-rate', [-0.5, [100, 200, 300]]],
    ['edge:rate1', [1, [100, 200, 300]]],
    ['edge:monthly-360', [0.05 / 12, monthly]],
    ['edge:long-400', [0.01, Array.from({ length: 400 }, (_, i) => (i % 7) * 100 - 150)]],
    ['edge:steep-rate', [5, [1000, 1000, 1000]]],
  ];
  for (const [tag, args] of edge) cases.push(spec('NPV', tag, args));
  return cases;
}

function xnpv(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const n = rng.int(2, 30);
    const rate = rng.chance(0.8) ? rng.num(0.001, 0.3, 4) : -rng.num(0.001, 0.5, 4);
    const values = [-rng.num(1000, 500_000, 2), ...positives(rng, n - 1)];
    cases.push(spec('XNPV', 'typical', [rate, values, schedule(rng, n, rng.chance(0.2))]));
  }
  const flows = [-10_000, 2750, 4250, 3250, 2750];
  const dates = [39448, 39508, 39751, 39859, 39904];
  const edge: [string, Arg[]][] = [
    ['edge:rate0', [0, flows, dates]],
    ['edge:same-day', [0.1, [-100, 110], [40000, 40000]]],
    ['edge:unsorted-after-start', [0.09, flows, [39448, 39904, 39751, 39508, 39859]]],
    [
      'edge:fractional-dates-truncated',
      [0.09, flows, [39448.7, 39508.2, 39751.5, 39859.9, 39904.1]],
    ],
    ['edge:negative-rate', [-0.3, flows, dates]],
    ['edge:long-300', [0.07, [-1e6, ...Array(299).fill(5000)], schedule(rng, 300, false)]],
  ];
  for (const [tag, args] of edge) cases.push(spec('XNPV', tag, args));
  cases.push(spec('XNPV', 'error:length-mismatch', [0.1, flows, dates.slice(0, 4)]));
  cases.push(spec('XNPV', 'error:single-flow', [0.1, [1000], [40000]]));
  cases.push(
    spec(
      'XNPV',
      'error:date-before-start',
      [0.1, [-100, 50, 60], [40000, 39999, 40400]],
      DATES_BEFORE_START,
    ),
  );
  cases.push(
    spec('XNPV', 'error:negative-date', [0.1, [-100, 50, 60], [-5, 100, 400]], INVALID_DATE),
  );
  cases.push(
    spec('XNPV', 'error:date-after-9999', [0.1, [-100, 50], [2_958_000, 2_958_466]], INVALID_DATE),
  );
  return cases;
}

/** Flows whose rate of return is `r0`: the first flow buys exactly the discounted later ones. */
function priced(rng: Rng, r0: number, n: number): number[] {
  const later = positives(rng, n - 1);
  const price = later.reduce((sum, v, i) => sum + v / (1 + r0) ** (i + 1), 0);
  return [-cents(price), ...later];
}

function irr(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const r0 = rng.num(-0.1, 0.5, 4);
    const values = priced(rng, r0, rng.int(2, 30));
    const guess = rng.chance(0.2) ? rng.num(-0.2, 0.5, 2) : undefined;
    cases.push({
      ...spec('IRR', 'typical', guess === undefined ? [values] : [values, guess]),
      root: r0,
    });
  }
  const edge: [string, Arg[]][] = [
    ['edge:two-flows', [[-1000, 1100]]],
    ['edge:zeros-between', [[-1000, 0, 0, 0, 1500]]],
    ['edge:negative-root', [[-1000, 300, 300, 300]]],
    ['edge:guess-negative', [[-70_000, 12_000, 15_000], -0.1]],
    ['edge:monthly-360-guess', [[-100_000, ...Array(360).fill(599.55)], 0.005]],
    ['edge:two-roots-guess-low', [[-100, 230, -132], 0.05]],
    ['edge:two-roots-guess-high', [[-100, 230, -132], 0.25]],
    ['edge:inflow-first', [[1000, -300, -400, -500]]],
  ];
  for (const [tag, args] of edge) cases.push(spec('IRR', tag, args));
  cases.push(spec('IRR', 'error:all-positive', [[100, 200, 300]]));
  cases.push(spec('IRR', 'error:all-negative', [[-100, -200]]));
  cases.push(spec('IRR', 'error:single-value', [[-100]]));
  return cases;
}

function xirr(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const r0 = rng.num(-0.3, 0.8, 4);
    const n = rng.int(2, 30);
    const dates = schedule(rng, n, rng.chance(0.2));
    const later = positives(rng, n - 1);
    const start = dates[0] as number;
    const price = later.reduce(
      (s, v, k) => s + v / (1 + r0) ** (((dates[k + 1] as number) - start) / 365),
      0,
    );
    const values = [-cents(price), ...later];
    const guess = rng.chance(0.2) ? rng.num(0, 0.5, 2) : undefined;
    const args = guess === undefined ? [values, dates] : [values, dates, guess];
    cases.push({ ...spec('XIRR', 'typical', args), root: r0 });
  }
  const flows = [-10_000, 2750, 4250, 3250, 2750];
  const dates = [39448, 39508, 39751, 39859, 39904];
  const edge: [string, Arg[]][] = [
    [
      'edge:two-flows',
      [
        [-1000, 1100],
        [40000, 40365],
      ],
    ],
    ['edge:unsorted-after-start', [flows, [39448, 39904, 39751, 39508, 39859]]],
    ['edge:fractional-dates-truncated', [flows, [39448.7, 39508.2, 39751.5, 39859.9, 39904.1]]],
    [
      'edge:negative-root',
      [
        [-1000, 300, 300],
        [40000, 40365, 40730],
      ],
    ],
    [
      'edge:inflow-first',
      [
        [1000, -1100],
        [40000, 40365],
      ],
    ],
    ['edge:long-200', [[-1e6, ...Array(199).fill(7000)], schedule(rng, 200, false)]],
    ['edge:guess-given', [flows, dates, 0.5]],
  ];
  for (const [tag, args] of edge) cases.push(spec('XIRR', tag, args));
  cases.push(
    spec('XIRR', 'error:all-negative', [
      [-100, -50],
      [40000, 40100],
    ]),
  );
  cases.push(
    spec('XIRR', 'error:all-positive', [
      [100, 50],
      [40000, 40100],
    ]),
  );
  cases.push(spec('XIRR', 'error:length-mismatch', [flows, dates.slice(0, 4)]));
  cases.push(
    spec('XIRR', 'edge:date-before-start', [
      [-100, 50, 60],
      [40000, 39999, 40400],
    ]),
  );
  cases.push(
    spec(
      'XIRR',
      'error:negative-date',
      [
        [-100, 50, 60],
        [-5, 100, 400],
      ],
      INVALID_DATE,
    ),
  );
  return cases;
}

function mirr(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const n = rng.int(2, 30);
    const values = [-rng.num(1000, 500_000, 2)];
    for (let k = 1; k < n; k++) values.push(rng.amount(100, 100_000, 2, 0.2));
    if (!values.some((v) => v > 0)) values.push(rng.num(1000, 100_000, 2));
    cases.push(spec('MIRR', 'typical', [values, rng.num(0, 0.15, 4), rng.num(0, 0.2, 4)]));
  }
  const example = [-120_000, 39_000, 30_000, 21_000, 37_000, 46_000];
  const edge: [string, Arg[]][] = [
    ['edge:rates0', [example, 0, 0]],
    ['edge:negative-rates', [example, -0.05, -0.02]],
    ['edge:zeros-between', [[-1000, 0, 0, 1500, 0], 0.1, 0.12]],
    ['edge:two-flows', [[-1000, 1100], 0.1, 0.1]],
    ['edge:inflow-first', [[1000, -300, -400, -500], 0.08, 0.1]],
    ['edge:long-300', [[-1e6, ...Array(299).fill(6000)], 0.005, 0.006]],
  ];
  for (const [tag, args] of edge) cases.push(spec('MIRR', tag, args));
  cases.push(spec('MIRR', 'error:all-positive', [[100, 200, 300], 0.1, 0.1], MIRR_ONE_SIGN));
  cases.push(spec('MIRR', 'error:all-negative', [[-100, -200, -300], 0.1, 0.1], MIRR_ONE_SIGN));
  cases.push(spec('MIRR', 'error:single-value', [[-100], 0.1, 0.1], MIRR_ONE_SIGN));
  return cases;
}

export function cashflowCases(rng: Rng): CaseSpec[] {
  return [...npv(rng), ...xnpv(rng), ...irr(rng), ...xirr(rng), ...mirr(rng)];
}
