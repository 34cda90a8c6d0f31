import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the part of the Svix API that SvixProvider uses, answering in the
 * JSON the svix SDK's deserializers read (camelCase, `app_`/`ep_`/`msg_` ids, ISO times) and
 * following svix-server's rules where the adapter depends on them:
 * - `Authorization: Bearer <key>` or 401;
 * - POSTs with an `idempotency-key` replay the first 2xx answer for the same key, token and
 *   URL (non-2xx answers are not kept), as svix-server's idempotency middleware does;
 * - a message `eventId` is unique per application (409), an endpoint `uid` per application;
 * - uids match `^[a-zA-Z0-9\-_.]+$` and must not start with the object's id prefix;
 * - `filterTypes` must name registered, unarchived event types (422);
 * - secrets are `whsec_` + base64 of 24 to 75 bytes (422);
 * - `PATCH` of an endpoint changes only the fields sent (`filterTypes: null` clears it).
 * One simplification: endpoints are recorded by uid across applications (ours are global ids).
 */

export interface FakeSvixApp {
  id: string;
  uid: string | null;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeSvixEndpoint {
  id: string;
  appId: string;
  uid: string | null;
  url: string;
  description: string;
  disabled: boolean;
  filterTypes: string[] | null;
  secret: string;
  /** Secrets replaced by a rotation, the oldest first. */
  previousSecrets: string[];
  createdAt: string;
  updatedAt: string;
}

export interface FakeSvixEventType {
  name: string;
  description: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface FakeSvixMessage {
  id: string;
  appId: string;
  eventId: string | null;
  eventType: string;
  payload: unknown;
  idempotencyKey: string | undefined;
  timestamp: string;
}

export interface FakeSvixRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  idempotencyKey: string | undefined;
  /** The SDK's `svix-retry-count` header: 0 on a first try. */
  retryCount: number;
  body: unknown;
  /** Undefined while the fake holds the request unanswered. */
  status: number | undefined;
  replayed: boolean;
}

export interface FakeSvixState {
  /** By uid (by id for an application created without one). */
  apps: Map<string, FakeSvixApp>;
  /** Live endpoints by uid (by id when created without one). */
  endpoints: Map<string, FakeSvixEndpoint>;
  deletedEndpoints: FakeSvixEndpoint[];
  eventTypes: Map<string, FakeSvixEventType>;
  messages: FakeSvixMessage[];
  /** Resends asked for: message id and endpoint id (Svix's ids, not uids). */
  resends: Array<{ messageId: string; endpointId: string }>;
  requests: FakeSvixRequest[];
}

export interface FakeSvix {
  url: string;
  apiKey: string;
  state: FakeSvixState;
  /** The next `count` requests get `status` (JSON `{code, detail}`) and change nothing. */
  failNext(count: number, status: number, detail?: string): void;
  /** The next `count` requests are read but never answered (until `close`). */
  hangNext(count: number): void;
  /** Drops the idempotency cache, as its 12 h expiry would. */
  forgetIdempotencyKeys(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
}

interface Call {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  idempotencyKey: string | undefined;
}

const UID = /^[a-zA-Z0-9\-_.]+$/;
const SECRET = /^(?:whsec_)?([A-Za-z0-9+/]+={0,2})$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const newId = (prefix: string) =>
  prefix + Array.from(randomBytes(27), (b) => BASE62[b % 62]).join('');
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const now = () => new Date().toISOString();

const error = (status: number, code: string, detail: string): Reply => ({
  status,
  body: { code, detail },
});
const notFound = () => error(404, 'not_found', 'Entity not found');
const invalid = (field: string, msg: string): Reply => ({
  status: 422,
  body: { detail: [{ loc: ['body', field], msg, type: 'value_error' }] },
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Svix's uid rule: the pattern, 1–256 characters, not the prefix of the object's ids. */
function badUid(value: unknown, idPrefix: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > 256 || !UID.test(value)) {
    return 'String must match the following pattern: [a-zA-Z0-9\\-_.].';
  }
  if (value.startsWith(idPrefix)) {
    return 'Uids are not allowed to have the same prefix as the ID. Prefix with _?';
  }
  return undefined;
}

function badSecret(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === 'string' ? SECRET.exec(value) : null;
  const bytes = match?.[1] ? Buffer.from(match[1], 'base64').length : 0;
  return bytes >= 24 && bytes <= 75 ? undefined : 'Invalid secret: base64 of 24 to 75 bytes.';
}

function badUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'field required';
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:' ? undefined : 'Invalid URL scheme';
  } catch {
    return 'Endpoint URLs must be valid';
  }
}

/** The first failed check as Svix's 422, or undefined when all passed. */
function firstInvalid(checks: Array<[field: string, problem: string | undefined]>) {
  const failed = checks.find(([, problem]) => problem !== undefined);
  return failed ? invalid(failed[0], failed[1] ?? '') : undefined;
}

const appOut = (app: FakeSvixApp) => ({
  id: app.id,
  uid: app.uid,
  name: app.name,
  metadata: {},
  rateLimit: null,
  throttleRate: null,
  createdAt: app.createdAt,
  updatedAt: app.updatedAt,
});

const endpointOut = (ep: FakeSvixEndpoint) => ({
  id: ep.id,
  uid: ep.uid,
  url: ep.url,
  description: ep.description,
  disabled: ep.disabled,
  filterTypes: ep.filterTypes,
  channels: null,
  metadata: {},
  rateLimit: null,
  throttleRate: null,
  version: 1,
  createdAt: ep.createdAt,
  updatedAt: ep.updatedAt,
});

const eventTypeOut = (type: FakeSvixEventType) => ({
  name: type.name,
  description: type.description,
  archived: type.archived,
  deprecated: false,
  schemas: null,
  featureFlag: null,
  featureFlags: null,
  groupName: null,
  createdAt: type.createdAt,
  updatedAt: type.updatedAt,
});

/** The Svix API's routes and rules over one in-memory state. */
class FakeSvixApi {
  constructor(readonly state: FakeSvixState) {}

