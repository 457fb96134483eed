// Progress of a command-line run on stderr: one line redrawn in place on a terminal, plain lines otherwise (logs, CI).
import type { EventBus } from '../services/eventBus';
import type { CliContext } from './cliCommand';

const CLEAR_LINE = '\r\u001b[2K';

/** The size in words: 812 B, 64.0 KB, 81.2 MB. */
export function byteCount(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A status line on stderr: redrawn in place on a terminal; off one, each shown text is a line of its own. */
export class StatusLine {
  private open = false;
  constructor(private readonly context: CliContext) {}

  /** Text that the next one replaces (progress). */
  show(text: string): void {
    if (this.context.stderrIsTTY) {
      this.context.stderr(`${CLEAR_LINE}${text}`);
      this.open = true;
    } else this.context.stderr(`${text}\n`);
  }

  /** A line that stays (a note, a summary). */
  say(text: string): void {
    this.context.stderr(`${this.open ? CLEAR_LINE : ''}${text}\n`);
    this.open = false;
  }

  /** Removes the progress text, before something else is written to the terminal. */
  clear(): void {
    if (this.open) this.context.stderr(CLEAR_LINE);
    this.open = false;
  }
}

/** Writes the services' progress and connection notes to stderr until the returned function is called. */
export function reportProgress(events: EventBus, context: CliContext): () => void {
  const line = new StatusLine(context);
  const unsubscribe = events.subscribe((event, payload) => {
    if (event === 'host.progress') {
      const progress = payload as { stage: string; message: string };
      if (progress.stage === 'started' || progress.stage === 'running') line.show(progress.message);
      else line.clear();
    } else if (event === 'router.progress') {
      const progress = payload as { command: string; receivedBytes: number };
      line.show(`${progress.command}: ${byteCount(progress.receivedBytes)} received…`);
    } else if (event === 'log.entry') {
      // Failures are said once, by the command, as its last line.
      const entry = payload as { kind: string; level: string; message: string };
      if (entry.kind === 'connection' && entry.level !== 'error') line.say(entry.message);
    }
  });
  return () => {
    unsubscribe();
    line.clear();
  };
}
