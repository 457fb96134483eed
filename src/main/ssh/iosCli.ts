// Drives an IOS-style CLI over any interactive stream: waits for prompts, answers the pager, enables, runs commands.
import type { CommandRecord } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import {
  endsWithPager,
  endsWithPromptOf,
  extractCommandOutput,
  findCliRejection,
  findPromptAtEnd,
  type CliPrompt,
} from '../../shared/cli-text/terminalText';

/** The part of an ssh2 channel (or a pty) the CLI driver needs. */
export interface CliStream {
  write(data: string): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  end(): unknown;
}

/** One command's run as the CLI saw it: the fields of the evidence record, plus how it ended. */
export interface CommandOutcome extends Pick<CommandRecord, 'command' | 'startedAt' | 'finishedAt' | 'raw' | 'output' | 'outcome'> {
  /** The CLI's own complaint when outcome is `rejected`. */
  rejection: string | null;
  pagerPrompts: number;
}

interface Waiter {
  done: (tail: string) => boolean;
  finish: (reason: 'matched' | 'timeout' | 'closed') => void;
}

const TAIL_LENGTH = 512;

export class IosCli {
  /**
   * What arrived since the last command, as it arrived: an SSH channel's Buffers stay Buffers until the command ends
   * (a million flows are 3,700 packets: kept as strings they would be copied by every young-generation GC).
   */
  private chunks: Array<Buffer | string> = [];
  private receivedLength = 0;
  private tail = '';
  private waiter: Waiter | null = null;
  private closed = false;
  private pagerPrompts = 0;
  private hostname: string | null = null;
  prompt: CliPrompt | null = null;
  onProgress: ((receivedBytes: number) => void) | null = null;

  constructor(private readonly stream: CliStream, private readonly device: string) {
    stream.on('data', (chunk) => this.receive(chunk));
    stream.on('close', () => {
      this.closed = true;
      this.waiter?.finish('closed');
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes are read as latin1 (one character per byte), so a device's text survives whatever its encoding. */
  private receive(chunk: Buffer | string): void {
    this.chunks.push(chunk);
    this.receivedLength += chunk.length;
    // Only the chunk's end can matter to the tail; a chunk as long as the tail replaces it.
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1', Math.max(0, chunk.length - TAIL_LENGTH));
    this.tail = text.length >= TAIL_LENGTH ? text.slice(-TAIL_LENGTH) : (this.tail + text).slice(-TAIL_LENGTH);
    this.onProgress?.(this.receivedLength);
    if (endsWithPager(this.tail)) {
      // A fallback for devices that refuse `terminal length 0`: answer every --More-- with a space.
      this.pagerPrompts += 1;
      this.tail = '';
      this.stream.write(' ');
      return;
    }
    if (this.waiter?.done(this.tail)) this.waiter.finish('matched');
  }

  private takeReceived(): string {
    const chunks = this.chunks;
    const text = chunks.every((chunk) => typeof chunk !== 'string')
      ? Buffer.concat(chunks as Buffer[]).toString('latin1')
      : chunks.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.toString('latin1'))).join('');
    this.chunks = [];
    this.receivedLength = 0;
    this.tail = '';
    return text;
  }

  private waitFor(done: (tail: string) => boolean, timeoutMs: number): Promise<'matched' | 'timeout' | 'closed'> {
    if (this.closed) return Promise.resolve('closed');
    if (done(this.tail)) return Promise.resolve('matched');
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.finish('timeout'), timeoutMs);
      const waiter: Waiter = {
        done,
        finish: (reason) => {
          clearTimeout(timer);
          this.waiter = null;
          resolve(reason);
        },
      };
      this.waiter = waiter;
    });
  }

  /** Waits for the first prompt after login and learns the device's hostname from it. Returns the login text (banner, MOTD). */
  async waitForLogin(timeoutMs: number): Promise<string> {
    const reason = await this.waitFor((tail) => findPromptAtEnd(tail) !== null, timeoutMs);
    const received = this.takeReceived();
    if (reason !== 'matched') throw new AppError({ kind: 'no-prompt', device: this.device, lastOutput: received });
    this.prompt = findPromptAtEnd(received);
    this.hostname = this.prompt!.hostname;
    return received;
  }

  private promptMatches = (tail: string): boolean => this.hostname !== null && endsWithPromptOf(tail, this.hostname) !== null;

  /** Enters privileged EXEC mode with the enable password. */
  async enable(password: string, timeoutMs: number): Promise<void> {
    if (this.prompt?.mode === '#') return;
    const passwordPrompt = (tail: string) => /(?:^|\n)Password: ?$/.test(tail.replace(/\r/g, ''));
    this.stream.write('enable\r');
    let reason = await this.waitFor((tail) => passwordPrompt(tail) || this.promptMatches(tail), timeoutMs);
    let received = this.takeReceived();
    if (reason === 'matched' && passwordPrompt(received)) {
      this.stream.write(`${password}\r`);
      reason = await this.waitFor((tail) => passwordPrompt(tail) || this.promptMatches(tail), timeoutMs);
      received = this.takeReceived();
      // A re-prompt means the password was wrong: leave the prompt with empty answers, as a person would.
      for (let attempt = 0; reason === 'matched' && passwordPrompt(received) && attempt < 3; attempt += 1) {
        this.stream.write('\r');
        reason = await this.waitFor((tail) => passwordPrompt(tail) || this.promptMatches(tail), timeoutMs);
        received += this.takeReceived();
      }
    }
    if (reason === 'closed') throw new AppError({ kind: 'connection-lost', device: this.device, command: 'enable', receivedBytes: received.length });
    if (reason === 'timeout') throw new AppError({ kind: 'no-prompt', device: this.device, lastOutput: received });
    this.prompt = endsWithPromptOf(received, this.hostname!);
    if (this.prompt?.mode !== '#') {
      const complaint = /%[^\r\n]*/.exec(received)?.[0] ?? 'the password was not accepted';
      throw new AppError({ kind: 'enable-failed', device: this.device, detail: complaint });
    }
  }

  /** Runs one command and collects its output up to the next prompt, answering --More-- on the way. */
  async run(command: string, timeoutMs: number): Promise<CommandOutcome> {
    if (this.hostname === null) throw new AppError({ kind: 'no-prompt', device: this.device, lastOutput: '' });
    this.takeReceived();
    this.pagerPrompts = 0;
    const startedAt = new Date().toISOString();
    this.stream.write(`${command}\r`);
    const reason = await this.waitFor(this.promptMatches, timeoutMs);
    const raw = this.takeReceived();
    const finishedAt = new Date().toISOString();
    const prompt = reason === 'matched' ? endsWithPromptOf(raw, this.hostname) : null;
    if (prompt) this.prompt = prompt;
    const output = extractCommandOutput(raw, command, prompt?.text ?? '\u0000');
    const rejection = reason === 'matched' ? findCliRejection(output) : null;
    const outcome: CommandOutcome['outcome'] = reason === 'timeout' ? 'timeout' : reason === 'closed' ? 'connection-lost' : rejection ? 'rejected' : 'ok';
    return { command, startedAt, finishedAt, raw, output, outcome, rejection, pagerPrompts: this.pagerPrompts };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiter?.finish('closed');
    this.stream.end();
  }
}
