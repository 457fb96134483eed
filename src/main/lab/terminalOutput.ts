// Output to a vty: writes that follow the SSH channel's flow control, IOS's --More-- pager, and the faults the lab can inject (slow link, dropped or hung connection).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { ReplayableOutput, type OutputRecording } from './replayableOutput';
import { TerminalClosedError, type TerminalInput } from './terminalInput';

export const MORE_PROMPT = ' --More-- ';
/** What IOS sends after the key pressed at --More--: back over the marker, blank it, back again. */
export const MORE_ERASE = '\b'.repeat(MORE_PROMPT.length) + ' '.repeat(MORE_PROMPT.length) + '\b'.repeat(MORE_PROMPT.length);

/** Lines are sent in batches of about this size: one SSH packet per line would cost more than the rendering. */
const BATCH_BYTES = 64 * 1024;

export interface OutputFaults {
  /** Send command output in chunks of chunkBytes, delayMs apart. */
  slowOutput?: { chunkBytes: number; delayMs: number };
  /** Cut the TCP connection after this many bytes of a show command's output (an output no longer than that is sent whole). */
  dropAfterBytes?: number;
  /** Stop sending (no more output, no prompt, connection open) after this many bytes of a show command's output. */
  hangAfterBytes?: number;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new TerminalClosedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TerminalClosedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The channel's writable side, written with backpressure: a write resolves once the channel can take more. */
export class TerminalOutput {
  constructor(
    private readonly channel: Writable,
    private readonly signal: AbortSignal,
  ) {}

  async write(data: string | Buffer): Promise<void> {
    if (this.signal.aborted) throw new TerminalClosedError();
    if (!this.channel.write(data)) await abortable(once(this.channel, 'drain'), this.signal);
  }

  /** Resolves once the data has been handed to the TCP socket (not merely queued behind the SSH window). */
  async writeThrough(data: Buffer): Promise<void> {
    if (this.signal.aborted) throw new TerminalClosedError();
    await abortable(
      new Promise<void>((resolve, reject) => this.channel.write(data, (error) => (error ? reject(error) : resolve()))),
      this.signal,
    );
  }

  /** Waits until the session ends: how a hung router looks from the client. */
  hang(): Promise<never> {
    return abortable(new Promise<never>(() => undefined), this.signal);
  }

  pause(ms: number): Promise<void> {
    return abortable(delay(ms), this.signal);
  }
}

export interface CommandOutputTerminal {
  output: TerminalOutput;
  input: TerminalInput;
  /** Lines per screen; 0 disables the pager (terminal length 0, and always for exec requests). */
  pageLength: number;
  faults: OutputFaults;
  /** Cuts the TCP connection once what was written has left. */
  dropConnection(): Promise<void>;
}

/**
 * Sends a command's output lines, each ended with CRLF. With a page length, stops every (length - 1) lines at --More--:
 * space shows the next page, Enter the next line, any other key ends the output. Returns 'stopped' when the analyst quit the pager.
 * An unpaged send of a ReplayableOutput replays its recorded bytes, or records them as it sends.
 */
export async function sendCommandOutput(lines: Iterable<string>, terminal: CommandOutputTerminal): Promise<'complete' | 'stopped'> {
  const pageSize = terminal.pageLength > 0 ? Math.max(1, terminal.pageLength - 1) : Number.POSITIVE_INFINITY;
  const sender = new FaultyOutputSender(terminal);
  const unpagedReplay = pageSize === Number.POSITIVE_INFINITY && lines instanceof ReplayableOutput;
  const recorded = unpagedReplay ? lines.encoded() : null;
  if (recorded !== null) {
    for (const bytes of recorded) await sender.sendBytes(bytes);
    return 'complete';
  }
  const recording: OutputRecording | null = unpagedReplay ? lines.record() : null;
  let linesOnPage = 0;
  let batch = '';
  for (const line of lines) {
    if (linesOnPage >= pageSize) {
      await sender.send(batch);
      batch = '';
      await terminal.output.write(MORE_PROMPT);
      const key = await terminal.input.readKey();
      if (key === null) throw new TerminalClosedError();
      await terminal.output.write(MORE_ERASE);
      if (key === ' ') linesOnPage = 0;
      else if (key === '\r' || key === '\n') linesOnPage = pageSize - 1;
      else return 'stopped';
    }
    batch += `${line}\r\n`;
    linesOnPage += 1;
    if (batch.length >= BATCH_BYTES) {
      await sender.send(batch, recording);
      batch = '';
    }
  }
  await sender.send(batch, recording);
  recording?.complete();
  return 'complete';
}

/** Counts a command's output bytes and applies the slow, drop and hang faults to them. */
class FaultyOutputSender {
  private sent = 0;

  constructor(private readonly terminal: CommandOutputTerminal) {}

  /** Sends `text` encoded; `recording` keeps the bytes too. */
  async send(text: string, recording: OutputRecording | null = null): Promise<void> {
    if (text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    recording?.add(bytes);
    await this.sendBytes(bytes);
  }

  async sendBytes(bytes: Buffer): Promise<void> {
    if (bytes.length === 0) return;
    const { dropAfterBytes, hangAfterBytes } = this.terminal.faults;
    const limit = Math.min(dropAfterBytes ?? Number.POSITIVE_INFINITY, hangAfterBytes ?? Number.POSITIVE_INFINITY);
    if (this.sent + bytes.length <= limit) {
      await this.sendChunked(bytes);
      this.sent += bytes.length;
      return;
    }
    const allowed = bytes.subarray(0, Math.max(0, limit - this.sent));
    await this.sendChunked(allowed);
    this.sent += allowed.length;
    await this.terminal.output.writeThrough(Buffer.alloc(0));
    if (dropAfterBytes !== undefined && limit === dropAfterBytes) {
      await this.terminal.dropConnection();
      throw new TerminalClosedError();
    }
    await this.terminal.output.hang();
  }

  private async sendChunked(bytes: Buffer): Promise<void> {
    const slow = this.terminal.faults.slowOutput;
    if (slow === undefined) {
      await this.terminal.output.write(bytes);
      return;
    }
    const chunkBytes = Math.max(1, slow.chunkBytes);
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      if (offset > 0 || this.sent > 0) await this.terminal.output.pause(slow.delayMs);
      await this.terminal.output.write(bytes.subarray(offset, offset + chunkBytes));
    }
  }
}
