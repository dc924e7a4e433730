import dns from 'node:dns';
import net from 'node:net';
import { unmapped } from '@/lib/http/client-address';

/**
 * Where a webhook may POST. warroom sits inside the network it helps run, so
 * a webhook URL must not become a way to reach internal services (and read
 * their status codes back from the timeline): loopback, RFC 1918, link-local
 * (169.254.169.254, the cloud metadata service), CGNAT, IPv6 ULA/link-local/
 * loopback and the other special ranges are refused.
 *
 * Checked on the address that will actually be connected to: the name is
 * resolved here, every answer checked, and the connection is then pinned to
 * the checked address (lib/comms/post-webhook.ts), so a DNS answer that
 * changes between check and connect cannot slip through. An admin allow-list
 * (WARROOM_WEBHOOK_ALLOW_INTERNAL: host, host:port, address or CIDR) lets a
 * self-hosted chat server through.
 */
export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

const INTERNAL = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  INTERNAL.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: the embedded IPv4 could be anything
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  INTERNAL.addSubnet(net6, bits, 'ipv6');

// BlockList matches IPv4 addresses against this range too, so it is its own list.
const MAPPED = new net.BlockList();
MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

export function isInternalAddress(address: string): boolean {
  const a = unmapped(address);
  const family = net.isIP(a);
  if (family === 0) return true; // not an address: never connect to it
  // IPv4-mapped written in hex (::ffff:a00:1): refused rather than decoded.
  if (family === 6 && MAPPED.check(a, 'ipv6')) return true;
  return INTERNAL.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

type AllowEntry = { kind: 'net'; list: net.BlockList } | { kind: 'host'; host: string; port: string | null };

export function parseAllowList(raw: string | undefined): AllowEntry[] {
  return (raw ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((entry): AllowEntry => {
      const [addr = '', bits] = entry.split('/');
      const family = net.isIP(addr);
      if (family) {
        const list = new net.BlockList();
        const type = family === 6 ? 'ipv6' : 'ipv4';
        if (bits === undefined) list.addAddress(addr, type);
        else list.addSubnet(addr, Number(bits), type);
        return { kind: 'net', list };
      }
      const m = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry);
      if (!m) throw new Error(`WARROOM_WEBHOOK_ALLOW_INTERNAL: ${entry} is not a host, host:port, address or CIDR`);
      const [, host = '', port] = m;
      return { kind: 'host', host, port: port ?? null };
    });
}

function allowed(entries: AllowEntry[], url: URL, address: string): boolean {
  const a = unmapped(address);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return entries.some((e) =>
    e.kind === 'net'
      ? net.isIP(a) !== 0 && e.list.check(a, net.isIPv6(a) ? 'ipv6' : 'ipv4')
      : e.host === url.hostname.toLowerCase() && (e.port === null || e.port === port),
  );
}

export type Destination = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string };

/** Resolves and checks; connects nowhere. */
export async function checkDestination(
  url: URL,
  opts: { resolve?: Resolver; allow?: AllowEntry[] } = {},
): Promise<Destination> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let answers: ResolvedAddress[];
  if (net.isIP(host)) answers = [{ address: host, family: net.isIPv6(host) ? 6 : 4 }];
  else {
    try {
      answers = await (opts.resolve ?? systemResolver)(host);
    } catch {
      return { ok: false, reason: 'the host name does not resolve' };
    }
  }
  const [first] = answers;
  if (!first) return { ok: false, reason: 'the host name does not resolve' };
  const allow = opts.allow ?? [];
  // Every answer must pass: one internal answer is enough to refuse (a name that
  // resolves both ways would otherwise reach inside on some attempts).
  const internal = answers.find((a) => isInternalAddress(a.address) && !allowed(allow, url, a.address));
  if (internal) {
    return {
      ok: false,
      reason: `it points to an internal address (${internal.address}); an admin can allow an internal chat server with WARROOM_WEBHOOK_ALLOW_INTERNAL`,
    };
  }
  return { ok: true, address: first.address, family: first.family };
}
