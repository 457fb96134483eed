// "Collect from many hosts", one shape for main and the window: what is collected, the defaults, each host's state
// as it changes, and the counts of the whole collection.
import type { ConnectionCollection, ProcessCollection } from '../domain';
import type { AppErrorKind } from '../errors';

/** What is collected from every host: both by default, as an analyst pivoting from a flow needs both. */
export type CollectManyWhat = 'both' | 'connections' | 'processes';

/**
 * The window's defaults. 32 at once: half the CLI sweep's 64, because on Windows every PsExec gets its own console
 * (node-pty) on the analyst's machine, and 2,500 hosts still finish in minutes. 60 s per host: both tool runs within
 * the hosts' own 30 s each. One retry, for what may pass on its own (no answer, a dropped connection, a timeout).
 */
export const COLLECT_MANY_DEFAULTS = { what: 'both', concurrency: 32, timeoutMs: 60_000, retries: 1 } as const satisfies {
  what: CollectManyWhat;
  concurrency: number;
  timeoutMs: number;
  retries: number;
};

/** The bounds main accepts (the contract validates against them). */
export const COLLECT_MANY_LIMITS = { maxHosts: 10_000, maxConcurrency: 256, minTimeoutMs: 1000, maxTimeoutMs: 3_600_000, maxRetries: 5 } as const;

/**
 * Where one host is: waiting for a free worker, being collected from (attempt n), or how it ended — collected,
 * failed (a sentence says why), given up on at the timeout, or cancelled.
 */
export type CollectManyHostState = 'queued' | 'running' | 'done' | 'failed' | 'timeout' | 'cancelled';

export const COLLECT_MANY_STATES: readonly CollectManyHostState[] = ['queued', 'running', 'done', 'failed', 'timeout', 'cancelled'];

/** One host's news: an attempt started, or how the host ended with what it gave. */
export interface CollectManyHostEvent {
  sweepId: string;
  hostId: string;
  state: Exclude<CollectManyHostState, 'queued'>;
  /** 'running': the attempt that started (1, 2, …); otherwise the attempts made (0: cancelled before it started). */
  attempt: number;
  /** Why the host did not end 'done', in one sentence naming it; null while running and when done. */
  reason: string | null;
  /** The typed error behind the reason, when there is one (the window offers its fix, as for one host). */
  errorKind: AppErrorKind | null;
  /**
   * On the host's last event: what it gave this time, also when the other kind failed or was cancelled (each is
   * already in the log and the live case, as a single collection's would be). Null otherwise.
   */
  connections: ConnectionCollection | null;
  processes: ProcessCollection | null;
}

/** How many hosts are in each state. */
export type CollectManyCounts = Record<CollectManyHostState, number>;

/** The whole collection at a moment; sent at most every few hundred ms while anything changes, and once at the end. */
export interface CollectManyProgress {
  sweepId: string;
  total: number;
  counts: CollectManyCounts;
  elapsedMs: number;
  /** True on the last report: every host has ended and every tool run it started has stopped. */
  finished: boolean;
  /** True once hosts.cancelCollectMany has stopped it. */
  cancelled: boolean;
}

/** What `hosts.collectMany` resolves with once every host has ended. */
export interface CollectManySummary {
  sweepId: string;
  total: number;
  counts: CollectManyCounts;
  /** True when hosts.cancelCollectMany stopped it. */
  cancelled: boolean;
  elapsedMs: number;
}

export function noHostsCounted(total: number): CollectManyCounts {
  return { queued: total, running: 0, done: 0, failed: 0, timeout: 0, cancelled: 0 };
}

/** Hosts that have ended, whatever the way. */
export function endedCount(counts: CollectManyCounts): number {
  return counts.done + counts.failed + counts.timeout + counts.cancelled;
}
