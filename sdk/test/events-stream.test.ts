import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, type Event, FinACEverse } from '../src/index.js';
import { createTenant, type TenantFixture } from './support/fixtures.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let ctx: TenantFixture;

beforeAll(async () => {
  server = await startServer();
  ctx = await createTenant(server);
});
afterAll(() => server?.close());

/** Collects `count` events from the stream, then leaves the loop (closing it). */
async function take(stream: AsyncGenerator<Event>, count: number): Promise<Event[]> {
  const seen: Event[] = [];
  for await (const event of stream) {
    seen.push(event);
    if (seen.length === count) break;
  }
  return seen;
}

describe('fin.events.stream()', () => {
  it('yields events as they commit, filtered by type', async () => {
    // Resume after the newest event, so no race with the stream's start.
    const latest = await ctx.fin.events.list({ limit: 1 });
    const pending = take(
      ctx.fin.events.stream({ types: ['customer.updated'], lastEventId: latest.data[0]!.id }),
      1,
    );
    const customer = await ctx.fin.customers.create({ name: 'Streamed' });
    await ctx.fin.customers.update(customer.id, { name: 'Streamed again' });
    const [event] = await pending;
    expect(event).toMatchObject({
      type: 'customer.updated',
      data: { object: { id: customer.id } },
    });
  });

  it('resumes after lastEventId without gaps', async () => {
    const latest = await ctx.fin.events.list({ limit: 1 });
    const first = take(
      ctx.fin.events.stream({ types: ['customer.created'], lastEventId: latest.data[0]!.id }),
      1,
    );
    await ctx.fin.customers.create({ name: 'A' });
    const [a] = await first;
    await ctx.fin.customers.create({ name: 'B' });
    await ctx.fin.customers.create({ name: 'C' });
    const rest = await take(
      ctx.fin.events.stream({ types: ['customer.created'], lastEventId: a!.id }),
      2,
    );
    expect(rest.map((e) => (e.data.object as { name: string }).name)).toEqual(['B', 'C']);
    expect(rest[1]!.sequence).toBeGreaterThan(rest[0]!.sequence);
  });

  it('throws AuthenticationError for a bad key instead of retrying', async () => {
    const bad = new FinACEverse({
      apiKey: 'sk_notarealkey000000000000000000',
      baseUrl: server.url,
    });
    await expect(take(bad.events.stream(), 1)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
