import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Customer, FinACEverse, ListPromise } from '../src/index.js';
import { createTenant, recordingFetch, type TenantFixture } from './support/fixtures.js';
import { startServer, type TestServer } from './support/server.js';

const TOTAL = 25;

let server: TestServer;
let ctx: TenantFixture;
/** Newest first, as the API lists them. */
let expected: string[];

beforeAll(async () => {
  server = await startServer();
  ctx = await createTenant(server);
  const created: Customer[] = [];
  for (let i = 0; i < TOTAL; i++) {
    created.push(await ctx.fin.customers.create({ name: `Customer ${i}` }));
  }
  expected = created.map((c) => c.id).reverse();
});

afterAll(async () => {
  await server?.close();
});

function recordingClient() {
  const recorder = recordingFetch();
  const fin = new FinACEverse({
    apiKey: ctx.tenant.api_key.secret ?? '',
    baseUrl: server.url,
    fetch: recorder.fetch,
  });
  return { fin, requests: recorder.requests };
}

describe('auto-pagination', () => {
  it('awaiting a list gives one page', async () => {
    const { fin, requests } = recordingClient();
    const page = await fin.customers.list({ limit: 10 });
    expect(page.object).toBe('list');
    expect(page.has_more).toBe(true);
    expect(page.data.map((c) => c.id)).toEqual(expected.slice(0, 10));
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]?.url ?? '').searchParams.get('limit')).toBe('10');
  });

  it('iterates every object across three pages with no gaps or repeats', async () => {
    const { fin, requests } = recordingClient();
    const seen: string[] = [];
    for await (const customer of fin.customers.list({ limit: 10 })) seen.push(customer.id);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(TOTAL);
    const cursors = requests.map((r) => new URL(r.url).searchParams.get('starting_after'));
    expect(cursors).toEqual([null, expected[9], expected[19]]);
  });

  it('requests nothing until awaited or iterated, and fetches the first page once', async () => {
    const { fin, requests } = recordingClient();
    const list = fin.customers.list({ limit: 5 });
    expect(list).toBeInstanceOf(ListPromise);
    expect(requests).toHaveLength(0);
    const page = await list;
    const first: string[] = [];
    for await (const customer of list) {
      first.push(customer.id);
      if (first.length === 5) break;
    }
    expect(first).toEqual(page.data.map((c) => c.id));
    expect(requests).toHaveLength(1);
  });

  it('toArray stops at its limit, across page boundaries', async () => {
    const { fin, requests } = recordingClient();
    const items = await fin.customers.list({ limit: 5 }).toArray({ limit: 12 });
    expect(items.map((c) => c.id)).toEqual(expected.slice(0, 12));
    expect(requests).toHaveLength(3);
  });

  it('walks towards newer objects from an ending_before cursor, oldest first', async () => {
    const cursor = expected[20] ?? '';
    const seen: string[] = [];
    for await (const c of ctx.fin.customers.list({ limit: 3, ending_before: cursor })) {
      seen.push(c.id);
    }
    expect(seen).toEqual(expected.slice(0, 20).reverse());
  });

  it('keeps filters on every page', async () => {
    const { fin, requests } = recordingClient();
    const assets = await fin.accounts.list({ type: 'asset', limit: 2 }).toArray({ limit: 100 });
    expect(assets.length).toBeGreaterThan(2);
    expect(assets.every((a) => a.type === 'asset')).toBe(true);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r) => new URL(r.url).searchParams.get('type') === 'asset')).toBe(true);
  });

  it('has no gaps or repeats for any page size and starting cursor (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: -1, max: TOTAL - 1 }),
        async (limit, startIndex) => {
          const params =
            startIndex < 0 ? { limit } : { limit, starting_after: expected[startIndex] ?? '' };
          const seen = await ctx.fin.customers.list(params).toArray({ limit: 1000 });
          expect(seen.map((c) => c.id)).toEqual(expected.slice(startIndex + 1));
        },
      ),
      { numRuns: 20 },
    );
  });
});
