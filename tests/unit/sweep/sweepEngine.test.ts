// The sweep engine with real timers: a pool capped at its concurrency, per-item timeouts and retries, cancel, progress.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { isTransientError, runSweep, SweepTimeoutError, type SweepOutcome, type SweepProgress } from '../../../src/main/sweep/sweepEngine';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const unreachable = new AppError({ kind: 'host-tool-failed', host: '192.168.20.17', tool: 'psexec', reason: 'host-unreachable', detail: 'Timeout accessing 192.168.20.17.', exitCode: 180 });
const denied = new AppError({ kind: 'host-tool-failed', host: '10.bb.50.64', tool: 'psexec', reason: 'access-denied', detail: "Couldn't access 10.bb.50.64: Access is denied.", exitCode: 5 });

describe('runSweep', () => {
  it('never runs more items at once than its concurrency, and keeps the pool full', async () => {
    let running = 0;
    let peak = 0;
    const outcomes: SweepOutcome<number, number>[] = [];
    const started = Date.now();
    const summary = await runSweep(range(20), async (item, signal) => {
      running += 1;
      peak = Math.max(peak, running);
      await abortableSleep(item % 2 === 0 ? 60 : 20, signal);
      running -= 1;
      return item * 10;
    }, { concurrency: 4, timeoutMs: 5000, retries: 0, onResult: (outcome) => outcomes.push(outcome) });
    expect(peak).toBe(4);
    expect(summary).toMatchObject({ total: 20, ok: 20, error: 0, timeout: 0, cancelled: 0, cancelledBySignal: false });
    // A pool, not batches of 4 waiting for their slowest: 10 × 60 ms + 10 × 20 ms over 4 workers is about 200 ms.
    expect(Date.now() - started).toBeLessThan(500);
    expect(outcomes.map((outcome) => outcome.index).sort((a, b) => a - b)).toEqual(range(20));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ item: outcome.index, status: 'ok', result: outcome.index * 10, attempts: 1 });
  });

  it('reports each item in the order it finishes, with its index, times and duration', async () => {
    const outcomes: SweepOutcome<string, string>[] = [];
    await runSweep(['slow', 'fast'], async (item, signal) => {
      await abortableSleep(item === 'slow' ? 120 : 10, signal);
      return item.toUpperCase();
    }, { concurrency: 2, timeoutMs: 5000, retries: 0, onResult: (outcome) => outcomes.push(outcome) });
    expect(outcomes.map((outcome) => [outcome.item, outcome.index, outcome.result])).toEqual([['fast', 1, 'FAST'], ['slow', 0, 'SLOW']]);
    const slow = outcomes[1]!;
    expect(slow.finishedAt - slow.startedAt!).toBe(slow.durationMs);
    expect(slow.durationMs).toBeGreaterThanOrEqual(100);
  });

  it('settles an item as a timeout at its deadline even when the work ignores its signal, and aborts that signal', async () => {
    const signals: AbortSignal[] = [];
    const outcomes: SweepOutcome<number, string>[] = [];
    const started = Date.now();
    const summary = await runSweep([0, 1], (item, signal) => {
      signals.push(signal);
      return item === 0 ? sleep(1500).then(() => 'late') : Promise.resolve('quick');
    }, { concurrency: 2, timeoutMs: 150, retries: 0, onResult: (outcome) => outcomes.push(outcome) });
    expect(Date.now() - started).toBeLessThan(600);
    expect(summary).toMatchObject({ ok: 1, timeout: 1 });
    const timedOut = outcomes.find((outcome) => outcome.index === 0)!;
    expect(timedOut.status).toBe('timeout');
    expect(timedOut.error).toBeInstanceOf(SweepTimeoutError);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBeInstanceOf(SweepTimeoutError);
    expect(signals[1]!.aborted).toBe(false);
  });

  it('retries transient failures up to its retries, each attempt with a fresh signal', async () => {
    const tries = new Map<string, number>();
    const outcomes: SweepOutcome<string, string>[] = [];
    const summary = await runSweep(['flaky', 'down', 'hung'], async (item, signal) => {
      const attempt = (tries.get(item) ?? 0) + 1;
      tries.set(item, attempt);
      if (item === 'flaky' && attempt < 3) throw unreachable;
      if (item === 'down') throw unreachable;
      if (item === 'hung') await abortableSleep(10_000, signal);
      return `${item} on attempt ${attempt}`;
    }, { concurrency: 3, timeoutMs: 100, retries: 2, retryDelayMs: 10, onResult: (outcome) => outcomes.push(outcome) });
    const byItem = new Map(outcomes.map((outcome) => [outcome.item, outcome]));
    expect(byItem.get('flaky')).toMatchObject({ status: 'ok', result: 'flaky on attempt 3', attempts: 3 });
    expect(byItem.get('down')).toMatchObject({ status: 'error', error: unreachable, attempts: 3 });
    expect(byItem.get('hung')).toMatchObject({ status: 'timeout', attempts: 3 });
    expect(summary).toMatchObject({ ok: 1, error: 1, timeout: 1 });
  });

  it('does not retry a failure that would only fail again', async () => {
    let calls = 0;
    const outcomes: SweepOutcome<string, never>[] = [];
    await runSweep(['10.bb.50.64'], async () => {
      calls += 1;
      throw denied;
    }, { concurrency: 1, timeoutMs: 1000, retries: 3, retryDelayMs: 1, onResult: (outcome) => outcomes.push(outcome) });
    expect(calls).toBe(1);
    expect(outcomes[0]).toMatchObject({ status: 'error', error: denied, attempts: 1 });
  });

  it('asks the caller which failures to retry when told how', async () => {
    let calls = 0;
    await runSweep([1], async () => {
      calls += 1;
      throw new Error('busy');
    }, { concurrency: 1, timeoutMs: 1000, retries: 2, retryDelayMs: 1, isRetryable: (error) => (error as Error).message === 'busy' });
    expect(calls).toBe(3);
  });

  it('on cancel starts nothing more, aborts what runs and settles within a second with the rest cancelled', async () => {
    const controller = new AbortController();
    const outcomes: SweepOutcome<number, number>[] = [];
    const aborted: number[] = [];
    let started = 0;
    setTimeout(() => controller.abort(), 150);
    const begun = Date.now();
    const summary = await runSweep(range(50), (item, signal) => {
      started += 1;
      signal.addEventListener('abort', () => aborted.push(item));
      // Ignores its signal: the engine must not wait for it.
      return sleep(item < 5 ? 50 : 30_000).then(() => item);
    }, { concurrency: 5, timeoutMs: 60_000, retries: 0, signal: controller.signal, onResult: (outcome) => outcomes.push(outcome) });
    const settledAfterCancel = Date.now() - begun - 150;
    expect(settledAfterCancel).toBeLessThan(1000);
    expect(summary).toMatchObject({ total: 50, ok: 5, cancelled: 45, cancelledBySignal: true });
    expect(started).toBe(10);
    expect(aborted.sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9]);
    expect(outcomes).toHaveLength(50);
    const notStarted = outcomes.filter((outcome) => outcome.index >= 10);
    expect(notStarted).toHaveLength(40);
    for (const outcome of notStarted) expect(outcome).toMatchObject({ status: 'cancelled', attempts: 0, startedAt: null, durationMs: 0 });
    expect(outcomes.filter((outcome) => outcome.index >= 5 && outcome.index < 10).every((outcome) => outcome.status === 'cancelled' && outcome.attempts === 1)).toBe(true);
  });

  it('cancels everything at once when its signal is already aborted', async () => {
    let calls = 0;
    const summary = await runSweep([1, 2, 3], async () => {
      calls += 1;
      return 1;
    }, { concurrency: 2, timeoutMs: 1000, retries: 0, signal: AbortSignal.abort() });
    expect(calls).toBe(0);
    expect(summary).toMatchObject({ total: 3, cancelled: 3, cancelledBySignal: true });
  });

  it('cuts a retry delay short on cancel', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const begun = Date.now();
    const outcomes: SweepOutcome<number, never>[] = [];
    await runSweep([1], async () => {
      throw unreachable;
    }, { concurrency: 1, timeoutMs: 1000, retries: 5, retryDelayMs: 10_000, signal: controller.signal, onResult: (outcome) => outcomes.push(outcome) });
    expect(Date.now() - begun).toBeLessThan(600);
    expect(outcomes[0]).toMatchObject({ status: 'cancelled', attempts: 1 });
  });

  it('reports progress throttled, ending with the final totals', async () => {
    const reports: SweepProgress[] = [];
    await runSweep(range(40), async (item, signal) => {
      await abortableSleep(5 + (item % 4) * 5, signal);
      if (item % 10 === 0) throw denied;
      return item;
    }, { concurrency: 8, timeoutMs: 1000, retries: 0, progressIntervalMs: 50, onProgress: (progress) => reports.push(progress) });
    // 40 items and 80 state changes, but only a report per 50 ms.
    expect(reports.length).toBeLessThan(10);
    expect(reports[0]).toMatchObject({ total: 40, done: 0 });
    expect(reports.at(-1)).toMatchObject({ total: 40, done: 40, running: 0, failed: 4, cancelled: 0 });
    for (const [index, report] of reports.entries()) {
      expect(report.running).toBeLessThanOrEqual(8);
      if (index > 0) expect(report.done).toBeGreaterThanOrEqual(reports[index - 1]!.done);
    }
  });

  it('runs hundreds of items at once on one cancel signal without a listener-leak warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const summary = await runSweep(range(300), (_, signal) => abortableSleep(20, signal), { concurrency: 300, timeoutMs: 5000, retries: 0, signal: new AbortController().signal });
      expect(summary.ok).toBe(300);
      await sleep(10);
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('settles an empty list at once', async () => {
    expect(await runSweep([], async () => 1, { concurrency: 4, timeoutMs: 100, retries: 0 })).toMatchObject({ total: 0, ok: 0, cancelled: 0 });
  });

  it('refuses a concurrency below one', async () => {
    await expect(runSweep([1], async () => 1, { concurrency: 0, timeoutMs: 100, retries: 0 })).rejects.toThrow(/concurrency/);
  });

  it('stops and rethrows when a result callback throws', async () => {
    const failure = new Error('disk full');
    let calls = 0;
    await expect(runSweep(range(10), async () => {
      calls += 1;
      return 1;
    }, { concurrency: 1, timeoutMs: 100, retries: 0, onResult: () => { throw failure; } })).rejects.toBe(failure);
    expect(calls).toBe(1);
  });
});

describe('isTransientError', () => {
  it('retries unreachable hosts, failed connections and timeouts, not refusals', () => {
    expect(isTransientError(new SweepTimeoutError(1000))).toBe(true);
    expect(isTransientError(unreachable)).toBe(true);
    expect(isTransientError(new AppError({ kind: 'host-tool-failed', host: 'h', tool: 'ssh', reason: 'connect-failed', detail: 'ECONNREFUSED', exitCode: null }))).toBe(true);
    expect(isTransientError(new AppError({ kind: 'host-command-timeout', host: 'h', tool: 'psexec', timeoutMs: 30_000 }))).toBe(true);
    expect(isTransientError(denied)).toBe(false);
    expect(isTransientError(new AppError({ kind: 'auth-failed', device: 'h', username: 'ir', methods: 'password' }))).toBe(false);
    expect(isTransientError(new AppError({ kind: 'tool-not-found', tool: 'psexec', searched: 'PATH' }))).toBe(false);
    expect(isTransientError(new AppError({ kind: 'host-command-cancelled', host: 'h', tool: 'psexec' }))).toBe(false);
    expect(isTransientError(new Error('boom'))).toBe(false);
  });
});
