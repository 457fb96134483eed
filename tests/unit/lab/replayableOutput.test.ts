// The lab router renders a command's output once and replays the bytes of its first complete unpaged send; paged
// sends, cut sends and outputs too big to keep are rendered every time.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReplayableOutput } from '../../../src/main/lab/replayableOutput';
import { TerminalInput } from '../../../src/main/lab/terminalInput';
import { MORE_PROMPT, sendCommandOutput, TerminalOutput, type OutputFaults } from '../../../src/main/lab/terminalOutput';

const LINES = Array.from({ length: 5000 }, (_, index) => `Gi0/0         10.0.${index >> 8}.${index & 255}        Local         172.16.0.1      06 C350 01BB ${String(index).padStart(5)} `);

/** An output that counts how often it is rendered. */
function countedOutput(maxBytes = 1 << 30): { output: ReplayableOutput; renders: () => number } {
  let renders = 0;
  const output = new ReplayableOutput(function* () {
    renders += 1;
    yield* LINES;
  }, maxBytes);
  return { output, renders: () => renders };
}

/** Sends `output` to a fresh in-memory channel; the text the channel received, and how the send ended. */
async function send(output: Iterable<string>, options: { pageLength?: number; keys?: string; faults?: OutputFaults } = {}) {
  const controller = new AbortController();
  const channel = new PassThrough();
  const received: Buffer[] = [];
  channel.on('data', (chunk: Buffer) => received.push(chunk));
  const input = new TerminalInput(controller.signal);
  if (options.keys !== undefined) input.push(options.keys);
  const sending = sendCommandOutput(output, {
    output: new TerminalOutput(channel, controller.signal),
    input,
    pageLength: options.pageLength ?? 0,
    faults: options.faults ?? {},
    dropConnection: async () => controller.abort(),
  });
  const outcome = options.faults?.hangAfterBytes === undefined ? await sending : await Promise.race([sending, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 200))]);
  controller.abort();
  await sending.catch(() => undefined);
  return { text: Buffer.concat(received).toString('utf8'), outcome };
}

const WHOLE = LINES.map((line) => `${line}\r\n`).join('');

describe('replayable command output', () => {
  it('renders on the first unpaged send and replays the same bytes after', async () => {
    const { output, renders } = countedOutput();
    expect((await send(output)).text).toBe(WHOLE);
    expect((await send(output)).text).toBe(WHOLE);
    expect((await send(output)).text).toBe(WHOLE);
    expect(renders()).toBe(1);
  });

  it('pages from the lines every time, and a paged send is never what is replayed', async () => {
    const { output, renders } = countedOutput();
    const paged = await send(output, { pageLength: 24, keys: 'q' });
    expect(paged.outcome).toBe('stopped');
    expect(paged.text).toContain(MORE_PROMPT);
    expect((await send(output)).text).toBe(WHOLE);
    expect(renders()).toBe(2);
    expect((await send(output, { pageLength: 24, keys: 'q' })).text).toBe(paged.text);
    expect(renders()).toBe(3);
  });

  it('keeps nothing from a send that hung, and applies the faults to a replay as to a rendering', async () => {
    const { output, renders } = countedOutput();
    const hung = await send(output, { faults: { hangAfterBytes: 10_000 } });
    expect(hung.outcome).toBe('hung');
    expect(hung.text).toBe(WHOLE.slice(0, 10_000));
    expect((await send(output)).text).toBe(WHOLE);
    expect(renders()).toBe(2);
    expect((await send(output, { faults: { hangAfterBytes: 10_000 } })).text).toBe(WHOLE.slice(0, 10_000));
    expect(renders()).toBe(2);
  });

  it('never keeps an output larger than its limit', async () => {
    const { output, renders } = countedOutput(WHOLE.length - 1);
    expect((await send(output)).text).toBe(WHOLE);
    expect((await send(output)).text).toBe(WHOLE);
    expect(renders()).toBe(2);
    expect(output.encoded()).toBeNull();
  });
});
