import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { pino } from 'pino';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/platform/webhooks/dispatcher.js';
import { EmbeddedProvider } from '../../src/platform/webhooks/embedded-provider.js';
import { OutcomeRecorder } from '../../src/platform/webhooks/outcomes.js';
import { SvixProvider } from '../../src/platform/webhooks/svix-provider.js';
import { startFakeSvix } from '../support/fake-svix.js';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver; `respond` picks the status for each request (default 200). */
async function receiver(
  respond: (
    n: number,
    r: Received,
  ) => number | [number, Record<string, string>] | [number, Record<string, string>, string] = () =>
    200,
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const r = { headers: req.headers, body };
      received.push(r);
      const answer = respond(received.length, r);
      const [status, headers, reply] = Array.isArray(answer) ? answer : [answer, {}, 'ok'];
      res.writeHead(status, headers).end(reply ?? 'ok');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 8000,
): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out waiting');
}

const fast = {
  FIN_WEBHOOK_ALLOW_PRIVATE: true,
  FIN_WEBHOOK_RETRY_SCHEDULE: [0.2, 0.2],
  FIN_WEBHOOK_TIMEOUT_MS: 2000,
  FIN_WEBHOOK_POLL_MS: 50,
};

let p: TestPlatform;
let t: TestTenant;
let dispatcher: Dispatcher;
const receivers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  p = await startTestPlatform(fast);
  t = await p.newTenant();
  dispatcher = new Dispatcher(p.database.db, p.config, pino({ level: 'silent' }));
  dispatcher.start();
});
afterAll(async () => {
  await dispatcher.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await p.close();
});

async function endpointFor(
  tenant: TestTenant,
  respond?: Parameters<typeof receiver>[0],
  events: string[] = ['*'],
) {
  const r = await receiver(respond);
  receivers.push(r);
  const res = await p.call('POST', '/v1/webhook_endpoints', {
    key: tenant.adminKey,
    body: { url: r.url, enabled_events: events },
  });
  expect(res.status).toBe(201);
  return { ...r, id: res.body.id as string, secret: res.body.secret as string };
}

const createCustomer = (tenant: TestTenant, name = 'Ada') =>
  p.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name } });

