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

/** Writes the services' progress and connection notes to stderr until the returned function is called. */
export function reportProgress(events: EventBus, context: CliContext): () => void {
  let lineOpen = false;
  const transient = (text: string) => {
    if (context.stderrIsTTY) {
      context.stderr(`${CLEAR_LINE}${text}`);
      lineOpen = true;
    } else context.stderr(`${text}\n`);
  };
  const clear = () => {
    if (lineOpen) context.stderr(CLEAR_LINE);
    lineOpen = false;
  };
  const lasting = (text: string) => {
    context.stderr(`${lineOpen ? CLEAR_LINE : ''}${text}\n`);
    lineOpen = false;
  };
  const unsubscribe = events.subscribe((event, payload) => {
    if (event === 'host.progress') {
      const progress = payload as { stage: string; message: string };
      if (progress.stage === 'started' || progress.stage === 'running') transient(progress.message);
      else clear();
    } else if (event === 'router.progress') {
      const progress = payload as { command: string; receivedBytes: number };
      transient(`${progress.command}: ${byteCount(progress.receivedBytes)} received…`);
    } else if (event === 'log.entry') {
      // Failures are said once, by the command, as its last line.
      const entry = payload as { kind: string; level: string; message: string };
      if (entry.kind === 'connection' && entry.level !== 'error') lasting(entry.message);
    }
  });
  return () => {
    unsubscribe();
    clear();
  };
}
