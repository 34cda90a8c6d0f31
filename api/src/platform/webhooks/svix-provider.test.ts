import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSvix, startFakeSvix } from '../../../test/support/fake-svix.js';
import { eventTypes } from '../events/event-types.js';
import { newId } from '../ids.js';
import { newSecret, type WebhookEndpoint } from './endpoints.js';
import type { DeliveryJob } from './provider.js';
import { SvixProvider, SvixProviderError } from './svix-provider.js';

let svix: FakeSvix;
let provider: SvixProvider;

beforeEach(async () => {
  svix = await startFakeSvix();
  provider = new SvixProvider({ apiKey: svix.apiKey, serverUrl: svix.url });
});

afterEach(async () => {
  await svix.close();
});

function endpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: newId('webhookEndpoint'),
    object: 'webhook_endpoint',
    url: 'https://receiver.example.com/hooks',
    description: 'Ledger sync',
    enabled_events: ['customer.created', 'invoice.paid'],
    status: 'enabled',
    disabled_reason: null,
    metadata: {},
    created_at: new Date().toISOString(),
    ...overrides,
  };
}

function job(tenantId: string, overrides: Partial<DeliveryJob> = {}): DeliveryJob {
  const eventId = overrides.eventId ?? newId('event');
  const payload = {
    id: eventId,
    object: 'event',
    type: 'customer.created',
    sequence: '42',
    created_at: '2026-01-02T03:04:05.678Z',
    request_id: null,
    data: { object: { id: 'cus_1', name: 'Ada', balance: '12.50' } },
  };
  return {
    tenantId,
    endpointId: newId('webhookEndpoint'),
    eventId,
    eventType: 'customer.created',
    payload: JSON.stringify(payload),
    url: 'https://receiver.example.com/hooks',
    secrets: [newSecret()],
    redelivery: false,
    ...overrides,
  };
}

const requestsTo = (method: string, path: RegExp) =>
  svix.state.requests.filter((r) => r.method === method && path.test(r.path));

describe('SvixProvider applications', () => {
  it('creates one application per tenant on first need, getOrCreate with the tenant id as uid', async () => {
    const [a, b] = [newId('tenant'), newId('tenant')];
    await Promise.all([
      provider.deliver(job(a)),
      provider.deliver(job(a)),
      provider.endpointCreated(a, endpoint(), newSecret()),
      provider.deliver(job(b)),
    ]);
    await provider.deliver(job(a));

    const creates = requestsTo('POST', /^\/api\/v1\/app$/);
    expect(creates).toHaveLength(2);
    for (const create of creates) expect(create.query).toEqual({ get_if_exists: 'true' });
    expect(creates.map((r) => r.body)).toEqual(
      expect.arrayContaining([
        { name: a, uid: a },
        { name: b, uid: b },
      ]),
    );
    expect([...svix.state.apps.keys()].sort()).toEqual([a, b].sort());
  });

  it('asks again after a failed application lookup instead of remembering the failure', async () => {
    const tenant = newId('tenant');
    svix.failNext(1, 500);
    expect(await provider.deliver(job(tenant))).toMatchObject({ kind: 'response', status: 500 });
    expect(await provider.deliver(job(tenant))).toMatchObject({ kind: 'response', status: 202 });
    expect(requestsTo('POST', /^\/api\/v1\/app$/)).toHaveLength(2);
    expect(svix.state.apps.get(tenant)).toBeDefined();
  });
});

