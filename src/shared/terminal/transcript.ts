// A terminal session's transcript as evidence: input and output interleaved in the order they happened, each with its
// time, written as asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/) so `asciinema play` replays it.
// Secrets typed at a password prompt are never kept: the typed characters become one fixed mask.

/** asciicast v2 event codes: output, input, resize. */
export type TranscriptEventCode = 'o' | 'i' | 'r';

export interface TranscriptEvent {
  /** Seconds since the session started. */
  time: number;
  code: TranscriptEventCode;
  data: string;
}

export interface TranscriptHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix seconds when the session started (every part of a session carries the same). */
  timestamp: number;
  title: string;
  env?: Record<string, string>;
}

/** What replaces a secret typed at a password prompt: always the same, so not even its length is kept. */
export const MASKED_INPUT = '********';

/**
 * The last line of output asks for a secret: IOS's `Password:`, OpenSSH's `user@host's password:`, sudo's
 * `[sudo] password for ir:`, `Enter passphrase for key …:`, `Secret:`, `PIN:` — ending with the colon (and spaces).
 */
const SECRET_PROMPT = /(?:password|passphrase|passcode|secret|\bpin)[^\n]{0,80}:\s*$/i;

/** ANSI escape sequences and carriage returns, which never decide what a prompt says. */
// eslint-disable-next-line no-control-regex -- terminals send ESC sequences; matching them is the point
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** Input characters that end a secret: Enter (CR or LF), Ctrl-C and Ctrl-D. */
// eslint-disable-next-line no-control-regex -- those keys are control characters
const SECRET_END = /[\r\n\u0003\u0004]/;

const TAIL_LENGTH = 256;

/** Whether a terminal's last output asks for a secret. */
export function asksForSecret(outputTail: string): boolean {
  const clean = outputTail.replace(ANSI, '').replace(/\r/g, '');
  const lastLine = clean.slice(clean.lastIndexOf('\n') + 1);
  return SECRET_PROMPT.test(lastLine);
}

function roundedSeconds(ms: number): number {
  return Math.round(Math.max(0, ms)) / 1000;
}

export function transcriptEventLine(event: TranscriptEvent): string {
  return JSON.stringify([event.time, event.code, event.data]);
}

/** One part of a transcript: a complete asciicast v2 text (header line, then one event per line). */
export interface TranscriptPart {
  /** 1, 2, 3… */
  part: number;
  text: string;
  events: number;
  /** Epoch ms of the first and last event of the part (the part's start for an empty one). */
  startedAt: number;
  finishedAt: number;
  /** The inputs of the part, as kept (secrets masked), with their times: what was typed. */
  inputs: { time: number; data: string }[];
}

/**
 * Builds the transcript as the session runs: output and input events in arrival order, a secret typed after a
 * password prompt masked. `takePart` hands over what accumulated since the last part (a checkpoint, or the end), so a
 * long session is kept in parts and memory stays bounded.
 */
export class TranscriptBuilder {
  private events: TranscriptEvent[] = [];
  private pendingChars = 0;
  private partNumber = 0;
  private partStartedAt: number;
  private outputTail = '';
  /** A password prompt was seen: what is typed next is secret until Enter. */
  private maskingInput = false;
  /** Secret characters typed since the prompt (not kept: only whether there were any). */
  private secretTyped = false;
  private maskedCount = 0;

  constructor(
    private readonly header: Omit<TranscriptHeader, 'version' | 'timestamp'>,
    /** Epoch ms when the session started. */
    private readonly startedAt: number,
  ) {
    this.partStartedAt = startedAt;
  }

  /** How many characters of events wait for the next part. */
  get pendingLength(): number {
    return this.pendingChars;
  }

  get hasPending(): boolean {
    return this.events.length > 0;
  }

  /** How many secrets were masked so far. */
  get maskedSecrets(): number {
    return this.maskedCount;
  }

  get isMasking(): boolean {
    return this.maskingInput;
  }

  output(at: number, text: string): void {
    if (text.length === 0) return;
    this.push({ time: roundedSeconds(at - this.startedAt), code: 'o', data: text });
    this.outputTail = (this.outputTail + text).slice(-TAIL_LENGTH);
    if (!this.maskingInput && asksForSecret(this.outputTail)) {
      this.maskingInput = true;
      this.secretTyped = false;
    }
  }