describe('webhook endpoints', () => {
  it('returns the signing secret on create only, and lists and retrieves without it', async () => {
    const r = await endpointFor(t);
    expect(r.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const got = await p.call('GET', `/v1/webhook_endpoints/${r.id}`, { key: t.adminKey });
    expect(got.body).toMatchObject({ id: r.id, object: 'webhook_endpoint', status: 'enabled' });
    expect(got.body.secret).toBeUndefined();
    const list = await p.call('GET', '/v1/webhook_endpoints', { key: t.adminKey });
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(r.id);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
  });

  it('refuses an unknown event type, naming the value, and a non-http URL', async () => {
    const bad = await p.call('POST', '/v1/webhook_endpoints', {
      key: t.adminKey,
      body: { url: 'https://example.com/h', enabled_events: ['invoice.paid', 'invoice.exploded'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ param: 'enabled_events[1]' });
    expect(bad.body.error.message).toContain('invoice.exploded');
    const ftp = await p.call('POST', '/v1/webhook_endpoints', {
      key: t.adminKey,
      body: { url: 'ftp://example.com/h', enabled_events: ['*'] },
    });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.param).toBe('url');
  });

  it('lets only admins and managers change endpoints', async () => {
    const operator = await p.keyWithRole(t, 'operator');
    const res = await p.call('POST', '/v1/webhook_endpoints', {
      key: operator,
      body: { url: 'https://example.com/h', enabled_events: ['*'] },
    });
    expect(res.status).toBe(403);
  });

  it('catalogues every event type with the schema of its object', async () => {
    const res = await p.call('GET', '/v1/event_types', { key: t.adminKey });
    expect(res.status).toBe(200);
    const paid = res.body.data.find((e: { type: string }) => e.type === 'invoice.paid');
    expect(paid).toMatchObject({ object: 'event_type', schema_name: 'Invoice' });
    expect(Object.keys(paid.schema.properties)).toEqual(
      expect.arrayContaining(['amount_due', 'status', 'lines']),
    );
    for (const e of res.body.data) expect(e.schema.type, e.type).toBe('object');
  });
});

describe('delivery', () => {
  it('delivers signed events that svix and standardwebhooks both verify', async () => {
    const r = await endpointFor(t);
    const created = await createCustomer(t, 'Signed');
    const hit = await waitFor(() =>
      r.received.find((x) => JSON.parse(x.body).data.object.id === created.body.id),
    );
    const headers = Object.fromEntries(Object.entries(hit.headers).map(([k, v]) => [k, String(v)]));
    const viaSvix = new SvixWebhook(r.secret).verify(hit.body, headers) as { type: string };
    const viaStandard = new StandardWebhook(r.secret).verify(hit.body, headers) as {
      sequence: number;
    };
    expect(viaSvix.type).toBe('customer.created');
    expect(viaStandard.sequence).toBeGreaterThan(0);
    expect(headers['webhook-id']).toBe(JSON.parse(hit.body).id);
    expect(headers['svix-signature']).toBe(headers['webhook-signature']);
    // The body is the event exactly as the API serves it.
    const served = await p.call('GET', `/v1/events/${headers['webhook-id']}`, { key: t.adminKey });
    expect(hit.body).toBe(JSON.stringify(served.body));
    expect(() => new SvixWebhook(r.secret).verify(`${hit.body} `, headers)).toThrow();
  });

  it('sends only the event types an endpoint subscribed to', async () => {
    const r = await endpointFor(t, undefined, ['invoice.paid']);
    await createCustomer(t, 'Not for you');
    const all = await endpointFor(t);
    await createCustomer(t, 'Marker');
    await waitFor(() => all.received.some((x) => x.body.includes('Marker')));
    expect(r.received).toHaveLength(0);
  });

  it('retries failures on the schedule until one succeeds, recording every attempt', async () => {
    const own = await p.newTenant('Retries');
    const r = await endpointFor(own, (n) => (n <= 2 ? 500 : 200), ['customer.created']);
    const created = await createCustomer(own, 'Retry me');
    await waitFor(() => r.received.length >= 3);
    const ids = new Set(r.received.map((x) => x.headers['webhook-id']));
    expect(ids.size).toBe(1); // the same message id on every retry: the dedupe key
    const attempts = await waitFor(async () => {
      const res = await p.call('GET', `/v1/webhook_endpoints/${r.id}/attempts`, {
        key: own.adminKey,
      });
      return res.body.data.length === 3 ? res.body.data : undefined;
    });
    expect(attempts.map((a: { status: string }) => a.status)).toEqual([
      'succeeded',
      'failed',
      'failed',
    ]);
    expect(attempts[2]).toMatchObject({ attempt: 1, response_status: 500 });
    expect(attempts[2].next_retry_at).not.toBeNull();
    expect(attempts[0].event_id).toBe(JSON.parse(r.received[0]!.body).id);
    expect(created.status).toBe(201);
  });

  it('records a failed attempt whose response body holds NUL, and retries on schedule', async () => {
    const own = await p.newTenant('Nul body');
    const r = await receiver(() => [500, { 'content-type': 'text/plain' }, 'bad\0body']);
    receivers.push(r);
    const endpoint = await p.call('POST', '/v1/webhook_endpoints', {
      key: own.adminKey,
      body: { url: r.url, enabled_events: ['customer.created'] },
    });
    await createCustomer(own, 'Nul');
    const attempts = await waitFor(async () => {
      const res = await p.call('GET', `/v1/webhook_endpoints/${endpoint.body.id}/attempts`, {
        key: own.adminKey,
      });
      return res.body.data.length === 3 ? res.body.data : undefined;
    });
    expect(attempts.every((a: { status: string }) => a.status === 'failed')).toBe(true);
    expect(attempts[0].response_body).toBe('bad\uFFFDbody');
    expect(r.received).toHaveLength(3); // the schedule: 1 + 2 retries, then failed
  });

  it('disables an endpoint that answers 410 and emits webhook_endpoint.disabled', async () => {
    const r = await endpointFor(t, () => 410, ['customer.created']);
    await createCustomer(t, 'Gone');
    const disabled = await waitFor(async () => {
      const res = await p.call('GET', `/v1/webhook_endpoints/${r.id}`, { key: t.adminKey });
      return res.body.status === 'disabled' ? res.body : undefined;
    });
    expect(disabled.disabled_reason).toBe('gone');
    // Sequenced right after the disabling commits (see the failing-endpoint test below).
    const ids = await waitFor(async () => {
      const events = await p.call('GET', '/v1/events?type=webhook_endpoint.disabled', {
        key: t.adminKey,
      });
      const found = events.body.data.map(
        (e: { data: { object: { id: string } } }) => e.data.object.id,
      );
      return found.includes(r.id) ? found : undefined;
    });
    expect(ids).toContain(r.id);
    expect(r.received).toHaveLength(1);
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const r = await endpointFor(t);
    const rotated = await p.call('POST', `/v1/webhook_endpoints/${r.id}/rotate_secret`, {
      key: t.adminKey,
    });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(r.secret);
    await createCustomer(t, 'Rotated');
    const hit = await waitFor(() => r.received.find((x) => x.body.includes('Rotated')));
    const headers = Object.fromEntries(Object.entries(hit.headers).map(([k, v]) => [k, String(v)]));
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new SvixWebhook(r.secret).verify(hit.body, headers)).not.toThrow();
    expect(() => new StandardWebhook(rotated.body.secret).verify(hit.body, headers)).not.toThrow();
    const updates = await p.call('GET', '/v1/events?type=webhook_endpoint.updated', {
      key: t.adminKey,
    });
    expect(JSON.stringify(updates.body)).toContain(r.id);
    expect(JSON.stringify(updates.body)).not.toContain('whsec_');
  });

  it('redelivers an event on request, with the same webhook-id', async () => {
    const r = await endpointFor(t);
    const created = await createCustomer(t, 'Again');
    const first = await waitFor(() => r.received.find((x) => x.body.includes('Again')));
    const eventId = JSON.parse(first.body).id as string;
    const res = await p.call('POST', `/v1/events/${eventId}/redeliver`, {
      key: t.adminKey,
      body: { endpoint_id: r.id },
    });
    expect(res.status).toBe(202);
    expect(res.body.endpoint_ids).toEqual([r.id]);
    await waitFor(() => r.received.filter((x) => x.headers['webhook-id'] === eventId).length === 2);
    expect(created.status).toBe(201);
  });

  it('re-sends failed deliveries since a time on recover', async () => {
    let healthy = false;
    const own = await p.newTenant('Recovery');
    const r = await endpointFor(own, () => (healthy ? 200 : 500), ['customer.created']);
    const since = new Date().toISOString();
    await createCustomer(own, 'Recover me');
    // 1 attempt + 2 retries, then the delivery is failed.
    await waitFor(async () => {
      const res = await p.call('GET', `/v1/webhook_endpoints/${r.id}/attempts`, {
        key: own.adminKey,
      });
      return res.body.data.length === 3 && res.body.data[0].next_retry_at === null;
    });
    healthy = true;
    const res = await p.call('POST', `/v1/webhook_endpoints/${r.id}/recover`, {
      key: own.adminKey,
      body: { since },
    });
    expect(res.status).toBe(202);
    expect(res.body.requeued).toBeGreaterThanOrEqual(1);
    await waitFor(() => r.received.length === 4);
    await p.call('PATCH', `/v1/webhook_endpoints/${r.id}`, {
      key: own.adminKey,
      body: { disabled: true },
    });
    const refused = await p.call('POST', `/v1/webhook_endpoints/${r.id}/recover`, {
      key: own.adminKey,
      body: { since },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('endpoint_disabled');
  });
});

describe('several dispatchers', () => {
  it('never sends a claimed delivery twice when two dispatchers share the database', async () => {
    const second = new Dispatcher(p.database.db, p.config, pino({ level: 'silent' }));
    second.start();
    try {
      const own = await p.newTenant('Two dispatchers');
      const r = await endpointFor(own, undefined, ['customer.created']);
      await Promise.all(Array.from({ length: 40 }, (_, i) => createCustomer(own, `Twice? ${i}`)));
      await waitFor(() => r.received.length >= 40);
      await new Promise((res) => setTimeout(res, 300)); // let any duplicate arrive
      const ids = r.received.map((x) => x.headers['webhook-id']);
      expect(new Set(ids).size).toBe(40);
      expect(ids).toHaveLength(40);
    } finally {
      await second.stop();
    }
  });
});

describe('failing endpoints', () => {
  it('disables an endpoint that failed every attempt for the configured time', async () => {
    const patient = await startTestPlatform({
      ...fast,
      FIN_WEBHOOK_RETRY_SCHEDULE: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
      FIN_WEBHOOK_DISABLE_AFTER_SECONDS: 1,
    });
    const d = new Dispatcher(patient.database.db, patient.config, pino({ level: 'silent' }));
    d.start();
    const r = await receiver(() => 500);
    try {
      const tenant = await patient.newTenant();
      const created = await patient.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: r.url, enabled_events: ['customer.created'] },
      });
      await patient.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name: 'x' } });
      const disabled = await waitFor(async () => {
        const res = await patient.call('GET', `/v1/webhook_endpoints/${created.body.id}`, {
          key: tenant.adminKey,
        });
        return res.body.status === 'disabled' ? res.body : undefined;
      });
      expect(disabled.disabled_reason).toBe('failing');
      // Disabled after at least a second of failures, before the schedule ran out.
      expect(r.received.length).toBeGreaterThanOrEqual(2);
      expect(r.received.length).toBeLessThan(7);
      // The event is sequenced right after the disabling commits: another reader can see the
      // endpoint disabled a moment before the event is in the log.
      const events = await waitFor(async () => {
        const res = await patient.call('GET', '/v1/events?type=webhook_endpoint.disabled', {
          key: tenant.adminKey,
        });
        return res.body.data.length > 0 ? res.body.data : undefined;
      });
      expect(events).toHaveLength(1);
    } finally {
      await d.stop();
      await r.close();
      await patient.close();
    }
  });
});

