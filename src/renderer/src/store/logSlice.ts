// The session log: log.list at start, then log.entry events (a burst added together), merged by id in time order.
import type { LogEntry } from '../../../shared/domain';
import { arrivalBatch } from './arrivalBatch';
import type { SliceCreator } from './types';

/** The renderer keeps the most recent entries; main keeps the whole log. */
export const maxLogEntries = 5000;

export interface LogSlice {
  logEntries: LogEntry[];
  loadLog(): Promise<void>;
  appendLog(entry: LogEntry): void;
  /** The whole output of an entry whose detail main sent in part; null when main no longer has it. */
  logDetail(id: string): Promise<string | null>;
}

function merge(current: LogEntry[], incoming: LogEntry[]): LogEntry[] {
  const byId = new Map(current.map((entry) => [entry.id, entry]));
  for (const entry of incoming) byId.set(entry.id, entry);
  const merged = [...byId.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return merged.length > maxLogEntries ? merged.slice(merged.length - maxLogEntries) : merged;
}

/**
 * Entries arriving closer together than this are added in one store change: a collection from 2,500 hosts logs a run
 * per tool per host, and a change per entry would re-render the log (and every subscriber) thousands of times.
 */
const APPEND_EVERY_MS = 200;

/** The entries with `incoming` added: appended when they come in time order, merged otherwise. */
function appended(current: LogEntry[], incoming: LogEntry[]): LogEntry[] {
  let last = current[current.length - 1]?.at ?? '';
  const ids = new Set<string>();
  for (const entry of incoming) {
    if (entry.at < last || ids.has(entry.id)) return merge(current, incoming);
    last = entry.at;
    ids.add(entry.id);
  }
  if (current.slice(-incoming.length).some((entry) => ids.has(entry.id))) return merge(current, incoming);
  const next = [...current, ...incoming];
  return next.length > maxLogEntries ? next.slice(next.length - maxLogEntries) : next;
}

export const createLogSlice: SliceCreator<LogSlice> = (api) => (set, get) => {
  const arrivals = arrivalBatch<LogEntry>(APPEND_EVERY_MS, (incoming) => set((s) => ({ logEntries: appended(s.logEntries, incoming) })));

  return {
    logEntries: [],

    async loadLog() {
      try {
        const entries = await api.call('log.list', {});
        // Events may have arrived while the list was on its way: merge, do not replace.
        set((s) => ({ logEntries: merge(s.logEntries, entries) }));
      } catch (error) {
        get().reportError(error);
      }
    },

    appendLog(entry) {
      arrivals.add(entry);
    },

    async logDetail(id) {
      try {
        return await api.call('log.detail', { id });
      } catch (error) {
        get().reportError(error);
        return null;
      }
    },
  };
};
