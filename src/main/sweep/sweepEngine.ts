// Runs one piece of work per item over many items (hosts of a sweep): a pool of workers, a timeout and retries per
// item, progress, and cancel — generic, with no effects but its timers.
import { AppError } from '../../shared/errors';

export type SweepStatus = 'ok' | 'error' | 'timeout' | 'cancelled';

/** How one item ended. Times are ms since 1970. */
export interface SweepOutcome<I, R> {
  item: I;
  /** Position of the item in the list given to runSweep. */
  index: number;
  status: SweepStatus;
  /** The work's result, when status is 'ok'. */
  result?: R;
  /** 'error': what the last attempt threw; 'timeout': a SweepTimeoutError; 'cancelled': none. */
  error?: unknown;
  /** Attempts started; 0 for an item the sweep was cancelled before. */
  attempts: number;
  /** When the first attempt started; null when none did. */
  startedAt: number | null;
  finishedAt: number;
  /** From the first attempt's start to the end, retry delays included; 0 for an item never started. */
  durationMs: number;
}

export interface SweepProgress {
  total: number;
  /** Items settled, whatever their status (failed and cancelled ones included). */
  done: number;
  running: number;
  /** Items settled as 'error' or 'timeout'. */
  failed: number;
  cancelled: number;
  elapsedMs: number;
}

export interface SweepSummary {
  total: number;
  ok: number;
  error: number;
  timeout: number;
  cancelled: number;
  /** True when options.signal stopped the sweep. */
  cancelledBySignal: boolean;
  elapsedMs: number;
}

export interface SweepOptions<I, R> {
  /** Items worked on at once, at most (a pool of this many workers, each taking the next item when it is free). */
  concurrency: number;
  /** Per attempt: its signal is aborted and the attempt settles as a timeout, even if the work ignores the signal. */
  timeoutMs: number;
  /** Further attempts after a retryable failure (0: none). */
  retries: number;
  /** Wait before each retry (default 500 ms). */
  retryDelayMs?: number;
  /** Which failures are worth another attempt; receives a SweepTimeoutError for a timeout. Default: isTransientError. */
  isRetryable?: (error: unknown) => boolean;
  /** Cancels the sweep: nothing new starts, running items are aborted and settle as cancelled at once, as do the rest. */
  signal?: AbortSignal;
  /** Called at most every progressIntervalMs, and once more with the final counts. */
  onProgress?: (progress: SweepProgress) => void;
  /** Default 100 ms. */
  progressIntervalMs?: number;
  /** Called as each item settles, in the order they settle. */
  onResult?: (outcome: SweepOutcome<I, R>) => void;
}

