import { promises as dns } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'unique_local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

type NonPublic = Exclude<AddressClass, 'public'>;

/** All A and AAAA addresses of a hostname. */
export type Resolver = (hostname: string) => Promise<string[]>;

// Ranges from the IANA special-purpose registries that a webhook must never reach. `reserved`
// holds what is not globally reachable and fits no other class: IETF protocol assignments,
// documentation, benchmarking, deprecated relays, class E (which includes broadcast).
const V4_RANGES: ReadonlyArray<readonly [NonPublic, string, number]> = [
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['cgnat', '100.64.0.0', 10],
  ['loopback', '127.0.0.0', 8],
  ['link_local', '169.254.0.0', 16],
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24],
  ['reserved', '192.0.2.0', 24],
  ['reserved', '192.88.99.0', 24],
  ['private', '192.168.0.0', 16],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '198.51.100.0', 24],
  ['reserved', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4],
];

// Forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are classified by that
// address before these apply, so none of them is listed here.
const V6_RANGES: ReadonlyArray<readonly [NonPublic, string, number]> = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['reserved', '64:ff9b:1::', 48], // local-use NAT64: the embedded address is site-defined
  ['reserved', '100::', 64], // discard-only
  ['reserved', '2001::', 23], // IETF protocol assignments, Teredo among them
  ['reserved', '2001:db8::', 32], // documentation
  ['reserved', '3fff::', 20], // documentation
  ['reserved', '5f00::', 16], // SRv6 SIDs
  ['unique_local', 'fc00::', 7],
  ['link_local', 'fe80::', 10],
  ['reserved', 'fec0::', 10], // deprecated site-local
  ['multicast', 'ff00::', 8],
];

// BlockList does the prefix matching, so no bit math of ours decides a range. Each family
// gets its own lists: BlockList also matches IPv4 rules against IPv4-mapped IPv6 and back,
// which would blur the explicit embedded-address handling below.
function blockLists(ranges: typeof V4_RANGES, type: 'ipv4' | 'ipv6') {
  const lists = new Map<NonPublic, BlockList>();
  for (const [cls, net, prefix] of ranges) {
    const list = lists.get(cls) ?? new BlockList();
    list.addSubnet(net, prefix, type);
    lists.set(cls, list);
  }
  return [...lists];
}

const V4_LISTS = blockLists(V4_RANGES, 'ipv4');
const V6_LISTS = blockLists(V6_RANGES, 'ipv6');
// `::` and `::1` lie inside the IPv4-compatible range but are not IPv4 addresses.
const V6_SPECIAL = new BlockList();
V6_SPECIAL.addAddress('::', 'ipv6');
V6_SPECIAL.addAddress('::1', 'ipv6');
const LAST_32_BITS_ARE_V4 = new BlockList();
LAST_32_BITS_ARE_V4.addSubnet('::ffff:0:0', 96, 'ipv6'); // IPv4-mapped
LAST_32_BITS_ARE_V4.addSubnet('::', 96, 'ipv6'); // IPv4-compatible (deprecated)
LAST_32_BITS_ARE_V4.addSubnet('64:ff9b::', 96, 'ipv6'); // NAT64 well-known prefix
const SIX_TO_FOUR = new BlockList();
SIX_TO_FOUR.addSubnet('2002::', 16, 'ipv6');
// Only 2000::/3 is allocated for global unicast; the rest of the space is IANA-reserved.
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address (BlockList matches but cannot extract). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    const [a = 0, b = 0, c = 0, d = 0] = text
      .slice(at + 1)
      .split('.')
      .map(Number);
    text = `${text.slice(0, at + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16));
}

function embeddedIPv4(ip: string): string | undefined {
  const g = ipv6Groups(ip);
  const pair = LAST_32_BITS_ARE_V4.check(ip, 'ipv6')
    ? [g[6], g[7]]
    : SIX_TO_FOUR.check(ip, 'ipv6')
      ? [g[1], g[2]]
      : undefined;
  if (!pair) return undefined;
  const [high = 0, low = 0] = pair;
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function matchIn(lists: typeof V4_LISTS, ip: string, type: 'ipv4' | 'ipv6'): NonPublic | undefined {
  return lists.find(([, list]) => list.check(ip, type))?.[0];
}

/**
 * The kind of network an IP address belongs to; only `public` is safe to send webhooks to.
 * Addresses that embed an IPv4 address are classified by it. Throws a TypeError for text that
 * is not an IP address.
 */
export function classifyAddress(ip: string): AddressClass {
  const address = ip.split('%')[0] ?? ''; // a zone index names an interface, not an address
  const family = isIP(address);
  if (family === 4) return matchIn(V4_LISTS, address, 'ipv4') ?? 'public';
  if (family !== 6) throw new TypeError('Not an IP address.');
  if (V6_SPECIAL.check(address, 'ipv6')) return matchIn(V6_LISTS, address, 'ipv6') ?? 'reserved';
  const v4 = embeddedIPv4(address);
  if (v4 !== undefined) return classifyAddress(v4);
  const cls = matchIn(V6_LISTS, address, 'ipv6');
  if (cls) return cls;
  return GLOBAL_UNICAST.check(address, 'ipv6') ? 'public' : 'reserved';
}

const MAX_URL_LENGTH = 2048;

/** Syntax checks for a webhook URL; the host's addresses are checked separately. */
export function validateWebhookUrl(
  raw: string,
): { ok: true; url: URL } | { ok: false; reason: string } {
  if (raw.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `longer than ${MAX_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'the scheme must be http or https' };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'credentials are not allowed in the URL' };
  }
  if (!url.hostname) return { ok: false, reason: 'a host is required' };
  return { ok: true, url };
}

