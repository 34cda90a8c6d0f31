import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_TENANT } from '../../src/platform/events/events-stream.routes.js';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

let p: TestPlatform;
let t: TestTenant;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
});
afterAll(() => p.close());

interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

/** Opens the stream and collects its frames until `close()`. */
async function open(key: string, options: { query?: string; lastEventId?: string } = {}) {
  const controller = new AbortController();
  const res = await p.app.request(`/v1/events/stream${options.query ?? ''}`, {
    headers: {
      authorization: `Bearer ${key}`,
      ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const frames: Frame[] = [];
  const errors: string[] = [];
  let failed: unknown;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  if (res.status === 200 && res.body) {
    const body = res.body.getReader();
    reader = body;
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await body.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let cut = buffer.indexOf('\n\n');
          while (cut !== -1) {
            const frame: Frame = {};
            for (const line of buffer.slice(0, cut).split('\n')) {
              const [field, ...rest] = line.split(': ');
              if (field === 'id' || field === 'event' || field === 'data') {
                frame[field] = rest.join(': ');
              }
            }
            if (frame.id) frames.push(frame);
            else if (frame.event === 'error' && frame.data) errors.push(frame.data);
            buffer = buffer.slice(cut + 2);
            cut = buffer.indexOf('\n\n');
          }
        }
      } catch (err) {
        failed = err;
      }
    })();
  }
  return {
    res,
    frames,
    errors,
    failed: () => failed,
    // Cancelling the body is what a client disconnect does to the server's stream.
    close: () => {
      controller.abort();
      void reader?.cancel().catch(() => {});
    },
  };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const customer = (tenant: TestTenant, name: string) =>
  p.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name } });

describe('GET /v1/events/stream', () => {
  it('streams events as they commit, with the event id as the SSE id', async () => {
    const s = await open(t.adminKey);
    expect(s.res.headers.get('content-type')).toContain('text/event-stream');
    const created = await customer(t, 'Live');
    await until(() => s.frames.length >= 1);
    s.close();
    const [frame] = s.frames;
    const event = JSON.parse(frame!.data!);
    expect(frame).toMatchObject({ event: 'customer.created', id: event.id });
    expect(event.data.object.id).toBe(created.body.id);
  });

  it('resumes after Last-Event-ID in sequence order, missing nothing', async () => {
    const first = await open(t.adminKey);
    await customer(t, 'One');
    await until(() => first.frames.length >= 1);
    first.close();
    const resumeFrom = first.frames[0]!.id!;
    await customer(t, 'Two');
    await customer(t, 'Three');
    const again = await open(t.adminKey, { lastEventId: resumeFrom });
    await until(() => again.frames.length >= 2);
    again.close();
    const names = again.frames.map((f) => JSON.parse(f.data!).data.object.name);
    expect(names).toEqual(['Two', 'Three']);
    const sequences = again.frames.map((f) => JSON.parse(f.data!).sequence);
    expect(sequences[1]).toBe(sequences[0] + 1);
  });

  it('filters by types and refuses an unknown type', async () => {
    const s = await open(t.adminKey, { query: '?types=customer.updated' });
    const created = await customer(t, 'Filtered');
    await p.call('PATCH', `/v1/customers/${created.body.id}`, {
      key: t.adminKey,
      body: { name: 'Renamed' },
    });
    await until(() => s.frames.length >= 1);
    s.close();
    expect(s.frames.map((f) => f.event)).toEqual(['customer.updated']);
    const bad = await p.call('GET', '/v1/events/stream?types=customer.exploded', {
      key: t.adminKey,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('types[0]');
  });

  it("never streams another tenant's events, and refuses to resume from one of its ids", async () => {
    const other = await p.newTenant('Other');
    const mine = await open(t.adminKey);
    await customer(t, 'Mine');
    await until(() => mine.frames.length >= 1);
    mine.close();
    // Another tenant's event id is unknown here: refused, not silently started at "now".
    const foreign = await open(other.adminKey, { lastEventId: mine.frames[0]!.id! });
    expect(foreign.res.status).toBe(400);
    const refusal = (await foreign.res.json()) as { error: { param: string } };
    expect(refusal.error.param).toBe('Last-Event-ID');
    const theirs = await open(other.adminKey);
    await customer(t, 'Still mine');
    await customer(other, 'Theirs');
    await until(() => theirs.frames.length >= 1);
    theirs.close();
    expect(theirs.frames.map((f) => JSON.parse(f.data!).data.object.name)).toEqual(['Theirs']);
  });

  it('ends with an authentication error event once its key is revoked', async () => {
    const created = await p.call('POST', '/v1/api_keys', {
      key: t.adminKey,
      body: { role: 'viewer' },
    });
    const s = await open(created.body.secret);
    const before = await customer(t, 'Seen');
    await until(() => s.frames.length >= 1);
    await p.call('DELETE', `/v1/api_keys/${created.body.id}`, { key: t.adminKey });
    await customer(t, 'Not seen');
    await until(() => s.errors.length >= 1);
    s.close();
    expect(s.frames.map((f) => JSON.parse(f.data!).data.object.id)).toEqual([before.body.id]);
    expect(JSON.parse(s.errors[0]!).error).toMatchObject({ type: 'authentication_error' });
  });

  it('caps open streams per tenant with 429 too_many_streams, freeing a slot on close', async () => {
    const busy = await p.newTenant('Busy');
    const streams = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_TENANT }, () => open(busy.adminKey)),
    );
    expect(streams.every((s) => s.res.status === 200)).toBe(true);
    const refused = await p.call('GET', '/v1/events/stream', { key: busy.adminKey });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_streams');
    expect(refused.headers.get('retry-after')).toBe('5');
    // Another tenant is not affected.
    const other = await open(t.adminKey);
    expect(other.res.status).toBe(200);
    other.close();
    streams[0]!.close();
    let again = await open(busy.adminKey);
    for (let i = 0; again.res.status !== 200 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 50)); // until the server has noticed the close
      again = await open(busy.adminKey);
    }
    expect(again.res.status).toBe(200);
    again.close();
    for (const s of streams) s.close();
  });

  it('needs a key with events:read', async () => {
    const res = await p.app.request('/v1/events/stream');
    expect(res.status).toBe(401);
  });
});
