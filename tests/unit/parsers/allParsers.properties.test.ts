// Every registered parser against 10,000 mutated, truncated and garbage inputs: it never throws, never takes a second,
// and accounts for every non-blank line (in a record, a structural line, or a diagnostic).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../../src/shared/parsers/registry';
import type { ParserDefinition } from '../../../src/shared/parsers/types';

const RUNS = Number(process.env.FLOWPIVOT_PROPERTY_RUNS ?? 10_000);
const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const TIME_LIMIT_MS = 1000;

function fixtureTexts(parserId: string): string[] {
  const folder = join(FIXTURES, parserId);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(join(folder, name), 'utf8'));
}

const HOSTILE_LINES = [
  '\x1b[31mred\x1b[0m \x1b[2K\x1b[1A',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '%s%s%n %x ${process.env} {{7*7}}',
  '\u0000\u0007\b\u001b\u007f',
  '\u202e\u200b\ufeff العربية 中文 🚩',
  ' --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b',
];

type Mutation = (lines: string[]) => string[];

/** Edits a capture the way transport and humans damage text: lost, repeated, cut, garbled or foreign lines. */
function mutation(): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  return fc.oneof(
    at.map((i): Mutation => (lines) => lines.filter((_, index) => index !== i % Math.max(lines.length, 1))),
    at.map((i): Mutation => (lines) => lines.flatMap((line, index) => (index === i % Math.max(lines.length, 1) ? [line, line] : [line]))),
    fc.tuple(at, fc.nat()).map(([i, cut]): Mutation => (lines) => lines.map((line, index) => (index === i % Math.max(lines.length, 1) ? line.slice(0, cut % (line.length + 1)) : line))),
    fc.tuple(at, fc.string({ maxLength: 80 })).map(([i, junk]): Mutation => (lines) => [...lines.slice(0, i % (lines.length + 1)), junk, ...lines.slice(i % (lines.length + 1))]),
    fc.tuple(at, fc.constantFrom(...HOSTILE_LINES)).map(([i, hostile]): Mutation => (lines) => [...lines.slice(0, i % (lines.length + 1)), hostile, ...lines.slice(i % (lines.length + 1))]),
    fc.tuple(at, fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([i, position, replacement]): Mutation => (lines) =>
      lines.map((line, index) => (index === i % Math.max(lines.length, 1) ? line.slice(0, position % (line.length + 1)) + replacement + line.slice((position % (line.length + 1)) + 1) : line)),
    ),
    fc.constant<Mutation>((lines) => lines.map((line) => `${line}\r`)),
    fc.constant<Mutation>((lines) => lines.map((line) => line.replace(/ +/g, ' '))),
  );
}

/** A fixture with mutations applied, cut at any point (a dropped connection), or plain garbage. */
function inputs(texts: string[]): fc.Arbitrary<string> {
  const garbage = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme-ascii', maxLength: 400 }));
  if (texts.length === 0) return garbage;
  const mutated = fc
    .tuple(fc.constantFrom(...texts), fc.array(mutation(), { maxLength: 4 }), fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }))
    .map(([text, mutations, cutAt]) => {
      const edited = mutations.reduce((lines, edit) => edit(lines), text.split('\n')).join('\n');
      return cutAt === undefined ? edited : edited.slice(0, Math.floor(cutAt * edited.length));
    });
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: garbage });
}

/** Line numbers (1-based) of the lines that hold something besides white space and control characters. */
function nonBlankLines(text: string): number[] {
  const lines = text.split('\n');
  const numbers: number[] = [];
  lines.forEach((line, index) => {
    // eslint-disable-next-line no-control-regex -- control characters count as blank, as the parsers treat them
    if (!/^[\s\x00-\x20\x7f]*$/.test(line)) numbers.push(index + 1);
  });
  return numbers;
}

function unaccountedLines(parser: ParserDefinition, text: string): number[] {
  const result = parser.parse(text);
  const accounted = new Set<number>([...result.structuralLines, ...result.diagnostics.map((diagnostic) => diagnostic.line)]);
  for (const record of result.records as Array<{ line: number }>) accounted.add(record.line);
  return nonBlankLines(text).filter((line) => !accounted.has(line));
}

describe.each(parsers.map((parser) => [parser.id, parser] as const))('%s under hostile input', (_id, parser) => {
  const texts = fixtureTexts(parser.id);

  it(`never throws, never takes ${TIME_LIMIT_MS} ms, and accounts for every non-blank line (${RUNS} inputs)`, () => {
    fc.assert(
      fc.property(inputs(texts), (text) => {
        const started = performance.now();
        const missing = unaccountedLines(parser, text);
        const elapsed = performance.now() - started;
        expect(elapsed).toBeLessThan(TIME_LIMIT_MS);
        expect(missing).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('reads ANSI escapes, HTML and a 1 MB line as plain text, quickly', () => {
    const base = texts[0] ?? '';
    const huge = 'A'.repeat(1024 * 1024);
    for (const hostile of [...HOSTILE_LINES, huge, `${huge} ${huge}`]) {
      const text = `${base}${base.endsWith('\n') || base === '' ? '' : '\n'}${hostile}\n${base}`;
      const started = performance.now();
      const result = parser.parse(text);
      expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS);
      expect(unaccountedLines(parser, text)).toEqual([]);
      expect(JSON.stringify(result).includes('<script>') ? result.diagnostics.some((diagnostic) => diagnostic.text.includes('<script>')) : true).toBe(true);
    }
  });
});
