import { createHmac, timingSafeEqual } from 'node:crypto';
import { FinWebhookVerificationError } from './errors.js';
import type { Event } from './generated/types.gen.js';

/**
 * The request headers of a delivery: a Fetch `Headers` object, or a plain record such as
 * Node's `req.headers` (names in any case).
 *
 * @example
 * ```ts
 * const fromNode: WebhookHeaders = req.headers; // node:http IncomingMessage
 * const fromFetch: WebhookHeaders = request.headers; // Request in a fetch handler
 * ```
 */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Options of {@link verifyWebhook}.
 *
 * @example
 * ```ts
 * const options: VerifyWebhookOptions = { toleranceSeconds: 60, now: () => new Date() };
 * ```
 */
export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The clock to compare the timestamp with. Default `() => new Date()`. */
  now?: () => Date;
}

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DEFAULT_TOLERANCE_SECONDS = 300;
/** Standard Webhooks names first; the same values also come as `svix-*`. */
const HEADER_SETS = [
  ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
  ['svix-id', 'svix-timestamp', 'svix-signature'],
] as const;

interface SignedHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!BASE64.test(encoded)) {
    throw new TypeError('A webhook secret is `whsec_` followed by base64, as returned by create');
  }
  return Buffer.from(encoded, 'base64');
}

function signingKeys(secret: string | readonly string[]): Buffer[] {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) throw new TypeError('Pass at least one webhook secret');
  return secrets.map(signingKey);
}

// Duck-typed so a `Headers` from another fetch implementation (undici, node-fetch) works too.
const isHeaders = (headers: WebhookHeaders): headers is Headers =>
  typeof headers.get === 'function';

function headerReader(headers: WebhookHeaders): (name: string) => string | undefined {
  if (isHeaders(headers)) return (name) => headers.get(name) ?? undefined;
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return (name) => {
    const value = lower.get(name);
    return Array.isArray(value) ? value.join(' ') : value;
  };
}

/** The first complete header set, `webhook-*` preferred; mixing the two sets is refused. */
function signedHeaders(headers: WebhookHeaders): SignedHeaders {
  const read = headerReader(headers);
  for (const [idName, timestampName, signatureName] of HEADER_SETS) {
    const [id, timestamp, signature] = [read(idName), read(timestampName), read(signatureName)];
    if (id && timestamp && signature) return { id, timestamp, signature };
  }
  throw new FinWebhookVerificationError(
    'missing_headers',
    'Missing webhook-id, webhook-timestamp or webhook-signature (or their svix-* forms)',
  );
}

function signatureMatches(key: Buffer, signed: SignedHeaders, body: Buffer): boolean {
  const expected = Buffer.from(
    createHmac('sha256', key)
      .update(`${signed.id}.${signed.timestamp}.`)
      .update(body)
      .digest('base64'),
  );
  return signed.signature.split(' ').some((entry) => {
    const [version, candidate] = entry.split(',', 2);
    if (version !== 'v1' || candidate === undefined) return false;
    const received = Buffer.from(candidate);
    return received.length === expected.length && timingSafeEqual(received, expected);
  });
}

function checkTimestamp(timestamp: string, options: VerifyWebhookOptions): void {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new TypeError(`toleranceSeconds must be a non-negative number, got ${tolerance}`);
  }
  const sentAt = Number(timestamp);
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(now - sentAt) > tolerance) {
    throw new FinWebhookVerificationError(
      'stale_timestamp',
      `webhook-timestamp ${timestamp} is more than ${tolerance} s from now (${now})`,
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isEvent(value: unknown): value is Event {
  return (
    isRecord(value) &&
    value.object === 'event' &&
    typeof value.id === 'string' &&
    typeof value.type === 'string' &&
    Number.isInteger(value.sequence) &&
    isRecord(value.data) &&
    isRecord(value.data.object)
  );
}

function asBuffer(rawBody: string | Uint8Array): Buffer {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (Buffer.isBuffer(rawBody)) return rawBody;
  return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
}

function parseEvent(body: Buffer): Event {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new FinWebhookVerificationError('bad_payload', 'The body is not JSON', { cause });
  }
  if (!isEvent(parsed)) {
    throw new FinWebhookVerificationError('bad_payload', 'The body is not an event');
  }
  return parsed;
}

/**
 * Checks that a webhook delivery comes from FinACEverse and returns its event. Implements
 * [Standard Webhooks](https://www.standardwebhooks.com/) verification: an HMAC-SHA256 of
 * `${webhook-id}.${webhook-timestamp}.${body}` with the key in the `whsec_…` secret must
 * match one of the `v1,…` signatures, and the timestamp must lie within `toleranceSeconds`
 * of now in either direction. The `svix-*` header names are accepted as well.
 *
 * Pass the body exactly as received (the raw bytes or their string), never re-serialized
 * JSON. During a secret rotation pass both secrets; a delivery signed by either verifies.
 * Throws {@link FinWebhookVerificationError} (answer 400) when the delivery cannot be
 * trusted, and `TypeError` for an unusable `secret` or option. The signature is checked
 * before the timestamp, so `stale_timestamp` means an authentic but old (or future)
 * delivery: a replay, or a clock that is off.
 *
 * `webhook-id` is the event id, the same on every retry: use it to drop duplicates.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { buffer } from 'node:stream/consumers';
 * import { FinWebhookVerificationError, verifyWebhook } from '@finaceverse/sdk';
 *
 * createServer(async (req, res) => {
 *   const body = await buffer(req);
 *   try {
 *     const event = verifyWebhook(body, req.headers, process.env.FIN_WEBHOOK_SECRET!);
 *     console.log(event.type, event.id, event.sequence);
 *     res.writeHead(200).end();
 *   } catch (err) {
 *     if (!(err instanceof FinWebhookVerificationError)) throw err;
 *     res.writeHead(400).end(err.reason);
 *   }
 * }).listen(3000);
 * ```
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): Event {
  const keys = signingKeys(secret);
  const signed = signedHeaders(headers);
  if (!/^\d{1,15}$/.test(signed.timestamp)) {
    throw new FinWebhookVerificationError(
      'missing_headers',
      `webhook-timestamp must be Unix seconds, got '${signed.timestamp.slice(0, 40)}'`,
    );
  }
  const body = asBuffer(rawBody);
  if (!keys.some((key) => signatureMatches(key, signed, body))) {
    throw new FinWebhookVerificationError(
      'bad_signature',
      'No webhook-signature matches the secret: wrong secret, or the body or headers changed',
    );
  }
  checkTimestamp(signed.timestamp, options);
  return parseEvent(body);
}
