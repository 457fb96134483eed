// Kill-target safety of the PsList parser over generated process tables (fast-check): the PID read from a row is the
// PID printed in it, or the row is refused — never another number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/shared/parsers/sysinternals/psList';

interface GeneratedProcess {
  name: string;
  pid: number;
  priority: number;
  threads: number;
  handles: number;
  privateKb: number;
  cpuMs: number;
  elapsedMs: number;
  virtualKb: number;
  workingSetKb: number;
  privatePeakKb: number;
  pageFaults: number;
  nonPagedPoolKb: number;
  pagedPoolKb: number;
}

/** Words of process names: letters, digits-only words ("2013"), punctuation Windows allows in file names. */
const word = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9._()#+-]{0,11}$/),
  fc.stringMatching(/^[0-9]{1,6}$/),
  fc.constantFrom('Idle', 'System', 'Registry', 'Memory', 'Compression', 'Secure', 'svchost', 'Test', 'Cpp', '2013', 'x64', 'Host'),
);
/** A process name as PsList prints it: one or more words with single spaces, up to 40 characters, never "Name". */
const processName = fc
  .array(word, { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' ').slice(0, 40).trimEnd())
  // Names that start like PsList's own lines (banner, title, headers) are left out: a refused row that reads as a
  // banner line is structure, not a diagnostic, and the property below counts diagnostics.
  .filter((name) => name !== '' && !/^(?:Name|Tid|Copyright|Sysinternals|Process|Thread|ps ?list|\.\.\.)/i.test(name));
/** Windows PIDs are multiples of 4; up to 7 digits, the width PsList gives them. */
const pid = fc.oneof(fc.integer({ min: 0, max: 2_499_999 }).map((n) => n * 4), fc.constantFrom(0, 4, 72, 148, 6980, 10480, 9_999_996));
const milliseconds = fc.oneof(fc.integer({ min: 0, max: 99 * 3_600_000 }), fc.integer({ min: 0, max: 9999 * 3_600_000 }));

const process_: fc.Arbitrary<GeneratedProcess> = fc.record({
  name: processName,
  pid,
  priority: fc.integer({ min: 0, max: 31 }),
  threads: fc.integer({ min: 1, max: 9999 }),
  handles: fc.integer({ min: 0, max: 999_999 }),
  privateKb: fc.integer({ min: 0, max: 99_999_999 }),
  cpuMs: milliseconds,
  elapsedMs: milliseconds,
  virtualKb: fc.integer({ min: 0, max: 99_999_999 }),
  workingSetKb: fc.integer({ min: 0, max: 9_999_999 }),
  privatePeakKb: fc.integer({ min: 0, max: 9_999_999 }),
  pageFaults: fc.integer({ min: 0, max: 999_999_999 }),
  nonPagedPoolKb: fc.integer({ min: 0, max: 9999 }),
  pagedPoolKb: fc.integer({ min: 0, max: 9999 }),
});

