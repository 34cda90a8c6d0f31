import { z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { AppError } from '../errors.js';
import { apiRoute, createRouter } from '../http/openapi.js';
import { scopeOf } from '../http/respond.js';
import { KeyInactiveError, readTenant } from '../tx.js';
import { isEventType } from './event-types.js';
import { type EventRow, eventColumns, toEvent } from './events.routes.js';
import { onEventsSealed } from './outbox-signal.js';

/** Catch-up reads go in pages of this many events. */
const PAGE = 500;
/** Other processes' commits are noticed by polling this often. */
const POLL_MS = 1000;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** Open streams per tenant on one node: each one reads the database every POLL_MS. */
export const MAX_STREAMS_PER_TENANT = 20;
const openStreams = new Map<string, number>();

const stream = apiRoute({
  method: 'get',
  path: '/events/stream',
  operationId: 'streamEvents',
  summary: 'Stream events (Server-Sent Events)',
  description:
    "The tenant's events as they commit, in `sequence` order: `id:` is the event id, `event:` its type, `data:` the event JSON. Reconnect with `Last-Event-ID` to resume after the last event received; without it the stream starts with the next event. `: ping` comments keep idle connections open.",
  tags: ['Events'],
  access: 'events:read',
  request: {
    query: z.object({
      types: z.string().max(2000).optional().openapi({
        description: 'Comma-separated event types to receive (default: all).',
        example: 'invoice.paid,invoice.voided',
      }),
    }),
    headers: z.object({
      'Last-Event-ID': z.string().max(64).optional().openapi({
        description: 'Resume after this event (sent by EventSource on reconnect).',
      }),
    }),
  },
  responses: {
    200: {
      description: 'A text/event-stream of events',
      content: { 'text/event-stream': { schema: z.string() } },
    },
  },
});

function parseTypes(raw: string | undefined): Set<string> | undefined {
  if (!raw) return undefined;
  const types = raw.split(',').map((t) => t.trim());
  types.forEach((type, i) => {
    if (!isEventType(type)) {
      throw new AppError(
        'invalid_request_error',
        'parameter_invalid',
        `Unknown event type '${type}'. GET /v1/event_types lists them.`,
        { param: `types[${i}]` },
      );
    }
  });
  return new Set(types);
}

export const eventStreamRoutes = createRouter().openapi(stream, async (c) => {
  const types = parseTypes(c.req.valid('query').types);
  const scope = scopeOf(c);
  const { db } = c.var.deps;
  const tenantId = scope.auth.tenantId;
  const lastEventId = c.req.header('last-event-id');
  const streamKey = tenantId ?? scope.auth.partnerId;
  const open = openStreams.get(streamKey) ?? 0;
  if (open >= MAX_STREAMS_PER_TENANT) {
    throw new AppError(
      'rate_limit_error',
      'too_many_streams',
      `At most ${MAX_STREAMS_PER_TENANT} event streams may be open per tenant; close one first.`,
      { headers: { 'Retry-After': '5' } },
    );
  }
  // Counted before any await, so concurrent requests cannot all slip under the cap.
  openStreams.set(streamKey, open + 1);
  const release = () => {
    const left = (openStreams.get(streamKey) ?? 1) - 1;
    if (left > 0) openStreams.set(streamKey, left);
    else openStreams.delete(streamKey);
  };
  // Where the stream starts: after the named event, else after the latest one now.
  let cursor: string;
  try {
    cursor = await readTenant(db, scope, async (tx) => {
      const named = lastEventId
        ? await tx.trx
            .selectFrom('events')
            .select('sequence')
            .where('tenant_id', '=', tx.tenantId)
            .where('id', '=', lastEventId)
            .executeTakeFirst()
        : undefined;
      if (named) return named.sequence;
      if (lastEventId) {
        // Starting at "now" would hide the gap from a client that expects to resume.
        throw new AppError(
          'invalid_request_error',
          'parameter_invalid',
          `No event '${lastEventId}' to resume after in this tenant.`,
          { param: 'Last-Event-ID' },
        );
      }
      const latest = await tx.trx
        .selectFrom('events')
        .select((eb) => eb.fn.coalesce(eb.fn.max('sequence'), eb.lit(0)).as('sequence'))
        .where('tenant_id', '=', tx.tenantId)
        .executeTakeFirstOrThrow();
      return String(latest.sequence);
    });
  } catch (err) {
    release();
    throw err;
  }

  return streamSSE(c, async (sse) => {
    let closed = false;
    let wake: (() => void) | undefined;
    const nudge = () => wake?.();
    const off = onEventsSealed((tenant) => {
      if (tenant === tenantId) nudge();
    });
    sse.onAbort(() => {
      closed = true;
      nudge();
    });
    let lastWrite = Date.now();
    try {
      while (!closed) {
        const rows: EventRow[] = await readTenant(db, scope, (tx) =>
          tx.trx
            .selectFrom('events')
            .select(eventColumns)
            .where('tenant_id', '=', tx.tenantId)
            .where('sequence', '>', cursor)
            .orderBy('sequence')
            .limit(PAGE)
            .execute(),
        );
        for (const row of rows) {
          cursor = row.sequence;
          if (types && !types.has(row.type)) continue;
          await sse.writeSSE({ id: row.id, event: row.type, data: JSON.stringify(toEvent(row)) });
          lastWrite = Date.now();
        }
        if (rows.length === PAGE) continue;
        if (Date.now() - lastWrite >= HEARTBEAT_MS) {
          await sse.write(': ping\n\n');
          lastWrite = Date.now();
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } catch (err) {
      // The stream has begun, so an error travels as an `error` event with the usual body;
      // nothing internal reaches the client or escapes to Hono (which would print a stack).
      const revoked = err instanceof KeyInactiveError;
      if (!revoked) {
        const e = err as { name?: string; message?: string; code?: unknown };
        c.var.deps.logger.error(
          {
            request_id: c.var.requestId,
            error: { name: e.name, message: e.message, code: e.code },
          },
          'event stream failed',
        );
      }
      const body = revoked
        ? {
            type: 'authentication_error',
            code: 'invalid_api_key',
            message: 'Invalid API key provided.',
          }
        : {
            type: 'api_error',
            code: 'internal_error',
            message: 'The stream stopped unexpectedly; reconnect with Last-Event-ID.',
          };
      await sse
        .writeSSE({
          event: 'error',
          data: JSON.stringify({ error: { ...body, request_id: c.var.requestId } }),
        })
        .catch(() => {});
    } finally {
      off();
      release();
    }
  });
});
