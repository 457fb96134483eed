// Walks a text line by line without copying it: where each line and its content (without surrounding whitespace) are.
//
// A line ends at "\n"; the "\r" of CRLF is whitespace, so CRLF and LF read alike. A line is blank when all its
// characters are whitespace by the parser's own test (whitespace.ts); a blank line has contentStart === contentEnd.

/** Whether a character code is whitespace for the output being read (see whitespace.ts). */
export type SpaceTest = (code: number) => boolean;

/**
 * An iterator over every line, blank ones included: `while (lines.next()) { … }`. Its fields describe the current
 * line; they are overwritten by the next call, so copy what must outlive it.
 */
export class LineWalker {
  /** 1-based number of the current line; after the walk, the number of lines in the text. */
  lineNumber = 0;
  /** Offset of the line's first character (indentation included). */
  lineStart = 0;
  /** Offset of the line end: the "\n", or the end of the text. */
  lineEnd = 0;
  /** Offset of the first non-space character (contentEnd when the line is blank). */
  contentStart = 0;
  /** Offset after the last non-space character. */
  contentEnd = 0;
  /** False for a last line with no line break after it: the capture may have been cut inside it. */
  terminated = true;
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly isSpace: SpaceTest,
  ) {}

  /** Offset where the next line starts. */
  get nextLineStart(): number {
    return this.position;
  }

  /**
   * Continues the walk after lines a caller read on its own: the next line starts at `position` and is line
   * `linesRead + 1`.
   */
  resumeAt(position: number, linesRead: number): void {
    this.position = position;
    this.lineNumber = linesRead;
  }

  /** Moves to the next line; false when the text has no more. */
  next(): boolean {
    const text = this.text;
    const position = this.position;
    const length = text.length;
    if (position >= length) return false;
    const newline = text.indexOf('\n', position);
    const terminated = newline !== -1;
    const lineEnd = terminated ? newline : length;
    const isSpace = this.isSpace;
    let end = lineEnd;
    while (end > position && isSpace(text.charCodeAt(end - 1))) end--;
    let start = position;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    this.lineNumber++;
    this.lineStart = position;
    this.lineEnd = lineEnd;
    this.contentStart = start;
    this.contentEnd = end;
    this.terminated = terminated;
    this.position = terminated ? newline + 1 : length;
    return true;
  }
}

/** One non-blank line, as forEachLine hands it over: offsets into the whole text, nothing copied. */
export interface TextLine {
  /** 1-based line number. */
  number: number;
  /** Offset of the line's first character (indentation included). */
  lineStart: number;
  /** Offset of the first non-space character. */
  start: number;
  /** Offset after the last non-space character. */
  end: number;
  /** False for a last line with no line break after it: the capture may have been cut inside it. */
  terminated: boolean;
}

/** Calls `visit` for every non-blank line, in order, with a line object of its own. Linear in the length of the text. */
export function forEachLine(text: string, isSpace: SpaceTest, visit: (line: TextLine) => void): void {
  const lines = new LineWalker(text, isSpace);
  while (lines.next()) {
    if (lines.contentStart < lines.contentEnd) {
      visit({ number: lines.lineNumber, lineStart: lines.lineStart, start: lines.contentStart, end: lines.contentEnd, terminated: lines.terminated });
    }
  }
}
