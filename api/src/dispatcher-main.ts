/**
 * A webhook dispatcher on its own: `npm run dispatcher` (or `node --import tsx
 * api/src/dispatcher-main.ts`). Reads the same configuration as the API; run API nodes with
 * FIN_WEBHOOK_DISPATCH=false and as many of these as delivery volume needs. Needs
 * DATABASE_URL: PGlite's data can be opened by one process only.
 */
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { startSealing } from './platform/events/sealer.js';
import { Dispatcher } from './platform/webhooks/dispatcher.js';
import { webhookProviderFor } from './platform/webhooks/provider-for.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  if (!config.DATABASE_URL) {
    throw new ConfigError('DATABASE_URL: a separate dispatcher needs a PostgreSQL server');
  }
  const database = await openDatabase({
    kind: 'postgres',
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  await migrateToLatest(database.db);
  const dispatcher = new Dispatcher(database.db, config, logger, webhookProviderFor(config));
  dispatcher.start();
  // API nodes seal their own writes; this sweeps what a crashed one left, and their seals
  // wake this dispatcher at once (polling stays the fallback).
  const sealing = startSealing(database.db, logger, config.DATABASE_URL);
  process.stdout.write('FinACEverse webhook dispatcher running\n');
  const shutdown = async () => {
    await dispatcher.stop();
    await sealing.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : 'dispatcher failed to start'}\n`,
  );
  process.exit(err instanceof ConfigError ? 78 : 1);
});
