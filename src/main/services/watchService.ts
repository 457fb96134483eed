// Watching a host: its socket listing run again and again for a while (never two at once, cancellable), the snapshots
// merged into the sockets seen, and the moment a socket matching the target first shows, the process list taken at
// once so the owner is named even if it exits soon after. Every run goes through HostService — the host's own
// collector (PsExec, SSH or local) — so each snapshot is a connections collection in the case and a run in the log.
import { randomUUID } from 'node:crypto';
import type { ConnectionCollection, ProcessCollection } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { processStartedAt } from '../../shared/processIdentity';
import { nextRunAtMs, watchEndsAtMs, type WatchPlan } from '../../shared/watch/watchSchedule';
import { copySocket, WatchedSocketSet, watchedSocketKey, type WatchedSocket } from '../../shared/watch/watchedSockets';
import type { WatchAlert, WatchOwner, WatchSummary } from '../../shared/watch/watchModel';
import { formatWatchTarget, watchedHostAddresses, watchMatch, type WatchTarget } from '../../shared/watch/watchTarget';
import type { EventBus } from './eventBus';
import type { HostService } from './hostService';
import type { LogBook } from './logBook';

export interface WatchRequest {
  /** The host's id in the host list. */
  id: string;
  intervalMs: number;
  durationMs: number;
  target: WatchTarget;
}

/** A watch gives up after this many runs in a row failed (an unreachable host would only fail again). */
const MAX_FAILED_IN_A_ROW = 3;

interface RunningWatch {
  watchId: string;
  controller: AbortController;
}