/** What an attempt that ran out of time settles with, and the reason its signal is aborted with. */
export class SweepTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no result within ${timeoutMs / 1000} s`);
    this.name = 'SweepTimeoutError';
  }
}

/** The reason a running item's signal is aborted with when the sweep is cancelled. */
export class SweepCancelledError extends Error {
  constructor() {
    super('the sweep was cancelled');
    this.name = 'SweepCancelledError';
  }
}

/**
 * Failures that may pass on their own: a timeout, a host that did not answer or whose connection failed, a tool run
 * that did not finish in time, a connection lost midway. A refused login or a missing tool fails the same way again.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof SweepTimeoutError) return true;
  if (!(error instanceof AppError)) return false;
  const data = error.data;
  switch (data.kind) {
    case 'host-tool-failed':
      return data.reason === 'host-unreachable' || data.reason === 'connect-failed';
    case 'host-command-timeout':
    case 'connect-failed':
    case 'connection-lost':
      return true;
    default:
      return false;
  }
}

type AttemptEnd<R> = { kind: 'ok'; result: R } | { kind: 'error'; error: unknown } | { kind: 'timeout'; error: SweepTimeoutError } | { kind: 'cancelled' };

function checkOptions(options: SweepOptions<unknown, unknown>): void {
  const whole = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`runSweep: ${name} must be a whole number of at least ${min}, got ${value}`);
  };
  whole('concurrency', options.concurrency, 1);
  whole('timeoutMs', options.timeoutMs, 1);
  whole('retries', options.retries, 0);
  whole('retryDelayMs', options.retryDelayMs ?? 0, 0);
  whole('progressIntervalMs', options.progressIntervalMs ?? 0, 0);
}

/**
 * Runs `work` for every item, `concurrency` at a time, and resolves with the counts once every item has settled —
 * within moments of options.signal aborting, whatever the work does with its own signal. Throws only when a callback
 * (onProgress, onResult) throws: the sweep is then cancelled and runSweep rejects with that error.
 */
export async function runSweep<I, R>(items: readonly I[], work: (item: I, signal: AbortSignal) => Promise<R>, options: SweepOptions<I, R>): Promise<SweepSummary> {
  checkOptions(options as SweepOptions<unknown, unknown>);
  const started = Date.now();
  const total = items.length;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const isRetryable = options.isRetryable ?? isTransientError;
  const progressIntervalMs = options.progressIntervalMs ?? 100;

  // One stop for both causes: the caller's signal, or a callback that threw. Running attempts wait on it through
  // `stopping` rather than a listener each (hundreds of listeners on one signal would set off Node's leak warning).
  const stop = new AbortController();
  const stopping = new Set<() => void>();
  stop.signal.addEventListener('abort', () => {
    for (const onStop of [...stopping]) onStop();
  }, { once: true });
  const onCallerAbort = () => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  let callbackFailure: { error: unknown } | null = null;
  const callback = (call: () => void) => {
    try {
      call();
    } catch (error) {
      callbackFailure ??= { error };
      stop.abort();
    }
  };

  const counts = { ok: 0, error: 0, timeout: 0, cancelled: 0 };
  let running = 0;
  let lastProgressAt = -Infinity;
  let progressTimer: NodeJS.Timeout | undefined;
  const progress = (): SweepProgress => {
    const done = counts.ok + counts.error + counts.timeout + counts.cancelled;
    return { total, done, running, failed: counts.error + counts.timeout, cancelled: counts.cancelled, elapsedMs: Date.now() - started };
  };
  const emitProgress = () => {
    progressTimer = undefined;
    lastProgressAt = Date.now();
    const snapshot = progress();
    if (options.onProgress) callback(() => options.onProgress!(snapshot));
  };
  // Throttled: at once when the last report is old enough, else once when it is (the latest counts then).
  const reportProgress = () => {
    if (!options.onProgress || progressTimer !== undefined) return;
    const wait = lastProgressAt + progressIntervalMs - Date.now();
    if (wait <= 0) emitProgress();
    else progressTimer = setTimeout(emitProgress, wait);
  };

  const settle = (outcome: SweepOutcome<I, R>) => {
    counts[outcome.status] += 1;
    if (options.onResult) callback(() => options.onResult!(outcome));
    reportProgress();
  };

  /** Waits `ms`, or less when the sweep stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stop.signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        stopping.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.add(done);
    });

  /** One attempt: ends with the work, at the timeout, or at cancel — whichever comes first. */
  const attempt = (item: I): Promise<AttemptEnd<R>> =>
    new Promise((resolve) => {
      const controller = new AbortController();
      let ended = false;
      const end = (how: AttemptEnd<R>) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        stopping.delete(onStop);
        resolve(how);
      };
      const timer = setTimeout(() => {
        // Made only when it fires: an error's stack costs more than the rest of an attempt's bookkeeping.
        const timeout = new SweepTimeoutError(options.timeoutMs);
        controller.abort(timeout);
        end({ kind: 'timeout', error: timeout });
      }, options.timeoutMs);
      const onStop = () => {
        controller.abort(new SweepCancelledError());
        end({ kind: 'cancelled' });
      };
      stopping.add(onStop);
      let pending: Promise<R>;
      try {
        pending = Promise.resolve(work(item, controller.signal));
      } catch (error) {
        pending = Promise.reject(error);
      }
      // Also handles a late rejection of work that outlived its timeout or a cancel: it is not lost as unhandled.
      pending.then(
        (result) => end({ kind: 'ok', result }),
        (error: unknown) => end({ kind: 'error', error }),
      );
    });

  const runItem = async (index: number) => {
    const item = items[index] as I;
    const startedAt = Date.now();
    let attempts = 0;
    running += 1;
    reportProgress();
    const finish = (status: SweepStatus, extra: { result?: R; error?: unknown }) => {
      running -= 1;
      const finishedAt = Date.now();
      settle({ item, index, status, ...extra, attempts, startedAt, finishedAt, durationMs: finishedAt - startedAt });
    };
    for (;;) {
      attempts += 1;
      const ended = await attempt(item);
      if (ended.kind === 'ok') return finish('ok', { result: ended.result });
      if (ended.kind === 'cancelled') return finish('cancelled', {});
      const status = ended.kind;
      if (attempts > options.retries || !isRetryable(ended.error)) return finish(status, { error: ended.error });
      await pause(retryDelayMs);
      if (stop.signal.aborted) return finish('cancelled', {});
    }
  };

  let next = 0;
  const worker = async () => {
    while (!stop.signal.aborted && next < total) await runItem(next++);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, total) }, worker));

  // Cancelled before these started.
  const cancelledAt = Date.now();
  for (; next < total; next += 1) settle({ item: items[next] as I, index: next, status: 'cancelled', attempts: 0, startedAt: null, finishedAt: cancelledAt, durationMs: 0 });

  options.signal?.removeEventListener('abort', onCallerAbort);
  clearTimeout(progressTimer);
  emitProgress();
  if (callbackFailure !== null) throw (callbackFailure as { error: unknown }).error;
  return { total, ...counts, cancelledBySignal: options.signal?.aborted === true, elapsedMs: Date.now() - started };
}
