/**
 * Which IP addresses an `http` node may connect to. Allow-list in spirit: an IPv6 address must be
 * global unicast (2000::/3) and outside every special range; an IPv4 address must be outside every
 * special-purpose block of the IANA registry. Embedded-IPv4 forms (IPv4-mapped, IPv4-compatible,
 * SIIT, NAT64, 6to4, Teredo) are refused outright, whatever the IPv4 address inside: a public service
 * has no need of them, and each is a known way to smuggle 127.0.0.1 or 169.254.169.254 past a filter.
 *
 * Input is the canonical text of an address (what the WHATWG URL parser or DNS returns), so the
 * alternative encodings (2130706433, 0177.0.0.1, 0x7f.1, 127.1) are normalised before they get here;
 * anything that does not parse as canonical IPv4 or IPv6 is refused.
 */

const ipv4Blocks: [string, number, string][] = [
  ['0.0.0.0', 8, 'this-network (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'private (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'carrier-grade NAT (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'loopback (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'link-local and cloud metadata (169.254.0.0/16)'],
  ['172.16.0.0', 12, 'private (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'IETF protocol assignments (192.0.0.0/24)'],
  ['192.0.2.0', 24, 'documentation (192.0.2.0/24)'],
  ['192.88.99.0', 24, '6to4 relay anycast (192.88.99.0/24)'],
  ['192.168.0.0', 16, 'private (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'benchmarking (198.18.0.0/15)'],
  ['198.51.100.0', 24, 'documentation (198.51.100.0/24)'],
  ['203.0.113.0', 24, 'documentation (203.0.113.0/24)'],
  ['224.0.0.0', 4, 'multicast (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'reserved and broadcast (240.0.0.0/4)'],
];

/** Canonical dotted-quad IPv4 to a 32-bit number; undefined for anything else. */
export function parseIPv4(text: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  let value = 0;
  for (const part of match.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined; // no octal-looking octets
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** IPv6 text (optionally bracketed, no zone id) to eight 16-bit groups; undefined when malformed. */
export function parseIPv6(text: string): number[] | undefined {
  let body = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!/^[0-9a-fA-F:.]+$/.test(body)) return undefined;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(body);
  if (dotted) {
    const v4 = parseIPv4(dotted[2] ?? '');
    if (v4 === undefined) return undefined;
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    // Drop the ':' that separated the groups from the dotted tail, unless it is part of '::'.
    body = dotted[1] ?? '';
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
    return groups.map((group) => Number.parseInt(group, 16));
  };
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1) return explicit === 8 ? [...head, ...tail] : undefined;
  if (explicit > 7) return undefined;
  return [...head, ...Array(8 - explicit).fill(0), ...rest, ...tail];
}

function inIPv4Block(address: number, base: string, prefix: number): boolean {
  const start = parseIPv4(base) ?? 0;
  const size = 2 ** (32 - prefix);
  return address >= start && address < start + size;
}

function ipv6BlockReason(groups: number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified (::)';
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return 'IPv6 loopback (::1)';
  if (firstFiveZero && g5 === 0xffff) return 'IPv4-mapped IPv6 (::ffff:0:0/96)';
  if (firstFiveZero && g5 === 0) return 'IPv4-compatible IPv6 (::/96)';
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return 'IPv4-translated (SIIT)';
  if (g0 === 0x64 && g1 === 0xff9b) return 'NAT64 (64:ff9b::/96, 64:ff9b:1::/48)';
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'discard-only (100::/64)';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique local (fc00::/7, incl. fd00:ec2::254 metadata)';
  if ((g0 & 0xffc0) === 0xfe80) return 'IPv6 link-local (fe80::/10)';
  if ((g0 & 0xffc0) === 0xfec0) return 'IPv6 site-local (fec0::/10)';
  if ((g0 & 0xff00) === 0xff00) return 'IPv6 multicast (ff00::/8)';
  if (g0 === 0x2001 && g1 < 0x200) return 'IETF protocol assignments incl. Teredo (2001::/23)';
  if (g0 === 0x2001 && g1 === 0xdb8) return 'documentation (2001:db8::/32)';
  if (g0 === 0x2002) return '6to4 (2002::/16)';
  if (g0 === 0x3fff && g1 < 0x1000) return 'documentation (3fff::/20)';
  if ((g0 & 0xe000) !== 0x2000) return 'not global unicast (outside 2000::/3)';
  return undefined;
}

export type IpVersion = 4 | 6;

/** 4 or 6 for a canonical IP literal, undefined for a host name. */
export function ipVersion(text: string): IpVersion | undefined {
  if (parseIPv4(text) !== undefined) return 4;
  if (text.includes(':') && parseIPv6(text)) return 6;
  return undefined;
}

/** Why an address must not be connected to, or undefined when it is a public address. */
export function addressBlockReason(text: string): string | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) {
    for (const [base, prefix, reason] of ipv4Blocks) if (inIPv4Block(v4, base, prefix)) return reason;
    return undefined;
  }
  const v6 = text.includes(':') ? parseIPv6(text) : undefined;
  if (v6) return ipv6BlockReason(v6);
  return `not an IP address (${text})`;
}
