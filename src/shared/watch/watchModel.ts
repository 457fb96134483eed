// What a watch reports while it runs and when it ends: the progress after each snapshot, the alert when the target
// first shows, and the summary — the same shapes for the window, the preview and the command line.
import type { ConnectionCollection, HostCommandRecord, ProcessCollection, ProcessEntry } from '../domain';
import type { MatchKind } from '../correlation/correlation';
import type { WatchedSocket } from './watchedSockets';
import type { WatchTarget } from './watchTarget';

/** After each snapshot (and once at the start with snapshot 0). */
export interface WatchProgress {
  watchId: string;
  hostId: string;
  /** Snapshots taken so far. */
  snapshot: number;
  /** Sockets seen so far, merged. */
  socketsKnown: number;
  /** The sockets the newest snapshot added or changed (first seen, a new owner or state, seen again). */
  changed: WatchedSocket[];
  /** When the next run starts (ISO-8601 UTC); null: this was the last. */
  nextRunAt: string | null;
  /** When the watch ends (ISO-8601 UTC). */
  endsAt: string;
  /** The newest snapshot's failure in words (the watch goes on); null when it listed. */
  problem: string | null;
}

/** The owner of the matching socket as the process list taken at once named it. */
export interface WatchOwner {
  pid: number;
  /** Image name as the process list prints it; null when the PID was not listed (it had exited already). */
  name: string | null;
  /** ISO-8601 UTC, from the listing's start or elapsed time; null when the tool gives neither. */
  startedAt: string | null;
  process: ProcessEntry | null;
}

/** The first time a socket matching the target was listed, and who owned it. */
export interface WatchAlert {
  watchId: string;
  hostId: string;
  host: string;
  target: WatchTarget;
  socket: WatchedSocket;
  match: MatchKind;
  /** The snapshot that caught it: its number and its command record's id (= the case collection's id). */
  snapshot: number;
  snapshotCollectionId: string;
  /** When that snapshot finished (ISO-8601 UTC). */
  caughtAt: string;
  /** The process list taken at once: its command record's id (= the case collection's id); null when it failed. */
  processCollectionId: string | null;
  /** When the process list finished, or why it failed. */
  processesAt: string | null;
  processProblem: string | null;
  owners: WatchOwner[];
  /** One sentence for the analyst. */
  message: string;
}

/** The alert as the 'watch.alert' event carries it: with the snapshot that caught the socket and the process list, so
 * a window shows them in its host grids and the flow's pivot lands on the owner (the summary leaves them out). */
export interface WatchAlertEvent extends WatchAlert {
  connections: ConnectionCollection;
  processes: ProcessCollection | null;
}

export interface WatchSummary {
  watchId: string;
  hostId: string;
  host: string;
  target: WatchTarget;
  intervalMs: number;
  durationMs: number;
  startedAt: string;
  endedAt: string;
  /** 'finished': the duration ran out; 'cancelled': the analyst stopped it; 'failed': every run failed. */
  outcome: 'finished' | 'cancelled' | 'failed';
  snapshots: number;
  /** Snapshots whose run failed (kept in the log; the watch went on). */
  failedSnapshots: number;
  sockets: WatchedSocket[];
  /** The first alert; null when the target never showed. */
  alert: WatchAlert | null;
  /** Every snapshot's command record, in order: the raw outputs kept in the case under these ids. */
  commands: Pick<HostCommandRecord, 'id' | 'startedAt' | 'finishedAt' | 'outcome'>[];
  message: string;
}