describe('webhooks across tenants', () => {
  it("never shows, redelivers or sends one tenant's events to another", async () => {
    const other = await p.newTenant('Other');
    const mine = await endpointFor(t);
    const theirs = await endpointFor(other);
    const created = await createCustomer(t, 'Private to t');
    const hit = await waitFor(() => mine.received.find((x) => x.body.includes('Private to t')));
    const eventId = JSON.parse(hit.body).id as string;
    for (const path of [
      `/v1/webhook_endpoints/${mine.id}`,
      `/v1/webhook_endpoints/${mine.id}/attempts`,
    ]) {
      expect((await p.call('GET', path, { key: other.adminKey })).status, path).toBe(404);
    }
    const redeliver = await p.call('POST', `/v1/events/${eventId}/redeliver`, {
      key: other.adminKey,
    });
    expect(redeliver.status).toBe(404);
    const list = await p.call('GET', '/v1/webhook_endpoints', { key: other.adminKey });
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([theirs.id]);
    await createCustomer(other, 'Marker for other');
    await waitFor(() => theirs.received.some((x) => x.body.includes('Marker for other')));
    expect(theirs.received.some((x) => x.body.includes('Private to t'))).toBe(false);
    expect(created.status).toBe(201);
  });
});

describe('address checks', () => {
  it('refuses at registration a host that resolves to a private address', async () => {
    const strict = await startTestPlatform(
      { ...fast, FIN_WEBHOOK_ALLOW_PRIVATE: false },
      undefined,
      {
        resolveHost: async (host) =>
          host === 'hooks.internal.test' ? ['10.1.2.3'] : ['93.184.216.34'],
      },
    );
    try {
      const tenant = await strict.newTenant();
      const refused = await strict.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: 'https://hooks.internal.test/h', enabled_events: ['*'] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'url_not_allowed', param: 'url' });
      const mapped = await strict.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: 'http://[::ffff:127.0.0.1]:8080/h', enabled_events: ['*'] },
      });
      expect(mapped.status).toBe(400);
      const ok = await strict.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: 'https://hooks.example.test/h', enabled_events: ['*'] },
      });
      expect(ok.status).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it('checks the address again at delivery and records the refusal', async () => {
    let calls = 0;
    // Public at registration, loopback by delivery time (DNS rebinding).
    const resolveHost = async () => (calls++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']);
    const strict = await startTestPlatform(
      { ...fast, FIN_WEBHOOK_ALLOW_PRIVATE: false },
      undefined,
      {
        resolveHost,
      },
    );
    const local = await receiver();
    const d = new Dispatcher(
      strict.database.db,
      strict.config,
      pino({ level: 'silent' }),
      new EmbeddedProvider({ timeoutMs: 2000, allowPrivate: false, resolve: resolveHost }),
    );
    d.start();
    try {
      const tenant = await strict.newTenant();
      const port = new URL(local.url).port;
      const created = await strict.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: `http://rebind.example.test:${port}/hook`, enabled_events: ['*'] },
      });
      expect(created.status).toBe(201);
      await strict.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name: 'x' } });
      const attempt = await waitFor(async () => {
        const res = await strict.call('GET', `/v1/webhook_endpoints/${created.body.id}/attempts`, {
          key: tenant.adminKey,
        });
        return res.body.data[0];
      });
      expect(attempt).toMatchObject({ status: 'failed', error: 'address_refused' });
      expect(local.received).toHaveLength(0);
    } finally {
      await d.stop();
      await local.close();
      await strict.close();
    }
  });
});

