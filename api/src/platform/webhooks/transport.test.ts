import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resolver } from './ssrf.js';
import { parseRetryAfter, postWebhook } from './transport.js';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const open: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** A local receiver on 127.0.0.1 that records every connection and request. */
async function receiver(handler: Handler) {
  const received: Received[] = [];
  const sockets: Socket[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res);
    });
  });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  open.push(close);
  return { url: `http://127.0.0.1:${port}`, port, received, sockets, close };
}

/** True once the socket closes, false if it is still open after `ms`. */
function closesWithin(socket: Socket | undefined, ms: number): Promise<boolean> {
  if (!socket) return Promise.resolve(false);
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

const base = { headers: {}, body: '{"type":"ping"}', timeoutMs: 2000, allowPrivate: true };

describe('postWebhook delivery', () => {
  it('POSTs the JSON body with our headers and returns the 2xx status and body', async () => {
    const r = await receiver((_req, res) => res.writeHead(201).end('thanks'));
    const outcome = await postWebhook({
      ...base,
      url: `${r.url}/hook?x=1`,
      headers: { 'webhook-id': 'evt_1', 'content-type': 'text/plain' },
    });
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 201,
      body: 'thanks',
      retryAfterSeconds: undefined,
    });
    expect(outcome.durationMs).toBeGreaterThan(0);
    expect(r.received).toHaveLength(1);
    expect(r.received[0]).toMatchObject({
      method: 'POST',
      url: '/hook?x=1',
      body: '{"type":"ping"}',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'FinACEverse-Webhooks/1',
        'webhook-id': 'evt_1',
      },
    });
  });

  it('returns a 3xx as the outcome without following the redirect', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end('followed'));
    const r = await receiver((_req, res) =>
      res.writeHead(302, { location: `${target.url}/elsewhere` }).end(),
    );
    const outcome = await postWebhook({ ...base, url: r.url });
    expect(outcome).toMatchObject({ kind: 'response', status: 302 });
    expect(r.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
    expect(target.sockets).toHaveLength(0);
  });

  it('reads Retry-After in delta-seconds from a 429', async () => {
    const r = await receiver((_req, res) => res.writeHead(429, { 'retry-after': '7' }).end());
    const outcome = await postWebhook({ ...base, url: r.url });
    expect(outcome).toMatchObject({ kind: 'response', status: 429, retryAfterSeconds: 7 });
  });

  it('reads Retry-After as an HTTP-date from a 429', async () => {
    const when = new Date(Date.now() + 120_000).toUTCString();
    const r = await receiver((_req, res) => res.writeHead(429, { 'retry-after': when }).end());
    const outcome = await postWebhook({ ...base, url: r.url });
    expect(outcome.kind).toBe('response');
    const seconds = outcome.kind === 'response' ? outcome.retryAfterSeconds : undefined;
    expect(seconds).toBeGreaterThanOrEqual(118);
    expect(seconds).toBeLessThanOrEqual(121);
  });

  it('truncates a large response body to 1,000 characters', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end('x'.repeat(200_000)));
    const outcome = await postWebhook({ ...base, url: r.url });
    expect(outcome).toMatchObject({ kind: 'response', status: 200, body: 'x'.repeat(1000) });
  });

  it('stops reading an endless response body and closes the connection', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      const chunk = 'y'.repeat(16 * 1024);
      const timer = setInterval(() => res.write(chunk), 5);
      res.on('close', () => clearInterval(timer));
    });
    const outcome = await postWebhook({ ...base, url: r.url, timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ kind: 'response', status: 200, body: 'y'.repeat(1000) });
    expect(outcome.durationMs).toBeLessThan(5000);
    expect(await closesWithin(r.sockets[0], 1000)).toBe(true);
  });
});

