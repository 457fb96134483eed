// Keystrokes arriving on a vty, read the way IOS reads them: whole lines with echo and line editing, or single keys for the pager.

const CR = '\r';
const LF = '\n';
const NUL = '\0';
const BACKSPACE = '\b';
const DELETE = '\x7f';
const CTRL_U = '\x15';
const ESC = '\x1b';

/** Raised to unwind a session whose terminal has gone (channel closed, lab stopped). */
export class TerminalClosedError extends Error {
  constructor() {
    super('The terminal was closed.');
    this.name = 'TerminalClosedError';
  }
}

export interface ReadLineOptions {
  /** False for passwords: nothing typed is shown, only the final CRLF. */
  echo: boolean;
  /** Writes echo to the terminal; awaited so echo and output stay in order. */
  write: (text: string) => Promise<void>;
}

/**
 * Buffers keystrokes typed ahead (IOS keeps them until it reads the next line) and normalises line ends:
 * CR, LF and CRLF each end one line, and the LF or NUL after a CR is dropped even when it arrives in a later packet.
 */
export class TerminalInput {
  private pending = '';
  private position = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  private dropAfterCr = false;
  /** 0: plain text; 1: after ESC; 2: inside a CSI/SS3 sequence (arrow keys and the like, which IOS's line editor does not need here). */
  private escape = 0;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.notify(), { once: true });
  }

  push(data: Buffer | string): void {
    this.pending = this.pending.slice(this.position) + (typeof data === 'string' ? data : data.toString('latin1'));
    this.position = 0;
    this.notify();
  }

  /** The client sent EOF: reads finish with what is buffered, then report the end. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** One key for the pager; null when the input has ended. */
  async readKey(): Promise<string | null> {
    for (;;) {
      const key = this.takeChar();
      if (key !== undefined) return key;
      if (this.ended) return null;
      await this.waitForInput();
    }
  }

  /** One line without its line end; null when the input ended before a line end. Echo of a pasted line goes out in one write, as from a pty. */
  async readLine(options: ReadLineOptions): Promise<string | null> {
    let line = '';
    let echo = '';
    const flushEcho = async () => {
      if (echo.length === 0) return;
      const text = echo;
      echo = '';
      await options.write(text);
    };
    for (;;) {
      const char = this.takeChar();
      if (char === undefined) {
        await flushEcho();
        if (this.ended) return null;
        await this.waitForInput();
        continue;
      }
      if (char === CR || char === LF) {
        echo += '\r\n';
        await flushEcho();
        return line;
      }
      if (char === BACKSPACE || char === DELETE) {
        if (line.length > 0) {
          line = line.slice(0, -1);
          if (options.echo) echo += '\b \b';
        }
        continue;
      }
      if (char === CTRL_U) {
        if (options.echo) echo += '\b \b'.repeat(line.length);
        line = '';
        continue;
      }
      if (char < ' ') continue; // other control keys (tab, ^C, ^Z) do nothing at an exec prompt here
      line += char;
      if (options.echo) echo += char;
    }
  }

  /** Next meaningful character, with the CR-then-LF/NUL and escape-sequence filtering applied. */
  private takeChar(): string | undefined {
    while (this.position < this.pending.length) {
      const char = this.pending[this.position] as string;
      this.position += 1;
      if (this.dropAfterCr) {
        this.dropAfterCr = false;
        if (char === LF || char === NUL) continue;
      }
      if (this.escape === 1) {
        this.escape = char === '[' || char === 'O' ? 2 : 0;
        continue;
      }
      if (this.escape === 2) {
        if (char >= '@' && char <= '~') this.escape = 0;
        continue;
      }
      if (char === ESC) {
        this.escape = 1;
        continue;
      }
      if (char === CR) this.dropAfterCr = true;
      return char;
    }
    return undefined;
  }

  private waitForInput(): Promise<void> {
    if (this.signal.aborted) return Promise.reject(new TerminalClosedError());
    return new Promise<void>((resolve, reject) => {
      this.wake = () => {
        this.wake = undefined;
        if (this.signal.aborted) reject(new TerminalClosedError());
        else resolve();
      };
    });
  }

  private notify(): void {
    this.wake?.();
  }
}
