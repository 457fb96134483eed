// LineWalker: every line with its content bounds, blank ones included; forEachLine: the non-blank ones.
import { describe, expect, it } from 'vitest';
import { forEachLine, LineWalker } from '../../../src/shared/parsers/lineWalker';
import { isConsoleSpace, isIosSpace } from '../../../src/shared/parsers/whitespace';

function walk(text: string, isSpace = isIosSpace) {
  const lines = new LineWalker(text, isSpace);
  const seen: [number, string, boolean][] = [];
  while (lines.next()) seen.push([lines.lineNumber, text.slice(lines.contentStart, lines.contentEnd), lines.terminated]);
  return { seen, count: lines.lineNumber };
}

describe('LineWalker', () => {
  it('reads CRLF and LF alike and trims the content', () => {
    expect(walk('  a \r\nb\n').seen).toEqual([
      [1, 'a', true],
      [2, 'b', true],
    ]);
  });

  it('visits blank lines and counts them', () => {
    const { seen, count } = walk('a\n\n \t\nb');
    expect(seen.map(([, content]) => content)).toEqual(['a', '', '', 'b']);
    expect(count).toBe(4);
  });

  it('marks a last line without a line break as not terminated', () => {
    expect(walk('a\nb').seen.at(-1)).toEqual([2, 'b', false]);
  });

  it('uses the whitespace test it is given', () => {
    expect(walk('\u0000x\u0000\n', isIosSpace).seen[0]![1]).toBe('x');
    expect(walk('\u0000x\u0000\n', isConsoleSpace).seen[0]![1]).toBe('\u0000x\u0000');
  });
});

describe('forEachLine', () => {
  it('hands over non-blank lines only, each its own object', () => {
    const lines: { number: number; start: number; end: number }[] = [];
    forEachLine('a\n\n  b\n', isConsoleSpace, (line) => lines.push(line));
    expect(lines).toEqual([
      { number: 1, lineStart: 0, start: 0, end: 1, terminated: true },
      { number: 3, lineStart: 3, start: 5, end: 6, terminated: true },
    ]);
  });
});

describe('LineWalker.resumeAt', () => {
  it('continues after lines a caller read itself, with the right line numbers', () => {
    const text = 'a\nb\nc\nd\n';
    const lines = new LineWalker(text, isIosSpace);
    lines.next();
    expect(lines.nextLineStart).toBe(2);
    lines.resumeAt(text.indexOf('c'), 2); // the caller read "b" on its own
    expect(lines.next()).toBe(true);
    expect([lines.lineNumber, text.slice(lines.contentStart, lines.contentEnd)]).toEqual([3, 'c']);
  });
});
