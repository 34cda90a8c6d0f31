import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import {
  type Event,
  FinError,
  FinWebhookVerificationError,
  type FinWebhookVerificationReason,
  verifyWebhook,
} from '../src/index.js';

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const secret = newSecret();

const event: Event = {
  id: 'evt_01jd8x2q3m4n5p6r7s8t9v0w1x',
  object: 'event',
  type: 'customer.created',
  sequence: 42,
  created_at: '2026-11-22T10:00:00.000Z',
  request_id: 'req_01jd8x2q3m4n5p6r7s8t9v0w1x',
  data: { object: { id: 'cus_1', object: 'customer', name: 'Ada Lovelace — Ünïcode' } },
};
const body = JSON.stringify(event);

/** Headers of a delivery signed by svix at `at`, under both name sets as the API sends them. */
function signed(options: { at?: Date; id?: string; payload?: string; secrets?: string[] } = {}) {
  const at = options.at ?? new Date();
  const id = options.id ?? event.id;
  const signature = (options.secrets ?? [secret])
    .map((s) => new SvixWebhook(s).sign(id, at, options.payload ?? body))
    .join(' ');
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signature,
    'svix-id': id,
    'svix-timestamp': timestamp,
    'svix-signature': signature,
  };
}

const only = (headers: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith(prefix)));

function reasonOf(verify: () => unknown): FinWebhookVerificationReason | 'none' {
  try {
    verify();
    return 'none';
  } catch (err) {
    if (err instanceof FinWebhookVerificationError) return err.reason;
    throw err;
  }
}

