/**
 * URL-level checks of an `http` node target, before any DNS or connection: scheme, credentials in the
 * URL, names that always mean "this machine or this network", IP literals, the host allow-lists and
 * the port. The URL is parsed by the WHATWG parser (`new URL`), which also turns every alternative
 * IPv4 spelling (2130706433, 0x7f.1, 0177.0.0.1, 127.1, trailing dot) into the dotted form, so the
 * address check sees the address the socket would use. The guard in `@diatonic/adapters/http-node`
 * then checks every address a host name resolves to and connects to the checked one only.
 */
import { addressBlockReason, type IpVersion, ipVersion } from './ip-address.ts';

export const defaultPorts = [80, 443];

export interface UrlPolicy {
  /**
   * Host allow-lists in force (node data, agent setting); a target must match every list given.
   * Entries: `api.example.com`, `*.example.com` (any subdomain, not the apex), optionally with
   * `:port` to allow a port other than 80/443 for that host.
   */
  allowedHosts?: readonly (readonly string[])[];
}

export type UrlCheck =
  | {
      ok: true;
      url: URL;
      /** Host name without brackets or trailing dot, as it is resolved and sent in SNI. */
      hostname: string;
      port: number;
      /** Set when the host is an IP literal (it is already known to be public). */
      literal: IpVersion | undefined;
      /** False when the port is neither 80/443 nor allowed by a `host:port` entry. */
      portAllowed: boolean;
    }
  | { ok: false; reason: string };

const localNames = [/^localhost$/, /\.localhost$/, /\.local$/, /\.internal$/, /\.home\.arpa$/, /\.lan$/];

function parseEntry(entry: string): { pattern: string; port: number | undefined } | undefined {
  const match = /^(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i.exec(entry.trim());
  if (!match) return undefined;
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const host = (match[2] ?? '')
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  return { pattern: `${match[1] ?? ''}${host}`, port };
}

/** Whether an allow-list entry is well formed (for save-time validation). */
export function isValidHostEntry(entry: string): boolean {
  return parseEntry(entry) !== undefined;
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1;
  return hostname === pattern;
}

/** Whether a list allows the host, and whether one of its matching entries names this port. */
function listVerdict(list: readonly string[], hostname: string, port: number): { host: boolean; port: boolean } {
  let host = false;
  let portNamed = false;
  for (const entry of list) {
    const parsed = parseEntry(entry);
    if (!parsed || !hostMatches(parsed.pattern, hostname)) continue;
    if (parsed.port === undefined) {
      host = true;
    } else if (parsed.port === port) {
      host = true;
      portNamed = true;
    }
  }
  return { host, port: portNamed };
}

export function checkTargetUrl(target: string | URL, policy: UrlPolicy = {}): UrlCheck {
  let url: URL;
  try {
    url = new URL(target.toString());
  } catch {
    return { ok: false, reason: 'The URL is not valid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `The scheme ${url.protocol} is not allowed; use http or https` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'URLs with credentials (user@host) are refused; send credentials in a header' };
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (hostname === '') return { ok: false, reason: 'The URL has no host' };
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);

  const literal = ipVersion(hostname);
  if (literal) {
    const reason = addressBlockReason(hostname);
    if (reason) return { ok: false, reason: `The address ${hostname} is ${reason}` };
  } else {
    if (!hostname.includes('.')) return { ok: false, reason: `The host ${hostname} is not a public domain name` };
    if (localNames.some((name) => name.test(hostname))) {
      return { ok: false, reason: `The host ${hostname} names a local or internal network` };
    }
  }

  let portAllowed = defaultPorts.includes(port);
  for (const list of policy.allowedHosts ?? []) {
    const verdict = listVerdict(list, hostname, port);
    if (!verdict.host) return { ok: false, reason: `The host ${hostname} is not in this agent's allowed hosts` };
    if (verdict.port) portAllowed = true;
  }
  return { ok: true, url, hostname, port, literal, portAllowed };
}
