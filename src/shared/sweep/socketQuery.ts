// Which sockets a sweep looks for — "tcp:445" as the analyst types it — and whether a host's socket is one of them.
import type { Connection } from '../domain';

export type SocketProtocol = 'tcp' | 'udp';

export interface SocketQuery {
  protocol: SocketProtocol;
  port: number;
}

/** A socket a sweep found, with the process holding it. */
export interface SocketMatch {
  protocol: SocketProtocol;
  localAddr: string;
  localPort: number | null;
  remoteAddr: string | null;
  remotePort: number | null;
  state: string | null;
  pid: number | null;
  /** As the socket listing names it (netstat -b, ss), else as the process listing does; null when neither does. */
  processName: string | null;
}

/** `PROTO:PORT` (tcp:445, UDP:53) read into a query, or the reason it cannot be. */
export function parseSocketQuery(text: string): { query: SocketQuery } | { problem: string } {
  const match = /^\s*([A-Za-z]+)\s*:\s*(\d{1,5})\s*$/.exec(text);
  if (match === null) return { problem: `"${text}" is not PROTO:PORT (for example tcp:445 or udp:53)` };
  const protocol = match[1]!.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp') return { problem: `"${match[1]}" is not a protocol a sweep can find: tcp or udp` };
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return { problem: `port ${match[2]} is not from 1 to 65535` };
  return { query: { protocol, port } };
}

/** The query as the analyst writes it back: "tcp:445". */
export function formatSocketQuery(query: SocketQuery): string {
  return `${query.protocol}:${query.port}`;
}

/** The protocol of a socket as the tools print it ("TCP", "TCPv6", "udp6"); null for anything else (raw sockets). */
export function socketProtocol(proto: string): SocketProtocol | null {
  const family = /^(tcp|udp)/i.exec(proto.trim());
  return family === null ? null : (family[1]!.toLowerCase() as SocketProtocol);
}

/** Whether the socket is of the query's protocol with the port at either end (a listener, a client or a server side). */
export function socketMatchesQuery(socket: Pick<Connection, 'proto' | 'localPort' | 'remotePort'>, query: SocketQuery): boolean {
  return socketProtocol(socket.proto) === query.protocol && (socket.localPort === query.port || socket.remotePort === query.port);
}

/** Whether any of the sockets names its process: then no process listing is needed to name them. */
export function socketsNameProcesses(sockets: readonly Pick<Connection, 'process'>[]): boolean {
  return sockets.some((socket) => socket.process !== null);
}

/** The found socket, its process named from the socket listing or else from `processNames` (PID → name). */
export function socketMatch(socket: Connection, processNames: ReadonlyMap<number, string> | null): SocketMatch {
  return {
    protocol: socketProtocol(socket.proto)!,
    localAddr: socket.localAddr,
    localPort: socket.localPort,
    remoteAddr: socket.remoteAddr,
    remotePort: socket.remotePort,
    state: socket.state,
    pid: socket.pid,
    processName: socket.process ?? (socket.pid === null ? null : (processNames?.get(socket.pid) ?? null)),
  };
}
