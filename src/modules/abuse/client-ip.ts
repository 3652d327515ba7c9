import ipaddr from 'ipaddr.js';

/**
 * The key per-IP counters use for a client address. An IPv4 address counts as itself (also when
 * it arrives IPv4-mapped, `::ffff:1.2.3.4`); an IPv6 address counts as its /64, because one
 * subscriber usually holds a whole /64 and could otherwise take a fresh address per request.
 * Anything unparsable (no socket address, say) shares one bucket rather than escaping limits.
 */
export function ipKey(clientIp: string | undefined): string {
  if (!clientIp || !ipaddr.isValid(clientIp)) return 'unknown';
  const address = ipaddr.process(clientIp);
  if (!(address instanceof ipaddr.IPv6)) return address.toString();
  const parts = address.parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
