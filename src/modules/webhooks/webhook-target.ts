import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Address ranges a webhook may not reach unless the admin allowed it for the app. */
const PRIVATE_RANGES = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'carrierGradeNat',
  'private',
  'reserved',
  'uniqueLocal',
  'ipv4Mapped',
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
  'benchmarking',
  'amt',
  'as112',
  'deprecated',
  'orchid2',
]);

/** Whether an IP address is on a private, local or otherwise non-public network. */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return PRIVATE_RANGES.has(parsed.range());
}

/** Raised when a webhook URL resolves to a private address the app may not reach. */
export class PrivateTargetError extends Error {
  readonly code = 'EPRIVATETARGET';
}

/**
 * A DNS lookup that refuses private addresses at connect time, so a name that resolves elsewhere
 * later (DNS rebinding) cannot reach the inside either.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses;
    const blocked = list.find((a) => isPrivateAddress(a.address));
    if (blocked) return callback(new PrivateTargetError(`${hostname} resolves to ${blocked.address}, a private network address`), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

/** Agents for public-only targets, and for apps allowed to reach private networks. */
export const webhookAgents = {
  public: { http: new http.Agent({ lookup: publicOnlyLookup, keepAlive: true }), https: new https.Agent({ lookup: publicOnlyLookup, keepAlive: true }) },
  any: { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) },
};

/** Checks a URL's literal IP host (connections to an IP skip the DNS lookup). */
export function literalTargetProblem(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && isPrivateAddress(host)) return `${host} is a private network address`;
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine`;
  return undefined;
}
