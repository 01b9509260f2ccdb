import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which network addresses Storyline may fetch from. By default only public unicast addresses:
 * a news page must never make Storyline reach into the user's own network, the machine itself or
 * a cloud metadata service. The check runs on the addresses DNS actually returned, inside the
 * connection's own lookup, so a name cannot resolve to one address for the check and another for
 * the connection.
 */

/** Ranges ipaddr.js names that are reachable on the public internet. Everything else is refused. */
const PUBLIC_RANGES = new Set(['unicast', 'as112', 'amt', 'as112v6']);

/** Cloud metadata endpoints, named in messages because they are the usual target of such tricks. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '169.254.170.2']);

/** Ranges ipaddr.js files under 'unicast' that must still be refused. */
const EXTRA_REFUSED: { cidr: [ipaddr.IPv4 | ipaddr.IPv6, number]; range: string }[] = [
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated): may be tunnelled to the embedded IPv4 address.
  { cidr: ipaddr.parseCIDR('::/96'), range: 'reserved' },
];

/** The name of the range an address falls in ('unicast' for an ordinary public address). */
export function addressRange(address: string): string {
  let ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  if (METADATA_ADDRESSES.has(ip.toNormalizedString()) || METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    // An IPv4 address wrapped in IPv6 reaches the IPv4 host: judge that host.
    const embedded = embeddedIPv4(v6);
    if (embedded) ip = embedded;
  }
  if (METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  const range = ip.range();
  if (range !== 'unicast') return range;
  for (const extra of EXTRA_REFUSED) {
    if (ip.kind() === extra.cidr[0].kind() && ip.match(extra.cidr)) return extra.range;
  }
  return range;
}

/** The IPv4 address carried inside an IPv4-mapped, NAT64 (RFC 6052) or 6to4 IPv6 address. */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = ip.range();
  const p = ip.parts;
  const fromWords = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return fromWords(p[6]!, p[7]!);
  if (range === '6to4') return fromWords(p[1]!, p[2]!);
  return null;
}

/** True when the address is public unicast, i.e. fetching from it cannot reach a private network. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address.replace(/^\[|\]$/g, ''))) return false;
  return PUBLIC_RANGES.has(addressRange(address));
}

const RANGE_WORDS: Record<string, string> = {
  private: 'a private', loopback: 'a loopback', linkLocal: 'a link-local', uniqueLocal: 'a unique-local (private)',
  carrierGradeNat: 'a carrier-grade NAT (shared)', unspecified: 'an unspecified', multicast: 'a multicast',
  broadcast: 'a broadcast', reserved: 'a reserved', metadata: 'a cloud metadata', benchmarking: 'a benchmarking',
};

/** "a private address", for error messages. */
export function refusedAddressWords(address: string): string {
  let range: string;
  try {
    range = addressRange(address);
  } catch {
    return 'not a valid address';
  }
  return `${RANGE_WORDS[range] ?? `a non-public (${range})`} address`;
}

/** "10.0.0.5 is a private address", for error messages. */
export function describeRefusedAddress(address: string): string {
  return `${address} is ${refusedAddressWords(address)}`;
}

/** Decides whether one resolved address may be connected to. */
export type AddressPolicy = (address: string) => boolean;

export interface AddressPolicyOptions {
  /** Allow every address (the user's own network; tests on 127.0.0.1). */
  allowPrivate?: boolean;
  /** Extra addresses to allow besides public ones (e.g. only loopback), checked per address. */
  allowAddress?: (address: string) => boolean;
}

export function addressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  if (options.allowPrivate) return () => true;
  const extra = options.allowAddress;
  return (address) => isPublicAddress(address) || (extra ? extra(address) : false);
}

/** Raised (inside a connection's lookup, or before it) when an address is refused. */
export class RefusedAddressError extends Error {
  readonly code = 'ESTORYLINE_REFUSED_ADDRESS';
  constructor(readonly address: string, readonly hostname: string) {
    super(describeRefusedAddress(address));
    this.name = 'RefusedAddressError';
  }
}

/** The IP address a URL host names literally ('[::1]' → '::1'), or null for a host name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return net.isIP(bare) ? bare : null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request / net.connect that resolves the name, refuses it when ANY of its
 * addresses is refused by the policy (a name pointing partly inside the network is not trusted),
 * and hands the connection exactly the addresses it checked.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { family: options.family ?? 0, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.find((a) => !policy(a.address));
      if (refused) return callback(new RefusedAddressError(refused.address, hostname), []);
      if (addresses.length === 0) {
        const none: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
        none.code = 'ENOTFOUND';
        return callback(none, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
