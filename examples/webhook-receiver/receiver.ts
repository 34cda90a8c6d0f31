/**
 * FinACEverse webhook receiver: verifies each delivery, drops duplicates, notices gaps.
 *
 *   FIN_WEBHOOK_ALLOW_PRIVATE=true npm start                      # terminal 1: the API
 *   FIN_WEBHOOK_SECRET=whsec_… npm run example:webhook-receiver   # terminal 2
 *
 * Register http://127.0.0.1:4242/ as a webhook endpoint first: the `secret` it answers is
 * FIN_WEBHOOK_SECRET (during a rotation, the new and the old secret separated by a space).
 * FIN_WEBHOOK_PORT changes the port.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Event, FinWebhookVerificationError, verifyWebhook } from '@finaceverse/sdk';

/** The API refuses bodies over 1 MiB, so a larger one is not a delivery. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Ids remembered for deduplication; a real receiver would keep them in its database. */
const REMEMBERED_IDS = 10_000;

export interface ReceiverOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The endpoint's signing secret, or both secrets during a rotation. */
  secret: string | string[];
  /** Called once per event id. Throwing answers 500, so the platform retries. */
  onEvent?: (event: Event) => void | Promise<void>;
  /** Where the lines go. Default `console`. */
  logger?: Pick<Console, 'log' | 'warn'>;
}

export interface RunningReceiver {
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Sequences are gap-free per tenant across every event type, so an endpoint subscribed to
 * some types only sees gaps too; retries also arrive late, below the highest seen.
 */
function sequenceTracker(logger: Pick<Console, 'warn'>) {
  let highest: number | undefined;
  return (event: Event) => {
    if (highest !== undefined && event.sequence > highest + 1) {
      const missing =
        event.sequence === highest + 2 ? `${highest + 1}` : `${highest + 1}..${event.sequence - 1}`;
      logger.warn(`sequence gap: ${missing} not received before ${event.sequence} (${event.id})`);
    }
    highest = Math.max(highest ?? event.sequence, event.sequence);
  };
}

/**
 * Starts the receiver; resolves once it listens.
 *
 * @example
 * ```ts
 * const receiver = await startReceiver({
 *   port: 4242,
 *   secret: process.env.FIN_WEBHOOK_SECRET!,
 *   onEvent: async (event) => {
 *     if (event.type === 'invoice.paid') await markOrderPaid(event.data.object);
 *   },
 * });
 * ```
 */
export async function startReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const logger = options.logger ?? console;
  const seen = new Set<string>();
  const track = sequenceTracker(logger);

  /** Handles one request and returns the status to answer. */
  async function receive(req: IncomingMessage): Promise<number> {
    if (req.method !== 'POST') return 405;
    const body = await readBody(req);
    if (!body) return 413;
    let event: Event;
    try {
      event = verifyWebhook(body, req.headers, options.secret);
    } catch (err) {
      if (!(err instanceof FinWebhookVerificationError)) throw err;
      logger.warn(`rejected a delivery: ${err.reason} (${err.message})`);
      return 400;
    }
    // Checked only once verified, so a forged request cannot burn a real event's id.
    if (seen.has(event.id)) {
      logger.log(`duplicate ${event.id} ignored`);
      return 200;
    }
    seen.add(event.id);
    try {
      await options.onEvent?.(event);
    } catch (err) {
      seen.delete(event.id); // not handled: let the platform's retry try again
      throw err;
    }
    if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value ?? '');
    logger.log(`${event.type} ${event.id} sequence=${event.sequence}`);
    track(event);
    return 200;
  }

  const server = createServer((req, res) => {
    receive(req).then(
      (status) => res.writeHead(status).end(),
      (err: unknown) => {
        logger.warn(`failed to handle a delivery: ${String(err)}`);
        res.writeHead(500).end();
      },
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function main(): Promise<void> {
  const secret = process.env.FIN_WEBHOOK_SECRET?.split(/\s+/).filter(Boolean) ?? [];
  if (secret.length === 0) {
    throw new Error('Set FIN_WEBHOOK_SECRET to the endpoint secret (whsec_…) from its creation.');
  }
  const port = Number(process.env.FIN_WEBHOOK_PORT ?? 4242);
  const receiver = await startReceiver({ port, secret });
  console.log(`Receiving webhooks on ${receiver.url}`);
  process.once('SIGINT', () => void receiver.close());
  process.once('SIGTERM', () => void receiver.close());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
