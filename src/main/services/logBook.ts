// The session log: every command sent with its raw output verbatim, every connection event, with UTC times.
import { randomUUID } from 'node:crypto';
import type { LogEntry } from '../../shared/domain';
import type { EventBus } from './eventBus';

const MAX_ENTRIES = 5000;

export class LogBook {
  private readonly entries: LogEntry[] = [];
  constructor(private readonly events: EventBus) {}

  add(entry: Omit<LogEntry, 'id' | 'at'> & { at?: string }): LogEntry {
    const full: LogEntry = { id: randomUUID(), at: entry.at ?? new Date().toISOString(), ...entry } as LogEntry;
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    this.events.emit('log.entry', full);
    return full;
  }

  list(): LogEntry[] {
    return [...this.entries];
  }
}
