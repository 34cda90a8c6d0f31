import { randomBytes, randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

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

/**
 * Random bytes for uuid's v7, drawn 4 KiB at a time. uuid's own source refills 256 bytes
 * every 16 ids, and each `randomFillSync` has a fixed cost that showed as ~0.5 % of the API's
 * CPU on a small read (api/bench/README.md). Given only `rng`, v7 keeps its monotonic
 * counter: ids stay ordered within the process.
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const pooled = {
  rng(): Uint8Array {
    if (poolAt + 16 > pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    // v7 reads the bytes at once, before anything can refill the pool.
    const bytes = pool.subarray(poolAt, poolAt + 16);
    poolAt += 16;
    return bytes;
  },
};

/** Crockford's base32 in lower case, TypeID's alphabet, as the bytes of its characters. */
const alphabet = Buffer.from('0123456789abcdefghjkmnpqrstvwxyz', 'latin1');
const uuid = new Uint8Array(16);
/** The suffix being encoded: written byte by byte, then read out as one string. */
const encoded = Buffer.alloc(26);

/**
 * A new id: the prefix and a UUIDv7 (uuid's, monotonic within the process) in TypeID's
 * base32. Every request and every object takes one, and typeid-js's `typeidUnboxed` spent
 * most of its time decoding each id it had just encoded to check it; the encoding is
 * TypeID's (typeid-js `encode`). ids.test.ts checks it against typeid-js.
 */
export function newId(kind: IdKind): string {
  v7(pooled, uuid);
  return `${idPrefixes[kind]}_${typeIdSuffix(uuid)}`;
}

/**
 * The 26-character TypeID suffix of 16 UUID bytes: 130 bits, the top two always zero. The
 * characters go into a buffer and come out as one string: adding 26 one-character strings
 * made a rope of 25 intermediate strings per id (~0.8 KB, twice the time).
 */
export function typeIdSuffix(bytes: Uint8Array): string {
  // Unrolled as in typeid-js: each character takes five bits, across byte boundaries.
  const a = alphabet;
  const o = encoded;
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  const b2 = bytes[2] ?? 0;
  const b3 = bytes[3] ?? 0;
  const b4 = bytes[4] ?? 0;
  const b5 = bytes[5] ?? 0;
  const b6 = bytes[6] ?? 0;
  const b7 = bytes[7] ?? 0;
  const b8 = bytes[8] ?? 0;
  const b9 = bytes[9] ?? 0;
  const b10 = bytes[10] ?? 0;
  const b11 = bytes[11] ?? 0;
  const b12 = bytes[12] ?? 0;
  const b13 = bytes[13] ?? 0;
  const b14 = bytes[14] ?? 0;
  const b15 = bytes[15] ?? 0;
  // Every index is five bits, within the alphabet's 32 bytes.
  o[0] = a[(b0 & 224) >> 5] as number;
  o[1] = a[b0 & 31] as number;
  o[2] = a[(b1 & 248) >> 3] as number;
  o[3] = a[((b1 & 7) << 2) | ((b2 & 192) >> 6)] as number;
  o[4] = a[(b2 & 62) >> 1] as number;
  o[5] = a[((b2 & 1) << 4) | ((b3 & 240) >> 4)] as number;
  o[6] = a[((b3 & 15) << 1) | ((b4 & 128) >> 7)] as number;
  o[7] = a[(b4 & 124) >> 2] as number;
  o[8] = a[((b4 & 3) << 3) | ((b5 & 224) >> 5)] as number;
  o[9] = a[b5 & 31] as number;
  o[10] = a[(b6 & 248) >> 3] as number;
  o[11] = a[((b6 & 7) << 2) | ((b7 & 192) >> 6)] as number;
  o[12] = a[(b7 & 62) >> 1] as number;
  o[13] = a[((b7 & 1) << 4) | ((b8 & 240) >> 4)] as number;
  o[14] = a[((b8 & 15) << 1) | ((b9 & 128) >> 7)] as number;
  o[15] = a[(b9 & 124) >> 2] as number;
  o[16] = a[((b9 & 3) << 3) | ((b10 & 224) >> 5)] as number;
  o[17] = a[b10 & 31] as number;
  o[18] = a[(b11 & 248) >> 3] as number;
  o[19] = a[((b11 & 7) << 2) | ((b12 & 192) >> 6)] as number;
  o[20] = a[(b12 & 62) >> 1] as number;
  o[21] = a[((b12 & 1) << 4) | ((b13 & 240) >> 4)] as number;
  o[22] = a[((b13 & 15) << 1) | ((b14 & 128) >> 7)] as number;
  o[23] = a[(b14 & 124) >> 2] as number;
  o[24] = a[((b14 & 3) << 3) | ((b15 & 224) >> 5)] as number;
  o[25] = a[b15 & 31] as number;
  return o.toString('latin1', 0, 26);
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
