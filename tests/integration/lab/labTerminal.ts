// Test driver for the lab router: an ssh2 client with a shell, a transcript of everything received, and waits on what the router prints.
import { fingerprintOf, type LabRouter } from '../../../src/main/lab/labRouter';
import { Client, type ClientChannel, type ConnectConfig } from '../../../src/main/ssh/ssh2';

/** The prompt at the end of output: after a line end, or right after the pager's erase sequence when the pager was quit. */
export const PROMPT = /(?:\r\n|[\b]{10} {10}[\b]{10})Router[>#]$/;

/** Connects an ssh2 client to the lab, checking the host key against the lab's fingerprint. */
export function connectToLab(
  lab: LabRouter,
  config: Partial<ConnectConfig> = {},
  answerKeyboard?: (prompts: Array<{ prompt: string; echo?: boolean }>) => string[],
): Promise<{ client: Client; banner: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let banner = '';
    if (answerKeyboard) client.on('keyboard-interactive', (_name, _instructions, _language, prompts, finish) => finish(answerKeyboard(prompts)));
    client.on('banner', (message) => {
      banner += message;
    });
    client.once('ready', () => resolve({ client, banner }));
    client.once('error', reject);
    client.once('close', () => reject(new Error('the server closed the connection before login completed')));
    client.connect({
      host: lab.host,
      port: lab.port,
      username: lab.username,
      password: lab.password,
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => fingerprintOf(key) === lab.fingerprint,
      ...config,
    });
  });
}

/** Output of `lines` as the router sends it: every line ended with CRLF. */
export function crlf(lines: readonly string[]): string {
  return lines.map((line) => `${line}\r\n`).join('');
}

/** A shell on the lab router with a running transcript. */
export class LabTerminal {
  transcript = '';
  /** Transcript offset up to which waits have consumed output. */
  private consumed = 0;
  closed = false;
  private listeners = new Set<() => void>();

  private constructor(
    readonly client: Client,
    readonly channel: ClientChannel,
    readonly banner: string,
  ) {
    channel.on('data', (data: Buffer) => {
      this.transcript += data.toString('latin1');
      this.notify();
    });
    channel.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  static async open(lab: LabRouter, options: { rows?: number; connect?: Partial<ConnectConfig> } = {}): Promise<LabTerminal> {
    const { client, banner } = await connectToLab(lab, options.connect);
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'vt100', rows: options.rows ?? 24, cols: 80 }, (error, stream) => (error ? reject(error) : resolve(stream))),
    );
    const terminal = new LabTerminal(client, channel, banner);
    await terminal.waitFor(PROMPT);
    return terminal;
  }

  send(text: string): void {
    this.channel.write(text);
  }

  /** Waits until the unconsumed transcript matches; returns it up to the end of the match and consumes it. */
  waitFor(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const rest = this.transcript.slice(this.consumed);
        let end = -1;
        if (typeof pattern === 'string') {
          const index = rest.indexOf(pattern);
          if (index !== -1) end = index + pattern.length;
        } else {
          const match = pattern.exec(rest);
          if (match) end = match.index + match[0].length;
        }
        if (end !== -1) {
          done();
          this.consumed += end;
          resolve(rest.slice(0, end));
          return true;
        }
        if (this.closed) {
          done();
          reject(new Error(`channel closed while waiting for ${String(pattern)}; got ${JSON.stringify(rest.slice(-300))}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${String(pattern)}; got ${JSON.stringify(this.transcript.slice(this.consumed).slice(-300))}`));
      }, timeoutMs);
      const listener = () => void check();
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  /** Types a command and Enter; returns what came back up to and including the next prompt. */
  async run(command: string): Promise<string> {
    this.send(`${command}\r`);
    return this.waitFor(PROMPT);
  }

  /** What the router printed for a command, between the echoed line and the next prompt. */
  async output(command: string): Promise<string> {
    const received = await this.run(command);
    const echo = `${command}\r\n`;
    if (!received.startsWith(echo)) throw new Error(`expected the echo of ${JSON.stringify(command)}, got ${JSON.stringify(received.slice(0, 200))}`);
    return received.slice(echo.length).replace(/Router[>#]$/, '');
  }

  /** Resolves when the channel has closed (or after timeoutMs, rejecting). */
  waitForClose(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return resolve();
      const timer = setTimeout(() => reject(new Error('channel did not close')), timeoutMs);
      this.channel.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  end(): void {
    this.client.end();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Runs an exec request; resolves with stdout, stderr and the exit status. */
export function execOnLab(client: Client, command: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      stream.on('data', (data: Buffer) => {
        stdout += data.toString('latin1');
      });
      stream.stderr.on('data', (data: Buffer) => {
        stderr += data.toString('latin1');
      });
      stream.on('exit', (status: number | null) => {
        code = status;
      });
      stream.on('close', () => resolve({ stdout, stderr, code }));
    });
  });
}
