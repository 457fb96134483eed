// The CLI driver over a scripted stream: what a command returns does not depend on how the device's bytes were cut
// into chunks, nor on whether they came as Buffers (an SSH channel) or strings (a pty).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IosCli, type CliStream } from '../../../src/main/ssh/iosCli';

/** A device that answers each written line with the next scripted reply, cut into chunks of `chunkSize`. */
class ScriptedStream extends EventEmitter implements CliStream {
  constructor(
    private readonly replies: string[],
    private readonly chunkSize: number,
    private readonly as: 'buffer' | 'string' | 'mixed',
  ) {
    super();
  }

  start(): void {
    this.send('Router#');
  }

  write(data: string): boolean {
    if (data.endsWith('\r')) queueMicrotask(() => this.send(this.replies.shift() ?? ''));
    return true;
  }

  end(): void {
    this.emit('close');
  }

  private send(text: string): void {
    for (let offset = 0, index = 0; offset < text.length; offset += this.chunkSize, index++) {
      const piece = text.slice(offset, offset + this.chunkSize);
      const asBuffer = this.as === 'buffer' || (this.as === 'mixed' && index % 2 === 0);
      this.emit('data', asBuffer ? Buffer.from(piece, 'latin1') : piece);
    }
  }
}

const ROWS = Array.from({ length: 3000 }, (_, index) => `Gi0/0         10.0.${index >> 8}.${index & 255}        Local         172.16.0.1      06 C350 01BB ${String(index).padStart(5)} \r\n`).join('');
const REPLY = `show ip cache flow\r\nSrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts\r\n${ROWS}caf\xe9 \xff\r\nRouter#`;
const EXPECTED = `SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts\n${ROWS.replaceAll('\r\n', '\n')}caf\xe9 \xff\n`;

describe('IosCli', () => {
  for (const as of ['buffer', 'string', 'mixed'] as const) {
    for (const chunkSize of [1, 7, 511, 512, 513, 32_768]) {
      it(`returns the same raw text and output from ${as} chunks of ${chunkSize} characters`, async () => {
        const stream = new ScriptedStream([REPLY], chunkSize, as);
        const cli = new IosCli(stream, 'scripted');
        const login = cli.waitForLogin(1000);
        stream.start();
        await login;
        const outcome = await cli.run('show ip cache flow', 5000);
        expect(outcome.outcome).toBe('ok');
        expect(outcome.raw).toBe(REPLY);
        expect(outcome.output).toBe(EXPECTED);
      });
    }
  }
});
