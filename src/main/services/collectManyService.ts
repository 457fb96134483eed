// The window's "collect from many hosts": HostService's own collections of connections and processes (each logged and
// kept in the live case, as one host's are) over many hosts at once through the sweep engine, with every host's state
// as events, a cancel that stops the hosts' tool runs, and the counts at the end.
import type { ConnectionCollection, ProcessCollection } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { noHostsCounted, type CollectManyCounts, type CollectManyHostEvent, type CollectManyHostState, type CollectManySummary, type CollectManyWhat } from '../../shared/sweep/collectMany';
import { hostEnding } from '../sweep/hostEnding';
import { isTransientError, runSweep, type SweepOutcome, type SweepStatus } from '../sweep/sweepEngine';
import type { EventBus } from './eventBus';
import type { HostService } from './hostService';

export interface CollectManyRequest {
  /** Chosen by the caller, so it can cancel and read the events before the call returns. */
  sweepId: string;
  hostIds: readonly string[];
  what: CollectManyWhat;
  concurrency: number;
  /** Per host and attempt, both collections included. */
  timeoutMs: number;
  /** Further attempts for failures that may pass on their own (see isTransientError). */
  retries: number;
}

/** The counts are reported at most this often while they change: often enough for a bar, rare enough for 2,500 hosts. */
const PROGRESS_INTERVAL_MS = 250;

/** What one host has given so far: a retry collects only what is missing. */
interface Gathered {
  connections: ConnectionCollection | null;
  processes: ProcessCollection | null;
  attempts: number;
}

/** One running collection, while it runs. */
interface Running {
  stop: AbortController;
  hostIds: ReadonlySet<string>;
}

const STATE_OF: Record<SweepStatus, Exclude<CollectManyHostState, 'queued' | 'running'>> = { ok: 'done', error: 'failed', timeout: 'timeout', cancelled: 'cancelled' };

/**
 * After a failed socket listing, whether listing the processes is pointless: the host did not answer (or its run was
 * stopped), so it would not answer that either. A refusal of PsExec alone (its service blocked) leaves PsList working.
 */
function hostGaveNoAnswer(error: unknown): boolean {
  return isTransientError(error) || (error instanceof AppError && error.data.kind === 'host-command-cancelled');
}

function refuse(issue: string): AppError {
  return new AppError({ kind: 'invalid-input', method: 'hosts.collectMany', issues: [issue] });
}