describe('Svix scale adapter', () => {
  it('mirrors endpoints to Svix and hands each event over once, keyed by its id', async () => {
    const svix = await startFakeSvix();
    const provider = new SvixProvider({ apiKey: svix.apiKey, serverUrl: svix.url });
    const scaled = await startTestPlatform(fast, undefined, {
      webhooks: provider,
      resolveHost: async () => ['93.184.216.34'],
    });
    const d = new Dispatcher(
      scaled.database.db,
      scaled.config,
      pino({ level: 'silent' }),
      provider,
    );
    d.start();
    try {
      const tenant = await scaled.newTenant();
      const created = await scaled.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: 'https://hooks.example.com/fin', enabled_events: ['customer.created'] },
      });
      expect(created.status).toBe(201);
      const mirrored = svix.state.endpoints.get(created.body.id);
      expect(mirrored).toMatchObject({
        url: 'https://hooks.example.com/fin',
        secret: created.body.secret,
        filterTypes: ['customer.created'],
      });
      expect(svix.state.apps.has(tenant.id)).toBe(true);
      const customer = await scaled.call('POST', '/v1/customers', {
        key: tenant.adminKey,
        body: { name: 'Via Svix' },
      });
      const message = await waitFor(() =>
        svix.state.messages.find((m) => JSON.stringify(m.payload).includes(customer.body.id)),
      );
      expect(message.eventType).toBe('customer.created');
      expect(message.idempotencyKey).toBe(message.eventId);
      expect(message.eventId).toMatch(/^evt_/);
      // Redelivery resends Svix's message to that endpoint (creating it again would be deduped).
      const again = await scaled.call('POST', `/v1/events/${message.eventId}/redeliver`, {
        key: tenant.adminKey,
        body: { endpoint_id: created.body.id },
      });
      expect(again.status).toBe(202);
      await waitFor(() => svix.state.resends.length === 1);
      expect(svix.state.messages.filter((m) => m.eventId === message.eventId)).toHaveLength(1);
      // An endpoint the platform disables (here: Svix answered 410) is disabled at Svix too.
      svix.failNext(1, 410);
      await scaled.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name: 'Gone' } });
      await waitFor(() => svix.state.endpoints.get(created.body.id)?.disabled === true);
      // A provider refusal is a 502 and keeps nothing.
      svix.failNext(1, 500);
      const refused = await scaled.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: 'https://hooks.example.com/other', enabled_events: ['*'] },
      });
      expect(refused.status).toBe(502);
      const list = await scaled.call('GET', '/v1/webhook_endpoints', { key: tenant.adminKey });
      expect(list.body.data).toHaveLength(1);
    } finally {
      await d.stop();
      await scaled.close();
      await svix.close();
    }
  });
});

