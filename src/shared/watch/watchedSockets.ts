// Snapshots of a host's sockets merged into the sockets a watch has seen: each socket once (protocol, local end,
// remote end), when it was first and last listed, how often, which PIDs owned it and when, and the states it showed.
import type { Connection } from '../domain';
import type { MatchKind } from '../correlation/correlation';
import { canonicalAddress, protocolNumberOf } from '../correlation/socketAddress';

/** A PID seen owning a watched socket, and the first and last snapshot times it did (ISO-8601 UTC). */
export interface WatchedOwner {
  pid: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface WatchedSocket {
  /** protocol|local|remote in the pivot's spelling: the same socket in two listings has the same key. */
  key: string;
  /** As the newest listing printed it ("UDP", "TCPv6", "tcp"). */
  proto: string;
  localAddr: string;
  localPort: number | null;
  remoteAddr: string | null;
  remotePort: number | null;
  /** ISO-8601 UTC: the finish time of the first and the last snapshot that listed it. */
  firstSeenAt: string;
  lastSeenAt: string;
  /** 1-based numbers of the first and last snapshot that listed it. */
  firstSnapshot: number;
  lastSnapshot: number;
  /** How many snapshots listed it. */
  timesSeen: number;
  /** Whether the newest snapshot lists it. */
  present: boolean;
  /** In the order first seen. */
  owners: WatchedOwner[];
  /** Every state printed for it, in the order first seen (none for UDP). */
  states: string[];
  /** How it matches the watch's target (see watchMatch), decided when first seen; null: it does not. */
  match: MatchKind | null;
}

/** One listing of the host's sockets, numbered from 1, at the time it finished (ISO-8601 UTC). */
export interface SocketSnapshot {
  snapshot: number;
  at: string;
  connections: readonly Connection[];
}

/** The key of a socket: the same for the same socket whichever tool spelled it (TCPv6 / tcp6, [::] / ::). */
export function watchedSocketKey(connection: Pick<Connection, 'proto' | 'localAddr' | 'localPort' | 'remoteAddr' | 'remotePort'>): string {
  const protocol = protocolNumberOf(connection.proto) ?? connection.proto.trim().toUpperCase();
  const remote = connection.remoteAddr === null ? '*' : canonicalAddress(connection.remoteAddr);
  return `${protocol}|${canonicalAddress(connection.localAddr)}|${connection.localPort ?? '*'}|${remote}|${connection.remotePort ?? '*'}`;
}

/** What one snapshot changed: the sockets listed for the first time, and those listed before but not now. */
export interface SnapshotChanges {
  appeared: WatchedSocket[];
  vanished: WatchedSocket[];
}

/** Whether a socket is the one watched for, given the whole snapshot it is in (its host's addresses). */
export type SocketMatcher = (connection: Connection, snapshot: readonly Connection[]) => MatchKind | null;

/** The sockets of a watch, in the order first seen. Pure: snapshots in, merged sockets out. */
export class WatchedSocketSet {
  private readonly byKey = new Map<string, WatchedSocket>();
  private lastSnapshot = 0;

  constructor(private readonly matcher: SocketMatcher = () => null) {}

  /** Merges the next snapshot; snapshots must come in order (a number not above the last is refused). */
  add(snapshot: SocketSnapshot): SnapshotChanges {
    if (snapshot.snapshot <= this.lastSnapshot) throw new Error(`snapshot ${snapshot.snapshot} comes after snapshot ${this.lastSnapshot}`);
    this.lastSnapshot = snapshot.snapshot;
    const appeared: WatchedSocket[] = [];
    const listed = new Set<string>();
    for (const connection of snapshot.connections) {
      const key = watchedSocketKey(connection);
      let socket = this.byKey.get(key);
      const again = listed.has(key);
      listed.add(key);
      if (socket === undefined) {
        socket = {
          key, proto: connection.proto, localAddr: connection.localAddr, localPort: connection.localPort, remoteAddr: connection.remoteAddr, remotePort: connection.remotePort,
          firstSeenAt: snapshot.at, lastSeenAt: snapshot.at, firstSnapshot: snapshot.snapshot, lastSnapshot: snapshot.snapshot, timesSeen: 0, present: true, owners: [], states: [], match: this.matcher(connection, snapshot.connections),
        };
        this.byKey.set(key, socket);
        appeared.push(socket);
      }
      // A listing may print the same socket twice (netstat -b under two services): it was seen once.
      if (!again) {
        socket.timesSeen += 1;
        socket.lastSeenAt = snapshot.at;
        socket.lastSnapshot = snapshot.snapshot;
        socket.proto = connection.proto;
      }
      if (connection.pid !== null) {
        const owner = socket.owners.find((known) => known.pid === connection.pid);
        if (owner === undefined) socket.owners.push({ pid: connection.pid, firstSeenAt: snapshot.at, lastSeenAt: snapshot.at });
        else owner.lastSeenAt = snapshot.at;
      }
      if (connection.state !== null && !socket.states.includes(connection.state)) socket.states.push(connection.state);
    }
    const vanished: WatchedSocket[] = [];
    for (const socket of this.byKey.values()) {
      const present = listed.has(socket.key);
      if (socket.present && !present) vanished.push(socket);
      socket.present = present;
    }
    return { appeared, vanished };
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): WatchedSocket | undefined {
    return this.byKey.get(key);
  }

  /** Copies, in the order first seen: safe to hand out while the watch goes on. */
  sockets(): WatchedSocket[] {
    return [...this.byKey.values()].map(copySocket);
  }
}

export function copySocket(socket: WatchedSocket): WatchedSocket {
  return { ...socket, owners: socket.owners.map((owner) => ({ ...owner })), states: [...socket.states] };
}
