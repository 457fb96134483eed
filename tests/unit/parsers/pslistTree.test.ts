// Behaviour of the `pslist -t` parser, and the tree of generated processes read back (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findParserForCommand } from '../../../src/shared/parsers/registry';
import { commands, detect, id, parse, version } from '../../../src/shared/parsers/sysinternals/psListTree';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/pslist-tree/${name}.txt`, import.meta.url), 'utf8');

const HEADER = 'Name                             Pid Pri Thd  Hnd      VM      WS    Priv';

/** A row as `pslist -t` prints it (measured): "%-29s%7d %3d %3d %4d %7d %7d %7d", the name indented 2 per level. */
function treeRow(depth: number, name: string, pid: number): string {
  const right = (value: number, width: number) => String(value).padStart(width);
  return `${`${'  '.repeat(depth)}${name}`.padEnd(29)}${right(pid, 7)} ${right(8, 3)} ${right(1, 3)} ${right(39, 4)} ${right(2151679, 7)} ${right(5120, 7)} ${right(1092, 7)}`;
}

const tree = (...rows: string[]) => [HEADER, ...rows].map((row) => `${row}\n`).join('');

describe('pslist -t', () => {
  it('derives the parent from pslist -t indentation', () => {
    const [parent, child] = parse(fixture('n0ware-firefox')).records;
    expect(parent).toMatchObject({ name: 'firefox', pid: 10480, depth: 0, ppid: null });
    expect(child).toMatchObject({ name: 'firefox', pid: 4736, depth: 1, ppid: 10480, virtualKb: 4194303, workingSetKb: 70284, privateKb: 229184 });
  });

  it('follows four levels and climbs back to the right parent', () => {
    const records = parse(fixture('windows10-constructed')).records;
    const byPid = new Map(records.map((record) => [record.pid, record]));
    expect(byPid.get(3448)).toMatchObject({ name: 'WmiPrvSE', depth: 3, ppid: 1012 });
    expect(byPid.get(1064)).toMatchObject({ name: 'svchost', depth: 2, ppid: 908 });
    expect(byPid.get(928)).toMatchObject({ name: 'lsass', depth: 1, ppid: 836 });
    expect(byPid.get(988)).toMatchObject({ name: 'winlogon', depth: 0, ppid: null });
  });

  it('gives top-level rows depth 0 and no parent', () => {
    const roots = parse(fixture('windows10-constructed')).records.filter((record) => record.depth === 0);
    expect(roots.map((record) => record.name)).toEqual(['Idle', 'System', 'csrss', 'wininit', 'winlogon', 'explorer']);
    expect(roots.every((record) => record.ppid === null)).toBe(true);
  });

  it('reads a PID right of a process name with spaces in the tree', () => {
    const records = parse(fixture('windows10-constructed')).records;
    expect(records.find((record) => record.name === 'Memory Compression')).toMatchObject({ pid: 2384, ppid: 4, depth: 1 });
    expect(records.find((record) => record.name === 'Test Cpp 2013')).toMatchObject({ pid: 6980, ppid: 5132, depth: 1 });
  });

  it('leaves CPU and elapsed times null: -t does not print them', () => {
    expect(parse(fixture('n0ware-firefox')).records.every((record) => record.cpuSec === null && record.elapsedSec === null)).toBe(true);
  });

  it('reports an odd indentation and gives no parent to the rows that may be its children', () => {
    const result = parse(fixture('garbage-and-truncated'));
    const byName = new Map(result.records.map((record) => [record.name, record]));
    expect(byName.get('odd')).toMatchObject({ pid: 7000, depth: null, ppid: null });
    expect(byName.get('child-of-odd')).toMatchObject({ pid: 7004, depth: 2, ppid: null });
    expect(byName.get('conhost')).toMatchObject({ depth: 1, ppid: 5132 });
    expect(result.diagnostics.find((diagnostic) => diagnostic.line === 3)).toMatchObject({ severity: 'warning' });
  });

  it('reports a skipped level instead of guessing the parent', () => {
    const result = parse(tree(treeRow(0, 'explorer', 5132), treeRow(2, 'deep', 7012)));
    expect(result.records[1]).toMatchObject({ depth: 2, ppid: null });
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'warning' })]);
  });

  it('refuses a row that lost a field even when its name ends in digits, and a cut last row', () => {
    const result = parse(fixture('garbage-and-truncated'));
    expect(result.records.map((record) => record.pid)).not.toContain(2013);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.line)).toEqual([7, 8]);
  });

  it('measures depth from the header, so an indented copy keeps its tree', () => {
    const indented = tree(treeRow(0, 'explorer', 5132), treeRow(1, 'conhost', 7008))
      .split('\n')
      .map((line) => (line === '' ? line : `    ${line}`))
      .join('\n');
    expect(parse(indented).records.map((record) => [record.depth, record.ppid])).toEqual([
      [0, null],
      [1, 5132],
    ]);
  });

  it('does not read a flat listing as a tree', () => {
    const flat = 'Name                Pid Pri Thd  Hnd   Priv        CPU Time    Elapsed Time\nIdle                  0   0  12    0     60   158:19:19.531    52:33:21.294\n';
    const result = parse(flat);
    expect(result.records).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['error', 'warning']);
  });

  it('reads CRLF line ends like LF', () => {
    const text = fixture('windows10-constructed');
    expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(parse(text));
  });

  it('scores its own header high and a flat listing low', () => {
    expect(detect(fixture('n0ware-firefox'))).toBe(1);
    expect(detect(readFileSync(new URL('../../fixtures/pslist/n0ware-v14.txt', import.meta.url), 'utf8'))).toBeLessThan(0.5);
    expect(detect('')).toBe(0);
  });

  it('identifies itself and wins the command pslist -t', () => {
    expect([id, version, commands]).toEqual(['pslist-tree', '1.0.0', ['pslist -t']]);
    expect(findParserForCommand('pslist -t')?.id).toBe('pslist-tree');
  });
});

const nodeName = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,10}( [A-Za-z0-9]{1,6}){0,2}$/), fc.constantFrom('svchost', 'Memory Compression', 'Test Cpp 2013'));

/** A tree listed depth first: each row at most one level below the row above it, as pslist -t prints. */
const listing = fc
  .array(fc.record({ name: nodeName, pid: fc.integer({ min: 0, max: 249_999 }).map((n) => n * 4), level: fc.integer({ min: 0, max: 8 }) }), { minLength: 1, maxLength: 40 })
  .map((rows) => {
    const parents: number[] = [];
    let previous = -1;
    return rows.map(({ name, pid, level }) => {
      const depth = Math.min(level, previous + 1);
      previous = depth;
      parents.length = depth;
      const ppid = depth === 0 ? null : parents[depth - 1]!;
      parents[depth] = pid;
      return { depth, name, pid, ppid };
    });
  });

describe('pslist -t properties', () => {
  it('reads back the PID, depth and parent of every process of a generated tree', () => {
    fc.assert(
      fc.property(listing, (rows) => {
        // Deep rows overflow the 29-character name field: PsList pushes the PID right, and so does the renderer.
        const result = parse(tree(...rows.map((row) => treeRow(row.depth, row.name, row.pid))));
        expect(result.records.map((record) => ({ depth: record.depth, name: record.name, pid: record.pid, ppid: record.ppid }))).toEqual(rows);
        expect(result.diagnostics).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
