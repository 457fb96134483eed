// Words and sentences of a Sysinternals tool's console output, and the rules its lines are read by.
//
// Rules shared by the PsList, PsKill and PsExec parsers (lines come from lineWalker.ts with whitespace.ts's isConsoleSpace):
// - Lines end at "\n"; a "\r" before it and trailing whitespace are not part of the line, so CRLF and LF read alike.
// - Whitespace is space, tab, VT, FF, CR and the no-break space of web copies — the characters both this module and
//   String.prototype.trim agree on. Any other control character (an ANSI escape, a NUL) is text: it ends up inside a
//   field, the field does not read as a number, and the line becomes a diagnostic instead of a guess.
// - A line whose characters are all whitespace is blank and needs no accounting; every other line must become a
//   record, a structural line or a diagnostic.
import { isConsoleSpace as isSpace } from '../whitespace';

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
