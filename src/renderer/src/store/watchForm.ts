// The Watch panel's fields: as typed, read as main takes them, and the target taken from a flow. Pure.
import type { Flow } from '../../../shared/domain';
import { WATCH_DEFAULTS, WATCH_LIMITS } from '../../../shared/watch/watchSchedule';
import { parseWatchTarget, type WatchTarget } from '../../../shared/watch/watchTarget';
import { canonicalAddress } from '../../../shared/correlation/socketAddress';

/** The panel's fields as typed: the target as PROTO:ADDR:PORT, times in seconds. */
export interface WatchForm {
  target: string;
  intervalSeconds: string;
  durationSeconds: string;
}

export const defaultWatchForm: WatchForm = { target: '', intervalSeconds: String(WATCH_DEFAULTS.intervalMs / 1000), durationSeconds: String(WATCH_DEFAULTS.durationMs / 1000) };

/** A flow end as the panel's target text. */
export function flowEndTarget(flow: Pick<Flow, 'srcAddr' | 'srcPort' | 'dstAddr' | 'dstPort' | 'protocol'>, hostAddress: string): string {
  const protocol = flow.protocol === 6 ? 'tcp' : flow.protocol === 17 ? 'udp' : '*';
  const hostIsSource = canonicalAddress(flow.srcAddr) === canonicalAddress(hostAddress);
  const [address, port] = hostIsSource ? [flow.srcAddr, flow.srcPort] : [flow.dstAddr, flow.dstPort];
  return `${protocol}:${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** The fields read as main takes them, or the sentence saying which is wrong. */
export function readWatchForm(form: WatchForm): { target: WatchTarget; intervalMs: number; durationMs: number } | { problem: string } {
  const parsed = parseWatchTarget(form.target);
  if ('problem' in parsed) return { problem: `Target: ${parsed.problem}.` };
  const interval = Number(form.intervalSeconds);
  const duration = Number(form.durationSeconds);
  const intervalMs = Math.round(interval * 1000);
  const durationMs = Math.round(duration * 1000);
  if (!Number.isFinite(interval) || intervalMs < WATCH_LIMITS.minIntervalMs || intervalMs > WATCH_LIMITS.maxIntervalMs) return { problem: `Every: seconds from ${WATCH_LIMITS.minIntervalMs / 1000} to ${WATCH_LIMITS.maxIntervalMs / 1000}.` };
  if (!Number.isFinite(duration) || durationMs < WATCH_LIMITS.minDurationMs || durationMs > WATCH_LIMITS.maxDurationMs) return { problem: `For: seconds from ${WATCH_LIMITS.minDurationMs / 1000} to ${WATCH_LIMITS.maxDurationMs / 1000}.` };
  return { target: parsed.target, intervalMs, durationMs };
}