/** "h:mm:ss.mmm" as PsList prints times. */
function time(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

const right = (value: number | string, width: number) => String(value).padStart(width);

const DEFAULT_HEADER = 'Name                Pid Pri Thd  Hnd   Priv        CPU Time    Elapsed Time';
const MEMORY_HEADER = 'Name                Pid      VM      WS    Priv Priv Pk   Faults   NonP Page';

/** A row as PsList v1.4 prints it (measured on real captures): "%-16s%7d %3d %3d %4d %6d %15s %15s". */
function defaultRow(row: GeneratedProcess): string {
  return `${row.name.padEnd(16)}${right(row.pid, 7)} ${right(row.priority, 3)} ${right(row.threads, 3)} ${right(row.handles, 4)} ${right(row.privateKb, 6)} ${right(time(row.cpuMs), 15)} ${right(time(row.elapsedMs), 15)}`;
}

/** A row of `pslist -m`: "%-16s%7d %7d %7d %7d %7d %8d %6d %4d". */
function memoryRow(row: GeneratedProcess): string {
  return `${row.name.padEnd(16)}${right(row.pid, 7)} ${right(row.virtualKb, 7)} ${right(row.workingSetKb, 7)} ${right(row.privateKb, 7)} ${right(row.privatePeakKb, 7)} ${right(row.pageFaults, 8)} ${right(row.nonPagedPoolKb, 6)} ${right(row.pagedPoolKb, 4)}`;
}

/** When the name fills its 16 characters and the PID has 7 digits, PsList prints them with nothing between. */
const fused = (row: GeneratedProcess) => row.name.length >= 16 && row.pid >= 1_000_000;

const BANNER = 'PsList v1.4 - Process information lister\nCopyright (C) 2000-2016 Mark Russinovich\nSysinternals - www.sysinternals.com\n\nProcess information for WS-01:\n\n';
const FIRST_ROW_LINE = 8;

function render(header: string, rows: readonly string[]): string {
  return `${BANNER}${header}\n${rows.map((row) => `${row}\n`).join('')}`;
}

/** Each generated row either became a record with its own PID and name, or was refused with a diagnostic. */
function expectPidOrRefusal(text: string, rows: readonly GeneratedProcess[], mustRead: (row: GeneratedProcess) => boolean): void {
  const result = parse(text);
  const byLine = new Map(result.records.map((record) => [record.line, record]));
  const refused = new Set(result.diagnostics.map((diagnostic) => diagnostic.line));
  expect(result.records.every((record) => record.line >= FIRST_ROW_LINE && record.line < FIRST_ROW_LINE + rows.length)).toBe(true);
  rows.forEach((row, index) => {
    const line = FIRST_ROW_LINE + index;
    const record = byLine.get(line);
    if (record === undefined) {
      expect(mustRead(row)).toBe(false);
      expect(refused.has(line)).toBe(true);
    } else {
      expect(record.pid).toBe(row.pid);
      expect(record.name).toBe(row.name);
    }
  });
}

describe('pslist kill-target safety', () => {
  it('reads the PID printed in each row of a generated table, or refuses the row', () => {
    fc.assert(
      fc.property(fc.array(process_, { minLength: 1, maxLength: 30 }), (rows) => {
        expectPidOrRefusal(render(DEFAULT_HEADER, rows.map(defaultRow)), rows, (row) => !fused(row));
      }),
      { numRuns: 500 },
    );
  });

  it('reads every field of a row whose name and PID are apart', () => {
    fc.assert(
      fc.property(process_.filter((row) => !fused(row)), (row) => {
        const [record] = parse(render(DEFAULT_HEADER, [defaultRow(row)])).records;
        expect(record).toMatchObject({ name: row.name, pid: row.pid, priority: row.priority, threads: row.threads, handles: row.handles, privateKb: row.privateKb, cpuSec: row.cpuMs / 1000, elapsedSec: row.elapsedMs / 1000 });
      }),
      { numRuns: 500 },
    );
  });

  it('does the same for the all-numeric memory table of -m and -x', () => {
    fc.assert(
      fc.property(fc.array(process_, { minLength: 1, maxLength: 30 }), (rows) => {
        expectPidOrRefusal(render(MEMORY_HEADER, rows.map(memoryRow)), rows, (row) => !fused(row));
      }),
      { numRuns: 500 },
    );
  });

  it('reads every row of a copy with whitespace collapsed, as the seed is', () => {
    fc.assert(
      fc.property(fc.array(process_, { minLength: 1, maxLength: 30 }), (rows) => {
        const collapsed = render('Name Pid Pri Thd Hnd Priv CPU Time Elapsed Time', rows.map((row) => defaultRow(row).replace(/ +/g, ' ')));
        // Collapsing separates a fused name and PID no more than the console did: only those rows may be refused.
        expectPidOrRefusal(collapsed, rows, (row) => !fused(row));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a row cut short at its end (a wrapped or truncated line), whatever its name holds', () => {
    fc.assert(
      fc.property(process_, fc.integer({ min: 1, max: 7 }), fc.boolean(), (row, fieldsLost, memory) => {
        const full = memory ? memoryRow(row) : defaultRow(row);
        const fields = full.trimEnd().split(/ +/);
        // Cut right after a field, keeping the column layout of what is left.
        const keep = fields.length - Math.min(fieldsLost, fields.length - 1);
        let end = 0;
        for (let seen = 0; seen < keep; seen++) {
          while (full[end] === ' ') end++;
          while (end < full.length && full[end] !== ' ') end++;
        }
        const cut = full.slice(0, end);
        const result = parse(render(memory ? MEMORY_HEADER : DEFAULT_HEADER, [cut]));
        expect(result.records).toEqual([]);
        expect(result.diagnostics.some((diagnostic) => diagnostic.line === FIRST_ROW_LINE)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never reads a PID from a last line cut anywhere without its line break', () => {
    fc.assert(
      fc.property(process_, fc.nat(), (row, where) => {
        const line = defaultRow(row);
        const text = render(DEFAULT_HEADER, []) + line.slice(0, where % (line.length + 1));
        expect(parse(text).records).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result for CRLF and LF line ends, and with trailing spaces', () => {
    fc.assert(
      fc.property(fc.array(process_, { maxLength: 10 }), (rows) => {
        const text = render(DEFAULT_HEADER, rows.map(defaultRow));
        expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(parse(text));
        expect(parse(text.replaceAll('\n', ' \t\n'))).toEqual(parse(text));
      }),
      { numRuns: 200 },
    );
  });
});
