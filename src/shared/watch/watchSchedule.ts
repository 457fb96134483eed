// When a watch lists the host's sockets: every interval from the start of the previous run, never two runs at once —
// a run that takes longer than the interval is followed by the next straight after it ends — and none after the end.

export const WATCH_DEFAULTS = { intervalMs: 2000, durationMs: 60_000 } as const;

/**
 * 100 ms: below it the tool's own start-up (PsExec, ssh, ss) dominates and runs go back to back anyway; 1 h between
 * runs at most; a watch lasts 1 s to 24 h.
 */
export const WATCH_LIMITS = { minIntervalMs: 100, maxIntervalMs: 3_600_000, minDurationMs: 1000, maxDurationMs: 86_400_000 } as const;

export interface WatchPlan {
  /** When the watch started (ms since 1970). */
  startedAtMs: number;
  intervalMs: number;
  durationMs: number;
}

/** When the watch ends: no run starts at or after it. */
export function watchEndsAtMs(plan: WatchPlan): number {
  return plan.startedAtMs + plan.durationMs;
}

/**
 * When the next run starts, given when the previous one started and ended (ms since 1970); null when it would start at
 * or after the watch's end. On time: the interval after the previous start. Late: straight after the previous end.
 */
export function nextRunAtMs(plan: WatchPlan, previousStartMs: number, previousEndMs: number): number | null {
  const next = Math.max(previousStartMs + plan.intervalMs, previousEndMs);
  return next >= watchEndsAtMs(plan) ? null : next;
}

/**
 * The chance that listings every `intervalMs` catch a socket open for `openMs` at a time: each opening is listed when a
 * listing falls inside it — openMs / interval of the time, certain once the interval is no longer than the opening.
 * Over `openings` openings, the chance of at least one catch. (A listing is taken as one instant; a run that takes
 * longer than the interval stretches the interval to its length.)
 */
export function catchProbability(openMs: number, intervalMs: number, openings = 1): number {
  if (openMs <= 0 || openings <= 0) return 0;
  const once = Math.min(1, openMs / intervalMs);
  return 1 - Math.pow(1 - once, openings);
}

/** "60s", "2m", "250ms", "1.5s", "1h" or a bare number of seconds, in ms; or why the text is not a duration. */
export function parseDurationMs(text: string): { ms: number } | { problem: string } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (match === null) return { problem: `"${text}" is not a duration such as 60s, 2m, 250ms or 1.5s` };
  const unit = (match[2] ?? 's').toLowerCase();
  const scale = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return { ms: Math.round(Number(match[1]) * scale) };
}
