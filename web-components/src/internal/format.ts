import { currencyDigits, minorToDecimal } from './money.js';

/** A valid BCP 47 tag for `Intl`, falling back to `en-US` when `locale` is not one. */
export function resolveLocale(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical) return canonical;
    } catch {
      // Not a locale tag: try the next candidate.
    }
  }
  return 'en-US';
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format;
}

/**
 * Formats integer minor units of `currency` for `locale`, exactly (no float in between).
 *
 * @example
 * ```ts
 * formatMoney(123450, 'USD', 'en-US'); // '$1,234.50'
 * formatMoney(1000, 'JPY', 'ja-JP');   // '￥1,000'
 * ```
 */
export function formatMoney(minor: number | bigint, currency: string, locale: string): string {
  const code = currency.toUpperCase();
  const decimal = minorToDecimal(BigInt(minor), currencyDigits(code));
  try {
    return moneyFormat(locale, code).format(decimal as Intl.StringNumericLiteral);
  } catch {
    // Not an ISO 4217 code Intl knows: still show the exact amount.
    return `${decimal} ${code}`;
  }
}

/**
 * Minor units as a plain decimal in `locale`'s notation without currency sign or grouping,
 * the way a person would type it back into an amount field (`1234.50`, `1234,50`).
 *
 * @example
 * ```ts
 * formatAmountInput(123450, 'USD', 'de-DE'); // '1234,50'
 * ```
 */
export function formatAmountInput(
  minor: number | bigint,
  currency: string,
  locale: string,
): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    useGrouping: false,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorToDecimal(BigInt(minor), digits) as Intl.StringNumericLiteral);
}

function dateFormat(locale: string, utc: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${utc}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      ...(utc ? { timeZone: 'UTC' } : {}),
    });
    dateFormats.set(key, format);
  }
  return format;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Formats a calendar date (`YYYY-MM-DD`, shown as that same day everywhere) or an ISO
 * timestamp (shown in the viewer's time zone) for `locale`.
 *
 * @example
 * ```ts
 * formatDate('2026-11-22', 'en-GB'); // '22 Nov 2026'
 * ```
 */
export function formatDate(value: string, locale: string): string {
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(locale, dateOnly).format(date);
}

/**
 * A tax rate in basis points as a percentage for `locale` (`2000` → `20%`).
 *
 * @example
 * ```ts
 * formatRate(725, 'en-US'); // '7.25%'
 * ```
 */
export function formatRate(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    `${minorToDecimal(BigInt(bps), 4)}` as Intl.StringNumericLiteral,
  );
}

/**
 * A whole number for `locale` (`1234` → `1,234`).
 *
 * @example
 * ```ts
 * formatInteger(1234, 'en-US'); // '1,234'
 * ```
 */
export function formatInteger(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** Today's date in the viewer's time zone as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
