// ParseLog: diagnostics and structural lines of one parse, and the ParseResult built from them.
import { describe, expect, it } from 'vitest';
import { ParseLog } from '../../../src/shared/parsers/parseLog';

describe('ParseLog', () => {
  it('quotes a reported line verbatim from the text and keeps expected only when given', () => {
    const log = new ParseLog('first\n  second  \n');
    log.reportLine({ number: 2, lineStart: 6, end: 14 }, 'error', 'bad', 'good');
    log.report(1, 'info', 'note', 'first');
    expect(log.diagnostics).toEqual([
      { line: 2, severity: 'error', message: 'bad', text: '  second', expected: 'good' },
      { line: 1, severity: 'info', message: 'note', text: 'first' },
    ]);
  });

  it('orders by line number only when asked', () => {
    const log = new ParseLog('');
    log.structure(3);
    log.structure(1);
    log.report(5, 'warning', 'later', 'x');
    log.report(2, 'warning', 'earlier', 'y');
    expect(log.structuralLines).toEqual([3, 1]);
    log.sortByLine();
    expect(log.structuralLines).toEqual([1, 3]);
    expect(log.diagnostics.map((d) => d.line)).toEqual([2, 5]);
  });

  it('lists a line read in several steps once with structureOnce', () => {
    const log = new ParseLog('');
    log.structureOnce(4);
    log.structureOnce(4);
    log.structure(4);
    expect(log.structuralLines).toEqual([4, 4]);
  });

  it('builds the result with what it collected', () => {
    const log = new ParseLog('');
    log.structure(1);
    expect(log.result('fmt', '1.0.0', [{ line: 2 }], null)).toEqual({ format: 'fmt', parserVersion: '1.0.0', records: [{ line: 2 }], sections: null, diagnostics: [], structuralLines: [1] });
  });
});
