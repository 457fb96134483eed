// What a watch looks for — a flow's end as the analyst picked or typed it ("udp:10.0.0.5:51515") — and whether a
// socket of the watched host is it, by the pivot's own rules (exact end, TCP listener, UDP bind).
import type { Connection } from '../domain';
import type { MatchKind } from '../correlation/correlation';
import { bindAccepts, canonicalAddress, isListeningState, isWildcardAddress, protocolNumberOf } from '../correlation/socketAddress';

export type WatchProtocol = 'tcp' | 'udp';

/** One end of the flow to catch; a field left null matches any value. At least one field is set. */
export interface WatchTarget {
  protocol: WatchProtocol | null;
  address: string | null;
  port: number | null;
}

/** An IPv6 literal as a socket listing prints one: hex groups and colons, an optional zone. */
function isIpv6Literal(text: string): boolean {
  return text.includes(':') && /^[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?$/.test(text);
}

const PROTOCOL_NUMBER: Record<WatchProtocol, number> = { tcp: 6, udp: 17 };

/** "udp:10.0.0.5:51515", "tcp:445", "udp:[fe80::1]:53", "10.0.0.5", "*:9999" — as the analyst types them. */
export function formatWatchTarget(target: WatchTarget): string {
  const address = target.address === null ? null : target.address.includes(':') ? `[${target.address}]` : target.address;
  const parts = [target.protocol ?? '*', address ?? '*', target.port === null ? '*' : String(target.port)];
  return parts.join(':');
}

/**
 * Reads PROTO:ADDR:PORT, PROTO:PORT, PROTO:ADDR, ADDR:PORT or ADDR ("*" for any part, an IPv6 address in brackets),
 * or says why the text is not one.
 */
export function parseWatchTarget(text: string): { target: WatchTarget } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'an empty target: give PROTO:ADDR:PORT, for example udp:10.0.0.5:51515' };
  const parts: string[] = [];
  let rest = trimmed;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close === -1) return { problem: `"${text}": an IPv6 address opened with "[" is not closed` };
      parts.push(rest.slice(1, close));
      rest = rest.slice(close + 1);
      if (rest.startsWith(':')) rest = rest.slice(1);
      else if (rest !== '') return { problem: `"${text}": expected ":" after "]"` };
      continue;
    }
    const colon = rest.indexOf(':');
    parts.push(colon === -1 ? rest : rest.slice(0, colon));
    rest = colon === -1 ? '' : rest.slice(colon + 1);
  }
  const target: WatchTarget = { protocol: null, address: null, port: null };
  const fields = [...parts];
  const first = fields[0]!.toLowerCase();
  if (first === 'tcp' || first === 'udp') {
    target.protocol = first;
    fields.shift();
  } else if (fields.length === 3) {
    if (first !== '*') return { problem: `"${parts[0]}" is not a protocol a watch can catch: tcp or udp` };
    fields.shift();
  }
  if (fields.length > 2) return { problem: `"${text}" is not PROTO:ADDR:PORT (for example udp:10.0.0.5:51515)` };
  for (const field of fields) {
    if (field === '*' || field === '') continue;
    if (/^\d{1,5}$/.test(field)) {
      const port = Number(field);
      if (port < 1 || port > 65535) return { problem: `port ${field} is not from 1 to 65535` };
      if (target.port !== null) return { problem: `"${text}" names two ports` };
      target.port = port;
    } else if (/^[0-9A-Za-z.-]+$/.test(field) || isIpv6Literal(field)) {
      if (target.address !== null) return { problem: `"${text}" names two addresses` };
      target.address = field;
    } else {
      return { problem: `"${field}" is neither an address nor a port` };
    }
  }
  if (target.address === null && target.port === null) return { problem: `"${text}" matches every socket${target.protocol ? ' of its protocol' : ''}: give a port or an address too` };
  return { target };
}

/** The addresses a host answers on: the analyst's, every specific local address of its sockets, and loopback. */
export function watchedHostAddresses(hostAddress: string, connections: readonly Pick<Connection, 'localAddr'>[]): Set<string> {
  const addresses = new Set([canonicalAddress(hostAddress), '127.0.0.1', '::1']);
  for (const connection of connections) if (!isWildcardAddress(connection.localAddr)) addresses.add(canonicalAddress(connection.localAddr));
  return addresses;
}

/** A UDP socket netstat or ss shows without a peer ("*:*", "0.0.0.0:*"). */
function isUnconnected(connection: Pick<Connection, 'remoteAddr' | 'remotePort'>): boolean {
  return connection.remotePort === null || connection.remotePort === 0 || isWildcardAddress(connection.remoteAddr);
}

function sameAddress(a: string, b: string): boolean {
  return canonicalAddress(a) === canonicalAddress(b);
}

/**
 * How the socket matches the target, or null: 'exact' when the target is the socket's local or remote end (an unset
 * address or port taken as any); 'listener' / 'udp-bind' when a TCP listener or an unconnected UDP socket bound to all
 * addresses (or to the target's) has the target's port and the target's address is one of the host's (`hostAddresses`,
 * see watchedHostAddresses) — UDP sockets show no peer, so a bind is all a listing can show of a UDP flow.
 */
export function watchMatch(connection: Connection, target: WatchTarget, hostAddresses: ReadonlySet<string>): MatchKind | null {
  const protocol = protocolNumberOf(connection.proto);
  if (protocol === null) return null;
  if (target.protocol !== null && PROTOCOL_NUMBER[target.protocol] !== protocol) return null;
  const listening = protocol === 6 && isListeningState(connection.state);
  const unconnected = protocol === 17 && isUnconnected(connection);
  const bound = listening || unconnected;

  const portAt = (port: number | null) => target.port === null || port === target.port;
  // The remote end: only a connected socket has one.
  if (!bound && connection.remoteAddr !== null && portAt(connection.remotePort) && (target.address === null || sameAddress(connection.remoteAddr, target.address))) return 'exact';
  if (!portAt(connection.localPort)) return null;
  if (target.address === null) return bound ? (listening ? 'listener' : 'udp-bind') : 'exact';
  if (isWildcardAddress(connection.localAddr)) {
    // A bind to all addresses takes the target's address only if it is one of this host's, and only with a port.
    if (target.port === null || !hostAddresses.has(canonicalAddress(target.address)) || !bindAccepts(connection.localAddr, target.address)) return null;
    return listening ? 'listener' : unconnected ? 'udp-bind' : 'exact';
  }
  if (!sameAddress(connection.localAddr, target.address)) return null;
  return listening ? 'listener' : unconnected ? 'udp-bind' : 'exact';
}
