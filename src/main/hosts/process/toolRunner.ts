// Runs one local executable with an argv array (never a shell), bounded by a timeout and an AbortSignal, and keeps
// what it printed verbatim. Two implementations: plain pipes, and a console (pseudo-terminal) for tools that need one.

export interface ToolRunRequest {
  /** Resolved path of the executable (toolLocator.ts). */
  executable: string;
  /** Arguments, one element each: nothing is ever interpreted by a shell. */
  args: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** How the tool's bytes become text: 'latin1' keeps every byte (Windows console code pages), 'utf8' for Linux tools. */
  encoding?: 'utf8' | 'latin1';
  /** Called as output arrives, with the number of characters received so far. */
  onOutput?: (received: number) => void;
}

export interface ToolRunOutcome {
  /** 'exited' whatever the exit code; 'timeout' and 'cancelled' when FlowPivot stopped the process. */
  ending: 'exited' | 'timeout' | 'cancelled';
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  /** null when the run had a console: the tool's stderr is interleaved in `stdout`, as the analyst would have seen it. */
  stderr: string | null;
  /** ISO-8601 UTC. */
  startedAt: string;
  finishedAt: string;
}

export interface ToolRunner {
  /** 'pipes': separate stdout and stderr; 'console': one pseudo-terminal (PsExec on Windows needs one). */
  readonly kind: 'pipes' | 'console';
  /** Resolves when the process has ended (any exit code); rejects only when it could not be started. */
  run(request: ToolRunRequest): Promise<ToolRunOutcome>;
}

/** How long a stopped process gets between the polite signal and SIGKILL. */
export const KILL_GRACE_MS = 2000;

/** Raised when the executable cannot be started at all (missing, not executable). */
export class ToolStartError extends Error {
  constructor(
    readonly executable: string,
    readonly code: string,
    detail: string,
  ) {
    super(`cannot start ${executable}: ${detail}`);
    this.name = 'ToolStartError';
  }
}

/**
 * Arms the timeout and the abort signal for one run; `stop` is called once with the reason. Returns a disposer that
 * disarms both when the process ends on its own.
 */
export function armStop(request: ToolRunRequest, stop: (reason: 'timeout' | 'cancelled') => void): () => void {
  let stopped = false;
  const fire = (reason: 'timeout' | 'cancelled') => {
    if (stopped) return;
    stopped = true;
    stop(reason);
  };
  const timer = setTimeout(() => fire('timeout'), request.timeoutMs);
  const onAbort = () => fire('cancelled');
  if (request.signal?.aborted) queueMicrotask(onAbort);
  else request.signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  };
}
