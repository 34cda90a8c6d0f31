import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { onEventsSealed } from '../events/outbox-signal.js';

export type ToDispatcher =
  | { type: 'sealed'; tenantId: string; deliveries: boolean }
  | { type: 'stop' };
type FromDispatcher = { type: 'started' } | { type: 'stopped' };

/** Connections of the dispatcher's own pool: claims and outcome batches, a few at a time. */
const POOL_SIZE = 4;
/** A thread that ended without being stopped is started again after this pause. */
const RESTART_MS = 1000;

/**
 * The API process's webhook dispatcher on PostgreSQL, run on a worker thread: on the API's
 * own event loop it waited behind every request under load and fell behind the commits
 * (api/bench/webhooks/README.md). The thread has its own event loop and pool, and hears of
 * this process's seals by message. PGlite lives in one thread, so there the dispatcher runs
 * on the API's thread (server.ts).
 */
export class DispatcherThread {
  #worker: Worker | undefined;
  #stopListening: (() => void) | undefined;
  #running = false;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly restartMs = RESTART_MS,
  ) {}

  async start(): Promise<void> {
    this.#running = true;
    await this.#spawn();
  }

  async #spawn(): Promise<void> {
    const workerData = { config: this.config, poolSize: POOL_SIZE };
    const worker = import.meta.url.endsWith('.ts')
      ? // Run from TypeScript sources (tsx): a worker does not inherit tsx's loader, so it
        // registers it before importing its entry.
        new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
             .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./dispatcher-worker.ts', import.meta.url).href)}); })`,
          { eval: true, workerData },
        )
      : new Worker(new URL('./dispatcher-worker.js', import.meta.url), { workerData });
    this.#worker = worker;
    worker.on('error', (err) => {
      this.logger.error({ error: err.message }, 'webhook dispatcher thread failed');
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromDispatcher) => {
        if (m.type !== 'started') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    this.#stopListening = onEventsSealed((tenantId, deliveries) => {
      if (deliveries)
        worker.postMessage({ type: 'sealed', tenantId, deliveries } satisfies ToDispatcher);
    });
    // Ended without `stop` (a crash): this process would deliver nothing until restarted,
    // so start a new thread. Its leases expired meanwhile are claimed again (at least once).
    worker.once('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#stopListening?.();
      this.logger.error({ exit_code: code }, 'webhook dispatcher thread ended; restarting it');
      setTimeout(() => {
        if (!this.#running || this.#worker) return;
        this.#spawn().catch((err: unknown) => {
          this.logger.error({ error: (err as Error).message }, 'webhook dispatcher restart failed');
        });
      }, this.restartMs).unref();
    });
  }

  /** Ends the thread at once, as a crash would (tests of the restart). */
  async terminate(): Promise<void> {
    await this.#worker?.terminate();
  }

  /** Stops claiming, waits for the deliveries in flight, and ends the thread. */
  async stop(): Promise<void> {
    this.#running = false;
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    this.#stopListening?.();
    await new Promise<void>((resolve) => {
      const onMessage = (m: FromDispatcher) => {
        if (m.type === 'stopped') resolve();
      };
      worker.on('message', onMessage);
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'stop' } satisfies ToDispatcher);
    });
    await worker.terminate();
  }
}