  readonly routes: Array<[string, RegExp, (call: Call) => Reply]> = [
    [
      'POST',
      /^\/api\/v1\/app$/,
      (c) => this.createApp(c.body, c.query.get('get_if_exists') === 'true'),
    ],
    ['POST', /^\/api\/v1\/event-type$/, (c) => this.createEventType(c.body)],
    [
      'POST',
      /^\/api\/v1\/app\/([^/]+)\/msg$/,
      (c) => this.inApp(c, (app) => this.createMessage(app, c)),
    ],
    [
      'POST',
      /^\/api\/v1\/app\/([^/]+)\/msg\/([^/]+)\/endpoint\/([^/]+)\/resend$/,
      (c) => this.inApp(c, (app) => this.resend(app, c.params[1] ?? '', c.params[2] ?? '')),
    ],
    [
      'POST',
      /^\/api\/v1\/app\/([^/]+)\/endpoint$/,
      (c) => this.inApp(c, (app) => this.createEndpoint(app, c.body)),
    ],
    [
      'PATCH',
      /^\/api\/v1\/app\/([^/]+)\/endpoint\/([^/]+)$/,
      (c) => this.onEndpoint(c, (ep) => this.patchEndpoint(ep, c.body)),
    ],
    [
      'DELETE',
      /^\/api\/v1\/app\/([^/]+)\/endpoint\/([^/]+)$/,
      (c) => this.onEndpoint(c, (ep) => this.deleteEndpoint(ep)),
    ],
    [
      'POST',
      /^\/api\/v1\/app\/([^/]+)\/endpoint\/([^/]+)\/secret\/rotate$/,
      (c) => this.onEndpoint(c, (ep) => this.rotateSecret(ep, c.body)),
    ],
  ];

  handle(method: string, path: string, call: Omit<Call, 'params'>): Reply {
    for (const [routeMethod, pattern, handler] of this.routes) {
      const match = method === routeMethod ? pattern.exec(path) : null;
      if (match) return handler({ ...call, params: match.slice(1).map(decodeURIComponent) });
    }
    return notFound();
  }

  inApp(call: Call, then: (app: FakeSvixApp) => Reply): Reply {
    const app = this.findApp(call.params[0] ?? '');
    return app ? then(app) : notFound();
  }

  onEndpoint(call: Call, then: (endpoint: FakeSvixEndpoint) => Reply): Reply {
    return this.inApp(call, (app) => {
      const endpoint = this.findEndpoint(app, call.params[1] ?? '');
      return endpoint ? then(endpoint) : notFound();
    });
  }

  findApp(idOrUid: string): FakeSvixApp | undefined {
    return [...this.state.apps.values()].find((a) => a.id === idOrUid || a.uid === idOrUid);
  }

  findEndpoint(app: FakeSvixApp, idOrUid: string): FakeSvixEndpoint | undefined {
    return [...this.state.endpoints.values()].find(
      (e) => e.appId === app.id && (e.id === idOrUid || e.uid === idOrUid),
    );
  }

