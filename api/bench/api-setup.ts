import { randomBytes } from 'node:crypto';
import type { Target } from './load.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` random base62 characters (rejection sampling keeps them uniform). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export const JOURNAL_DATE = '2026-11-22';

/** The two-line entry posted under load: debit A, credit B. */
export function entryBody(debit: string, credit: string): string {
  return JSON.stringify({
    date: JOURNAL_DATE,
    lines: [
      { account_id: debit, direction: 'debit', amount: 100 },
      { account_id: credit, direction: 'credit', amount: 100 },
    ],
  });
}

function field(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function stringField(value: unknown, path: string[]): string {
  const v = field(value, path);
  if (typeof v !== 'string') throw new Error(`Response has no string at ${path.join('.')}`);
  return v;
}

/** Sends one request of a target and fails unless it answers `status`. */
export async function expectStatus(target: Target, status: number): Promise<unknown> {
  const res = await fetch(target.url, {
    method: target.method,
    ...(target.headers ? { headers: target.headers } : {}),
    ...(target.body === undefined ? {} : { body: target.body }),
  });
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(
      `${target.label}: expected ${status}, got ${res.status}: ${text.slice(0, 500)}`,
    );
  }
  return text ? JSON.parse(text) : undefined;
}

export interface BenchTenant {
  tenantId: string;
  /** The tenant's admin key (sk_…). */
  secret: string;
  cash: string;
  equity: string;
}

/** Creates a tenant with the partner key and finds its seeded Cash and Owner's Equity. */
export async function createBenchTenant(apiUrl: string, partnerKey: string): Promise<BenchTenant> {
  const tenant = await expectStatus(
    {
      label: 'POST /v1/tenants',
      url: `${apiUrl}/v1/tenants`,
      method: 'POST',
      headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench' }),
    },
    201,
  );
  const secret = stringField(tenant, ['api_key', 'secret']);
  const list = await expectStatus(
    {
      label: 'GET /v1/accounts',
      url: `${apiUrl}/v1/accounts?limit=100`,
      method: 'GET',
      headers: { authorization: `Bearer ${secret}` },
    },
    200,
  );
  const data = field(list, ['data']);
  const accounts = Array.isArray(data) ? (data as unknown[]) : [];
  const idOf = (code: string) => {
    const account = accounts.find((a) => field(a, ['code']) === code);
    if (!account) throw new Error(`The seeded chart has no account ${code}`);
    return stringField(account, ['id']);
  };
  return {
    tenantId: stringField(tenant, ['id']),
    secret,
    cash: idOf('1000'),
    equity: idOf('3000'),
  };
}
