// A window reviewing a case is read-only: the one sentence that says so on every action that is off, and the guard
// the store's actions that collect or change anything check first.
import type { AppState } from './types';

/** Why nothing that collects or changes anything can run in this window; null in a live window. */
export function readOnlyReason(s: Pick<AppState, 'review'>): string | null {
  if (s.review === null) return null;
  const name = s.review.summary?.meta.name ?? 'a case';
  return `Read-only review of case "${name}" — no network needed; actions that collect or change anything are off`;
}

/** True (after saying why) when the action must not run: the buttons are off already, this covers keys and retries. */
export function refusedReadOnly(s: AppState): boolean {
  const reason = readOnlyReason(s);
  if (reason !== null) s.notify(reason);
  return reason !== null;
}
