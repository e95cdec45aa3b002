/** Resolves a host name to every address it has, the way the OS would (getaddrinfo, /etc/hosts). */
import { lookup } from 'node:dns/promises';

export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveHostWithSystemDns: ResolveHost = async (hostname) => {
  const results = await lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => result.address);
};
