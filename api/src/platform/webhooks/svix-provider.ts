import { ApiException, type EndpointPatch, Svix } from 'svix';
import { eventTypes, isEventType } from '../events/event-types.js';
import type { WebhookEndpoint } from './endpoints.js';
import type { DeliveryJob, WebhookProvider } from './provider.js';
import { type DeliveryOutcome, parseRetryAfter } from './transport.js';

export interface SvixProviderOptions {
  apiKey: string;
  /** Svix's cloud (region taken from the key) when absent; else self-hosted Svix or a fake. */
  serverUrl?: string;
  /** Per request, connecting through reading the body; keep it under the dispatcher's lease. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_DETAIL_CHARS = 200;
/** Svix's documented answer to a new message. */
const ACCEPTED = 202;

/** What the mirror methods throw: names the operation, never carries a secret or a key. */
export class SvixProviderError extends Error {
  override readonly name = 'SvixProviderError';

  constructor(
    readonly operation: string,
    /** Svix's HTTP status, or undefined when no answer came. */
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`svix ${operation} failed: ${detail}`);
  }
}

/**
 * Hands deliveries to Svix: one application per tenant (uid = tenant id), endpoints mirrored
 * under our ids with our secrets (so Svix signs exactly as the embedded provider would), and
 * one message per event, however many of the tenant's endpoints the dispatcher delivers it
 * to: the event id is the idempotency key and the message's `eventId`.
 */
export class SvixProvider implements WebhookProvider {
  readonly name = 'svix' as const;
  readonly #svix: Svix;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #apps = new Map<string, Promise<string>>();
  readonly #eventTypes = new Map<string, Promise<void>>();

