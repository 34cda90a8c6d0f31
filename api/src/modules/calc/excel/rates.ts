/**
 * EFFECT and NOMINAL: conversions between a nominal annual rate compounded npery times a
 * year and the effective annual rate. Excel's help: npery is truncated to an integer; a rate
 * ≤ 0 or npery < 1 is #NUM!. Computed with log1p/expm1 so small rates keep their digits.
 */
import { type ExcelResult, finite, NUM } from './result.js';

export function EFFECT(nominalRate: number, npery: number): ExcelResult {
  if (!(nominalRate > 0) || !(npery >= 1)) return NUM;
  const periods = Math.trunc(npery);
  return finite(Math.expm1(periods * Math.log1p(nominalRate / periods)));
}

export function NOMINAL(effectRate: number, npery: number): ExcelResult {
  if (!(effectRate > 0) || !(npery >= 1)) return NUM;
  const periods = Math.trunc(npery);
  return finite(periods * Math.expm1(Math.log1p(effectRate) / periods));
}
