import { randomBytes } from 'node:crypto';
import { typeidUnboxed } from 'typeid-js';

/** Every id prefix the platform issues. TypeIDs: prefix + UUIDv7 in base32, sortable by creation. */
export const idPrefixes = {
  partner: 'ptr',
  partnerKey: 'pkey',
  tenant: 'ten',
  apiKey: 'key',
  event: 'evt',
  auditLog: 'aud',
  account: 'acct',
  journalEntry: 'je',
  journalLine: 'jel',
  customer: 'cus',
  invoice: 'inv',
  invoiceLine: 'il',
  payment: 'pay',
  request: 'req',
  webhookEndpoint: 'we',
  webhookAttempt: 'wha',
  embedToken: 'etok',
} as const;

export type IdKind = keyof typeof idPrefixes;
export type IdPrefix = (typeof idPrefixes)[IdKind];

export function newId(kind: IdKind): string {
  return typeidUnboxed(idPrefixes[kind]);
}

const suffix = '[0-7][0-9a-hjkmnp-tv-z]{25}';
const patterns = new Map<string, RegExp>();

/** True when `value` is a well-formed id of the given kind (prefix and 26-char TypeID suffix). */
export function isId(kind: IdKind, value: string): boolean {
  const prefix = idPrefixes[kind];
  let re = patterns.get(prefix);
  if (!re) {
    re = new RegExp(`^${prefix}_${suffix}$`);
    patterns.set(prefix, re);
  }
  return re.test(value);
}

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random secret of `length` base62 characters (rejection sampling, no modulo bias). */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += base62[byte % 62];
    }
  }
  return out;
}