  createApp(body: unknown, getIfExists: boolean): Reply {
    if (!isRecord(body) || typeof body.name !== 'string') return invalid('name', 'field required');
    const uidProblem = badUid(body.uid, 'app_');
    if (uidProblem) return invalid('uid', uidProblem);
    const uid = typeof body.uid === 'string' ? body.uid : null;
    const existing = uid === null ? undefined : this.state.apps.get(uid);
    if (existing) {
      if (getIfExists) return { status: 200, body: appOut(existing) };
      return error(409, 'conflict', 'An application with this uid already exists');
    }
    const at = now();
    const app = { id: newId('app_'), uid, name: body.name, createdAt: at, updatedAt: at };
    this.state.apps.set(uid ?? app.id, app);
    return { status: 201, body: appOut(app) };
  }

  createEventType(body: unknown): Reply {
    if (!isRecord(body)) return invalid('name', 'field required');
    const { name, description } = body;
    if (typeof name !== 'string' || name.length > 256 || !UID.test(name)) {
      return invalid('name', 'String must match the following pattern: [a-zA-Z0-9\\-_.].');
    }
    if (typeof description !== 'string') return invalid('description', 'field required');
    const existing = this.state.eventTypes.get(name);
    if (existing && !existing.archived) {
      return error(409, 'event_type_exists', 'An event_type with this name already exists');
    }
    const at = now();
    const type = {
      name,
      description,
      archived: false,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    this.state.eventTypes.set(name, type);
    return { status: 201, body: eventTypeOut(type) };
  }

  /** Svix's 422 for unknown or archived filter types, or undefined when all are known. */
  checkFilterTypes(value: unknown): Reply | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
      return invalid('filterTypes', "filterTypes can't be empty, it must have at least one item.");
    }
    const missing = value.filter(
      (name) => !this.state.eventTypes.get(name) || this.state.eventTypes.get(name)?.archived,
    );
    if (missing.length === 0) return undefined;
    return invalid('filterTypes', `The following event types don't exist: ${missing.join(', ')}`);
  }

  createEndpoint(app: FakeSvixApp, body: unknown): Reply {
    if (!isRecord(body)) return invalid('url', 'field required');
    const problem =
      firstInvalid([
        ['url', badUrl(body.url)],
        ['uid', badUid(body.uid, 'ep_')],
        ['secret', badSecret(body.secret)],
      ]) ?? this.checkFilterTypes(body.filterTypes);
    if (problem) return problem;
    const uid = typeof body.uid === 'string' ? body.uid : null;
    if (uid !== null && this.findEndpoint(app, uid)) {
      return error(409, 'conflict', 'An endpoint with this uid already exists');
    }
    const at = now();
    const endpoint: FakeSvixEndpoint = {
      id: newId('ep_'),
      appId: app.id,
      uid,
      url: String(body.url),
      description: typeof body.description === 'string' ? body.description : '',
      disabled: body.disabled === true,
      filterTypes: Array.isArray(body.filterTypes) ? (body.filterTypes as string[]) : null,
      secret: typeof body.secret === 'string' ? body.secret : newSecret(),
      previousSecrets: [],
      createdAt: at,
      updatedAt: at,
    };
    this.state.endpoints.set(uid ?? endpoint.id, endpoint);
    return { status: 201, body: endpointOut(endpoint) };
  }

  patchEndpoint(endpoint: FakeSvixEndpoint, body: unknown): Reply {
    if (!isRecord(body)) return invalid('body', 'expected an object');
    const problem =
      firstInvalid([['url', 'url' in body ? badUrl(body.url) : undefined]]) ??
      this.checkFilterTypes(body.filterTypes);
    if (problem) return problem;
    if (typeof body.url === 'string') endpoint.url = body.url;
    if (typeof body.description === 'string') endpoint.description = body.description;
    if (typeof body.disabled === 'boolean') endpoint.disabled = body.disabled;
    if ('filterTypes' in body) {
      endpoint.filterTypes = Array.isArray(body.filterTypes)
        ? (body.filterTypes as string[])
        : null;
    }
    endpoint.updatedAt = now();
    return { status: 200, body: endpointOut(endpoint) };
  }

  deleteEndpoint(endpoint: FakeSvixEndpoint): Reply {
    this.state.endpoints.delete(endpoint.uid ?? endpoint.id);
    this.state.deletedEndpoints.push(endpoint);
    return { status: 204 };
  }

  rotateSecret(endpoint: FakeSvixEndpoint, body: unknown): Reply {
    const key = isRecord(body) ? body.key : undefined;
    const problem = badSecret(key);
    if (problem) return invalid('key', problem);
    endpoint.previousSecrets.push(endpoint.secret);
    endpoint.secret = typeof key === 'string' ? key : newSecret();
    endpoint.updatedAt = now();
    return { status: 204 };
  }