describe('verifyWebhook accepts what svix and standardwebhooks sign', () => {
  it('returns the typed event for a svix-signed delivery', () => {
    const verified: Event = verifyWebhook(body, signed(), secret);
    expect(verified).toEqual(event);
  });

  it('accepts the webhook-* names alone, the svix-* names alone, and names in any case', () => {
    const headers = signed();
    expect(verifyWebhook(body, only(headers, 'webhook-'), secret).id).toBe(event.id);
    expect(verifyWebhook(body, only(headers, 'svix-'), secret).id).toBe(event.id);
    const shouty = Object.fromEntries(
      Object.entries(only(headers, 'webhook-')).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expect(verifyWebhook(body, shouty, secret).id).toBe(event.id);
  });

  it('accepts a fetch Headers object and a Buffer body', () => {
    expect(verifyWebhook(Buffer.from(body), new Headers(signed()), secret).id).toBe(event.id);
  });

  it('accepts a signature made by standardwebhooks', () => {
    const at = new Date();
    const headers = {
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new StandardWebhook(secret).sign(event.id, at, body),
    };
    expect(verifyWebhook(body, headers, secret).sequence).toBe(42);
  });

  it('verifies with any of several secrets, and any of several signatures (a rotation)', () => {
    const previous = newSecret();
    const both = signed({ secrets: [secret, previous] });
    expect(verifyWebhook(body, both, secret).id).toBe(event.id);
    expect(verifyWebhook(body, both, previous).id).toBe(event.id);
    expect(verifyWebhook(body, signed({ secrets: [previous] }), [secret, previous]).id).toBe(
      event.id,
    );
  });

  it('ignores signature versions other than v1', () => {
    const headers = signed();
    const [, value] = headers['webhook-signature'].split(',');
    const v1a = { ...only(headers, 'webhook-'), 'webhook-signature': `v1a,${value}` };
    expect(reasonOf(() => verifyWebhook(body, v1a, secret))).toBe('bad_signature');
  });
});

describe('verifyWebhook refuses what it cannot trust', () => {
  it('refuses a tampered body, id or timestamp with bad_signature', () => {
    const headers = signed();
    expect(reasonOf(() => verifyWebhook(body.replace('Ada', 'Eve'), headers, secret))).toBe(
      'bad_signature',
    );
    expect(reasonOf(() => verifyWebhook(`${body} `, headers, secret))).toBe('bad_signature');
    const otherId = { ...headers, 'webhook-id': 'evt_other' };
    expect(reasonOf(() => verifyWebhook(body, otherId, secret))).toBe('bad_signature');
    const nextSecond = String(Number(headers['webhook-timestamp']) + 1);
    const otherTime = { ...headers, 'webhook-timestamp': nextSecond };
    expect(reasonOf(() => verifyWebhook(body, otherTime, secret))).toBe('bad_signature');
  });

  it('refuses a delivery signed with another secret with bad_signature', () => {
    expect(reasonOf(() => verifyWebhook(body, signed(), newSecret()))).toBe('bad_signature');
    expect(reasonOf(() => verifyWebhook(body, signed(), [newSecret(), newSecret()]))).toBe(
      'bad_signature',
    );
  });

  it('refuses timestamps beyond the tolerance, in the past and in the future', () => {
    const now = Date.now();
    const at = (offsetSeconds: number) => signed({ at: new Date(now + offsetSeconds * 1000) });
    const clock = { now: () => new Date(now) };
    expect(reasonOf(() => verifyWebhook(body, at(-301), secret, clock))).toBe('stale_timestamp');
    expect(reasonOf(() => verifyWebhook(body, at(301), secret, clock))).toBe('stale_timestamp');
    expect(reasonOf(() => verifyWebhook(body, at(-299), secret, clock))).toBe('none');
    expect(reasonOf(() => verifyWebhook(body, at(299), secret, clock))).toBe('none');
    const strict = { ...clock, toleranceSeconds: 10 };
    expect(reasonOf(() => verifyWebhook(body, at(-11), secret, strict))).toBe('stale_timestamp');
    expect(reasonOf(() => verifyWebhook(body, at(-9), secret, strict))).toBe('none');
  });

  it('uses the real clock by default: a delivery signed ten minutes ago is stale', () => {
    const old = signed({ at: new Date(Date.now() - 600_000) });
    expect(reasonOf(() => verifyWebhook(body, old, secret))).toBe('stale_timestamp');
  });

  it('refuses missing, incomplete, mixed or malformed headers with missing_headers', () => {
    const headers = signed();
    const { 'webhook-signature': _dropped, ...noSignature } = only(headers, 'webhook-');
    expect(reasonOf(() => verifyWebhook(body, {}, secret))).toBe('missing_headers');
    expect(reasonOf(() => verifyWebhook(body, noSignature, secret))).toBe('missing_headers');
    const mixed = {
      'webhook-id': headers['webhook-id'],
      'svix-timestamp': headers['svix-timestamp'],
      'svix-signature': headers['svix-signature'],
    };
    expect(reasonOf(() => verifyWebhook(body, mixed, secret))).toBe('missing_headers');
    const notSeconds = { ...headers, 'webhook-timestamp': '2026-11-22T10:00:00Z' };
    expect(reasonOf(() => verifyWebhook(body, notSeconds, secret))).toBe('missing_headers');
  });

  it('refuses a correctly signed body that is not an event with bad_payload', () => {
    const notJson = 'not json';
    expect(reasonOf(() => verifyWebhook(notJson, signed({ payload: notJson }), secret))).toBe(
      'bad_payload',
    );
    const notEvent = JSON.stringify({ id: 'x', object: 'customer' });
    expect(reasonOf(() => verifyWebhook(notEvent, signed({ payload: notEvent }), secret))).toBe(
      'bad_payload',
    );
  });

  it('throws a FinWebhookVerificationError that is a FinError, with a reason and message', () => {
    const err = (() => {
      try {
        verifyWebhook(body, signed(), newSecret());
      } catch (caught) {
        return caught;
      }
    })();
    expect(err).toBeInstanceOf(FinWebhookVerificationError);
    expect(err).toBeInstanceOf(FinError);
    expect(err).toMatchObject({ name: 'FinWebhookVerificationError', reason: 'bad_signature' });
    expect((err as Error).message).toMatch(/signature/);
  });

  it('throws TypeError for an unusable secret or tolerance', () => {
    expect(() => verifyWebhook(body, signed(), [])).toThrow(TypeError);
    expect(() => verifyWebhook(body, signed(), 'whsec_not base64!')).toThrow(TypeError);
    expect(() => verifyWebhook(body, signed(), secret, { toleranceSeconds: -1 })).toThrow(
      TypeError,
    );
  });
});

describe('verifyWebhook agrees with svix (property)', () => {
  it('accepts every svix signature and refuses it once any byte of the body changes', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 200 }),
        fc.nat(),
        (id, text, position) => {
          const payload = JSON.stringify({ ...event, id, data: { object: { text } } });
          const headers = signed({ id, payload });
          expect(verifyWebhook(payload, headers, secret).id).toBe(id);
          const bytes = Buffer.from(payload);
          const at = position % bytes.length;
          bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);
          expect(reasonOf(() => verifyWebhook(bytes, headers, secret))).toBe('bad_signature');
        },
      ),
      { numRuns: 200 },
    );
  });
});
