import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { type Config, configSchema } from '../../src/config.js';
import { KeyCache } from '../../src/platform/auth/key-cache.js';
import { generateKey } from '../../src/platform/auth/keys.js';
import type { Deps } from '../../src/platform/context.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { MemoryRateLimiter, type RateLimiter } from '../../src/platform/rate-limit.js';
import { ensurePartnerKey } from '../../src/platform/tenancy/bootstrap.js';
import { openTestDatabase } from './database.js';

export interface CallOptions {
  key?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  tenant?: string;
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export type TestTenant = { id: string; adminKey: string; partnerKey: string };

export interface TestPlatform {
  database: DatabaseHandle & { url?: string; drop(): Promise<void> };
  config: Config;
  app: ReturnType<typeof createApp>;
  partnerKey: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies.
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  newTenant(name?: string, partnerKey?: string): Promise<TestTenant>;
  newPartner(): Promise<string>;
  keyWithRole(
    tenant: TestTenant,
    role: 'admin' | 'manager' | 'operator' | 'viewer',
  ): Promise<string>;
  close(): Promise<void>;
}

export const generousLimits = {
  FIN_RATE_LIMIT_TENANT_PER_SECOND: 100_000,
  FIN_RATE_LIMIT_TENANT_BURST: 100_000,
  FIN_RATE_LIMIT_KEY_PER_SECOND: 100_000,
  FIN_RATE_LIMIT_KEY_BURST: 100_000,
};

/** The real app on a real database (PGlite, or the server in the postgres project). */
export async function startTestPlatform(
  overrides: Partial<Config> = {},
  rateLimiter: RateLimiter = new MemoryRateLimiter(),
  extraDeps: Pick<Deps, 'resolveHost' | 'webhooks'> = {},
): Promise<TestPlatform> {
  const database = await openTestDatabase();
  const config = { ...configSchema.parse({}), ...generousLimits, ...overrides };
  const app = createApp({
    db: database.db,
    config,
    logger: pino({ level: 'silent' }),
    rateLimiter,
    keyCache: new KeyCache(),
    ...extraDeps,
  });
  const newPartner = async () => {
    const key = generateKey('partner').secret;
    await ensurePartnerKey(database.db, key, 'Test partner');
    return key;
  };
  const partnerKey = await newPartner();

  const call: TestPlatform['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.tenant) headers['fin-tenant'] = options.tenant;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // non-JSON bodies (metrics, docs) are returned as text
    }
    // biome-ignore lint/suspicious/noExplicitAny: see call's signature.
    return { status: res.status, headers: res.headers, body: parsed as any };
  };

  const newTenant: TestPlatform['newTenant'] = async (name = 'Test tenant', pk = partnerKey) => {
    const res = await call('POST', '/v1/tenants', { key: pk, body: { name } });
    if (res.status !== 201) throw new Error(`tenant creation failed: ${JSON.stringify(res.body)}`);
    return { id: res.body.id, adminKey: res.body.api_key.secret, partnerKey: pk };
  };

  const keyWithRole: TestPlatform['keyWithRole'] = async (tenant, role) => {
    const res = await call('POST', '/v1/api_keys', { key: tenant.adminKey, body: { role } });
    if (res.status !== 201) throw new Error(`key creation failed: ${JSON.stringify(res.body)}`);
    return res.body.secret;
  };

  return {
    database,
    config,
    app,
    partnerKey,
    call,
    newTenant,
    newPartner,
    keyWithRole,
    close: () => database.drop(),
  };
}

/** Ids of seeded accounts by code. */
export async function accountsByCode(
  p: TestPlatform,
  key: string,
): Promise<Record<string, string>> {
  const res = await p.call('GET', '/v1/accounts?limit=100', { key });
  return Object.fromEntries(res.body.data.map((a: { code: string; id: string }) => [a.code, a.id]));
}
