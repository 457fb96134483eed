// A terminal transcript keeps input and output in order with their times, and never a secret typed at a password prompt.
import { describe, expect, it } from 'vitest';
import { asksForSecret, MASKED_INPUT, readTranscript, transcriptOutput, TranscriptBuilder, typedLines } from '../../../src/shared/terminal/transcript';

const T0 = Date.UTC(2026, 11, 7, 13, 0, 0);

function builder() {
  return new TranscriptBuilder({ width: 80, height: 24, title: 'ssh netops@127.0.0.1:2222 on edge-1' }, T0);
}

function inputsOf(text: string): string[] {
  return readTranscript(text).events.filter((event) => event.code === 'i').map((event) => event.data);
}

describe('recognising a password prompt', () => {
  it.each([
    ['Password: ', true],
    ['\r\nRouter>enable\r\nPassword: ', true],
    ["netops@10.0.0.1's password: ", true],
    ['[sudo] password for ir: ', true],
    ["Enter passphrase for key '/home/ir/.ssh/id_ed25519': ", true],
    ['\u001b[1mPassword:\u001b[0m ', true],
    ['Router#', false],
    ['enable password 7 0822455D0A16\r\nRouter#', false],
    ['Password: \r\nRouter#', false],
  ])('%j → %s', (tail, expected) => {
    expect(asksForSecret(tail)).toBe(expected);
  });
});

describe('building a transcript', () => {
  it('interleaves output, input and resizes in arrival order, with seconds since the start, as asciicast v2', () => {
    const transcript = builder();
    transcript.output(T0 + 10, 'Router>');
    transcript.input(T0 + 1500, 'show clock\r');
    transcript.resize(T0 + 1600, 120, 40);
    transcript.output(T0 + 1750, 'show clock\r\n*13:00:01.750 UTC Mon Dec 7 2026\r\nRouter>');
    const part = transcript.takePart(T0 + 2000)!;
    const lines = part.text.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ version: 2, width: 80, height: 24, timestamp: T0 / 1000, title: 'ssh netops@127.0.0.1:2222 on edge-1' });
    expect(lines.slice(1).map((line) => JSON.parse(line))).toEqual([
      [0.01, 'o', 'Router>'],
      [1.5, 'i', 'show clock\r'],
      [1.6, 'r', '120x40'],
      [1.75, 'o', 'show clock\r\n*13:00:01.750 UTC Mon Dec 7 2026\r\nRouter>'],
    ]);
    expect(transcriptOutput(part.text)).toBe('Router>show clock\r\n*13:00:01.750 UTC Mon Dec 7 2026\r\nRouter>');
    expect(part).toMatchObject({ part: 1, events: 4, startedAt: T0, finishedAt: T0 + 2000 });
  });

  it('keeps output verbatim: escape sequences, control characters and non-ASCII text', () => {
    const transcript = builder();
    const printed = '\u001b[01;34mdir\u001b[0m\r\n\u0007caf\u00e9 \u2014 \u{1F600}\r\n';
    transcript.output(T0, printed);
    expect(transcriptOutput(transcript.takePart(T0 + 1)!.text)).toBe(printed);
  });

  it('masks what is typed after a password prompt until Enter, with one mask whatever its length', () => {
    const transcript = builder();
    transcript.output(T0, 'Router>');
    transcript.input(T0 + 1, 'enable\r');
    transcript.output(T0 + 2, 'enable\r\nPassword: ');
    // Typed key by key, as a terminal sends it.
    for (const key of 'Lab-Enable-7') transcript.input(T0 + 3, key);
    transcript.input(T0 + 4, '\r');
    transcript.output(T0 + 5, '\r\nRouter#');
    transcript.input(T0 + 6, 'show users\r');
    const part = transcript.takePart(T0 + 7)!;
    expect(part.text).not.toContain('Lab-Enable');
    expect(inputsOf(part.text)).toEqual(['enable\r', `${MASKED_INPUT}\r`, 'show users\r']);
    expect(transcript.maskedSecrets).toBe(1);
    expect(typedLines(part.inputs)).toEqual(['enable', MASKED_INPUT, 'show users']);
  });

  it('masks a secret pasted with its Enter and keeps what follows it in the same paste', () => {
    const transcript = builder();
    transcript.output(T0, "ir@10.0.0.5's password: ");
    transcript.input(T0 + 1, 'hunter2\rls -la\r');
    expect(inputsOf(transcript.takePart(T0 + 2)!.text)).toEqual([`${MASKED_INPUT}\r`, 'ls -la\r']);
  });

  it('ends masking on Ctrl-C, and asks for a new prompt before masking again', () => {
    const transcript = builder();
    transcript.output(T0, 'Password: ');
    transcript.input(T0 + 1, 'abc\u0003');
    transcript.input(T0 + 2, 'echo visible\r');
    transcript.output(T0 + 3, 'Password: ');
    transcript.input(T0 + 4, '\r');
    expect(inputsOf(transcript.takePart(T0 + 5)!.text)).toEqual([`${MASKED_INPUT}\u0003`, 'echo visible\r', '\r']);
  });

  it('hands the session over in parts, each a complete transcript, with nothing kept twice', () => {
    const transcript = builder();
    transcript.output(T0, 'a');
    transcript.input(T0 + 1, 'b');
    const first = transcript.takePart(T0 + 100)!;
    expect(transcript.takePart(T0 + 200)).toBeNull();
    transcript.output(T0 + 300, 'c');
    const second = transcript.takePart(T0 + 400)!;
    expect([first.part, second.part]).toEqual([1, 2]);
    expect(readTranscript(second.text).header).toMatchObject({ version: 2, timestamp: T0 / 1000, title: 'ssh netops@127.0.0.1:2222 on edge-1 (part 2)' });
    expect(readTranscript(second.text).events).toEqual([{ time: 0.3, code: 'o', data: 'c' }]);
    expect(second).toMatchObject({ startedAt: T0 + 100, finishedAt: T0 + 400 });
    const last = transcript.takePart(T0 + 500, { evenIfEmpty: true })!;
    expect(last).toMatchObject({ part: 3, events: 0 });
    expect(readTranscript(last.text).events).toEqual([]);
  });
});

describe('the lines typed', () => {
  it('applies backspace and leaves out arrow keys and other control keys', () => {
    expect(typedLines([{ data: 'shwo\u007f\u007fow ip\u001b[D cache\r' }, { data: '\r' }, { data: 'exit' }])).toEqual(['show ip cache', '', 'exit']);
  });
});
