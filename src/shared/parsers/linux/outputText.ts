// How the Linux parsers read a command's output (its lines come from lineWalker.ts): fields, the shell around the
// command (prompt, echo), and the diagnostics and structural lines they account for every line with.
import { commandWords, compileCommandPattern, matchesCommandWords, type CommandWord } from '../commandPattern';
import { detectionHead } from '../detection';
import { forEachLine, type TextLine } from '../lineWalker';
import { ParseLog, type LinePlace } from '../parseLog';
import { isConsoleSpace as isSpace } from '../whitespace';

/**
 * Boundaries of up to `max` whitespace-separated fields from `start`: tokens[2i] and tokens[2i+1] are the start and
 * end of field i. Returns how many were found.
 */
export function readFields(text: string, start: number, end: number, tokens: Int32Array, max: number): number {
  let count = 0;
  let i = start;
  while (i < end && count < max) {
    tokens[count * 2] = i;
    while (i < end && !isSpace(text.charCodeAt(i))) i++;
    tokens[count * 2 + 1] = i;
    count++;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
  }
  return count;
}

/** Echoes and prompts are short; longer lines are never taken for one (and never cost a regex run). */
const MAX_SHELL_LINE = 2048;

/**
 * A shell prompt: `root@web1:~#`, `[admin@db1 ~]$`, `user@host:/tmp%`, or a bare `$`/`#`; markup such as
 * `<b>` is not one. Bounded repetitions keep the match linear on hostile input.
 */
const PROMPT = /^(?:\[[\w.@:~/+ -]{0,200}\]|[\w.@:~/+-]{0,200})[#$%]/;

/** What a line of a terminal copy is besides output: the shell prompt alone, or the command echoed after it. */
export type ShellLine = 'prompt' | 'echo' | null;

/**
 * A reader of shell lines for the given command patterns. `echo` is the command as typed, with or without the
 * prompt and `sudo` before it and a pipe after it (`root@web1:~# ss -tunap`, `$ sudo ps -eo … | grep ssh`); `prompt`
 * is a prompt alone (the shell waiting after the command finished). Patterns without optional parts are looked up in
 * a set, so hundreds of flag orders cost one lookup per line.
 */
export function shellLineReader(commands: readonly string[]): (line: string) => ShellLine {
  const literal = new Set<string>();
  const patterns: CommandWord[][] = [];
  for (const command of commands) {
    const words = compileCommandPattern(command);
    if (words.every((word) => word.optional === '')) literal.add(words.map((word) => word.required).join(' '));
    else patterns.push(words);
  }
  return (line) => {
    if (line.length > MAX_SHELL_LINE) return null;
    const prompt = PROMPT.exec(line);
    if (prompt !== null && prompt[0].length === line.length) return 'prompt';
    let words = commandWords(prompt === null ? line : line.slice(prompt[0].length));
    if (words[0] === 'sudo') words = words.slice(1);
    if (words.length === 0) return null;
    return literal.has(words.join(' ')) || patterns.some((pattern) => matchesCommandWords(pattern, words)) ? 'echo' : null;
  };
}

/**
 * The parse's log (parseLog.ts) with the shell lines around the output accounted for: the echoed command is
 * structure, a prompt is structure when only blank lines follow it.
 */
export class OutputLog extends ParseLog {
  /** A prompt alone: structure if nothing but blank lines follow it, reported when more output does. */
  private pendingPrompt: LinePlace | null = null;

  constructor(
    private readonly output: string,
    private readonly readShellLine: (line: string) => ShellLine,
    /** What the output's lines should be, in words (Diagnostic.expected of a stray prompt). */
    private readonly expectedLine: string,
  ) {
    super(output);
  }

  /** A last line without a line break that cannot prove it is complete. */
  reportCut(line: LinePlace): void {
    this.reportLine(line, 'error', 'The output ends inside this line (no line break after it): the connection may have dropped, so the line is not trusted', 'a line ending with a line break');
  }

  /** Hands every non-blank line of the output to `read`, the shell's prompts accounted for around them. */
  readLines(read: (line: TextLine) => void): void {
    forEachLine(this.output, isSpace, (line) => {
      this.beginLine();
      read(line);
    });
    this.finish();
  }

  /** Before each line: a prompt with output after it is reported. */
  private beginLine(): void {
    if (this.pendingPrompt === null) return;
    const prompt = this.pendingPrompt;
    this.pendingPrompt = null;
    this.reportLine(prompt, 'warning', 'A shell prompt inside the output: what follows may belong to another command', this.expectedLine);
  }

  /** True when the line is the command echoed or a prompt, and is now accounted for. */
  readShell(line: TextLine): boolean {
    const shell = line.end - line.start <= MAX_SHELL_LINE ? this.readShellLine(this.output.slice(line.start, line.end)) : null;
    if (shell === 'echo') this.structure(line.number);
    else if (shell === 'prompt') this.pendingPrompt = { number: line.number, lineStart: line.lineStart, end: line.end };
    return shell !== null;
  }

  /** After the last line: a final prompt is the shell waiting for the next command, not output. */
  private finish(): void {
    if (this.pendingPrompt !== null) this.structure(this.pendingPrompt.number);
    this.pendingPrompt = null;
  }
}

/** The start of the text that detect() may read: a bounded number of non-blank lines, each cut to a bounded length. */
export function headLines(text: string, maxLines: number, maxLineLength: number): string[] {
  const lines: string[] = [];
  if (typeof text !== 'string') return lines;
  const head = detectionHead(text);
  let position = 0;
  while (position < head.length && lines.length < maxLines) {
    const newline = head.indexOf('\n', position);
    const lineEnd = newline === -1 ? head.length : newline;
    const line = head.slice(position, Math.min(lineEnd, position + maxLineLength)).trim();
    if (line !== '') lines.push(line);
    position = lineEnd + 1;
  }
  return lines;
}
