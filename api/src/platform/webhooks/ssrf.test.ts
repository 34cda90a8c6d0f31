import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  type AddressClass,
  checkHost,
  classifyAddress,
  guardedLookup,
  type Resolver,
  validateWebhookUrl,
} from './ssrf.js';

/** Flattens `[class, addresses]` groups into `[address, class]` rows for it.each. */
function rows(groups: Array<[AddressClass, string[]]>): Array<[string, AddressClass]> {
  return groups.flatMap(([cls, ips]) => ips.map((ip): [string, AddressClass] => [ip, cls]));
}

const direct = rows([
  ['public', ['93.184.216.34', '8.8.8.8', '172.15.255.255', '172.32.0.0', '100.63.255.255']],
  ['public', ['100.128.0.0', '198.20.0.0', '2606:4700:4700::1111']],
  ['loopback', ['127.0.0.1', '127.255.255.254', '::1']],
  ['private', ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1']],
  ['link_local', ['169.254.169.254', 'fe80::1', 'febf::1', 'fe80::1%eth0']],
  ['cgnat', ['100.64.0.1', '100.127.255.255']],
  ['unique_local', ['fc00::1', 'fd12:3456:789a::1']],
  ['unspecified', ['0.0.0.0', '0.1.2.3', '::']],
  ['multicast', ['224.0.0.1', '239.255.255.255', 'ff02::1']],
  ['reserved', ['240.0.0.1', '255.255.255.255', '192.0.0.8', '192.0.2.1', '198.18.0.1']],
  ['reserved', ['198.19.255.255', '198.51.100.7', '203.0.113.7', '2001:db8::1', '2001::1']],
  ['reserved', ['100::1', 'fec0::1', '4000::1', '3fff::1']],
]);

// IPv4-mapped in both notations, IPv4-compatible, NAT64 and 6to4.
const embedded = rows([
  ['private', ['::ffff:10.0.0.1', '::ffff:a00:1', '0:0:0:0:0:ffff:c0a8:0101', '::10.0.0.1']],
  ['private', ['64:ff9b::10.0.0.1', '2002:a00:1::']],
  ['loopback', ['::ffff:127.0.0.1', '::ffff:7f00:1', '::7f00:1', '2002:7f00:1::1']],
  ['link_local', ['::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe']],
  ['unspecified', ['::ffff:0:0']],
  ['public', ['::ffff:93.184.216.34', '64:ff9b::808:808', '2002:5db8:d822::1']],
  ['reserved', ['64:ff9b:1::a00:1']],
]);

describe('classifyAddress', () => {
  it.each(direct)('classifies %s as %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it.each(embedded)('classifies %s by its embedded IPv4 address as %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it('throws a TypeError for text that is not an IP address', () => {
    expect(() => classifyAddress('example.com')).toThrow(TypeError);
    expect(() => classifyAddress('010.0.0.1')).toThrow(TypeError);
  });
});

describe('validateWebhookUrl', () => {
  it('accepts http and https URLs and returns the parsed URL', () => {
    const checked = validateWebhookUrl('https://hooks.example.com:8443/in?x=1');
    expect(checked).toMatchObject({ ok: true });
    expect(checked.ok && checked.url.host).toBe('hooks.example.com:8443');
    expect(validateWebhookUrl('http://93.184.216.34/h').ok).toBe(true);
  });

  it.each([
    'ftp://example.com/h',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'gopher://example.com/',
  ])('refuses the non-http scheme of %s', (raw) => {
    expect(validateWebhookUrl(raw)).toEqual({
      ok: false,
      reason: 'the scheme must be http or https',
    });
  });

  it.each([
    'https://user:pass@example.com/h',
    'https://user@example.com/h',
    'https://:secret@example.com/h',
  ])('refuses credentials in %s', (raw) => {
    expect(validateWebhookUrl(raw)).toEqual({
      ok: false,
      reason: 'credentials are not allowed in the URL',
    });
  });

  it.each(['http://', 'https:///', 'http://:80/', '/relative/path', 'not a url'])(
    'refuses %s, which has no host',
    (raw) => {
      expect(validateWebhookUrl(raw).ok).toBe(false);
    },
  );

  it('refuses a URL longer than 2048 characters and accepts one of exactly 2048', () => {
    const base = 'https://example.com/';
    expect(validateWebhookUrl(base + 'a'.repeat(2048 - base.length)).ok).toBe(true);
    expect(validateWebhookUrl(base + 'a'.repeat(2049 - base.length))).toEqual({
      ok: false,
      reason: 'longer than 2048 characters',
    });
  });
});

/** A resolver from a fixed table that records what it was asked; no real DNS. */
function table(entries: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve: Resolver = async (hostname) => {
    asked.push(hostname);
    const found = entries[hostname];
    if (!found) throw Object.assign(new Error(`no ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };
  return { asked, resolve };
}

describe('checkHost', () => {
  const dns = table({
    'public.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'internal.test': ['10.0.0.5'],
    'mixed.test': ['93.184.216.34', '127.0.0.1'],
    'metadata.test': ['::ffff:169.254.169.254'],
    'empty.test': [],
  });

  it('accepts a host whose addresses are all public and returns them', async () => {
    expect(await checkHost('public.test', { allowPrivate: false, resolve: dns.resolve })).toEqual({
      ok: true,
      addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    });
  });

  it.each(['internal.test', 'mixed.test', 'metadata.test'])(
    'refuses %s, which resolves to a non-public address',
    async (host) => {
      const checked = await checkHost(host, { allowPrivate: false, resolve: dns.resolve });
      expect(checked.ok).toBe(false);
      expect(!checked.ok && checked.reason).toMatch(/^the host resolves to a non-public address/);
    },
  );

  it('names the class but not the address in the reason', async () => {
    const checked = await checkHost('internal.test', { allowPrivate: false, resolve: dns.resolve });
    expect(checked).toEqual({
      ok: false,
      reason: 'the host resolves to a non-public address (private)',
    });
  });

  it('accepts private addresses when allowPrivate is set', async () => {
    const checked = await checkHost('internal.test', { allowPrivate: true, resolve: dns.resolve });
    expect(checked).toEqual({ ok: true, addresses: ['10.0.0.5'] });
  });

  it('checks a literal IP without resolving it, with or without brackets', async () => {
    const spy = table({});
    const options = { allowPrivate: false, resolve: spy.resolve };
    expect(await checkHost('127.0.0.1', options)).toEqual({
      ok: false,
      reason: 'the host is a non-public address (loopback)',
    });
    expect((await checkHost('[::ffff:127.0.0.1]', options)).ok).toBe(false);
    expect(await checkHost('[2606:4700:4700::1111]', options)).toEqual({
      ok: true,
      addresses: ['2606:4700:4700::1111'],
    });
    expect(spy.asked).toEqual([]);
  });

  it('refuses a host that does not resolve or resolves to nothing', async () => {
    for (const host of ['missing.test', 'empty.test']) {
      expect(await checkHost(host, { allowPrivate: true, resolve: dns.resolve })).toEqual({
        ok: false,
        reason: 'the host could not be resolved',
      });
    }
  });

  it('refuses a resolver answer that is not an IP address', async () => {
    const odd = table({ 'odd.test': ['example.com'] });
    const checked = await checkHost('odd.test', { allowPrivate: false, resolve: odd.resolve });
    expect(checked.ok).toBe(false);
  });
});

type LookupResult = { error: NodeJS.ErrnoException | null; address: unknown; family?: number };

function lookup(
  options: { allowPrivate: boolean; resolve: Resolver },
  hostname: string,
  lookupOptions: { all?: boolean; family?: number },
): Promise<LookupResult> {
  return new Promise((done) => {
    guardedLookup(options)(hostname, lookupOptions, (error, address, family) =>
      done({ error, address, family }),
    );
  });
}

describe('guardedLookup', () => {
  const dns = table({
    'public.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'v6only.test': ['2606:2800:220:1:248:1893:25c8:1946'],
    'rebind.test': ['93.184.216.34', '127.0.0.1'],
  });
  const strict = { allowPrivate: false, resolve: dns.resolve };

  it('passes the first address and its family on in the single-address form', async () => {
    expect(await lookup(strict, 'public.test', {})).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('passes every address on in the all form', async () => {
    const result = await lookup(strict, 'public.test', { all: true });
    expect(result.error).toBeNull();
    expect(result.address as LookupAddress[]).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
  });

  it('honours the requested family', async () => {
    const v6 = await lookup(strict, 'public.test', { family: 6 });
    expect(v6).toMatchObject({ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 });
    const none = await lookup(strict, 'v6only.test', { family: 4 });
    expect(none.error?.code).toBe('ENOTFOUND');
  });

  it('refuses with ERR_WEBHOOK_ADDRESS_REFUSED when any address is not public', async () => {
    for (const all of [true, false]) {
      const result = await lookup(strict, 'rebind.test', { all });
      expect(result.error).toBeInstanceOf(Error);
      expect(result.error?.code).toBe('ERR_WEBHOOK_ADDRESS_REFUSED');
    }
  });

  it('lets non-public addresses through when allowPrivate is set', async () => {
    const result = await lookup({ ...strict, allowPrivate: true }, 'rebind.test', { all: true });
    expect(result.error).toBeNull();
    expect(result.address).toHaveLength(2);
  });

  it('passes a resolver error on unchanged', async () => {
    const result = await lookup(strict, 'missing.test', {});
    expect(result.error?.code).toBe('ENOTFOUND');
  });
});
