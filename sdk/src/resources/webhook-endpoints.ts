import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookAttempts,
  listWebhookEndpoints,
  recoverWebhookEndpoint,
  retrieveWebhookEndpoint,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from '../generated/sdk.gen.js';
import type {
  CreateWebhookEndpointRequest,
  DeletedWebhookEndpoint,
  ListWebhookAttemptsData,
  ListWebhookEndpointsData,
  RecoverWebhookEndpointData,
  Recovery,
  UpdateWebhookEndpointRequest,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.webhookEndpoints.list()`.
 *
 * @example
 * ```ts
 * const params: WebhookEndpointListParams = { limit: 100 };
 * ```
 */
export type WebhookEndpointListParams = NonNullable<ListWebhookEndpointsData['query']>;

/**
 * Parameters of `fin.webhookEndpoints.listAttempts()`: cursors plus an optional `event_id`.
 *
 * @example
 * ```ts
 * const params: WebhookAttemptListParams = { event_id: 'evt_01jd8x2q3m4n5p6r7s8t9v0w1x' };
 * ```
 */
export type WebhookAttemptListParams = NonNullable<ListWebhookAttemptsData['query']>;

/**
 * Parameters of `fin.webhookEndpoints.recover()`: re-send failed deliveries of events
 * created at or after `since` (ISO 8601).
 *
 * @example
 * ```ts
 * const params: WebhookEndpointRecoverParams = { since: '2026-11-22T00:00:00Z' };
 * ```
 */
export type WebhookEndpointRecoverParams = RecoverWebhookEndpointData['body'];

/**
 * URLs that receive the tenant's events, signed per Standard Webhooks; check each delivery
 * with {@link verifyWebhook}. Needs a manager key or above.
 *
 * @example
 * ```ts
 * const endpoint = await fin.webhookEndpoints.create({
 *   url: 'https://example.com/hooks/finaceverse',
 *   enabled_events: ['invoice.paid', 'invoice.voided'],
 * });
 * await saveSecret(endpoint.id, endpoint.secret); // shown only here
 * ```
 */
export class WebhookEndpoints {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Registers an endpoint for `enabled_events` (`['*']` for every type; see
   * `fin.eventTypes.list()`). The signing `secret` (`whsec_…`) is returned only here.
   *
   * @example
   * ```ts
   * const { id, secret } = await fin.webhookEndpoints.create({
   *   url: 'https://example.com/hooks/finaceverse',
   *   enabled_events: ['*'],
   *   description: 'Ledger sync',
   * });
   * ```
   */
  create(
    params: CreateWebhookEndpointRequest,
    options?: IdempotentRequestOptions,
  ): Promise<WebhookEndpointWithSecret> {
    return this.#core.request(options, (call) => createWebhookEndpoint({ ...call, body: params }));
  }

  /**
   * Lists endpoints, newest first, without their secrets.
   *
   * @example
   * ```ts
   * for await (const endpoint of fin.webhookEndpoints.list()) console.log(endpoint.url, endpoint.status);
   * ```
   */
  list(
    params: WebhookEndpointListParams = {},
    options?: RequestOptions,
  ): ListPromise<WebhookEndpoint> {
    return this.#core.list(params, options, (query, call) =>
      listWebhookEndpoints({ ...call, query }),
    );
  }

  /**
   * Retrieves an endpoint, without its secret.
   *
   * @example
   * ```ts
   * const endpoint = await fin.webhookEndpoints.retrieve('we_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * if (endpoint.status === 'disabled') console.warn(endpoint.disabled_reason);
   * ```
   */
  retrieve(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#core.request(options, (call) =>
      retrieveWebhookEndpoint({ ...call, path: { id } }),
    );
  }

  /**
   * Changes the URL, events, description or metadata, or disables (`disabled: true`) and
   * re-enables the endpoint.
   *
   * @example
   * ```ts
   * await fin.webhookEndpoints.update(endpoint.id, { enabled_events: ['invoice.paid'] });
   * await fin.webhookEndpoints.update(endpoint.id, { disabled: false }); // after a 410 or failures
   * ```
   */
  update(
    id: string,
    params: UpdateWebhookEndpointRequest,
    options?: RequestOptions,
  ): Promise<WebhookEndpoint> {
    return this.#core.request(options, (call) =>
      updateWebhookEndpoint({ ...call, path: { id }, body: params }),
    );
  }

  /**
   * Deletes an endpoint; nothing more is delivered to it.
   *
   * @example
   * ```ts
   * const { deleted } = await fin.webhookEndpoints.del(endpoint.id);
   * ```
   */
  del(id: string, options?: RequestOptions): Promise<DeletedWebhookEndpoint> {
    return this.#core.request(options, (call) => deleteWebhookEndpoint({ ...call, path: { id } }));
  }

  /**
   * Issues a new signing secret, returned only here. For 24 hours deliveries carry
   * signatures with both the new and the old secret, so receivers can switch without
   * dropping any: verify with both meanwhile.
   *
   * @example
   * ```ts
   * const { secret } = await fin.webhookEndpoints.rotateSecret(endpoint.id);
   * const event = verifyWebhook(body, headers, [secret, previousSecret]);
   * ```
   */
  rotateSecret(id: string, options?: IdempotentRequestOptions): Promise<WebhookEndpointWithSecret> {
    return this.#core.request(options, (call) =>
      rotateWebhookEndpointSecret({ ...call, path: { id } }),
    );
  }

  /**
   * Lists the endpoint's delivery attempts, newest first: status, response, error, duration
   * and the next retry.
   *
   * @example
   * ```ts
   * for await (const attempt of fin.webhookEndpoints.listAttempts(endpoint.id, { event_id: event.id })) {
   *   console.log(attempt.attempt, attempt.status, attempt.response_status, attempt.error);
   * }
   * ```
   */
  listAttempts(
    id: string,
    params: WebhookAttemptListParams = {},
    options?: RequestOptions,
  ): ListPromise<WebhookAttempt> {
    return this.#core.list(params, options, (query, call) =>
      listWebhookAttempts({ ...call, path: { id }, query }),
    );
  }

  /**
   * Queues again every failed delivery to this endpoint of events since `since`, e.g. once
   * the receiver is fixed. `requeued` counts them.
   *
   * @example
   * ```ts
   * const { requeued } = await fin.webhookEndpoints.recover(endpoint.id, {
   *   since: new Date(Date.now() - 24 * 3600_000).toISOString(),
   * });
   * ```
   */
  recover(
    id: string,
    params: WebhookEndpointRecoverParams,
    options?: IdempotentRequestOptions,
  ): Promise<Recovery> {
    return this.#core.request(options, (call) =>
      recoverWebhookEndpoint({ ...call, path: { id }, body: params }),
    );
  }
}
