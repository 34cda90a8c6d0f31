import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import { type EventStreamOptions, streamEvents } from '../event-stream.js';
import { listEvents, redeliverEvent, retrieveEvent } from '../generated/sdk.gen.js';
import type {
  Event,
  ListEventsData,
  RedeliverEventData,
  Redelivery,
} from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.events.list()`: cursors plus an optional event `type`.
 *
 * @example
 * ```ts
 * const params: EventListParams = { type: 'invoice.paid' };
 * ```
 */
export type EventListParams = NonNullable<ListEventsData['query']>;

/**
 * Parameters of `fin.events.redeliver()`: one `endpoint_id`, or none for every enabled
 * endpoint subscribed to the event's type.
 *
 * @example
 * ```ts
 * const params: EventRedeliverParams = { endpoint_id: 'we_01jd8x2q3m4n5p6r7s8t9v0w1x' };
 * ```
 */
export type EventRedeliverParams = NonNullable<RedeliverEventData['body']>;

/**
 * Events: what changed, in a gap-free per-tenant `sequence`.
 *
 * @example
 * ```ts
 * const latest = await fin.events.list({ limit: 1 });
 * ```
 */
export class Events {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Lists events, newest first.
   *
   * @example
   * ```ts
   * for await (const event of fin.events.list({ type: 'invoice.paid' })) console.log(event.sequence);
   * ```
   */
  list(params: EventListParams = {}, options?: RequestOptions): ListPromise<Event> {
    return this.#core.list(params, options, (query, call) => listEvents({ ...call, query }));
  }

  /**
   * Retrieves an event with a snapshot of its object.
   *
   * @example
   * ```ts
   * const event = await fin.events.retrieve('evt_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * console.log(event.type, event.data.object);
   * ```
   */
  retrieve(id: string, options?: RequestOptions): Promise<Event> {
    return this.#core.request(options, (call) => retrieveEvent({ ...call, path: { id } }));
  }

  /**
   * Queues the event for delivery again, to one endpoint or to every enabled endpoint
   * subscribed to its type; `endpoint_ids` lists where it went. The delivery keeps the
   * event's id as `webhook-id`, so receivers that dedupe will drop it if they already
   * processed it.
   *
   * @example
   * ```ts
   * const { endpoint_ids } = await fin.events.redeliver('evt_01jd8x2q3m4n5p6r7s8t9v0w1x', {
   *   endpoint_id: endpoint.id,
   * });
   * ```
   */
  redeliver(
    id: string,
    params: EventRedeliverParams = {},
    options?: IdempotentRequestOptions,
  ): Promise<Redelivery> {
    return this.#core.request(options, (call) =>
      redeliverEvent({ ...call, path: { id }, body: params }),
    );
  }

  /**
   * The tenant's events as they commit (Server-Sent Events), as an async iterator. After a
   * dropped connection it reconnects and resumes after the last event it yielded; leave the
   * loop (or abort `signal`) to close the stream.
   *
   * @example
   * ```ts
   * for await (const event of fin.events.stream({ types: ['invoice.paid'] })) {
   *   console.log(event.sequence, event.type, event.data.object.id);
   * }
   * ```
   */
  stream(options: EventStreamOptions = {}): AsyncGenerator<Event> {
    return streamEvents(this.#core.config, options);
  }
}
