// The session log: log.list at start, then log.entry events, merged by id in time order.
import type { LogEntry } from '../../../shared/domain';
import type { SliceCreator } from './types';

/** The renderer keeps the most recent entries; main keeps the whole log. */
export const maxLogEntries = 5000;

export interface LogSlice {
  logEntries: LogEntry[];
  loadLog(): Promise<void>;
  appendLog(entry: LogEntry): void;
}

function merge(current: LogEntry[], incoming: LogEntry[]): LogEntry[] {
  const byId = new Map(current.map((entry) => [entry.id, entry]));
  for (const entry of incoming) byId.set(entry.id, entry);
  const merged = [...byId.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return merged.length > maxLogEntries ? merged.slice(merged.length - maxLogEntries) : merged;
}

export const createLogSlice: SliceCreator<LogSlice> = (api) => (set, get) => ({
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
    set((s) => {
      const last = s.logEntries[s.logEntries.length - 1];
      if (!last || last.at <= entry.at) {
        if (s.logEntries.some((e) => e.id === entry.id)) return s;
        const next = [...s.logEntries, entry];
        return { logEntries: next.length > maxLogEntries ? next.slice(next.length - maxLogEntries) : next };
      }
      return { logEntries: merge(s.logEntries, [entry]) };
    });
  },
});