/** Waits `ms`, or less when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function isCancelled(error: unknown): boolean {
  return error instanceof AppError && error.data.kind === 'host-command-cancelled';
}

function endpointText(address: string | null, port: number | null): string {
  if (address === null) return '*';
  const shown = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return `${shown}:${port ?? '*'}`;
}

export function socketText(socket: Pick<WatchedSocket, 'proto' | 'localAddr' | 'localPort' | 'remoteAddr' | 'remotePort'>): string {
  return `${socket.proto} ${endpointText(socket.localAddr, socket.localPort)} → ${endpointText(socket.remoteAddr, socket.remotePort)}`;
}

export class WatchService {
  private readonly running = new Map<string, RunningWatch>();

  constructor(
    private readonly hosts: HostService,
    private readonly events: EventBus,
    private readonly log: LogBook,
  ) {}

  /** Whether the host is being watched now. */
  isWatching(hostId: string): boolean {
    return this.running.has(hostId);
  }

  /** Watches the host until the duration runs out or the watch is cancelled; resolves with what it saw. */
  async watch(request: WatchRequest): Promise<WatchSummary> {
    const { id, intervalMs, durationMs, target } = request;
    const label = this.hosts.labelOf(id);
    if (this.running.has(id)) throw new AppError({ kind: 'invalid-input', method: 'hosts.watch', issues: [`${label} is being watched already: cancel that watch first`] });
    const watchId = randomUUID();
    const controller = new AbortController();
    this.running.set(id, { watchId, controller });
    const signal = controller.signal;
    const plan: WatchPlan = { startedAtMs: Date.now(), intervalMs, durationMs };
    const endsAt = new Date(watchEndsAtMs(plan)).toISOString();
    const address = (await this.hosts.list()).find((host) => host.id === id)?.address ?? label;
    const sockets = new WatchedSocketSet((connection, snapshot) => watchMatch(connection, target, watchedHostAddresses(address, snapshot)));
    const commands: WatchSummary['commands'] = [];
    let snapshots = 0;
    let failedSnapshots = 0;
    let failedInARow = 0;
    let alert: WatchAlert | null = null;
    let outcome: WatchSummary['outcome'] = 'finished';
    let lastProblem: string | null = null;
    const progress = (changed: WatchedSocket[], nextRunAt: number | null, problem: string | null) =>
      this.events.emit('watch.progress', { watchId, hostId: id, snapshot: snapshots, socketsKnown: sockets.size, changed, nextRunAt: nextRunAt === null ? null : new Date(nextRunAt).toISOString(), endsAt, problem });

    this.log.add({ level: 'info', kind: 'action', routerId: null, device: label, command: null, message: `Watching ${label} for ${formatWatchTarget(target)}: its sockets listed every ${intervalMs / 1000} s for ${durationMs / 1000} s (until ${endsAt}).`, detail: null });
    progress([], plan.startedAtMs, null);
    try {
      for (;;) {
        const runStartedAt = Date.now();
        let collection: ConnectionCollection | null = null;
        let problem: string | null = null;
        try {
          collection = await this.hosts.collectConnections(id, false, { signal });
        } catch (error) {
          if (signal.aborted || isCancelled(error)) {
            outcome = 'cancelled';
            break;
          }
          problem = error instanceof Error ? error.message : String(error);
        }
        let changed: WatchedSocket[] = [];
        if (collection === null) {
          failedSnapshots += 1;
          failedInARow += 1;
          lastProblem = problem;
        } else {
          failedInARow = 0;
          snapshots += 1;
          const { command } = collection;
          commands.push({ id: command.id, startedAt: command.startedAt, finishedAt: command.finishedAt, outcome: command.outcome });
          const changes = sockets.add({ snapshot: snapshots, at: command.finishedAt, connections: collection.result.records });
          changed = [...sockets.sockets().filter((socket) => socket.lastSnapshot === snapshots), ...changes.vanished.map(copySocket)];
          const caught = alert === null ? changes.appeared.find((socket) => socket.match !== null) : undefined;
          if (caught !== undefined) alert = await this.raiseAlert({ watchId, id, label, target, signal }, copySocket(caught), collection, snapshots);
        }
        if (failedInARow >= MAX_FAILED_IN_A_ROW) {
          outcome = snapshots === 0 ? 'failed' : outcome;
          progress(changed, null, problem);
          break;
        }
        const next = signal.aborted ? null : nextRunAtMs(plan, runStartedAt, Date.now());
        progress(changed, next, problem);
        if (signal.aborted) {
          outcome = 'cancelled';
          break;
        }
        if (next === null) break;
        await pause(next - Date.now(), signal);
        if (signal.aborted) {
          outcome = 'cancelled';
          break;
        }
      }
    } finally {
      this.running.delete(id);
    }
    const all = sockets.sockets();
    const endedAt = new Date().toISOString();
    const ended = outcome === 'cancelled' ? 'was cancelled' : outcome === 'failed' ? `failed: ${lastProblem ?? 'no run listed the sockets'}` : 'ended';
    const caught = alert === null ? `${formatWatchTarget(target)} never showed` : `${formatWatchTarget(target)} showed at ${alert.caughtAt}`;
    const message = `Watch of ${label} ${ended} after ${snapshots} snapshot${snapshots === 1 ? '' : 's'}${failedSnapshots ? ` (${failedSnapshots} failed)` : ''}: ${all.length} socket${all.length === 1 ? '' : 's'} seen; ${caught}.`;
    this.log.add({ level: outcome === 'failed' ? 'error' : 'info', kind: 'action', routerId: null, device: label, command: null, message, detail: null });
    return { watchId, hostId: id, host: address, target, intervalMs, durationMs, startedAt: new Date(plan.startedAtMs).toISOString(), endedAt, outcome, snapshots, failedSnapshots, sockets: all, alert, commands, message };
  }

  /**
   * The target showed: the process list at once (before the sender can exit), the owners named from it, a warning in
   * the log, a note in the case on the owner's row (or on the socket's row when the owner was not listed), the event.
   */
  private async raiseAlert(watch: { watchId: string; id: string; label: string; target: WatchTarget; signal: AbortSignal }, socket: WatchedSocket, snapshot: ConnectionCollection, snapshotNumber: number): Promise<WatchAlert> {
    let processes: ProcessCollection | null = null;
    let processProblem: string | null = null;
    try {
      processes = await this.hosts.collectProcesses(watch.id, { signal: watch.signal });
    } catch (error) {
      processProblem = error instanceof Error ? error.message : String(error);
    }
    const owners: WatchOwner[] = socket.owners.map(({ pid }) => {
      const process = processes?.result.records.find((entry) => entry.pid === pid) ?? null;
      return { pid, name: process?.name ?? null, startedAt: process && processes ? processStartedAt(process, processes.command.finishedAt) : null, process };
    });
    const ownerText =
      owners.length === 0
        ? 'no PID listed for it'
        : owners.map((owner) => (owner.name === null ? `PID ${owner.pid} (${processes ? 'gone before the process list ran' : 'process list failed'})` : `PID ${owner.pid} ${owner.name}${owner.startedAt ? ` started ${owner.startedAt}` : ''}`)).join(', ');
    const message = `Watch of ${watch.label}: ${socketText(socket)} matches ${formatWatchTarget(watch.target)} (${socket.match}), first listed by snapshot ${snapshotNumber} at ${socket.firstSeenAt}; owner: ${ownerText}.${processProblem ? ` The process list failed: ${processProblem}` : ''}`;
    this.log.add({ level: 'warning', kind: 'action', routerId: null, device: watch.label, command: null, message, detail: null });
    const ownerRow = processes === null ? -1 : processes.result.records.findIndex((entry) => owners.some((owner) => owner.pid === entry.pid));
    const socketRow = snapshot.result.records.findIndex((connection) => watchedSocketKey(connection) === socket.key);
    const target = processes !== null && ownerRow !== -1 ? { collectionId: processes.command.id, row: ownerRow } : { collectionId: snapshot.command.id, row: socketRow === -1 ? null : socketRow };
    await this.hosts.keepNote(watch.id, { target, text: message, tags: ['watch-alert'] });
    const alert: WatchAlert = {
      watchId: watch.watchId,
      hostId: watch.id,
      host: snapshot.host,
      target: watch.target,
      socket,
      match: socket.match!,
      snapshot: snapshotNumber,
      snapshotCollectionId: snapshot.command.id,
      caughtAt: socket.firstSeenAt,
      processCollectionId: processes?.command.id ?? null,
      processesAt: processes?.command.finishedAt ?? null,
      processProblem,
      owners,
      message,
    };
    this.events.emit('watch.alert', { ...alert, connections: snapshot, processes });
    return alert;
  }

  /** Stops the host's watch within a second: the running listing is killed, no other starts. Nothing when none runs. */
  cancel(hostId: string): void {
    this.running.get(hostId)?.controller.abort();
  }

  disposeAll(): void {
    for (const watch of this.running.values()) watch.controller.abort();
  }
}
