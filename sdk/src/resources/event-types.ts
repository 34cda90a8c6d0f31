import type { Core, RequestOptions } from '../core.js';
import { listEventTypes } from '../generated/sdk.gen.js';
import type { EventTypeList } from '../generated/types.gen.js';

/**
 * The catalogue of event types: what each means and the JSON Schema of its `data.object`.
 *
 * @example
 * ```ts
 * const { data } = await fin.eventTypes.list();
 * const invoiceTypes = data.filter((t) => t.type.startsWith('invoice.')).map((t) => t.type);
 * ```
 */
export class EventTypes {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Lists every event type the platform emits, in one response (`has_more` is always
   * false, so there are no cursors to follow).
   *
   * @example
   * ```ts
   * for (const eventType of (await fin.eventTypes.list()).data) {
   *   console.log(eventType.type, eventType.description, eventType.schema_name);
   * }
   * ```
   */
  list(options?: RequestOptions): Promise<EventTypeList> {
    return this.#core.request(options, (call) => listEventTypes({ ...call }));
  }
}