describe('SvixProvider endpoint mirror', () => {
  it('creates the endpoint under our id with url, description, filterTypes, disabled and our secret', async () => {
    const tenant = newId('tenant');
    const ours = endpoint();
    const secret = newSecret();
    await provider.endpointCreated(tenant, ours, secret);

    const mirrored = svix.state.endpoints.get(ours.id);
    expect(mirrored).toMatchObject({
      appId: svix.state.apps.get(tenant)?.id,
      uid: ours.id,
      url: ours.url,
      description: 'Ledger sync',
      disabled: false,
      filterTypes: ['customer.created', 'invoice.paid'],
      secret,
    });
  });

  it('registers each filter type once, with our description, and accepts types already registered', async () => {
    const tenant = newId('tenant');
    // Another process registered one of them already: Svix answers 409.
    await new SvixProvider({ apiKey: svix.apiKey, serverUrl: svix.url }).endpointCreated(
      tenant,
      endpoint({ enabled_events: ['invoice.paid'] }),
      newSecret(),
    );
    await provider.endpointCreated(tenant, endpoint(), newSecret());
    await provider.endpointCreated(tenant, endpoint(), newSecret());

    const registrations = requestsTo('POST', /^\/api\/v1\/event-type$/);
    expect(registrations.map((r) => [r.body, r.status])).toEqual(
      expect.arrayContaining([
        [{ name: 'invoice.paid', description: eventTypes['invoice.paid'].description }, 201],
        [{ name: 'invoice.paid', description: eventTypes['invoice.paid'].description }, 409],
        [
          { name: 'customer.created', description: eventTypes['customer.created'].description },
          201,
        ],
      ]),
    );
    expect(registrations).toHaveLength(3);
    expect(svix.state.endpoints.size).toBe(3);
  });

  it('omits filterTypes for ["*"], so the Svix endpoint receives every event type', async () => {
    const ours = endpoint({ enabled_events: ['*'], description: null });
    await provider.endpointCreated(newId('tenant'), ours, newSecret());

    const [create] = requestsTo('POST', /\/endpoint$/);
    expect(create?.body).not.toHaveProperty('filterTypes');
    expect(svix.state.endpoints.get(ours.id)).toMatchObject({ filterTypes: null, description: '' });
    expect(requestsTo('POST', /^\/api\/v1\/event-type$/)).toHaveLength(0);
  });

  it('mirrors an update with PATCH, and ["*"] clears the filter', async () => {
    const tenant = newId('tenant');
    const ours = endpoint();
    await provider.endpointCreated(tenant, ours, newSecret());

    await provider.endpointUpdated(tenant, {
      ...ours,
      url: 'https://other.example.com/in',
      description: null,
      enabled_events: ['invoice.voided'],
      status: 'disabled',
      disabled_reason: 'requested',
    });
    expect(svix.state.endpoints.get(ours.id)).toMatchObject({
      url: 'https://other.example.com/in',
      description: '',
      disabled: true,
      filterTypes: ['invoice.voided'],
    });

    await provider.endpointUpdated(tenant, { ...ours, enabled_events: ['*'] });
    expect(svix.state.endpoints.get(ours.id)).toMatchObject({
      url: ours.url,
      disabled: false,
      filterTypes: null,
    });
    expect(requestsTo('PATCH', new RegExp(`/endpoint/${ours.id}$`))).toHaveLength(2);
  });

  it('fails an update of an endpoint Svix does not hold, naming the operation and status', async () => {
    const ours = endpoint();
    const failure = await provider.endpointUpdated(newId('tenant'), ours).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SvixProviderError);
    expect(failure).toMatchObject({ status: 404 });
    expect((failure as Error).message).toBe(
      `svix update endpoint ${ours.id} failed: 404 not_found: Entity not found`,
    );
    expect(svix.state.endpoints.size).toBe(0);
  });

  it('mirrors a delete, and deleting an endpoint Svix no longer holds succeeds', async () => {
    const tenant = newId('tenant');
    const ours = endpoint();
    await provider.endpointCreated(tenant, ours, newSecret());

    await provider.endpointDeleted(tenant, ours.id);
    expect(svix.state.endpoints.has(ours.id)).toBe(false);
    expect(svix.state.deletedEndpoints.map((e) => e.uid)).toEqual([ours.id]);

    await expect(provider.endpointDeleted(tenant, ours.id)).resolves.toBeUndefined();
    expect(requestsTo('DELETE', /\/endpoint\//).map((r) => r.status)).toEqual([204, 404]);
  });

  it('rotates the Svix secret to ours', async () => {
    const tenant = newId('tenant');
    const ours = endpoint();
    const [first, second] = [newSecret(), newSecret()];
    await provider.endpointCreated(tenant, ours, first);

    await provider.secretRotated(tenant, ours.id, second);
    expect(svix.state.endpoints.get(ours.id)).toMatchObject({
      secret: second,
      previousSecrets: [first],
    });
    expect(requestsTo('POST', /\/secret\/rotate$/).map((r) => r.body)).toEqual([{ key: second }]);
  });

  it('turns a Svix failure into an error naming the operation, with no key or secret in it', async () => {
    const ours = endpoint();
    const secret = newSecret();
    svix.failNext(1, 400, `refused ${secret} for Bearer ${svix.apiKey} (whsec_c29tZXRoaW5n)`);

    const failure = await provider
      .endpointCreated(newId('tenant'), ours, secret)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SvixProviderError);
    const { message } = failure as Error;
    expect(message).toMatch(new RegExp(`^svix create endpoint ${ours.id} failed: 400 `));
    expect(message).not.toContain(secret);
    expect(message).not.toContain(svix.apiKey);
    expect(message).not.toContain('c29tZXRoaW5n');

    // Nothing was kept: the same call succeeds once Svix answers again.
    await provider.endpointCreated(newId('tenant'), ours, secret);
    expect(svix.state.endpoints.get(ours.id)?.secret).toBe(secret);
  });

  it('throws for a 5xx on a mirror call, which the caller turns into a rollback', async () => {
    const tenant = newId('tenant');
    const ours = endpoint({ enabled_events: ['*'] });
    await provider.endpointCreated(tenant, ours, newSecret());
    svix.failNext(1, 503);
    await expect(provider.secretRotated(tenant, ours.id, newSecret())).rejects.toMatchObject({
      name: 'SvixProviderError',
      status: 503,
      message: `svix rotate secret of endpoint ${ours.id} failed: 503 fake_failure: Injected 503`,
    });
  });
});

