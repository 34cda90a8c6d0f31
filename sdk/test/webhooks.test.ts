import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Event,
  FinWebhookVerificationError,
  NotFoundError,
  verifyWebhook,
  type WebhookEndpointWithSecret,
} from '../src/index.js';
import { createTenant, type TenantFixture } from './support/fixtures.js';
import { type Delivery, eventually, type Receiver, startReceiver } from './support/receiver.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let ctx: TenantFixture;
const receivers: Receiver[] = [];

beforeAll(async () => {
  // One quick retry, then a failed delivery: lets `recover` be tested in seconds.
  server = await startServer({ FIN_WEBHOOK_RETRY_SCHEDULE: '0.2', FIN_WEBHOOK_POLL_MS: '100' });
  ctx = await createTenant(server);
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await server?.close();
});

/** A fresh receiver and an endpoint pointing at it, for `customer.*` events only. */
async function endpointWithReceiver(): Promise<{
  receiver: Receiver;
  endpoint: WebhookEndpointWithSecret;
}> {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const endpoint = await ctx.fin.webhookEndpoints.create({
    url: receiver.url,
    enabled_events: ['customer.created', 'customer.updated'],
  });
  return { receiver, endpoint };
}

/** Waits for the delivery whose body mentions `marker` (an object id), the n-th if asked. */
function deliveryOf(receiver: Receiver, marker: string, nth = 1): Promise<Delivery> {
  return eventually(
    () => receiver.deliveries.filter((d) => d.body.toString().includes(marker))[nth - 1],
  );
}

describe('webhook deliveries', () => {
  it('delivers a signed event that verifyWebhook accepts with the secret from create', async () => {
    const { receiver, endpoint } = await endpointWithReceiver();
    expect(endpoint).toMatchObject({ object: 'webhook_endpoint', status: 'enabled' });
    expect(endpoint.id).toMatch(/^we_/);
    expect(endpoint.secret).toMatch(/^whsec_/);

    const customer = await ctx.fin.customers.create({ name: 'Webhook Ada' });
    const delivery = await deliveryOf(receiver, customer.id);
    const event: Event = verifyWebhook(delivery.body, delivery.headers, endpoint.secret);

    expect(event).toMatchObject({ object: 'event', type: 'customer.created' });
    expect(event.data.object).toMatchObject({ id: customer.id, name: 'Webhook Ada' });
    expect(delivery.headers['webhook-id']).toBe(event.id);
    expect(delivery.headers['svix-id']).toBe(event.id);
    expect(await ctx.fin.events.retrieve(event.id)).toEqual(event);
    expect(() => verifyWebhook(delivery.body, delivery.headers, `whsec_${'A'.repeat(32)}`)).toThrow(
      FinWebhookVerificationError,
    );

    const attempt = await eventually(async () => {
      const { data } = await ctx.fin.webhookEndpoints.listAttempts(endpoint.id, {
        event_id: event.id,
      });
      return data.find((a) => a.status === 'succeeded');
    });
    expect(attempt).toMatchObject({
      object: 'webhook_attempt',
      endpoint_id: endpoint.id,
      event_id: event.id,
      attempt: 1,
      response_status: 200,
      error: null,
    });
  });

  it('signs with both secrets after a rotation: the old and the new one verify', async () => {
    const { receiver, endpoint } = await endpointWithReceiver();
    const rotated = await ctx.fin.webhookEndpoints.rotateSecret(endpoint.id);
    expect(rotated.id).toBe(endpoint.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);

    const customer = await ctx.fin.customers.create({ name: 'After rotation' });
    const { body, headers } = await deliveryOf(receiver, customer.id);
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWebhook(body, headers, endpoint.secret).data.object.id).toBe(customer.id);
    expect(verifyWebhook(body, headers, rotated.secret).data.object.id).toBe(customer.id);
    expect(verifyWebhook(body, headers, [rotated.secret, endpoint.secret]).type).toBe(
      'customer.created',
    );
  });

  it('redelivers an event to one endpoint with the same webhook-id', async () => {
    const { receiver, endpoint } = await endpointWithReceiver();
    const customer = await ctx.fin.customers.create({ name: 'Sent twice' });
    const first = await deliveryOf(receiver, customer.id);
    const event = verifyWebhook(first.body, first.headers, endpoint.secret);

    const redelivery = await ctx.fin.events.redeliver(event.id, { endpoint_id: endpoint.id });
    expect(redelivery).toEqual({
      object: 'redelivery',
      event_id: event.id,
      endpoint_ids: [endpoint.id],
    });
    const second = await deliveryOf(receiver, customer.id, 2);
    expect(second.headers['webhook-id']).toBe(event.id);
    expect(verifyWebhook(second.body, second.headers, endpoint.secret)).toEqual(event);
  });

  it('recovers failed deliveries once the receiver answers 2xx again', async () => {
    const { receiver, endpoint } = await endpointWithReceiver();
    receiver.status = 500;
    const since = new Date(Date.now() - 60_000).toISOString();
    const customer = await ctx.fin.customers.create({ name: 'Down for a while' });
    const failed = await eventually(async () => {
      const attempts = await ctx.fin.webhookEndpoints.listAttempts(endpoint.id).toArray({
        limit: 100,
      });
      // Two attempts (the first and its one retry), the last with no retry left.
      return attempts.length === 2 && attempts.every((a) => a.status === 'failed')
        ? attempts
        : undefined;
    });
    expect(failed.map((a) => [a.attempt, a.response_status, a.next_retry_at])).toEqual([
      [2, 500, null],
      [1, 500, expect.any(String)],
    ]);

    receiver.status = 200;
    const recovery = await ctx.fin.webhookEndpoints.recover(endpoint.id, { since });
    expect(recovery).toEqual({ object: 'recovery', endpoint_id: endpoint.id, requeued: 1 });
    const delivered = await deliveryOf(receiver, customer.id, 3);
    expect(verifyWebhook(delivered.body, delivered.headers, endpoint.secret).type).toBe(
      'customer.created',
    );
    await eventually(async () => {
      const { data } = await ctx.fin.webhookEndpoints.listAttempts(endpoint.id, { limit: 1 });
      return data[0]?.status === 'succeeded' ? data[0] : undefined;
    });
  });
});

