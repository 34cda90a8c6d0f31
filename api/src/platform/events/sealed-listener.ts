import pg from 'pg';
import type { Logger } from 'pino';
import { SEALED_CHANNEL } from '../db/migrations/2026120501_sealed_sequencing.js';

const RECONNECT_MS = 1000;

/**
 * Listens on PostgreSQL for the seals of every process (fin_seal NOTIFYs the tenant id and
 * how many deliveries it queued), so
 * a dispatcher or event stream here reacts to another process's writes at once instead of
 * at its next poll. Polling stays the fallback: a lost connection is only logged and
 * reopened, and notifications missed meanwhile are found by the next poll.
 */
export function listenForSeals(
  url: string,
  logger: Logger,
  onSealed: (tenantId: string, deliveries: boolean) => void,
): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (n) => {
      if (n.channel !== SEALED_CHANNEL || !n.payload) return;
      const [tenantId, deliveries] = n.payload.split(' ');
      if (tenantId) onSealed(tenantId, Number(deliveries) > 0);
    });
    next.on('error', (err) => {
      logger.warn({ error: err.message }, 'seal listener lost its connection; reconnecting');
      void next.end().catch(() => {});
      if (client === next) client = undefined;
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${SEALED_CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
    } catch (err) {
      logger.warn({ error: (err as Error).message }, 'seal listener could not connect; retrying');
      void next.end().catch(() => {});
      schedule();
    }
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}
