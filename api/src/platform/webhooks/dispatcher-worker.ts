/**
 * The webhook dispatcher of an API process on PostgreSQL, on a thread of its own (see
 * dispatcher-thread.ts). Started by `new Worker(...)` only: it reads its configuration from
 * `workerData` and talks to the API's thread by messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import type { Config } from '../../config.js';
import { openDatabase } from '../db/database.js';
import { notifyEventsSealed } from '../events/outbox-signal.js';
import { Dispatcher } from './dispatcher.js';
import type { ToDispatcher } from './dispatcher-thread.js';
import { webhookProviderFor } from './provider-for.js';

const { config, poolSize } = workerData as { config: Config; poolSize: number };
if (!parentPort || !config.DATABASE_URL)
  throw new Error('dispatcher-worker runs as a worker on PostgreSQL');
const port = parentPort;

const logger = pino({ level: config.LOG_LEVEL });
const database = await openDatabase({ kind: 'postgres', url: config.DATABASE_URL, poolSize });
const dispatcher = new Dispatcher(database.db, config, logger, webhookProviderFor(config));
dispatcher.start();

port.on('message', (message: ToDispatcher) => {
  if (message.type === 'sealed') {
    notifyEventsSealed(message.tenantId, message.deliveries);
    return;
  }
  void (async () => {
    await dispatcher.stop();
    await database.close();
    port.postMessage({ type: 'stopped' });
  })();
});
port.postMessage({ type: 'started' });
