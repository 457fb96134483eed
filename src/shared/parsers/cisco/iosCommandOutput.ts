// What every IOS show-command parser does around the output itself: it cuts the text into lines, keeps diagnostics and
// structural lines, and sets aside the echoed command, prompts, and a last line cut by a dropped connection.
//
// Rules (the same as show ip cache flow's):
// - A line ends at "\n"; trailing whitespace and a "\r" are not part of it, so CRLF and LF read alike. "Verbatim" text
//   (Diagnostic.text, section lines) is the line without them.
// - A leading echo of the command is structure; a second echo after output means two captures in one text (warning).
// - A prompt followed only by blank lines, or ending the text, is structure; one inside the output is reported.
// - The last line is trusted only if a line break follows it: a capture cut by a dropped connection ends mid-line.
import { PROMPT_LINE } from '../commandPattern';
import { LineWalker } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { isIosSpace } from '../whitespace';

const COMPLETE_LINE = 'a line ending with a line break';

/** What an IOS parser's frame recogniser needs: the command's echo, and what the output holds (in words). */
export interface IosFrameRules {
  /** Whether a line (without indentation) is the echo of the parser's command. */
  isEcho: (line: string) => boolean;
  /** What the output holds, in words, for the diagnostic of a prompt inside it. */
  expectedOutput: string;
  /** Longest line tried as an echo, and as a prompt: longer ones are output without a regex run. */
  maxEchoLength: number;
  maxPromptLength: number;
}

/**
 * The router's lines around a command's output: the echoed command (structure before any output, a warning after),
 * and prompts (structure when only blank lines follow, reported when output does).
 */
export class IosFrame {
  /** A prompt line: structure if nothing but blank lines follow it, reported otherwise. */
  private pendingPrompt: { line: number; text: string } | null = null;
  /** Whether a line of output has been read (an echo after it means a second capture). */
  sawContent = false;

  constructor(
    private readonly log: ParseLog,
    private readonly rules: IosFrameRules,
  ) {}

  /** True while a prompt waits for what follows it: every line then goes through read(). */
  get promptPending(): boolean {
    return this.pendingPrompt !== null;
  }

  /** Reads a non-blank line (`raw` verbatim, `line` without indentation); true when it was echo or prompt, not output. */
  read(lineNumber: number, raw: string, line: string, terminated: boolean): boolean {
    if (this.pendingPrompt !== null) {
      const prompt = this.pendingPrompt;
      this.pendingPrompt = null;
      this.log.report(prompt.line, 'warning', 'A router prompt inside the output: what follows may belong to another command', prompt.text, this.rules.expectedOutput);
    }
    if (line.length <= this.rules.maxEchoLength && this.rules.isEcho(line)) {
      if (this.sawContent) this.log.report(lineNumber, 'warning', 'The command again: the text holds more than one capture', raw);
      else this.log.structure(lineNumber);
      return true;
    }
    if (line.length <= this.rules.maxPromptLength && PROMPT_LINE.test(line)) {
      // The prompt that ends the output (no line break after it) is structure; one inside the output is judged later.
      if (terminated) this.pendingPrompt = { line: lineNumber, text: raw };
      else this.log.structure(lineNumber);
      return true;
    }
    this.sawContent = true;
    return false;
  }

  /** After the last line: a prompt followed only by blank lines is the router waiting for the next command. */
  finish(): void {
    if (this.pendingPrompt !== null) this.log.structure(this.pendingPrompt.line);
    this.pendingPrompt = null;
  }
}

/** One pass over an IOS command's output; subclasses read the lines that are output (not echo, prompt or a cut line). */
export abstract class IosCommandOutput {
  /** Diagnostics and structural lines, ordered by line number once scan() is done. */
  protected readonly log: ParseLog;
  private readonly frame: IosFrame;
  /** Number of the line being read; after scan(), the number of lines in the text (blank ones included). */
  protected lineCount = 0;

  /**
   * @param isEcho whether a line (without indentation) is the echo of this parser's command
   * @param expectedOutput what the output holds, in words, for the diagnostic of a prompt inside it
   */
  constructor(
    protected readonly text: string,
    isEcho: (line: string) => boolean,
    expectedOutput: string,
  ) {
    this.log = new ParseLog(text);
    this.frame = new IosFrame(this.log, { isEcho, expectedOutput, maxEchoLength: 511, maxPromptLength: 100 });
  }

  /** A line of the output, terminated, not blank: start..end is the line without surrounding whitespace. */
  protected abstract readLine(lineNumber: number, lineStart: number, start: number, end: number): void;

  /** The output's last line, cut (no line break after it): reported by default; a reader may close what it held first. */
  protected readCutLine(lineNumber: number, lineStart: number, _start: number, end: number): void {
    this.log.report(lineNumber, 'error', 'The output ends inside this line (no line break after it): the connection may have dropped, so the line is not trusted', this.text.slice(lineStart, end), COMPLETE_LINE);
  }

  /** Called once after the last line: report or record whatever is still pending. */
  protected abstract finishOutput(): void;

  /** Reads every line, then orders diagnostics and structural lines by line number. */
  protected scan(): void {
    const lines = new LineWalker(this.text, isIosSpace);
    while (lines.next()) {
      const { lineNumber, lineStart, contentStart: start, contentEnd: end, terminated } = lines;
      this.lineCount = lineNumber;
      if (start < end) {
        if (!this.frame.promptPending && terminated && this.frame.sawContent && !this.mayBeFraming(start, end)) this.readLine(lineNumber, lineStart, start, end);
        else this.readFramed(lineNumber, lineStart, start, end, terminated);
      }
    }
    this.finishOutput();
    this.frame.finish();
    this.log.sortByLine();
  }

  /**
   * Cheap test before the regular expressions: a prompt holds ">" or "#" within its first 66 characters, an echo
   * starts with a prompt or with the "s" of "show". Lines that are clearly neither go straight to readLine (the hot
   * path of a big capture).
   */
  private mayBeFraming(start: number, end: number): boolean {
    const text = this.text;
    if ((text.charCodeAt(start) | 32) === 115) return true; // "s", "S"
    const limit = Math.min(end, start + 66);
    for (let i = start; i < limit; i++) {
      const code = text.charCodeAt(i);
      if (code === 35 || code === 62) return true; // "#", ">"
    }
    return false;
  }

  private readFramed(lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean): void {
    if (this.frame.read(lineNumber, this.text.slice(lineStart, end), this.text.slice(start, end), terminated)) return;
    if (terminated) this.readLine(lineNumber, lineStart, start, end);
    else this.readCutLine(lineNumber, lineStart, start, end);
  }
}