describe('postWebhook failures', () => {
  it('times out against a receiver that never answers and closes the socket', async () => {
    const r = await receiver(() => {});
    const started = Date.now();
    const outcome = await postWebhook({ ...base, url: r.url, timeoutMs: 200 });
    expect(outcome).toMatchObject({ kind: 'error', error: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.received).toHaveLength(1);
    expect(await closesWithin(r.sockets[0], 1000)).toBe(true);
  });

  it('times out when the body stalls after the status line', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const outcome = await postWebhook({ ...base, url: r.url, timeoutMs: 200 });
    expect(outcome).toMatchObject({ kind: 'error', error: 'timeout' });
    expect(await closesWithin(r.sockets[0], 1000)).toBe(true);
  });

  it('reports a response cut off mid-body as connection_error, not as a short 2xx', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only part of it', () => res.socket?.destroy());
    });
    const outcome = await postWebhook({ ...base, url: r.url, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ kind: 'error', error: 'connection_error' });
    expect(outcome.durationMs).toBeLessThan(4000);
  });

  it('reports a refused connection as connection_error without header values', async () => {
    const r = await receiver(() => {});
    await r.close();
    const outcome = await postWebhook({
      ...base,
      url: r.url,
      headers: { 'webhook-signature': 'v1,s3cr3t-signature' },
    });
    expect(outcome).toMatchObject({ kind: 'error', error: 'connection_error' });
    expect(outcome.kind === 'error' && outcome.message).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(outcome)).not.toContain('s3cr3t');
  });

  it('reports an invalid URL without touching the network', async () => {
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return ['93.184.216.34'];
    };
    for (const url of ['ftp://hooks.test/h', 'https://user:pw@hooks.test/h', 'nonsense']) {
      const outcome = await postWebhook({ ...base, url, allowPrivate: false, resolve });
      expect(outcome).toMatchObject({ kind: 'error', error: 'invalid_url' });
    }
    expect(asked).toEqual([]);
  });
});

describe('postWebhook address checks', () => {
  it('refuses a literal loopback address unless private addresses are allowed', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    const outcome = await postWebhook({ ...base, url: `${r.url}/hook`, allowPrivate: false });
    expect(outcome).toMatchObject({ kind: 'error', error: 'address_refused' });
    const mapped = `http://[::ffff:127.0.0.1]:${r.port}/hook`;
    const viaMapped = await postWebhook({ ...base, url: mapped, allowPrivate: false });
    expect(viaMapped).toMatchObject({ kind: 'error', error: 'address_refused' });
    expect(r.sockets).toHaveLength(0);
    expect(r.received).toHaveLength(0);
  });

  it('refuses at connect time a hostname that resolves to loopback', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return ['127.0.0.1'];
    };
    const url = `http://rebind.example.test:${r.port}/hook`;
    const outcome = await postWebhook({ ...base, url, allowPrivate: false, resolve });
    expect(outcome).toMatchObject({ kind: 'error', error: 'address_refused' });
    expect(outcome.kind === 'error' && outcome.message).toContain('loopback');
    expect(asked).toContain('rebind.example.test');
    expect(r.sockets).toHaveLength(0);
    expect(r.received).toHaveLength(0);
  });

  it('connects to the resolved address when private addresses are allowed', async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    const resolve: Resolver = async () => ['127.0.0.1'];
    const url = `http://hooks.example.test:${r.port}/hook`;
    const outcome = await postWebhook({ ...base, url, resolve });
    expect(outcome).toMatchObject({ kind: 'response', status: 204 });
    expect(r.received[0]?.headers.host).toBe(`hooks.example.test:${r.port}`);
  });

  it('reuses a kept-alive connection for the next delivery to the same host', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end('ok'));
    const first = await postWebhook({ ...base, url: r.url });
    const second = await postWebhook({ ...base, url: r.url });
    expect([first.kind, second.kind]).toEqual(['response', 'response']);
    expect(r.received).toHaveLength(2);
    expect(r.sockets).toHaveLength(1);
  });

  it('never lends a connection opened with private addresses allowed to a strict delivery', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end('ok'));
    const resolve: Resolver = async () => ['127.0.0.1'];
    const url = `http://pooled.example.test:${r.port}/hook`;
    const lenient = await postWebhook({ ...base, url, resolve });
    expect(lenient).toMatchObject({ kind: 'response', status: 200 });
    const strict = await postWebhook({ ...base, url, resolve, allowPrivate: false });
    expect(strict).toMatchObject({ kind: 'error', error: 'address_refused' });
    expect(r.received).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds and HTTP-dates, and a past date as zero', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '-5', '1.5', 'soon', 'Fri, 99 Foo 2026 00:00:00 GMT'])(
    'ignores the invalid value %j',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});