  input(at: number, text: string): void {
    if (text.length === 0) return;
    const time = roundedSeconds(at - this.startedAt);
    let rest = text;
    while (rest.length > 0) {
      if (!this.maskingInput) {
        this.push({ time, code: 'i', data: rest });
        return;
      }
      const end = SECRET_END.exec(rest);
      const secret = end ? rest.slice(0, end.index) : rest;
      if (secret.length > 0) this.secretTyped = true;
      if (!end) return;
      // The secret ends here: one mask for whatever was typed, then the key that ended it, kept as typed.
      const kept = (this.secretTyped ? MASKED_INPUT : '') + end[0];
      if (this.secretTyped) this.maskedCount += 1;
      this.push({ time, code: 'i', data: kept });
      this.maskingInput = false;
      this.secretTyped = false;
      // Whatever the prompt was, it is answered: a new one must appear before the next secret.
      this.outputTail = '';
      rest = rest.slice(end.index + 1);
    }
  }

  resize(at: number, cols: number, rows: number): void {
    this.push({ time: roundedSeconds(at - this.startedAt), code: 'r', data: `${cols}x${rows}` });
  }

  private push(event: TranscriptEvent): void {
    this.events.push(event);
    this.pendingChars += event.data.length + 24;
  }

  /**
   * The events since the last part as a complete asciicast text; null when there are none, unless `evenIfEmpty` (the
   * session's last part says how it ended even when nothing happened since the checkpoint). `now`: epoch ms.
   */
  takePart(now: number, options: { evenIfEmpty?: boolean } = {}): TranscriptPart | null {
    if (this.events.length === 0 && !options.evenIfEmpty) return null;
    // A secret being typed stays out of the transcript whatever happens, so there is nothing of it to hold back.
    const events = this.events;
    this.events = [];
    this.pendingChars = 0;
    this.partNumber += 1;
    const header: TranscriptHeader = { version: 2, width: this.header.width, height: this.header.height, timestamp: Math.floor(this.startedAt / 1000), title: this.partNumber === 1 ? this.header.title : `${this.header.title} (part ${this.partNumber})`, ...(this.header.env ? { env: this.header.env } : {}) };
    const text = [JSON.stringify(header), ...events.map(transcriptEventLine)].join('\n') + '\n';
    const startedAt = this.partStartedAt;
    this.partStartedAt = now;
    return {
      part: this.partNumber,
      text,
      events: events.length,
      startedAt,
      finishedAt: now,
      inputs: events.filter((event) => event.code === 'i').map(({ time, data }) => ({ time, data })),
    };
  }
}

/** Reads an asciicast v2 text back: its header and events (lines that are not events are skipped). */
export function readTranscript(text: string): { header: TranscriptHeader | null; events: TranscriptEvent[] } {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let header: TranscriptHeader | null = null;
  const events: TranscriptEvent[] = [];
  for (const line of lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (Array.isArray(value)) {
      const [time, code, data] = value as unknown[];
      if (typeof time === 'number' && (code === 'o' || code === 'i' || code === 'r') && typeof data === 'string') events.push({ time, code, data });
    } else if (header === null && typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 2) {
      header = value as TranscriptHeader;
    }
  }
  return { header, events };
}

/** The session's screen output alone, in order: what the terminal printed (input echoed by the remote included). */
export function transcriptOutput(text: string): string {
  return readTranscript(text).events.filter((event) => event.code === 'o').map((event) => event.data).join('');
}

/**
 * The lines the analyst entered, as kept (secrets masked): input events joined and cut at Enter; control keys other
 * than Enter are left out, backspace takes back a character. For the case view and report, never for replay.
 */
export function typedLines(inputs: readonly { data: string }[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const { data } of inputs) {
    for (const char of data.replace(ANSI, '')) {
      if (char === '\r' || char === '\n') {
        if (line.length > 0 || char === '\r') lines.push(line);
        line = '';
      } else if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
      else if (char >= ' ' && !(char >= '\u007f' && char <= '\u009f')) line += char;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * What a terminal's output reads as on a plain page: escape sequences dropped, carriage return and backspace moving
 * the cursor on its line (so IOS's erased --More-- and a shell's redrawn line read as they looked), LF a new line.
 */
export function screenText(output: string): string {
  const lines: string[] = [];
  let line: string[] = [];
  let column = 0;
  for (const char of output.replace(ANSI, '')) {
    if (char === '\n') {
      lines.push(line.join('').trimEnd());
      line = [];
      column = 0;
    } else if (char === '\r') column = 0;
    else if (char === '\b') column = Math.max(0, column - 1);
    else if (char === '\t') column = Math.min(column + 8 - (column % 8), 10_000);
    else if (char >= ' ' && char !== '\u007f') {
      while (line.length < column) line.push(' ');
      line[column] = char;
      column += 1;
    }
  }
  lines.push(line.join('').trimEnd());
  return lines.join('\n');
}
