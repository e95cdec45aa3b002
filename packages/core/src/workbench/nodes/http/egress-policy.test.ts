import { describe, expect, it } from 'vitest';
import { addressBlockReason, parseIPv4, parseIPv6 } from './ip-address.ts';
import { checkTargetUrl } from './url-policy.ts';

describe('IP address parsing', () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['[::1]', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['2001:db8::8a2e:370:7334', [0x2001, 0xdb8, 0, 0, 0, 0x8a2e, 0x370, 0x7334]],
    ['::ffff:127.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ['::127.0.0.1', [0, 0, 0, 0, 0, 0, 0x7f00, 1]],
    ['1:2:3:4:5:6:1.2.3.4', [1, 2, 3, 4, 5, 6, 0x102, 0x304]],
    ['fe80::1', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
  ])('parses %s', (text, groups) => {
    expect(parseIPv6(text)).toEqual(groups);
  });

  it.each([
    ['1::2::3'],
    ['1:2:3:4:5:6:7:8:9'],
    ['12345::'],
    ['::1%eth0'],
    ['::256.0.0.1'],
    ['g::1'],
    ['1:2:3:4:5:6:7'],
  ])('refuses malformed IPv6 %s', (text) => {
    expect(parseIPv6(text)).toBeUndefined();
  });

  it('only takes canonical dotted IPv4', () => {
    expect(parseIPv4('127.0.0.1')).toBe(0x7f000001);
    for (const text of ['0177.0.0.1', '127.1', '2130706433', '0x7f.0.0.1', '256.0.0.1', '1.2.3.4.5']) {
      expect(parseIPv4(text)).toBeUndefined();
    }
  });
});

describe('address classification', () => {
  it.each([
    ['8.8.8.8'],
    ['93.184.216.34'],
    ['1.1.1.1'],
    ['172.32.0.1'],
    ['100.128.0.1'],
    ['2606:4700::1111'],
    ['2a00:1450:4001::200e'],
  ])('allows the public address %s', (address) => {
    expect(addressBlockReason(address)).toBeUndefined();
  });

  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['0.0.0.0', /this-network/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.0.1', /private/],
    ['169.254.169.254', /metadata/],
    ['100.64.0.1', /carrier-grade/],
    ['100.127.255.255', /carrier-grade/],
    ['224.0.0.251', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['198.18.0.1', /benchmarking/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['::ffff:8.8.8.8', /IPv4-mapped/],
    ['::ffff:127.0.0.1', /IPv4-mapped/],
    ['::7f00:1', /IPv4-compatible/],
    ['64:ff9b::7f00:1', /NAT64/],
    ['64:ff9b:1::1', /NAT64/],
    ['fd00:ec2::254', /unique local/],
    ['fc00::1', /unique local/],
    ['fe80::1', /link-local/],
    ['fec0::1', /site-local/],
    ['ff02::1', /multicast/],
    ['2001::1', /Teredo/],
    ['2001:db8::1', /documentation/],
    ['2002:7f00:1::', /6to4/],
    ['4000::1', /not global unicast/],
    ['localhost', /not an IP address/],
  ])('blocks %s', (address, reason) => {
    expect(addressBlockReason(address)).toMatch(reason);
  });
});

describe('URL policy', () => {
  it('normalises the host and the default port', () => {
    const check = checkTargetUrl('HTTPS://API.Example.COM./v1?q=1');
    expect(check).toMatchObject({ ok: true, hostname: 'api.example.com', port: 443, portAllowed: true });
  });

  it('allows other ports only through a host:port entry', () => {
    expect(checkTargetUrl('https://api.example.com:8443/')).toMatchObject({ ok: true, portAllowed: false });
    expect(checkTargetUrl('https://api.example.com:8443/', { allowedHosts: [['api.example.com:8443']] })).toMatchObject(
      {
        ok: true,
        portAllowed: true,
      },
    );
    expect(checkTargetUrl('https://api.example.com/', { allowedHosts: [['api.example.com:8443']] })).toMatchObject({
      ok: false,
    });
  });

  it('matches wildcard entries on subdomains only, and every list in force', () => {
    const lists = [['*.example.com']];
    expect(checkTargetUrl('https://a.b.example.com/', { allowedHosts: lists }).ok).toBe(true);
    expect(checkTargetUrl('https://example.com/', { allowedHosts: lists }).ok).toBe(false);
    expect(checkTargetUrl('https://evilexample.com/', { allowedHosts: lists }).ok).toBe(false);
    expect(checkTargetUrl('https://a.example.com/', { allowedHosts: [['*.example.com'], ['b.example.com']] }).ok).toBe(
      false,
    );
    expect(checkTargetUrl('https://b.example.com/', { allowedHosts: [['*.example.com'], ['b.example.com']] }).ok).toBe(
      true,
    );
    // An empty list in force allows nothing.
    expect(checkTargetUrl('https://b.example.com/', { allowedHosts: [[]] }).ok).toBe(false);
  });
});
