import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import {
  ADDRESS_REFUSED,
  checkHost,
  guardedLookup,
  type Resolver,
  resolveAll,
  validateWebhookUrl,
} from './ssrf.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve?: Resolver;
}

export type DeliveryOutcome =
  | {
      kind: 'response';
      status: number;
      body: string;
      durationMs: number;
      retryAfterSeconds: number | undefined;
    }
  | {
      kind: 'error';
      error: 'timeout' | 'connection_error' | 'address_refused' | 'invalid_url';
      message: string;
      durationMs: number;
    };

type DeliveryError = Extract<DeliveryOutcome, { kind: 'error' }>['error'];

const USER_AGENT = 'FinACEverse-Webhooks/1';
const MAX_READ_BYTES = 64 * 1024;
const MAX_BODY_CHARS = 1000;
// Closes pooled sockets idle this long (in-flight ones are bounded by timeoutMs instead):
// under the common 5 s server keep-alive, so a socket is rarely reused as the server closes it.
const IDLE_SOCKET_MS = 4000;

/**
 * Keep-alive agents, one per address policy: busy endpoints then skip a TCP and TLS
 * handshake per delivery. The guarded lookup belongs to the agent (agent options override
 * request options in Node), so every new socket is checked as it connects, and a socket
 * opened under a lenient policy or another resolver is never lent to a stricter one.
 */
const agents = new WeakMap<Resolver, Map<string, http.Agent>>();

function agentFor(protocol: string, allowPrivate: boolean, resolve: Resolver): http.Agent {
  const byPolicy = agents.get(resolve) ?? new Map<string, http.Agent>();
  agents.set(resolve, byPolicy);
  const key = `${protocol} ${allowPrivate}`;
  let agent = byPolicy.get(key);
  if (!agent) {
    const options = {
      keepAlive: true,
      timeout: IDLE_SOCKET_MS,
      lookup: guardedLookup({ allowPrivate, resolve }),
    };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    byPolicy.set(key, agent);
  }
  return agent;
}

interface RawResponse {
  status: number;
  body: string;
  retryAfter: string | undefined;
}

/**
 * Reads at most MAX_READ_BYTES, then destroys the response (and with it the socket). With
 * events, not `for await`: the async iterator cost a promise and an end-of-stream watcher
 * per chunk, a visible share of the dispatcher's CPU per delivery (api/bench/webhooks).
 */
function readCapped(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(responseText(chunks));
    };
    res.on('data', (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_READ_BYTES) {
        finish();
        res.destroy();
      }
    });
    res.on('end', finish);
    res.on('error', (error) => {
      if (!done) reject(error);
    });
    // Closed before its end (the connection dropped): a failed exchange, as a read error.
    res.on('close', () => {
      if (!done && !res.complete) reject(new Error('response closed before its end'));
    });
  });
}

function responseText(chunks: Buffer[]): string {
  // NUL cannot be stored in PostgreSQL text; receivers may send it.
  const text = Buffer.concat(chunks)
    .subarray(0, MAX_READ_BYTES)
    .toString('utf8')
    .replace(/\0/g, '\uFFFD');
  const cut = text.slice(0, MAX_BODY_CHARS);
  // Never keep half of a surrogate pair: the stored text must stay valid UTF-16.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** What a delivery that ran out of time failed with. */
class DeliveryTimeout extends Error {
  override name = 'DeliveryTimeout';
}

/**
 * One POST, settled by its response or by `timeoutMs` from now, whichever comes first;
 * running out of time destroys the request and its socket, wherever the exchange has got
 * to. A plain timer, not an AbortSignal: Node wires a signal into the request and its
 * socket with listeners of its own, per delivery.
 */
function exchange(url: URL, request: WebhookRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'content-length': String(Buffer.byteLength(request.body)),
        },
        agent: agentFor(url.protocol, request.allowPrivate, request.resolve ?? resolveAll),
      },
      (res) => {
        readCapped(res).then((body) => {
          clearTimeout(timer);
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, body, retryAfter });
        }, fail);
      },
    );
    const timer = setTimeout(() => {
      const timeout = new DeliveryTimeout(`no response within ${request.timeoutMs} ms`);
      // Rejecting first settles the delivery as a timeout whatever destroying then emits.
      reject(timeout);
      outgoing.destroy(timeout);
    }, request.timeoutMs);
    function fail(error: unknown) {
      clearTimeout(timer);
      reject(error);
    }
    outgoing.on('error', fail);
    outgoing.end(request.body);
  });
}

/** Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // Date.parse accepts almost anything ("1.5" is a date to V8); HTTP-dates open with a day.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** A short description built from Node's error code only, so no header value can leak. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === ADDRESS_REFUSED) return error.message;
  if (code) return syscall ? `${syscall} ${code}` : code;
  return 'request failed';
}

function classify(error: unknown, timedOut: boolean): DeliveryError {
  if (timedOut) return 'timeout';
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code === ADDRESS_REFUSED ? 'address_refused' : 'connection_error';
}

/** Valid endpoint URLs already parsed, by their text: each repeats with every delivery to
 * its endpoint. Only the parse is kept; addresses are still checked on every delivery. */
const targets = new Map<string, { url: URL; host: string; literal: boolean }>();
const MAX_TARGETS = 1000;

/**
 * POSTs one webhook. Redirects are not followed (a 3xx is the outcome), the timeout covers
 * connecting through reading the body, and every failure is an outcome, never a throw.
 */
export async function postWebhook(request: WebhookRequest): Promise<DeliveryOutcome> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const fail = (error: DeliveryError, message: string): DeliveryOutcome => ({
    kind: 'error',
    error,
    message,
    durationMs: elapsed(),
  });

  let target = targets.get(request.url);
  if (!target) {
    const checked = validateWebhookUrl(request.url);
    if (!checked.ok) return fail('invalid_url', checked.reason);
    const host = checked.url.hostname.replace(/^\[(.*)\]$/, '$1');
    target = { url: checked.url, host, literal: isIP(host) !== 0 };
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(request.url, target);
  }
  const { url, host } = target;
  if (target.literal) {
    // Node connects to a literal IP without calling `lookup`, so it is checked here.
    const literal = await checkHost(host, { allowPrivate: request.allowPrivate });
    if (!literal.ok) return fail('address_refused', literal.reason);
  }

  try {
    const res = await exchange(url, request);
    return {
      kind: 'response',
      status: res.status,
      body: res.body,
      durationMs: elapsed(),
      retryAfterSeconds: parseRetryAfter(res.retryAfter),
    };
  } catch (error) {
    const timedOut = error instanceof DeliveryTimeout;
    return fail(classify(error, timedOut), timedOut ? error.message : describe(error));
  }
}