  /** Message and endpoint by id or uid (eventId for a message), as Svix resolves them. */
  resend(app: FakeSvixApp, messageIdOrEventId: string, endpointIdOrUid: string): Reply {
    const message = this.state.messages.find(
      (m) =>
        m.appId === app.id && (m.id === messageIdOrEventId || m.eventId === messageIdOrEventId),
    );
    const endpoint = this.findEndpoint(app, endpointIdOrUid);
    if (!message || !endpoint) return notFound();
    this.state.resends.push({ messageId: message.id, endpointId: endpoint.id });
    // Svix answers 202 with an EmptyResponse object, which the SDK parses.
    return { status: 202, body: {} };
  }

  createMessage(app: FakeSvixApp, call: Call): Reply {
    const { body } = call;
    if (!isRecord(body)) return invalid('eventType', 'field required');
    const { eventType, eventId, payload } = body;
    if (typeof eventType !== 'string' || !UID.test(eventType)) {
      return invalid('eventType', 'String must match the following pattern: [a-zA-Z0-9\\-_.].');
    }
    if (!isRecord(payload)) return invalid('payload', 'Payload must be an object.');
    const uidProblem = badUid(eventId, 'msg_');
    if (uidProblem) return invalid('eventId', uidProblem);
    const uid = typeof eventId === 'string' ? eventId : null;
    if (uid !== null && this.state.messages.some((m) => m.appId === app.id && m.eventId === uid)) {
      return error(409, 'conflict', 'A conflict has occurred');
    }
    const message: FakeSvixMessage = {
      id: newId('msg_'),
      appId: app.id,
      eventId: uid,
      eventType,
      payload,
      idempotencyKey: call.idempotencyKey,
      timestamp: now(),
    };
    this.state.messages.push(message);
    return {
      status: 202,
      body: {
        id: message.id,
        eventId: message.eventId,
        eventType,
        payload: call.query.get('with_content') === 'false' ? {} : payload,
        channels: null,
        tags: null,
        deliverAt: null,
        timestamp: message.timestamp,
      },
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}

/** Starts the fake on a random port of 127.0.0.1 with a fresh key and empty state. */
export async function startFakeSvix(): Promise<FakeSvix> {
  const apiKey = `sk_fake_${randomBytes(12).toString('hex')}`;
  const state: FakeSvixState = {
    apps: new Map(),
    endpoints: new Map(),
    deletedEndpoints: [],
    eventTypes: new Map(),
    messages: [],
    resends: [],
    requests: [],
  };
  const api = new FakeSvixApi(state);
  const idempotent = new Map<string, Reply>();
  let failing = { count: 0, status: 500, detail: '' };
  let hanging = 0;

  const answer = (req: IncomingMessage, call: Omit<Call, 'params'>, record: FakeSvixRequest) => {
    if (failing.count > 0) {
      failing = { ...failing, count: failing.count - 1 };
      return error(failing.status, 'fake_failure', failing.detail);
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return error(401, 'authentication_failed', 'Invalid token');
    }
    // svix-server scopes a key to the token, the key and the whole URL, query included.
    const cacheKey =
      req.method === 'POST' && call.idempotencyKey !== undefined
        ? `${req.headers.authorization}\n${call.idempotencyKey}\n${req.url}`
        : undefined;
    const cached = cacheKey === undefined ? undefined : idempotent.get(cacheKey);
    if (cached) {
      record.replayed = true;
      return cached;
    }
    const reply = api.handle(req.method ?? 'GET', record.path, call);
    if (cacheKey !== undefined && reply.status >= 200 && reply.status < 300) {
      idempotent.set(cacheKey, reply);
    }
    return reply;
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (text) => {
        const url = new URL(req.url ?? '/', 'http://fake-svix');
        const header = req.headers['idempotency-key'];
        const idempotencyKey = typeof header === 'string' ? header : undefined;
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          send(res, error(400, 'invalid_json', 'Body is not JSON'));
          return;
        }
        const record: FakeSvixRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          idempotencyKey,
          retryCount: Number(req.headers['svix-retry-count'] ?? 0),
          body,
          status: undefined,
          replayed: false,
        };
        state.requests.push(record);
        if (hanging > 0) {
          hanging -= 1;
          return;
        }
        const reply = answer(req, { query: url.searchParams, body, idempotencyKey }, record);
        record.status = reply.status;
        send(res, reply);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    state,
    failNext(count, status, detail = `Injected ${status}`) {
      failing = { count, status, detail };
    },
    hangNext(count) {
      hanging = count;
    },
    forgetIdempotencyKeys() {
      idempotent.clear();
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