  constructor(options: SvixProviderOptions) {
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#svix = new Svix(options.apiKey, {
      ...(options.serverUrl ? { serverUrl: options.serverUrl.replace(/\/+$/, '') } : {}),
      requestTimeout: this.#timeoutMs,
      // No retries inside the SDK (`numRetries: 0` would be ignored as falsy; an empty schedule
      // is honoured). Deliveries already retry on the dispatcher's schedule, each attempt
      // recorded; mirror calls run inside the caller's transaction, so failing fast (502,
      // rolled back) beats holding it through the SDK's backoff.
      retryScheduleInMs: [],
    });
  }

  async deliver(job: DeliveryJob): Promise<DeliveryOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    try {
      const appId = await this.#app(job.tenantId);
      const body = job.redelivery
        ? await this.#resend(appId, job)
        : await this.#createMessage(appId, job);
      return {
        kind: 'response',
        status: ACCEPTED,
        body,
        durationMs: elapsed(),
        retryAfterSeconds: undefined,
      };
    } catch (error) {
      if (error instanceof ApiException) {
        return {
          kind: 'response',
          status: error.code,
          body: `svix ${error.code}: ${this.#detail(error.body)}`,
          durationMs: elapsed(),
          retryAfterSeconds: parseRetryAfter(error.headers['retry-after']),
        };
      }
      return {
        kind: 'error',
        error: isTimeout(error) ? 'timeout' : 'connection_error',
        message: this.#describe(error),
        durationMs: elapsed(),
      };
    }
  }

  endpointCreated(tenantId: string, endpoint: WebhookEndpoint, secret: string): Promise<void> {
    return this.#mirror(`create endpoint ${endpoint.id}`, [secret], async () => {
      const appId = await this.#app(tenantId);
      const fields = mirroredFields(endpoint);
      await this.#ensureEventTypes(fields.filterTypes ?? []);
      await this.#svix.endpoint.create(appId, {
        ...fields,
        filterTypes: fields.filterTypes ?? undefined,
        uid: endpoint.id,
        secret,
      });
    });
  }

  endpointUpdated(tenantId: string, endpoint: WebhookEndpoint): Promise<void> {
    return this.#mirror(`update endpoint ${endpoint.id}`, [], async () => {
      const appId = await this.#app(tenantId);
      const fields = mirroredFields(endpoint);
      await this.#ensureEventTypes(fields.filterTypes ?? []);
      // PATCH, not PUT: Svix's PUT creates a missing endpoint with a secret of its own, which
      // would sign differently from ours; a missing endpoint must fail loudly instead.
      await this.#svix.endpoint.patch(appId, endpoint.id, fields);
    });
  }

  endpointDeleted(tenantId: string, endpointId: string): Promise<void> {
    return this.#mirror(`delete endpoint ${endpointId}`, [], async () => {
      const appId = await this.#app(tenantId);
      try {
        await this.#svix.endpoint.delete(appId, endpointId);
      } catch (error) {
        // Already absent at Svix is the state we want.
        if (!(error instanceof ApiException && error.code === 404)) throw error;
      }
    });
  }

  secretRotated(tenantId: string, endpointId: string, secret: string): Promise<void> {
    return this.#mirror(`rotate secret of endpoint ${endpointId}`, [secret], async () => {
      const appId = await this.#app(tenantId);
      // Svix keeps the old secret signing for 24 h by default, as SECRET_OVERLAP_MS does here.
      await this.#svix.endpoint.rotateSecret(appId, endpointId, { key: secret });
    });
  }

  /** A 409 means Svix already holds a message with this `eventId` (its idempotency cache,
   * 12 h, has expired but the uid check has not): the event was accepted before. */
  /**
   * A redelivery: Svix dedupes messages by event id, so creating again would change
   * nothing; resend the message it holds to this one endpoint (both addressed by our ids,
   * Svix's uids). If Svix never got the message, create it now.
   */
  async #resend(appId: string, job: DeliveryJob): Promise<string> {
    try {
      await this.#svix.messageAttempt.resend(appId, job.eventId, job.endpointId);
      return `svix resent ${job.eventId}`;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404)
        return this.#createMessage(appId, job);
      throw error;
    }
  }

  async #createMessage(appId: string, job: DeliveryJob): Promise<string> {
    const payload: unknown = JSON.parse(job.payload);
    try {
      const message = await this.#svix.message.create(
        appId,
        { eventType: job.eventType, eventId: job.eventId, payload },
        { idempotencyKey: job.eventId },
      );
      return `svix ${message.id}`;
    } catch (error) {
      if (error instanceof ApiException && error.code === 409) {
        return `svix already holds ${job.eventId}`;
      }
      throw error;
    }
  }

  /** The tenant's application id, created on first need; a failure is not remembered. */
  #app(tenantId: string): Promise<string> {
    const known = this.#apps.get(tenantId);
    if (known) return known;
    const app = this.#svix.application
      .getOrCreate({ name: tenantId, uid: tenantId })
      .then((created) => created.id);
    this.#apps.set(tenantId, app);
    app.catch(() => {
      if (this.#apps.get(tenantId) === app) this.#apps.delete(tenantId);
    });
    return app;
  }

  /** Svix refuses an endpoint filtering on an event type it does not know (422), so each
   * type is registered once per process; 409 means another process already did. */
  async #ensureEventTypes(names: readonly string[]): Promise<void> {
    await Promise.all(
      names.map((name) => {
        const known = this.#eventTypes.get(name);
        if (known) return known;
        const description = isEventType(name) ? eventTypes[name].description : name;
        const created = this.#svix.eventType.create({ name, description }).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof ApiException && error.code === 409) return;
            this.#eventTypes.delete(name);
            throw error;
          },
        );
        this.#eventTypes.set(name, created);
        return created;
      }),
    );
  }

  async #mirror(operation: string, secrets: string[], call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      const status = error instanceof ApiException ? error.code : undefined;
      const detail =
        error instanceof ApiException
          ? `${error.code} ${this.#detail(error.body, secrets)}`
          : this.#describe(error);
      throw new SvixProviderError(operation, status, detail);
    }
  }

  /** Svix's error body in one short line, with no secret of ours in it. */
  #detail(body: unknown, secrets: readonly string[] = []): string {
    let text = summarise(typeof body === 'string' ? (parseJson(body) ?? body) : body);
    for (const secret of [this.#apiKey, ...secrets]) text = text.split(secret).join('…');
    text = text
      .replace(/whsec_[A-Za-z0-9+/=]+/g, 'whsec_…')
      .replace(/\s+/g, ' ')
      .trim();
    // Code points, not UTF-16 units: the text is stored and must stay valid.
    return (
      Array.from(text.replace(/\0/g, '\uFFFD')).slice(0, MAX_DETAIL_CHARS).join('') || 'no detail'
    );
  }

  /** A failure without an HTTP answer, from Node's error code only. */
  #describe(error: unknown): string {
    if (isTimeout(error)) return `no response within ${this.#timeoutMs} ms`;
    if (error instanceof SyntaxError) return 'unreadable response';
    const cause = error instanceof Error ? error.cause : undefined;
    const { code, syscall } = (cause ?? {}) as NodeJS.ErrnoException;
    if (code) return syscall ? `${syscall} ${code}` : code;
    return 'request failed';
  }
}

/** The endpoint as Svix should see it; `filterTypes: null` (all events) for our `["*"]`. */
function mirroredFields(endpoint: WebhookEndpoint) {
  const all = endpoint.enabled_events.includes('*');
  return {
    url: endpoint.url,
    description: endpoint.description ?? '',
    disabled: endpoint.status === 'disabled',
    filterTypes: all ? null : endpoint.enabled_events,
  } satisfies EndpointPatch;
}

/** `{code, detail}`, a 422's `{detail: [{loc, msg}]}`, or text (5xx bodies come unparsed). */
function summarise(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!isRecord(body)) return '';
  if (Array.isArray(body.detail)) {
    return body.detail
      .filter(isRecord)
      .map((item) => `${Array.isArray(item.loc) ? item.loc.join('.') : ''}: ${String(item.msg)}`)
      .join('; ');
  }
  return [body.code, body.detail].filter((part) => typeof part === 'string').join(': ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isTimeout = (error: unknown) => error instanceof Error && error.name === 'TimeoutError';
