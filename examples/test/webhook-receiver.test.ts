import { execFile, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Event, FinACEverse, type WebhookEndpointWithSecret } from '@finaceverse/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReceiver, startReceiver } from '../webhook-receiver/receiver.js';
import { startServer, type TestServer } from './support/server.js';

const examplesDir = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('nothing after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Captures what the receiver logs. */
function memoryLogger() {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    logger: {
      log: (line: string) => lines.push(line),
      warn: (line: string) => warnings.push(line),
    },
  };
}

/** A Standard Webhooks request for `event`, signed with `secret` (for forged and local ones). */
function signedRequest(secret: string, event: Partial<Event>): RequestInit {
  const id = event.id ?? `evt_${randomBytes(8).toString('hex')}`;
  const body = JSON.stringify({
    object: 'event',
    type: 'customer.created',
    sequence: 1,
    created_at: new Date().toISOString(),
    request_id: null,
    data: { object: { id: 'cus_x' } },
    ...event,
    id,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${mac}`,
    },
    body,
  };
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

describe('webhook receiver example, against the API', () => {
  let server: TestServer;
  let fin: FinACEverse;
  let endpoint: WebhookEndpointWithSecret;
  let receiver: RunningReceiver;
  const received: Event[] = [];
  const log = memoryLogger();

  beforeAll(async () => {
    server = await startServer();
    const partner = new FinACEverse({ apiKey: server.partnerKey, baseUrl: server.url });
    const tenant = await partner.tenants.create({ name: 'Webhook receiver example' });
    fin = new FinACEverse({ apiKey: tenant.api_key.secret ?? '', baseUrl: server.url });
    // The secret comes with the endpoint, so register first and point it at the receiver after.
    endpoint = await fin.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/',
      enabled_events: ['customer.created'],
    });
    receiver = await startReceiver({
      port: 0,
      secret: endpoint.secret,
      onEvent: (event) => {
        received.push(event);
      },
      logger: log.logger,
    });
    await fin.webhookEndpoints.update(endpoint.id, { url: receiver.url });
  });

  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  const receivedFor = (customerId: string) =>
    eventually(() => received.find((e) => e.data.object.id === customerId));

  it('receives and verifies a delivery, logging its type, id and sequence', async () => {
    const customer = await fin.customers.create({ name: 'Ada Lovelace' });
    const event = await receivedFor(customer.id);
    expect(event).toMatchObject({ object: 'event', type: 'customer.created' });
    expect(await fin.events.retrieve(event.id)).toEqual(event);
    expect(log.lines).toContain(`customer.created ${event.id} sequence=${event.sequence}`);
    const attempt = await eventually(async () => {
      const { data } = await fin.webhookEndpoints.listAttempts(endpoint.id, { event_id: event.id });
      return data[0];
    });
    expect(attempt).toMatchObject({ status: 'succeeded', response_status: 200 });
  });

  it('answers 400 to a forged delivery and to one without signature headers', async () => {
    const before = received.length;
    const forged = await fetch(receiver.url, signedRequest(newSecret(), { type: 'invoice.paid' }));
    expect(forged.status).toBe(400);
    const unsigned = await fetch(receiver.url, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(400);
    expect(received).toHaveLength(before);
    expect(log.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('bad_signature'),
        expect.stringContaining('missing_headers'),
      ]),
    );
  });

  it('drops a redelivered event by its webhook-id', async () => {
    const customer = await fin.customers.create({ name: 'Delivered twice' });
    const event = await receivedFor(customer.id);
    await fin.events.redeliver(event.id, { endpoint_id: endpoint.id });
    await eventually(() => log.lines.find((l) => l === `duplicate ${event.id} ignored`));
    expect(received.filter((e) => e.id === event.id)).toHaveLength(1);
  });

  it('warns about a sequence gap when an event in between was not delivered', async () => {
    const first = await fin.customers.create({ name: 'Gap before' });
    const firstEvent = await receivedFor(first.id);
    // customer.updated takes a sequence number but this endpoint is not subscribed to it.
    await fin.customers.update(first.id, { name: 'Gap before (renamed)' });
    const second = await fin.customers.create({ name: 'Gap after' });
    const secondEvent = await receivedFor(second.id);
    expect(secondEvent.sequence).toBe(firstEvent.sequence + 2);
    expect(log.warnings).toContain(
      `sequence gap: ${firstEvent.sequence + 1} not received before ${secondEvent.sequence} (${secondEvent.id})`,
    );
  });
});

describe('webhook receiver example, on its own', () => {
  it('answers 500 while onEvent throws, so the platform retries, then handles the event once', async () => {
    const secret = newSecret();
    const handled: string[] = [];
    let failures = 1;
    const receiver = await startReceiver({
      port: 0,
      secret,
      logger: memoryLogger().logger,
      onEvent: (event) => {
        if (failures-- > 0) throw new Error('database down');
        handled.push(event.id);
      },
    });
    try {
      const request = signedRequest(secret, { id: 'evt_retry' });
      expect((await fetch(receiver.url, request)).status).toBe(500);
      expect((await fetch(receiver.url, request)).status).toBe(200);
      expect((await fetch(receiver.url, request)).status).toBe(200);
      expect(handled).toEqual(['evt_retry']);
      expect((await fetch(receiver.url)).status).toBe(405);
    } finally {
      await receiver.close();
    }
  });

  /** Starts the script as `npm run webhook-receiver` does; `url` resolves once it listens. */
  function script(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'webhook-receiver/receiver.ts'], {
      cwd: examplesDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Receiving webhooks on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { child, url, exited, output: () => output };
  }

  it('runs as a script with FIN_WEBHOOK_SECRET and FIN_WEBHOOK_PORT, stopping on SIGTERM', async () => {
    const secret = newSecret();
    const receiver = script({ FIN_WEBHOOK_SECRET: secret, FIN_WEBHOOK_PORT: '0' });
    try {
      const url = await receiver.url;
      const valid = signedRequest(secret, { id: 'evt_script', sequence: 7 });
      expect((await fetch(url, valid)).status).toBe(200);
      expect((await fetch(url, signedRequest(newSecret(), {}))).status).toBe(400);
      await eventually(() =>
        receiver.output().includes('customer.created evt_script sequence=7') ? true : undefined,
      );
    } finally {
      receiver.child.kill('SIGTERM');
    }
    expect(await receiver.exited).toBe(0);
  });

  it('exits 1 naming FIN_WEBHOOK_SECRET when it is not set', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FIN_WEBHOOK_PORT: '0' };
    delete env.FIN_WEBHOOK_SECRET;
    const failure = await run(
      process.execPath,
      ['--import', 'tsx', 'webhook-receiver/receiver.ts'],
      { cwd: examplesDir, env, timeout: 30_000 },
    ).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('FIN_WEBHOOK_SECRET');
  });
});
