import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  addressPolicy, addressRange, describeRefusedAddress, guardedLookup, isPublicAddress, literalAddress, RefusedAddressError,
} from '../src/sources/address-guard.js';

/** Classification only: none of these addresses is contacted. */

const REFUSED: [string, string][] = [
  ['10.0.0.5', 'private'],
  ['172.16.4.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['127.0.0.1', 'loopback'],
  ['127.8.9.10', 'loopback'],
  ['169.254.10.20', 'linkLocal'],
  ['169.254.169.254', 'metadata'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['100.100.100.200', 'metadata'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['224.0.0.251', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.7', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'linkLocal'],
  ['fc00::1', 'uniqueLocal'],
  ['fd12:3456::1', 'uniqueLocal'],
  ['fd00:ec2::254', 'metadata'],
  ['ff02::1', 'multicast'],
  // IPv4 wrapped in IPv6 is judged by the IPv4 host it reaches.
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['64:ff9b::a00:1', 'private'],
  ['2002:a00:1::1', 'private'],
  ['::7f00:1', 'reserved'],
  ['2001:db8::1', 'reserved'],
];

const PUBLIC = ['8.8.8.8', '1.1.1.1', '151.101.1.140', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.4.4', '64:ff9b::808:808'];

describe('address guard', () => {
  it.each(REFUSED)('refuses %s (%s)', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
    expect(addressPolicy()(address)).toBe(false);
    expect(addressPolicy({ allowPrivate: true })(address)).toBe(true);
  });

  it.each(PUBLIC)('allows public %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
    expect(addressPolicy()(address)).toBe(true);
  });

  it('treats garbage as not public', () => {
    expect(isPublicAddress('example.com')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });

  it('says in plain words why an address is refused', () => {
    expect(describeRefusedAddress('10.0.0.5')).toBe('10.0.0.5 is a private address');
    expect(describeRefusedAddress('169.254.169.254')).toBe('169.254.169.254 is a cloud metadata address');
    expect(describeRefusedAddress('::1')).toBe('::1 is a loopback address');
    expect(describeRefusedAddress('fd00::1')).toBe('fd00::1 is a unique-local (private) address');
  });

  it('lets extra addresses through only where allowAddress says so', () => {
    const loopbackOnly = addressPolicy({ allowAddress: (a) => a === '127.0.0.1' });
    expect(loopbackOnly('127.0.0.1')).toBe(true);
    expect(loopbackOnly('10.0.0.1')).toBe(false);
    expect(loopbackOnly('8.8.8.8')).toBe(true);
  });

  it('recognises literal IP hosts, bracketed IPv6 included', () => {
    expect(literalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(literalAddress('[::1]')).toBe('::1');
    expect(literalAddress('[::ffff:a00:1]')).toBe('::ffff:a00:1');
    expect(literalAddress('localhost')).toBeNull();
    // The URL parser already turns odd IPv4 spellings into dotted quads before we see them.
    expect(literalAddress(new URL('http://0x7f000001/').hostname)).toBe('127.0.0.1');
    expect(literalAddress(new URL('http://2130706433/').hostname)).toBe('127.0.0.1');
  });

  it('refuses a name whose DNS answer is loopback inside the lookup the connection uses', async () => {
    const lookup = (policy: ReturnType<typeof addressPolicy>, all: boolean) =>
      new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) =>
        guardedLookup(policy)('localhost', { all }, (err, address) => resolve({ err, address })));

    const refused = await lookup(addressPolicy(), false);
    expect(refused.err).toBeInstanceOf(RefusedAddressError);
    expect((refused.err as RefusedAddressError).hostname).toBe('localhost');
    expect(isPublicAddress((refused.err as RefusedAddressError).address)).toBe(false);

    const allowedOne = await lookup(addressPolicy({ allowPrivate: true }), false);
    expect(allowedOne.err).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(allowedOne.address);

    const allowedAll = await lookup(addressPolicy({ allowPrivate: true }), true);
    expect(Array.isArray(allowedAll.address)).toBe(true);
    expect((allowedAll.address as LookupAddress[]).length).toBeGreaterThan(0);
  });
});