describe('webhook endpoints', () => {
  it('walks every endpoint across pages with for await, secrets never listed', async () => {
    const created: WebhookEndpointWithSecret[] = [];
    for (const path of ['a', 'b', 'c']) {
      created.push(
        await ctx.fin.webhookEndpoints.create({
          url: `http://127.0.0.1:9/${path}`,
          enabled_events: ['invoice.voided'],
        }),
      );
    }
    const seen: string[] = [];
    for await (const endpoint of ctx.fin.webhookEndpoints.list({ limit: 2 })) {
      expect(endpoint).not.toHaveProperty('secret');
      seen.push(endpoint.id);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created.map((e) => e.id)));
    // Newest first.
    expect(seen.indexOf(created[2]?.id ?? '')).toBeLessThan(seen.indexOf(created[0]?.id ?? ''));
    await Promise.all(created.map((e) => ctx.fin.webhookEndpoints.del(e.id)));
  });

  it('retrieves, updates, disables and deletes an endpoint', async () => {
    const { id } = await ctx.fin.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hooks',
      enabled_events: ['invoice.paid'],
      description: 'Before',
    });
    const updated = await ctx.fin.webhookEndpoints.update(id, {
      description: 'After',
      enabled_events: ['invoice.paid', 'invoice.voided'],
      disabled: true,
    });
    expect(updated).toMatchObject({
      id,
      description: 'After',
      enabled_events: ['invoice.paid', 'invoice.voided'],
      status: 'disabled',
      disabled_reason: 'requested',
    });
    expect(await ctx.fin.webhookEndpoints.retrieve(id)).toEqual(updated);

    expect(await ctx.fin.webhookEndpoints.del(id)).toEqual({
      id,
      object: 'webhook_endpoint',
      deleted: true,
    });
    await expect(ctx.fin.webhookEndpoints.retrieve(id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('replays rotateSecret with the same Idempotency-Key instead of rotating twice', async () => {
    const { endpoint } = await endpointWithReceiver();
    const idempotencyKey = `rotate-${endpoint.id}`;
    const first = await ctx.fin.webhookEndpoints.rotateSecret(endpoint.id, { idempotencyKey });
    const again = await ctx.fin.webhookEndpoints.rotateSecret(endpoint.id, { idempotencyKey });
    expect(again.secret).toBe(first.secret);
    const fresh = await ctx.fin.webhookEndpoints.rotateSecret(endpoint.id);
    expect(fresh.secret).not.toBe(first.secret);
  });

  it("answers 404 for another tenant's endpoint and never lists it", async () => {
    const { endpoint } = await endpointWithReceiver();
    const other = await createTenant(server);
    await expect(other.fin.webhookEndpoints.retrieve(endpoint.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(other.fin.webhookEndpoints.listAttempts(endpoint.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const theirs = await other.fin.webhookEndpoints.list().toArray({ limit: 1000 });
    expect(theirs.map((e) => e.id)).not.toContain(endpoint.id);
  });
});

describe('event types', () => {
  it('lists the catalogue with each type and the schema of its object', async () => {
    const catalogue = await ctx.fin.eventTypes.list();
    expect(catalogue).toMatchObject({ object: 'list', has_more: false });
    const created = catalogue.data.find((t) => t.type === 'customer.created');
    expect(created).toMatchObject({ object: 'event_type', schema_name: 'Customer' });
    expect(created?.schema).toHaveProperty('properties');
  });
});
