// Cuts the captured console output of a Sysinternals tool into the lines its parsers read.
//
// Rules shared by the PsList, PsKill and PsExec parsers:
// - Lines end at "\n"; a "\r" before it and trailing whitespace are not part of the line, so CRLF and LF read alike.
// - Whitespace is space, tab, VT, FF, CR and the no-break space of web copies — the characters both this module and
//   String.prototype.trim agree on. Any other control character (an ANSI escape, a NUL) is text: it ends up inside a
//   field, the field does not read as a number, and the line becomes a diagnostic instead of a guess.
// - A line whose characters are all whitespace is blank and needs no accounting; every other line must become a
//   record, a structural line or a diagnostic.

/** True for the whitespace characters the parsers skip and split on. */
export function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160;
}

/** One non-blank line: offsets into the whole text, so nothing is copied until a field is needed. */
export interface ConsoleLine {
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

/**
 * Calls `visit` for every non-blank line, in order. Linear in the length of the text whatever it holds.
 */
export function forEachLine(text: string, visit: (line: ConsoleLine) => void): void {
  const length = text.length;
  let position = 0;
  let number = 0;
  while (position < length) {
    const newline = text.indexOf('\n', position);
    const terminated = newline !== -1;
    const lineEnd = terminated ? newline : length;
    number++;
    let end = lineEnd;
    while (end > position && isSpace(text.charCodeAt(end - 1))) end--;
    let start = position;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    if (start < end) visit({ number, lineStart: position, start, end, terminated });
    position = terminated ? newline + 1 : length;
  }
}

/** The whitespace-separated words of a short piece of text (headers, sentences): never call it on a row of data. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  const length = text.length;
  while (i < length) {
    while (i < length && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < length && !isSpace(text.charCodeAt(i))) i++;
    if (i > start) words.push(text.slice(start, i));
  }
  return words;
}

/** The text with runs of whitespace collapsed to one space and the ends trimmed. */
export function collapseSpaces(text: string): string {
  return splitWords(text).join(' ');
}

/**
 * Longest line the sentence-shaped recognisers (banners, messages, prompts) look at. The tools never print a
 * sentence this long; a longer line is reported as it is, without running any pattern over a megabyte of text.
 */
export const MAX_SENTENCE_LENGTH = 4096;
