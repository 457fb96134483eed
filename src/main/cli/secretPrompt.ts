// Asking for a password on the terminal: typed without echo, never on the command line where every local user sees it.
import { ReadStream } from 'node:tty';

/** Reads one line from the terminal with echo off; null when stdin or stderr is not a terminal, or on Ctrl+C / Ctrl+D. */
export function promptSecretOnTerminal(question: string): Promise<string | null> {
  const input = process.stdin;
  if (!(input instanceof ReadStream) || !input.isTTY || !process.stderr.isTTY) return Promise.resolve(null);
  process.stderr.write(question);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (answer: string | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString('utf8')) {
        if (character === '\r' || character === '\n') return finish(typed);
        if (character === '\u0003' || character === '\u0004') return finish(null);
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
