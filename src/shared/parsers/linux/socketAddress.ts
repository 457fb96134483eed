// Reads a socket address as ss prints it — `0.0.0.0:22`, `[::ffff:127.0.0.1]:5432`, `*:*`, and the two scoped forms
// only ss prints, `127.0.0.53%lo:53` and `[fe80::1]%eth0:546` — on top of the shared endpoint splitter.
import { addressKind, parseEndpoint, parsePort } from '../endpoint';
import type { SliceCache } from '../sliceCache';

export interface SocketAddress {
  /**
   * Without IPv6 brackets; the interface a socket is bound to stays after `%`, RFC 4007 style (`fe80::1%eth0`,
   * `127.0.0.53%lo`), as endpoint.ts keeps netstat's zones. `*` is ss's "any address".
   */
  address: string;
  /** null for `*` and for a service name. */
  port: number | null;
  /** The port as printed when it is a service name (`ssh`: ss ran without -n); null otherwise. */
  portName: string | null;
  /** False when the address is a host name rather than an IPv4/IPv6 literal or `*`. */
  numeric: boolean;
}

/** Service names as /etc/services spells them: `ssh`, `dhcpv6-client`, `ipv6-icmp`. */
const PORT_NAME = /^[A-Za-z][A-Za-z0-9._+-]{0,63}$/;

/** Reads text[start, end); null when it is not `address:port` (ss always prints a port, `*` at least). */
export function readSocketAddress(text: string, start: number, end: number, strings?: SliceCache): SocketAddress | null {
  let address: string;
  let portText: string;
  let port: number | null;
  const scopedClose = text.charCodeAt(start) === 91 /* [ */ ? bracketedZone(text, start, end) : -1;
  if (scopedClose !== -1) {
    // `[fe80::1]%eth0:546`: endpoint.ts expects the colon right after the bracket, so the zone is moved inside.
    const colon = lastColon(text, scopedClose, end);
    if (colon === -1 || colon <= scopedClose + 2 || colon === end - 1) return null;
    address = text.slice(start + 1, scopedClose) + text.slice(scopedClose + 1, colon);
    portText = text.slice(colon + 1, end);
    port = parsePort(text, colon + 1, end);
  } else {
    // A token cut out first: the shared splitter looks for `]` beyond `end`, which costs a whole text per line.
    const endpoint = text.charCodeAt(start) === 91 ? parseEndpoint(text.slice(start, end)) : parseEndpoint(text, start, end, strings);
    if (endpoint === null || endpoint.portText === null) return null;
    address = endpoint.address;
    portText = endpoint.portText;
    port = endpoint.port;
  }
  if (address === '' || address.startsWith('%')) return null;
  let portName: string | null = null;
  if (port === null && portText !== '*') {
    if (!PORT_NAME.test(portText)) return null;
    portName = portText;
  }
  const percent = address.indexOf('%');
  if (percent === address.length - 1) return null;
  // ss also scopes IPv4 (`127.0.0.53%lo`), which endpoint.ts does not read as numeric: the zone is left out to judge.
  const numeric = addressKind(percent === -1 ? address : address.slice(0, percent)) !== 'not-numeric';
  return { address, port, portName, numeric };
}

/** The position of the `]` of `[address]%zone`, or -1 when the token is not of that form. */
function bracketedZone(text: string, start: number, end: number): number {
  let close = start + 1;
  while (close < end && text.charCodeAt(close) !== 93 /* ] */) close++;
  return close + 1 < end && text.charCodeAt(close + 1) === 37 /* % */ ? close : -1;
}

function lastColon(text: string, after: number, end: number): number {
  for (let i = end - 1; i > after; i--) if (text.charCodeAt(i) === 58 /* : */) return i;
  return -1;
}
