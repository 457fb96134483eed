// The accounting of one parse besides its records: diagnostics and structural lines, and the ParseResult built from them.
import type { Diagnostic, ParseResult } from '../domain';

/** Where a line is in the text: enough to quote it verbatim (without its line end and trailing whitespace). */
export interface LinePlace {
  /** 1-based line number. */
  number: number;
  /** Offset of the line's first character. */
  lineStart: number;
  /** Offset after its last non-space character. */
  end: number;
}

/** Collects what a parser found about lines: problems (diagnostics), and lines that are structure, not records. */
export class ParseLog {
  readonly diagnostics: Diagnostic[] = [];
  readonly structuralLines: number[] = [];
  private diagnosticsSorted = true;
  private structureSorted = true;

  /** `text` is the text being parsed, which reportLine quotes from. */
  constructor(private readonly text: string) {}

  /** A problem with line `line`; `text` is the line verbatim, `expected` what should have been there, in words. */
  report(line: number, severity: Diagnostic['severity'], message: string, text: string, expected?: string): void {
    const diagnostic: Diagnostic = { line, severity, message, text };
    if (expected !== undefined) diagnostic.expected = expected;
    const last = this.diagnostics[this.diagnostics.length - 1];
    if (last !== undefined && last.line > line) this.diagnosticsSorted = false;
    this.diagnostics.push(diagnostic);
  }

  /** report() with the line quoted from the text. */
  reportLine(line: LinePlace, severity: Diagnostic['severity'], message: string, expected?: string): void {
    this.report(line.number, severity, message, this.text.slice(line.lineStart, line.end), expected);
  }

  /** A line read as part of the output's structure (banner, header, section line, echo, prompt, trailer). */
  structure(line: number): void {
    const last = this.structuralLines[this.structuralLines.length - 1];
    if (last !== undefined && last > line) this.structureSorted = false;
    this.structuralLines.push(line);
  }

  /** structure(), unless the line is already the last one listed (a line read in several steps). */
  structureOnce(line: number): void {
    if (this.structuralLines[this.structuralLines.length - 1] !== line) this.structure(line);
  }

  /** Orders diagnostics and structural lines by line number, for readers that report a line after later ones. */
  sortByLine(): void {
    if (!this.diagnosticsSorted) this.diagnostics.sort((a, b) => a.line - b.line);
    if (!this.structureSorted) this.structuralLines.sort((a, b) => a - b);
    this.diagnosticsSorted = true;
    this.structureSorted = true;
  }

  /** The parse's result: the records and sections with what this log collected. */
  result<TRecord, TSections>(format: string, parserVersion: string, records: TRecord[], sections: TSections): ParseResult<TRecord, TSections> {
    return { format, parserVersion, records, sections, diagnostics: this.diagnostics, structuralLines: this.structuralLines };
  }
}
