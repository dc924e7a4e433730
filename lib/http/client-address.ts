import net from 'node:net';

/**
 * The client's address for throttling and the audit log. X-Forwarded-For is
 * believed only when the connection comes from a configured trusted proxy
 * (WARROOM_TRUSTED_PROXIES: addresses or CIDRs); otherwise anyone could
 * claim any address per request, dodge the throttle and write forged
 * addresses into the audit log. Through a chain of trusted proxies, the
 * right-most address that is not one of them is the client. Pure.
 *
 * server.ts computes it from the socket and puts it in CLIENT_ADDRESS_HEADER,
 * overwriting whatever the client sent under that name.
 */
export const CLIENT_ADDRESS_HEADER = 'x-warroom-client-address';

export function trustedProxyList(entries: string[]): net.BlockList {
  const list = new net.BlockList();
  for (const raw of entries) {
    const [addr = '', bits] = raw.split('/');
    const address = unmapped(addr.trim());
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (!net.isIP(address)) throw new Error(`WARROOM_TRUSTED_PROXIES: ${raw} is not an address or CIDR`);
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** ::ffff:10.0.0.1 (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
export function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}

function isTrusted(list: net.BlockList, address: string): boolean {
  if (!net.isIP(address)) return false;
  return list.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: net.BlockList,
): string {
  const socket = unmapped(peer ?? '') || 'unknown';
  if (!forwardedFor || !isTrusted(trusted, socket)) return socket;
  const hops = forwardedFor
    .split(',')
    .map((h) => unmapped(h.trim()))
    .filter(Boolean);
  for (const hop of hops.toReversed()) {
    if (!net.isIP(hop)) return socket; // a malformed hop: do not guess
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? socket;
}
