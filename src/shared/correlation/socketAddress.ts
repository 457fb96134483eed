// The one spelling of an address and a protocol the pivot compares: netstat's "[::]", ss's "::ffff:10.0.0.5" and a
// router's "10.0.0.5" must meet as equals, and "TCPv6" and protocol 6 too.

function isPlainDottedAddress(address: string): boolean {
  for (let i = 0; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || code === 46 || (code >= 97 && code <= 122))) return false;
  }
  return address.length > 0;
}

/** An address as the pivot compares it: brackets, zone and IPv4-mapped prefix removed, lower case. */
export function canonicalAddress(address: string): string {
  // Most addresses are already canonical (dotted quads, lower-case masks): answer those without building new strings.
  if (isPlainDottedAddress(address)) return address;
  let text = address.trim().toLowerCase();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (text.startsWith('::ffff:') && text.includes('.')) text = text.slice(7);
  return text;
}

/** "Any address": what a socket bound to all of its host's addresses shows. */
export function isWildcardAddress(address: string | null): boolean {
  if (address === null) return true;
  const text = canonicalAddress(address);
  return text === '0.0.0.0' || text === '::' || text === '*' || text === '';
}

/** IANA protocol number of a socket's protocol column ("TCP", "TCPv6", "tcp", "UDP"…); null for others. */
export function protocolNumberOf(proto: string): number | null {
  const text = proto.trim().toUpperCase();
  if (text.startsWith('TCP')) return 6;
  if (text.startsWith('UDP')) return 17;
  return null;
}

/** A listening TCP socket, as Windows ("LISTENING") and Linux ("LISTEN") print it. */
export function isListeningState(state: string | null): boolean {
  return state !== null && /^LISTEN(ING)?$/i.test(state.trim());
}

/**
 * Whether a socket bound to `bind` accepts traffic for `address`: the same address, or a wildcard of its family —
 * "0.0.0.0" takes IPv4 only, "::" IPv6 only (Windows lists the two apart), "*" both (Linux dual-stack sockets).
 */
export function bindAccepts(bind: string | null, address: string): boolean {
  const target = canonicalAddress(address);
  if (!isWildcardAddress(bind)) return canonicalAddress(bind!) === target;
  const wildcard = bind === null ? '*' : canonicalAddress(bind);
  if (wildcard === '*' || wildcard === '') return true;
  const isV6 = target.includes(':');
  return wildcard === '::' ? isV6 : !isV6;
}
