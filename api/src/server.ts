import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { seedChartOfAccounts } from './modules/ledger/index.js';
import { KeyCache } from './platform/auth/key-cache.js';
import { type DatabaseHandle, openDatabase } from './platform/db/database.js';
import { lockDataDir } from './platform/db/lock.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { startSealing } from './platform/events/sealer.js';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './platform/rate-limit.js';
import { ensurePartnerKey } from './platform/tenancy/bootstrap.js';
import { type DemoCredentials, ensureDemo } from './platform/tenancy/demo.js';
import { Dispatcher } from './platform/webhooks/dispatcher.js';
import { DispatcherThread } from './platform/webhooks/dispatcher-thread.js';
import { webhookProviderFor } from './platform/webhooks/provider-for.js';

export interface RunningPlatform {
  url: string;
  port: number;
  database: DatabaseHandle;
  demo: { credentials: DemoCredentials; created: boolean } | undefined;
  logger: Logger;
  close(): Promise<void>;
}

function rateLimiterFor(config: Config): RateLimiter {
  if (!config.REDIS_URL) return new MemoryRateLimiter();
  return new RedisRateLimiter(
    new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false }),
  );
}

/** Opens the database, migrates, provisions, and serves the API. */
export async function startPlatform(
  config: Config,
  logger: Logger = pino({ level: config.LOG_LEVEL }),
): Promise<RunningPlatform> {
  const dataDir = resolve(config.FIN_DATA_DIR);
  const embedded = !config.DATABASE_URL;
  if (embedded) mkdirSync(dataDir, { recursive: true });
  const unlock = embedded ? lockDataDir(dataDir) : () => {};
  let database: DatabaseHandle | undefined;
  try {
    database = config.DATABASE_URL
      ? await openDatabase({
          kind: 'postgres',
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
        })
      : await openDatabase({ kind: 'pglite', dataDir: resolve(dataDir, 'pgdata') });
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
    if (config.FIN_BOOTSTRAP_PARTNER_KEY)
      await ensurePartnerKey(database.db, config.FIN_BOOTSTRAP_PARTNER_KEY);
    const demo = config.FIN_DEMO
      ? await ensureDemo(database.db, dataDir, seedChartOfAccounts)
      : undefined;
    const rateLimiter = rateLimiterFor(config);
    const webhooks = webhookProviderFor(config);
    const app = createApp({
      db: database.db,
      config,
      logger,
      rateLimiter,
      keyCache: new KeyCache(),
      webhooks,
    });
    // Each node seals its own writes; this sweeps what a crashed one left and listens for
    // other nodes' seals.
    const sealing = startSealing(database.db, logger, config.DATABASE_URL);
    // On PostgreSQL the dispatcher gets a thread of its own; PGlite lives in this one.
    const dispatcher = config.DATABASE_URL
      ? new DispatcherThread(config, logger)
      : new Dispatcher(database.db, config, logger, webhooks);
    if (config.FIN_WEBHOOK_DISPATCH) await dispatcher.start();
    const server = await new Promise<ReturnType<typeof serve>>((ok) => {
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => ok(s));
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const db = database;
    return {
      url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`,
      port,
      database: db,
      demo,
      logger,
      async close() {
        await new Promise<void>((ok) => server.close(() => ok()));
        await dispatcher.stop();
        await sealing.stop();
        await rateLimiter.close();
        await db.close();
        unlock();
      },
    };
  } catch (err) {
    await database?.close().catch(() => {});
    unlock();
    throw err;
  }
}
