/**
 * Day-count conventions: the fraction of a year between two calendar dates. Dates are plain
 * ISO `YYYY-MM-DD` days (proleptic Gregorian, no time of day, no time zone), and fractions
 * are exact rationals so that interest computed from them is never approximated.
 */

import { CalcInputError } from './calc.errors.js';
import { Decimal } from './decimal.js';
import type { Rational } from './money.js';

/**
 * `30/360` — US (NASD), exactly as Excel's DAYS360 with method FALSE; `ACT/360` and
 * `ACT/365` — actual days over 360 or 365 (fixed); `ACT/ACT` — ISDA: the days falling in each
 * calendar year over that year's length (365 or 366), summed.
 */
export const DAY_COUNT_CONVENTIONS = ['30/360', 'ACT/360', 'ACT/365', 'ACT/ACT'] as const;
export type DayCountConvention = (typeof DAY_COUNT_CONVENTIONS)[number];

/** Narrows untrusted input (a JSON field) to a day-count convention. */
export function isDayCountConvention(value: unknown): value is DayCountConvention {
  return (DAY_COUNT_CONVENTIONS as readonly unknown[]).includes(value);
}

/** A calendar day; `month` runs from 1 to 12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Whether a Gregorian year has 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in a month (`month` from 1 to 12). */
export function daysInMonth(year: number, month: number): number {
  return month === 2
    ? isLeapYear(year)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;
}

/**
 * Parses an ISO `YYYY-MM-DD` calendar date (years 0001 to 9999).
 *
 * @throws CalcInputError `parameter_invalid` naming `param` for another shape or a day that
 *   does not exist (`2023-02-29`)
 * @example
 * parseIsoDate('2024-02-29', 'start_date'); // { year: 2024, month: 2, day: 29 }
 */
export function parseIsoDate(value: string, param: string): CivilDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    year < 1 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  )
    throw new CalcInputError('parameter_invalid', param, `${param} must be a date as YYYY-MM-DD`);
  return { year, month, day };
}

/** Writes a calendar day as ISO `YYYY-MM-DD`. */
export function formatIsoDate(date: CivilDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Moves a date by whole months with the end-of-month rule: the last day of a month maps to
 * the last day of the target month (30 April + 1 → 31 May); another day keeps its number,
 * clamped to the target month's length (30 January + 1 → 28 February). Always step from the
 * same anchor date (anchor + k months) so that a clamp in February does not stick.
 *
 * @example
 * addMonths({ year: 2024, month: 1, day: 31 }, 1); // { year: 2024, month: 2, day: 29 }
 */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = daysInMonth(year, month);
  const isMonthEnd = date.day === daysInMonth(date.year, date.month);
  return { year, month, day: isMonthEnd ? last : Math.min(date.day, last) };
}

/**
 * Days since 1970-01-01 (negative before), by Howard Hinnant's days-from-civil: plain
 * arithmetic, several times faster than going through `Date`, and schedules call it per period.
 */
export function epochDay(date: CivilDate): number {
  const year = date.month <= 2 ? date.year - 1 : date.year;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const monthFromMarch = (date.month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + date.day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Days between two dates under Excel's DAYS360 US (NASD) method: a start on the 31st or on the
 * last day of February counts as the 30th; an end on the 31st counts as the 30th only when
 * the start (so adjusted) is the 30th. Like Excel, the end's February is never adjusted, so
 * 28 Feb 2023 → 28 Feb 2023 is -2 days.
 */
export function days360(start: CivilDate, end: CivilDate): number {
  const startIsFebruaryEnd = start.month === 2 && start.day === daysInMonth(start.year, 2);
  const d1 = start.day === 31 || startIsFebruaryEnd ? 30 : start.day;
  // With d1 < 30, keeping 31 is Excel's "becomes the 1st of the next month" in one step.
  const d2 = end.day === 31 && d1 === 30 ? 30 : end.day;
  return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1);
}

/** 365 × 366: a common denominator for ACT/ACT, whose terms are over 365 or over 366. */
const ACT_ACT_DENOMINATOR = 365 * 366;

/** What one day of `year` counts over ACT_ACT_DENOMINATOR: 366 for a 365-day year, 365 for a leap year. */
function dayWeight(year: number): number {
  return isLeapYear(year) ? 365 : 366;
}

function actActNumerator(start: CivilDate, end: CivilDate): number {
  const startDay = epochDay(start);
  const endDay = epochDay(end);
  if (start.year === end.year) return (endDay - startDay) * dayWeight(start.year);
  const afterStartYear = epochDay({ year: start.year + 1, month: 1, day: 1 });
  const endYearStart = epochDay({ year: end.year, month: 1, day: 1 });
  const wholeYears = end.year - start.year - 1;
  return (
    (afterStartYear - startDay) * dayWeight(start.year) +
    wholeYears * ACT_ACT_DENOMINATOR +
    (endDay - endYearStart) * dayWeight(end.year)
  );
}

/**
 * The exact year fraction between two dates as a rational (not reduced).
 *
 * @throws CalcInputError `parameter_invalid` (param `end`) when `end` is before `start`
 * @example
 * yearFractionRational({ year: 2023, month: 12, day: 1 }, { year: 2024, month: 1, day: 1 }, 'ACT/360');
 * // { numerator: 31n, denominator: 360n }
 */
export function yearFractionRational(
  start: CivilDate,
  end: CivilDate,
  convention: DayCountConvention,
): Rational {
  if (epochDay(end) < epochDay(start))
    throw new CalcInputError('parameter_invalid', 'end', 'end must not be before start');
  switch (convention) {
    case '30/360':
      return { numerator: BigInt(days360(start, end)), denominator: 360n };
    case 'ACT/360':
      return { numerator: BigInt(epochDay(end) - epochDay(start)), denominator: 360n };
    case 'ACT/365':
      return { numerator: BigInt(epochDay(end) - epochDay(start)), denominator: 365n };
    case 'ACT/ACT':
      return {
        numerator: BigInt(actActNumerator(start, end)),
        denominator: BigInt(ACT_ACT_DENOMINATOR),
      };
  }
}

/**
 * The year fraction between two ISO dates under a day-count convention, as a Decimal (exact
 * when the fraction terminates, otherwise to the engine's 40 significant digits).
 *
 * @throws CalcInputError `parameter_invalid` naming `start` or `end` for a malformed date or
 *   an end before the start, or `convention` for an unknown convention
 * @example
 * yearFraction('2024-01-01', '2024-07-01', 'ACT/ACT').toFixed(); // '0.4972677595628415300546448087431693989071'
 * yearFraction('2024-01-31', '2024-02-29', '30/360').toFixed(); // '0.08055...' (29 days / 360)
 */
export function yearFraction(start: string, end: string, convention: DayCountConvention): Decimal {
  if (!isDayCountConvention(convention))
    throw new CalcInputError(
      'parameter_invalid',
      'convention',
      `convention must be one of ${DAY_COUNT_CONVENTIONS.join(', ')}`,
    );
  const fraction = yearFractionRational(
    parseIsoDate(start, 'start'),
    parseIsoDate(end, 'end'),
    convention,
  );
  return new Decimal(fraction.numerator.toString()).div(fraction.denominator.toString());
}