describe('SvixProvider deliveries', () => {
  it('creates a message with the event type, the event id as eventId and idempotency key, and the event JSON', async () => {
    const tenant = newId('tenant');
    const delivery = job(tenant);
    const outcome = await provider.deliver(delivery);

    const [message] = svix.state.messages;
    expect(svix.state.messages).toHaveLength(1);
    expect(message).toMatchObject({
      appId: svix.state.apps.get(tenant)?.id,
      eventType: 'customer.created',
      eventId: delivery.eventId,
      idempotencyKey: delivery.eventId,
      payload: JSON.parse(delivery.payload),
    });
    expect(outcome).toEqual({
      kind: 'response',
      status: 202,
      body: `svix ${message?.id}`,
      durationMs: expect.any(Number),
      retryAfterSeconds: undefined,
    });
  });

  it('leaves one message at Svix when two endpoints of a tenant deliver the same event', async () => {
    const tenant = newId('tenant');
    const first = job(tenant);
    const second = { ...first, endpointId: newId('webhookEndpoint') };
    const outcomes = await Promise.all([provider.deliver(first), provider.deliver(second)]);

    expect(svix.state.messages).toHaveLength(1);
    const body = `svix ${svix.state.messages[0]?.id}`;
    expect(outcomes).toMatchObject([
      { kind: 'response', status: 202, body },
      { kind: 'response', status: 202, body },
    ]);
    expect(requestsTo('POST', /\/msg$/).map((r) => r.replayed)).toEqual([false, true]);
  });

  it('counts a redelivery as accepted when Svix already holds the eventId (409 after the key expired)', async () => {
    const tenant = newId('tenant');
    const delivery = job(tenant);
    await provider.deliver(delivery);
    svix.forgetIdempotencyKeys();

    const outcome = await provider.deliver(delivery);
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 202,
      body: `svix already holds ${delivery.eventId}`,
    });
    expect(requestsTo('POST', /\/msg$/).map((r) => r.status)).toEqual([202, 409]);
    expect(svix.state.messages).toHaveLength(1);
  });

  it('resends the message Svix holds to the one endpoint on a redelivery', async () => {
    const tenant = newId('tenant');
    const ep = endpoint();
    await provider.endpointCreated(tenant, ep, newSecret());
    const delivery = job(tenant, { endpointId: ep.id });
    await provider.deliver(delivery);
    const outcome = await provider.deliver({ ...delivery, redelivery: true });
    expect(outcome).toMatchObject({ kind: 'response', status: 202 });
    expect(svix.state.messages).toHaveLength(1);
    expect(svix.state.resends).toEqual([
      { messageId: svix.state.messages[0]!.id, endpointId: svix.state.endpoints.get(ep.id)!.id },
    ]);
  });

  it('creates the message on a redelivery Svix never received', async () => {
    const tenant = newId('tenant');
    const ep = endpoint();
    await provider.endpointCreated(tenant, ep, newSecret());
    await provider.deliver(job(tenant, { endpointId: ep.id, redelivery: true }));
    expect(svix.state.messages).toHaveLength(1);
    expect(svix.state.resends).toEqual([]);
  });

  it('keeps separate events separate', async () => {
    const tenant = newId('tenant');
    await provider.deliver(job(tenant));
    await provider.deliver(job(tenant));
    expect(svix.state.messages).toHaveLength(2);
  });

  it('maps a 5xx from Svix to a failed response outcome without throwing or retrying', async () => {
    const tenant = newId('tenant');
    await provider.deliver(job(tenant));
    svix.failNext(1, 503);

    const outcome = await provider.deliver(job(tenant));
    expect(outcome).toEqual({
      kind: 'response',
      status: 503,
      body: 'svix 503: fake_failure: Injected 503',
      durationMs: expect.any(Number),
      retryAfterSeconds: undefined,
    });
    expect(requestsTo('POST', /\/msg$/).map((r) => r.status)).toEqual([202, 503]);
    expect(svix.state.requests.every((r) => r.retryCount === 0)).toBe(true);
    expect(svix.state.messages).toHaveLength(1);
  });

  it('maps a rejected API key to a 401 response outcome', async () => {
    const wrong = new SvixProvider({ apiKey: 'sk_not_the_key', serverUrl: svix.url });
    expect(await wrong.deliver(job(newId('tenant')))).toMatchObject({
      kind: 'response',
      status: 401,
      body: 'svix 401: authentication_failed: Invalid token',
    });
    expect(svix.state.apps.size).toBe(0);
  });

  it('maps a refused connection to connection_error', async () => {
    const gone = await startFakeSvix();
    await gone.close();
    const unreachable = new SvixProvider({ apiKey: gone.apiKey, serverUrl: gone.url });

    const outcome = await unreachable.deliver(job(newId('tenant')));
    expect(outcome).toEqual({
      kind: 'error',
      error: 'connection_error',
      message: 'connect ECONNREFUSED',
      durationMs: expect.any(Number),
    });
  });

  it('maps no answer within timeoutMs to timeout', async () => {
    const impatient = new SvixProvider({
      apiKey: svix.apiKey,
      serverUrl: svix.url,
      timeoutMs: 150,
    });
    svix.hangNext(1);

    const outcome = await impatient.deliver(job(newId('tenant')));
    expect(outcome).toMatchObject({
      kind: 'error',
      error: 'timeout',
      message: 'no response within 150 ms',
    });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(140);
    expect(svix.state.requests).toHaveLength(1);
  });
});
