import type { CoreConfig } from './core.js';
import { errorFromResponse, FinConnectionError } from './errors.js';
import type { Event } from './generated/types.gen.js';

/**
 * Options of `fin.events.stream()`.
 *
 * @example
 * ```ts
 * const options: EventStreamOptions = { types: ['invoice.paid'], lastEventId: 'evt_…' };
 * ```
 */
export interface EventStreamOptions {
  /** Only these event types (default: all). */
  types?: string[];
  /** Resume after this event; without it the stream starts with the next event. */
  lastEventId?: string;
  /** Stops the stream (the iterator then ends). */
  signal?: AbortSignal;
  /** Reconnect, resuming after the last event, when the connection drops. Default true. */
  reconnect?: boolean;
}

interface Frame {
  id: string | undefined;
  event: string | undefined;
  data: string[];
}

const MAX_BACKOFF_MS = 10_000;
const statusOfError = (type: unknown) => (type === 'authentication_error' ? 401 : 500);

/** Splits a Server-Sent Events byte stream into frames (WHATWG event-stream format). */
async function* frames(body: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  const decoder = new TextDecoder();
  let buffer = '';
  let frame: Frame = { id: undefined, event: undefined, data: [] };
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (frame.data.length > 0 || frame.event) yield frame;
          frame = { id: undefined, event: undefined, data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') frame.data.push(value);
        else if (field === 'id') frame.id = value;
        else if (field === 'event') frame.event = value;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * The tenant's events as they commit, from `GET /v1/events/stream`, resuming with
 * `Last-Event-ID` after a dropped connection so nothing is missed or repeated.
 */
export async function* streamEvents(
  config: CoreConfig,
  options: EventStreamOptions = {},
): AsyncGenerator<Event> {
  // Ours, so that leaving the loop early (`break`) also closes the connection.
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop);
  try {
    yield* connect(config, options, controller.signal);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    controller.abort();
  }
}

async function* connect(
  config: CoreConfig,
  options: EventStreamOptions,
  signal: AbortSignal,
): AsyncGenerator<Event> {
  let lastEventId = options.lastEventId;
  let backoff = 500;
  const query = options.types?.length
    ? `?types=${encodeURIComponent(options.types.join(','))}`
    : '';
  const url = `${config.baseUrl.replace(/\/+$/, '')}/v1/events/stream${query}`;
  while (!signal.aborted) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${config.apiKey}`,
      accept: 'text/event-stream',
      ...(config.tenant === undefined ? {} : { 'fin-tenant': config.tenant }),
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    };
    let response: Response;
    try {
      response = await config.fetch(new Request(url, { headers, signal }));
    } catch (err) {
      if (signal.aborted) return;
      if (options.reconnect === false) {
        throw new FinConnectionError('Could not connect to the event stream', { cause: err });
      }
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      continue;
    }
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => undefined);
      throw errorFromResponse(response.status, body, response.headers);
    }
    backoff = 500;
    try {
      for await (const frame of frames(response.body)) {
        const data = frame.data.join('\n');
        if (frame.event === 'error') {
          const body = JSON.parse(data) as { error?: { type?: unknown } };
          throw errorFromResponse(statusOfError(body.error?.type), body, response.headers);
        }
        if (frame.id) lastEventId = frame.id;
        yield JSON.parse(data) as Event;
      }
    } catch (err) {
      if (signal.aborted) return;
      if (!(err instanceof TypeError) || options.reconnect === false) throw err;
      // A dropped connection (fetch reports a TypeError): resume after the last event.
    }
    if (options.reconnect === false) return;
  }
}
