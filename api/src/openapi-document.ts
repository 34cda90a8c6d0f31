import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { createApp, openApiDocument } from './app.js';
import { configSchema } from './config.js';
import { KeyCache } from './platform/auth/key-cache.js';
import type { Database } from './platform/db/schema.js';
import { MemoryRateLimiter } from './platform/rate-limit.js';

function sortKeys<T extends Record<string, unknown>>(record: T | undefined): T | undefined {
  if (!record) return record;
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ) as T;
}

/** The app with default configuration and no database: for its routes and its document,
 * which need none. */
export function appWithoutDatabase() {
  return createApp({
    db: undefined as unknown as Kysely<Database>,
    config: configSchema.parse({}),
    logger: pino({ level: 'silent' }),
    rateLimiter: new MemoryRateLimiter(),
    keyCache: new KeyCache(),
  });
}

/**
 * The OpenAPI 3.1 document of the app, built without a database (documents need none).
 * Paths and components are sorted so the committed file is stable.
 */
export function buildOpenApiDocument() {
  const doc = openApiDocument(appWithoutDatabase());
  return {
    ...doc,
    paths: sortKeys(doc.paths),
    components: doc.components && {
      ...doc.components,
      schemas: sortKeys(doc.components.schemas),
    },
  };
}
