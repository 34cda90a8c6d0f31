import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

export interface Delivery {
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  body: Buffer;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** The status every later request is answered with (200 unless changed). */
  status: number;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that records each request and answers `status`. */
export async function startReceiver(): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const server = createServer(async (req, res) => {
    deliveries.push({ headers: req.headers, body: await buffer(req) });
    res.writeHead(receiver.status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    deliveries,
    status: 200,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

/** Polls `probe` until it returns something other than undefined, or fails after `ms`. */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`nothing after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