/** The platform resolver: every address the system resolver knows, in its order. */
export const resolveAll: Resolver = async (hostname) => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
};

/**
 * Why these addresses may not be used, or undefined when they may. One bad address refuses
 * them all: the connection could land on any of them. The address itself stays out of the
 * reason, which reaches API callers and would otherwise map internal DNS for them.
 */
function refusal(addresses: readonly string[], verb: 'is' | 'resolves to'): string | undefined {
  for (const address of addresses) {
    let cls: AddressClass;
    try {
      cls = classifyAddress(address);
    } catch {
      return `the host ${verb} something that is not an IP address`;
    }
    if (cls !== 'public') return `the host ${verb} a non-public address (${cls})`;
  }
  return undefined;
}

function errorWithCode(message: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

async function resolveSome(host: string, resolve: Resolver): Promise<string[]> {
  const addresses = await resolve(host);
  if (addresses.length === 0) throw errorWithCode('The host has no addresses.', 'ENOTFOUND');
  return addresses;
}

/**
 * Resolves a hostname (a literal IP is used as is) and refuses it when any address is not
 * public, unless `allowPrivate`. Brackets around an IPv6 literal are accepted.
 */
export async function checkHost(
  hostname: string,
  options: { allowPrivate: boolean; resolve?: Resolver },
): Promise<{ ok: true; addresses: string[] } | { ok: false; reason: string }> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host) !== 0;
  let addresses: string[];
  try {
    addresses = literal ? [host] : await resolveSome(host, options.resolve ?? resolveAll);
  } catch {
    return { ok: false, reason: 'the host could not be resolved' };
  }
  const reason = options.allowPrivate
    ? undefined
    : refusal(addresses, literal ? 'is' : 'resolves to');
  return reason ? { ok: false, reason } : { ok: true, addresses };
}

export const ADDRESS_REFUSED = 'ERR_WEBHOOK_ADDRESS_REFUSED';

function familyOf(option: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (option === 4 || option === 'IPv4') return 4;
  if (option === 6 || option === 'IPv6') return 6;
  return 0;
}

/**
 * A `lookup` for `http.request` and agents: it runs as each socket connects, so the address
 * used is the address checked, whatever DNS said at registration (rebinding). Node skips
 * `lookup` for literal IP hosts; check those with `checkHost` first. Resolver errors pass
 * through unchanged; a refusal fails with code `ERR_WEBHOOK_ADDRESS_REFUSED`.
 */
export function guardedLookup(options: { allowPrivate: boolean; resolve?: Resolver }) {
  const resolve = options.resolve ?? resolveAll;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const fail = (error: NodeJS.ErrnoException) => callback(error, '');
    resolveSome(hostname, resolve).then((addresses) => {
      const reason = options.allowPrivate ? undefined : refusal(addresses, 'resolves to');
      if (reason) return fail(errorWithCode(reason, ADDRESS_REFUSED));
      const family = familyOf(lookupOptions.family);
      const usable = addresses
        .map((address) => ({ address, family: isIP(address) }))
        .filter((entry) => family === 0 || entry.family === family);
      const first = usable[0];
      if (!first) return fail(errorWithCode('No address of the requested family.', 'ENOTFOUND'));
      if (lookupOptions.all) return callback(null, usable);
      callback(null, first.address, first.family);
    }, fail);
  };
  return lookup;
}