describe('outcome fencing', () => {
  it('records nothing for an outcome whose lease another process has taken over', async () => {
    const fenced = await startTestPlatform(fast);
    try {
      const tenant = await fenced.newTenant();
      const endpoint = await fenced.call('POST', '/v1/webhook_endpoints', {
        key: tenant.adminKey,
        body: { url: 'http://127.0.0.1:9/h', enabled_events: ['customer.created'] },
      });
      await fenced.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name: 'F' } });
      const db = fenced.database.db;
      // No dispatcher runs here: lease the delivery by hand, as a newer claim would.
      const { rows } = await sql<{ event_id: string; partner_id: string; lease: string }>`
        UPDATE webhook_deliveries d SET locked_until = now() + interval '1 minute'
          FROM tenants t WHERE t.id = d.tenant_id AND d.endpoint_id = ${endpoint.body.id}
        RETURNING d.event_id, t.partner_id, d.locked_until::text AS lease`.execute(db);
      const row = rows[0]!;
      const recorder = new OutcomeRecorder(db, fenced.config, async () => {});
      const outcome = {
        kind: 'response',
        status: 200,
        body: 'ok',
        durationMs: 5,
        retryAfterSeconds: undefined,
      } as const;
      const claimed = {
        tenant_id: tenant.id,
        partner_id: row.partner_id,
        endpoint_id: endpoint.body.id,
        event_id: row.event_id,
        attempts: 0,
        failing_since: null,
      };
      await recorder.record({ ...claimed, lease: '2000-01-01 00:00:00+00' }, outcome);
      const stale = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM webhook_attempts`.execute(db);
      expect(stale.rows[0]!.n).toBe(0);
      await recorder.record({ ...claimed, lease: row.lease }, outcome);
      const held = await sql<{ n: number; status: string }>`
        SELECT (SELECT count(*)::int FROM webhook_attempts) AS n,
               (SELECT status FROM webhook_deliveries WHERE event_id = ${row.event_id}) AS status`.execute(
        db,
      );
      expect(held.rows[0]).toEqual({ n: 1, status: 'succeeded' });
    } finally {
      await fenced.close();
    }
  });
});
