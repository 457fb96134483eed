// Behaviour of the `ps -eo pid,ppid,user,lstart,etimes,comm,args` parser, one rule per test, then properties over
// generated process tables.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProcessEntry } from '../../../src/shared/domain';
import { findParserForCommand } from '../../../src/shared/parsers/registry';
import { detect, id, parse, version } from '../../../src/shared/parsers/linux/ps';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/linux-ps/${name}.txt`, import.meta.url), 'utf8');

const HEADER = '  PID  PPID USER                      STARTED ELAPSED COMMAND         COMMAND';

/** ps output: the header, then the rows, each line ended by LF. */
function ps(...rows: string[]): string {
  return [HEADER, ...rows].map((line) => `${line}\n`).join('');
}

describe('ps -eo pid,ppid,user,lstart,etimes,comm,args: processes', () => {
  it('reads every column of a process row', () => {
    const { records, diagnostics } = parse(ps(' 6299  6237 root     Wed Nov 25 12:56:26 2026      13 Web Content     /usr/lib/firefox/firefox -contentproc -childID 1'));
    expect(diagnostics).toEqual([]);
    expect(records).toEqual<ProcessEntry[]>([
      {
        line: 2,
        name: 'Web Content',
        pid: 6299,
        ppid: 6237,
        priority: null,
        threads: null,
        handles: null,
        privateKb: null,
        cpuSec: null,
        elapsedSec: 13,
        depth: null,
        user: 'root',
        startedAt: 'Wed Nov 25 12:56:26 2026',
        commandLine: '/usr/lib/firefox/firefox -contentproc -childID 1',
      },
    ]);
  });

  it('keeps a command line with spaces whole, double spaces included', () => {
    const [record] = parse(ps(' 1963     1 postgres Wed Nov 25 12:50:24 2026     374 postgres        postgres: 14/main: checkpointer  ')).records;
    const [second] = parse(ps('  565     1 root     Wed Nov 25 12:47:43 2026     536 sleep           backup-agent: uploading /srv/data (42%)  3600')).records;
    expect(record?.commandLine).toBe('postgres: 14/main: checkpointer');
    expect(second?.commandLine).toBe('backup-agent: uploading /srv/data (42%)  3600');
  });

  it('reads a name with spaces from the COMMAND column', () => {
    const { records } = parse(ps(
      ' 6300  6237 root     Wed Nov 25 12:56:26 2026      13 httpd worker 1  /usr/sbin/httpd -DFOREGROUND',
      ' 6302  6237 root     Wed Nov 25 12:56:26 2026      13 a  b            /usr/bin/a',
    ));
    expect(records.map((record) => [record.name, record.commandLine])).toEqual([
      ['httpd worker 1', '/usr/sbin/httpd -DFOREGROUND'],
      ['a  b', '/usr/bin/a'],
    ]);
  });

  it('reads a name that fills its 15 columns', () => {
    const [record] = parse(ps('    3     2 root     Wed Nov 25 11:53:48 2026    3771 pool_workqueue_ [pool_workqueue_release]')).records;
    expect(record).toMatchObject({ name: 'pool_workqueue_', commandLine: '[pool_workqueue_release]' });
  });

  it('finds the command line after a double-width name, which ps pads by display width', () => {
    const [record] = parse(ps(' 1967     1 root     Wed Nov 25 12:50:24 2026     374 漢字テスト      /usr/bin/python3 -c pass')).records;
    expect(record).toMatchObject({ name: '漢字テスト', commandLine: '/usr/bin/python3 -c pass' });
  });

  it('reads PIDs and elapsed times wider than their columns', () => {
    const [record] = parse(ps('4194301 4194300 www-data Mon Jan  5 01:02:03 2026 123456789 nginx           nginx: worker process')).records;
    expect(record).toMatchObject({ pid: 4194301, ppid: 4194300, user: 'www-data', elapsedSec: 123456789, name: 'nginx', commandLine: 'nginx: worker process' });
  });

  it('keeps lstart as printed, the padding of a one-digit day included', () => {
    const [record] = parse(ps('  812     1 root     Mon Jan  5 01:02:03 2026   98765 sshd            sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups')).records;
    expect(record?.startedAt).toBe('Mon Jan  5 01:02:03 2026');
  });

  it('reads kernel threads, zombies and a truncated user name as printed', () => {
    const { records } = parse(ps(
      '    2     0 root     Wed Nov 25 11:53:48 2026    3771 kthreadd        [kthreadd]',
      ' 2102  1969 root     Wed Nov 25 12:50:25 2026     373 python3         [python3] <defunct>',
      ' 1961     1 verylon+ Wed Nov 25 12:50:24 2026     374 sleep           sleep 3602',
    ));
    expect(records.map((record) => [record.name, record.commandLine, record.user])).toEqual([
      ['kthreadd', '[kthreadd]', 'root'],
      ['python3', '[python3] <defunct>', 'root'],
      ['sleep', 'sleep 3602', 'verylon+'],
    ]);
  });

  it('reads rows without the header, as `ps … | grep` prints them', () => {
    const { records, diagnostics } = parse(' 6299  6237 root     Wed Nov 25 12:56:26 2026      13 Web Content     /usr/lib/firefox/firefox\n');
    expect(diagnostics).toEqual([]);
    expect(records).toEqual([expect.objectContaining({ line: 1, pid: 6299, name: 'Web Content' })]);
  });

  it('reads a copy with collapsed whitespace, says once that names are then one word', () => {
    const { records, diagnostics } = parse('PID PPID USER STARTED ELAPSED COMMAND COMMAND\n6299 6237 root Wed Nov 25 12:56:26 2026 13 Web Content /usr/lib/firefox/firefox\n');
    expect(records).toEqual([expect.objectContaining({ pid: 6299, name: 'Web', commandLine: 'Content /usr/lib/firefox/firefox' })]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 1, severity: 'info' })]);
  });

  it('keeps ANSI escapes and markup in a command line as text', () => {
    const [record] = parse(ps(' 1021     1 root     Wed Nov 25 12:48:42 2026     477 esc?[31mred     python3 x.py \x1b[31m<b>red</b>')).records;
    expect(record?.commandLine).toBe('python3 x.py \x1b[31m<b>red</b>');
  });
});

describe('ps -eo pid,ppid,user,lstart,etimes,comm,args: lines it cannot read', () => {
  it('keeps unparsed lines as diagnostics and reads the rest', () => {
    const { records, diagnostics } = parse(ps(
      '    2     0 root     Wed Nov 25 11:53:48 2026    3771 kthreadd        [kthreadd]',
      'ps: error: unsupported SysV option',
      ' 6300  6237 root     Wed Nov 25 12:56:26 2026      1x httpd           /usr/sbin/httpd',
      ' 6301  6237 root     Nov 25 12:56:26 2026      13 lab-resolved    /usr/lib/lab-resolved',
      ' 6302  6237 root     Wed Nov 25 12:56:26 2026      13 dhcp6 client',
      ' 6303  6237 root     Wed Nov 25 12:56:26 2026      13 avahi-daemon    avahi-daemon: running',
    ));
    expect(records.map((record) => record.line)).toEqual([2, 7]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[3, 'error'], [4, 'error'], [5, 'error'], [6, 'error']]);
    expect(diagnostics[0]).toMatchObject({ text: 'ps: error: unsupported SysV option', expected: expect.stringContaining('PID PPID USER') });
  });

  it('never trusts a last line without a line break: its command line may have been cut', () => {
    const text = `${HEADER}\n 6305  6237 root     Wed Nov 25 12:56:26 2026      13 redis-server    /usr/bin/redis-server 127.0.0.1:6379`;
    const { records, diagnostics } = parse(text);
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error', message: expect.stringContaining('ends inside this line') })]);
  });

  it('refuses rows of another ps format until its own header comes back', () => {
    const { records, diagnostics, structuralLines } = parse(ps(
      '    2     0 root     Wed Nov 25 11:53:48 2026    3771 kthreadd        [kthreadd]',
      '  PID TTY          TIME CMD',
      '    1 ?        00:00:03 systemd',
      HEADER,
      '    3     2 root     Wed Nov 25 11:53:48 2026    3771 pool_workqueue_ [pool_workqueue_release]',
    ));
    expect(records.map((record) => record.pid)).toEqual([2, 3]);
    expect(structuralLines).toEqual([1, 5]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[3, 'error'], [4, 'warning'], [5, 'warning']]);
  });

  it('treats the echoed command, the header and a final prompt as structure', () => {
    const { records, diagnostics, structuralLines } = parse(`[admin@db1 ~]$ ps -eo pid,ppid,user,lstart,etimes,comm,args | grep sshd\n${HEADER}\n  812     1 root     Mon Jan  5 01:02:03 2026   98765 sshd            /usr/sbin/sshd -D\n[admin@db1 ~]$ `);
    expect(diagnostics).toEqual([]);
    expect(structuralLines).toEqual([1, 2, 4]);
    expect(records).toHaveLength(1);
  });

  it('reads nothing from an empty text', () => {
    expect(parse('')).toEqual({ format: id, parserVersion: version, records: [], sections: null, diagnostics: [], structuralLines: [] });
  });
});

describe('ps -eo pid,ppid,user,lstart,etimes,comm,args: command and detection', () => {
  it.each([
    'ps -eo pid,ppid,user,lstart,etimes,comm,args',
    'ps -Ao pid,ppid,user,lstart,etimes,comm,args',
    'ps -e -o pid,ppid,user,lstart,etimes,comm,args',
    'ps axo pid,ppid,user,lstart,etimes,comm,args',
    'ps -eo pid,ppid,user,lstart,etimes,comm,args | grep ssh',
  ])('recognises %j', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe(id);
  });

  it.each(['ps -ef', 'ps aux', 'ps -eo pid,comm', 'ps -eo pid,ppid,user,lstart,etime,comm,args'])('does not take %j for this format', (typed) => {
    expect(findParserForCommand(typed)?.id).not.toBe(id);
  });

  it('detects ps output by its header and rows', () => {
    expect(detect(fixture('debian12-root'))).toBe(1);
    expect(detect(fixture('debian12-grep-no-header'))).toBeGreaterThanOrEqual(0.5);
    expect(detect('UID          PID    PPID  C STIME TTY          TIME CMD\nroot           1       0  0 11:53 ?        00:00:03 /sbin/init\n')).toBe(0);
    expect(detect('')).toBe(0);
  });
});

// Properties over generated process tables.

interface GeneratedProcess {
  pid: number;
  ppid: number;
  user: string;
  started: Date;
  elapsed: number;
  comm: string;
  /** Rendered with display-width padding (ps in a UTF-8 locale). */
  wide: boolean;
  args: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number) => String(value).padStart(2, '0');

/** lstart as procps prints it: strftime("%a %b %e %H:%M:%S %Y"), the day padded with a space. */
function lstart(date: Date): string {
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}

const asciiName = fc
  .stringMatching(/^[A-Za-z0-9_./:@+-][A-Za-z0-9 _./:@+()[\]-]{0,13}[A-Za-z0-9_./:@+)\]-]$|^[A-Za-z0-9_]$/)
  .filter((name) => name.length <= 15);
/** Up to five CJK characters (three UTF-8 bytes each, the kernel keeps 15 bytes), two display columns each. */
const wideName = fc.array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), { minLength: 1, maxLength: 5 }).map((codes) => String.fromCharCode(...codes));
const userName = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,7}$/), fc.stringMatching(/^[a-z][a-z0-9]{6}\+$/));
/** Anything printable, inner runs of spaces included; ps prints control characters as "?". */
const commandLine = fc
  .string({ minLength: 1, maxLength: 120 })
  // eslint-disable-next-line no-control-regex -- control characters are what ps replaces
  .map((text) => text.replace(/[\u0000-\u001f\u007f\u00a0]/g, '?').trim())
  .filter((text) => text !== '');
const processRow: fc.Arbitrary<GeneratedProcess> = fc
  .tuple(
    fc.oneof(fc.record({ comm: asciiName, wide: fc.constant(false) }), fc.record({ comm: wideName, wide: fc.constant(true) })),
    fc.record({
      pid: fc.integer({ min: 1, max: 4_194_304 }),
      ppid: fc.nat(4_194_304),
      user: userName,
      started: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
      elapsed: fc.nat(2 ** 40),
      args: commandLine,
    }),
  )
  .map(([name, rest]) => ({ ...rest, ...name }));

/** One row as procps lays it out: "%5d %5d %-8s %24s %7d %-15s %s", wider values pushing the rest right. */
function renderRow(row: GeneratedProcess): string {
  const commColumns = row.wide ? row.comm.length * 2 : row.comm.length;
  const comm = row.comm + ' '.repeat(Math.max(0, 15 - commColumns));
  return `${String(row.pid).padStart(5)} ${String(row.ppid).padStart(5)} ${row.user.padEnd(8)} ${lstart(row.started).padStart(24)} ${String(row.elapsed).padStart(7)} ${comm} ${row.args}`;
}

function render(rows: readonly GeneratedProcess[]): string {
  return ps(...rows.map(renderRow));
}

const table = fc.array(processRow, { maxLength: 30 });

describe('ps -eo pid,ppid,user,lstart,etimes,comm,args properties', () => {
  it('reads back processes rendered in ps columns, each PID on its own line (round trip)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const result = parse(render(rows));
        expect(result.diagnostics).toEqual([]);
        expect(result.records).toEqual(
          rows.map((row, index) => ({
            line: index + 2,
            name: row.comm,
            pid: row.pid,
            ppid: row.ppid,
            priority: null,
            threads: null,
            handles: null,
            privateKb: null,
            cpuSec: null,
            elapsedSec: row.elapsed,
            depth: null,
            user: row.user,
            startedAt: lstart(row.started),
            commandLine: row.args,
          })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for CRLF and LF line ends and for trailing padding', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\r', ' ', '   ', '\t', ' \r'), (rows, padding) => {
        const text = render(rows);
        expect(parse(text.replaceAll('\n', `${padding}\n`))).toEqual(parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a prefix of the output as exactly the rows whose line break it holds (truncation)', () => {
    fc.assert(
      fc.property(table, fc.double({ min: 0, max: 1, noNaN: true }), (rows, where) => {
        const text = render(rows);
        const full = parse(text).records;
        const cut = Math.floor(where * text.length);
        const lineEnds = [...text.matchAll(/\n/g)].map((match) => match.index);
        expect(parse(text.slice(0, cut)).records).toEqual(full.filter((record) => lineEnds[record.line - 1]! < cut));
      }),
      { numRuns: 300 },
    );
  });
});