export class CollectManyService {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly hosts: HostService,
    private readonly events: EventBus,
  ) {}

  /**
   * Collects from every host (by id), `concurrency` at a time, and resolves once every host has ended and every tool
   * run it started has stopped. A host's failure is its own event, never the call's: the call rejects only for an
   * unknown host, an id already running, or a host another running collection is working on.
   */
  async collect(request: CollectManyRequest): Promise<CollectManySummary> {
    const { sweepId, what, timeoutMs } = request;
    const hostIds = [...new Set(request.hostIds)];
    const addresses = await this.addressesOf(hostIds);
    this.refuseOverlap(sweepId, hostIds);
    const stop = new AbortController();
    this.running.set(sweepId, { stop, hostIds: new Set(hostIds) });

    const started = Date.now();
    const total = hostIds.length;
    const counts = noHostsCounted(total);
    const gathered = new Map<string, Gathered>();
    // Every HostService call of this collection not yet settled: a stopped host's tool process ends after the engine
    // has moved on, and the collection is finished only once those have ended too.
    const inFlight = new Set<Promise<unknown>>();
    const track = <T>(pending: Promise<T>): Promise<T> => {
      inFlight.add(pending);
      const settled = () => inFlight.delete(pending);
      pending.then(settled, settled);
      return pending;
    };
    const progress = (finished: boolean) => this.events.emit('collectMany.progress', { sweepId, total, counts: { ...counts }, elapsedMs: Date.now() - started, finished, cancelled: stop.signal.aborted });

    const attempt = async (hostId: string, signal: AbortSignal): Promise<void> => {
      let got = gathered.get(hostId);
      if (got === undefined) {
        got = { connections: null, processes: null, attempts: 0 };
        gathered.set(hostId, got);
        counts.queued -= 1;
        counts.running += 1;
      }
      got.attempts += 1;
      this.emitHost({ sweepId, hostId, state: 'running', attempt: got.attempts, reason: null, errorKind: null, connections: null, processes: null });
      // The engine aborts the attempt at its timeout or at a cancel: the host's tool runs are stopped then.
      const cancel = () => this.hosts.cancel(hostId);
      signal.addEventListener('abort', cancel, { once: true });
      let failure: { error: unknown } | null = null;
      try {
        if (what !== 'processes' && got.connections === null && !signal.aborted) {
          try {
            got.connections = await track(this.hosts.collectConnections(hostId));
          } catch (error) {
            failure = { error };
          }
        }
        // A failed socket listing may still leave the processes worth having (PsList works where PsExec's service is blocked).
        if (what !== 'connections' && got.processes === null && !signal.aborted && !(failure !== null && hostGaveNoAnswer(failure.error))) {
          try {
            got.processes = await track(this.hosts.collectProcesses(hostId));
          } catch (error) {
            failure ??= { error };
          }
        }
      } finally {
        signal.removeEventListener('abort', cancel);
      }
      if (failure !== null) throw failure.error;
    };

    const settle = (outcome: SweepOutcome<string, void>) => {
      const hostId = outcome.item;
      const got = gathered.get(hostId);
      gathered.delete(hostId);
      const ending = hostEnding(outcome, addresses.get(hostId)!, timeoutMs);
      const state = STATE_OF[ending.status];
      if (got === undefined) counts.queued -= 1;
      else counts.running -= 1;
      counts[state] += 1;
      this.emitHost({ sweepId, hostId, state, attempt: outcome.attempts, reason: ending.sentence, errorKind: ending.errorKind, connections: got?.connections ?? null, processes: got?.processes ?? null });
    };

    try {
      await runSweep(hostIds, attempt, {
        concurrency: request.concurrency,
        timeoutMs,
        retries: request.retries,
        signal: stop.signal,
        progressIntervalMs: PROGRESS_INTERVAL_MS,
        onProgress: () => progress(false),
        onResult: settle,
      });
      await Promise.allSettled([...inFlight]);
      progress(true);
      return { sweepId, total, counts: { ...counts } satisfies CollectManyCounts, cancelled: stop.signal.aborted, elapsedMs: Date.now() - started };
    } finally {
      this.running.delete(sweepId);
    }
  }

  /** Stops the collection: nothing new starts, running tool processes are killed; unknown or finished ids do nothing. */
  cancel(sweepId: string): void {
    this.running.get(sweepId)?.stop.abort();
  }

  disposeAll(): void {
    for (const { stop } of this.running.values()) stop.abort();
  }

  private emitHost(event: CollectManyHostEvent): void {
    this.events.emit('collectMany.host', event);
  }

  /** Each host's address (for the sentences); an id not in the host list stops the call before anything runs. */
  private async addressesOf(hostIds: readonly string[]): Promise<Map<string, string>> {
    const listed = new Map((await this.hosts.list()).map((host) => [host.id, host.address]));
    const addresses = new Map<string, string>();
    for (const id of hostIds) {
      const address = listed.get(id);
      if (address === undefined) throw new AppError({ kind: 'not-found', what: 'host', id });
      addresses.set(id, address);
    }
    return addresses;
  }

  /** Two collections on one host would cancel each other's runs (HostService.cancel stops all of a host's). */
  private refuseOverlap(sweepId: string, hostIds: readonly string[]): void {
    if (this.running.has(sweepId)) throw refuse(`sweepId: a collection from many hosts with the id "${sweepId}" is running`);
    for (const other of this.running.values()) {
      const shared = hostIds.filter((id) => other.hostIds.has(id)).length;
      if (shared > 0) throw refuse(`ids: ${shared} of these hosts ${shared === 1 ? 'is' : 'are'} being collected from by another collection from many hosts; cancel it or wait until it ends`);
    }
  }
}
