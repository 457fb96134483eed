// The session log: every command sent with its raw output verbatim, every connection event, with UTC times.
import { randomUUID } from 'node:crypto';
import type { LogEntry } from '../../shared/domain';
import type { EventBus } from './eventBus';

const MAX_ENTRIES = 5000;
/** What a window is sent of an entry's detail at most; the rest on request (log.detail). */
export const LOG_DETAIL_PREVIEW_CHARS = 1_000_000;

/** The entry as windows get it: a big detail cut to its start, with its whole length. */
function windowView(entry: LogEntry): LogEntry {
  if (entry.detail === null || entry.detail.length <= LOG_DETAIL_PREVIEW_CHARS) return entry;
  return { ...entry, detail: entry.detail.slice(0, LOG_DETAIL_PREVIEW_CHARS), detailLength: entry.detail.length };
}

export class LogBook {
  private readonly entries: LogEntry[] = [];
  constructor(private readonly events: EventBus) {}

  add(entry: Omit<LogEntry, 'id' | 'at'> & { at?: string }): LogEntry {
    const full: LogEntry = { id: randomUUID(), at: entry.at ?? new Date().toISOString(), ...entry } as LogEntry;
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    this.events.emit('log.entry', windowView(full));
    return full;
  }

  /** Every entry as windows get it (big details cut: see detail()). */
  list(): LogEntry[] {
    return this.entries.map(windowView);
  }

  /** An entry's whole detail; null when it has none, or the entry has left the log. */
  detail(id: string): string | null {
    return this.entries.find((entry) => entry.id === id)?.detail ?? null;
  }
}
