// Behaviour of the PsList parser, one rule per test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands, detect, id, parse, version } from '../../../src/shared/parsers/sysinternals/psList';
import { findParserForCommand } from '../../../src/shared/parsers/registry';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/pslist/${name}.txt`, import.meta.url), 'utf8');

const HEADER = 'Name                Pid Pri Thd  Hnd   Priv        CPU Time    Elapsed Time';
const MEMORY_HEADER = 'Name                Pid      VM      WS    Priv Priv Pk   Faults   NonP Page';

/** A PsList v1.4 table with the given rows, each line ended by LF. */
function table(...rows: string[]): string {
  return [HEADER, ...rows].map((line) => `${line}\n`).join('');
}

describe('pslist: process rows', () => {
  it('reads a PID right of a process name with spaces', () => {
    const row = parse(fixture('names-with-spaces')).records.find((record) => record.line === 8);
    expect(row).toMatchObject({ name: 'Test Cpp 2013', pid: 6980, priority: 8, threads: 1, handles: 39, privateKb: 1092 });
  });

  it('reads names with spaces that overflow the name column', () => {
    const records = parse(fixture('garbage-and-truncated')).records;
    expect(records.find((record) => record.name === 'Memory Compression')?.pid).toBe(2384);
    expect(records.find((record) => record.name === 'Secure System')?.pid).toBe(72);
  });

  it('converts CPU time to seconds', () => {
    const [idle] = parse(fixture('seed')).records;
    expect(idle).toMatchObject({ name: 'Idle', pid: 0, cpuSec: 2240.984, elapsedSec: 0 });
    expect(parse(fixture('names-with-spaces')).records[0]?.cpuSec).toBe(3735842.64);
  });

  it('converts elapsed time with hours above 99 to seconds', () => {
    const system = parse(fixture('names-with-spaces')).records.find((record) => record.name === 'System');
    expect(system?.elapsedSec).toBe(567 * 3600 + 12 * 60 + 16.7);
  });

  it('reads the seed, whitespace collapsed, like column-aligned output', () => {
    const result = parse(fixture('seed'));
    expect(result.records).toHaveLength(34);
    expect(result.records.at(-1)).toMatchObject({ line: 39, name: 'ctfmon', pid: 3968, privateKb: 984 });
    expect(result.diagnostics).toEqual([]);
  });

  it('sets what the default listing does not print to null', () => {
    const [row] = parse(fixture('seed')).records;
    expect(row).toMatchObject({ ppid: null, depth: null, user: null, startedAt: null, commandLine: null, cpuPercent: null, virtualKb: null, workingSetKb: null });
  });

  it('records the line each row came from', () => {
    expect(parse(fixture('n0ware-v14')).records.map((record) => record.line)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18]);
  });

  it('reads CRLF line ends like LF', () => {
    expect(parse(fixture('seed-crlf'))).toEqual(parse(fixture('seed')));
  });

  it('reads a capture indented as a Markdown code block', () => {
    const records = parse(fixture('v13-task-manager')).records;
    expect(records.map((record) => [record.name, record.pid])).toEqual([
      ['w3wp', 9892],
      ['System', 4],
      ['smss', 360],
    ]);
  });
});

describe('pslist: kill-target safety', () => {
  it('refuses a row that lost a field even when the name ends in digits', () => {
    const result = parse(table('Test Cpp 2013      6980   8   1   39     0:00:00.031     0:00:06.665'));
    expect(result.records).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({ line: 2, severity: 'error' });
    expect(result.diagnostics[0]!.message).toContain('Pid "2013" is not where PsList prints that column');
  });

  it('refuses a row that lost its last fields (a wrapped line)', () => {
    const result = parse(table('Test Cpp 2013      6980   8   1   39   1092     0:00:00.031', '    0:00:06.665'));
    expect(result.records).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.line)).toEqual([2, 3]);
  });

  it('refuses an all-numeric row (-m) that lost its last field', () => {
    const text = [MEMORY_HEADER, 'Build 2013         3936  108952   41380   32748   36452   140201      8'].map((line) => `${line}\n`).join('');
    expect(parse(text).records).toEqual([]);
  });

  it('refuses a PID fused with the end of a long name', () => {
    // A name that fills its 16 characters and a 7-digit PID print with no space between them.
    const result = parse(table('Service Host 2016' + '1234568   8   1   39   1092     0:00:00.031     0:00:06.665'));
    expect(result.records).toEqual([]);
    expect(result.diagnostics[0]!.message).toContain('wider than PsList prints it');
  });

  it('never trusts a last row with no line break after it', () => {
    const text = table('firefox           10480   8  69 1335 167308     0:00:08.125     0:41:20.303') + 'firefox            4736   8  45  666 229372     0:00:00.953     0:41:20.1';
    const result = parse(text);
    expect(result.records.map((record) => record.pid)).toEqual([10480]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'error' })]);
  });

  it('keeps ANSI escapes and HTML in a name as plain text', () => {
    const records = parse(fixture('garbage-and-truncated')).records;
    expect(records.find((record) => record.pid === 6666)?.name).toBe('\x1b[1;31mevil\x1b[0m');
    expect(records.find((record) => record.pid === 7012)?.name).toBe('<b>svc</b>');
  });

  it('keeps unparsed lines as diagnostics with line numbers, and reads the rest', () => {
    const result = parse(fixture('garbage-and-truncated'));
    expect(result.records.map((record) => record.line)).toEqual([8, 9, 10, 11, 15, 16]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.line)).toEqual([12, 13, 14, 17, 18]);
  });
});

describe('pslist: other listings', () => {
  it('reads the memory columns of -m into the extra fields', () => {
    const [firefox] = parse(fixture('memory-detail-v126')).records;
    expect(firefox).toMatchObject({ name: 'firefox', pid: 3936, virtualKb: 108952, workingSetKb: 41380, privateKb: 32748, privatePeakKb: 36452, pageFaults: 140201, nonPagedPoolKb: 8, pagedPoolKb: 54, priority: null, cpuSec: null });
    expect(parse(fixture('memory-detail-v126')).sections).toMatchObject({ host: 'Kremvax', listing: 'memory', toolVersion: '1.26' });
  });

  it('puts the threads of -x under the process above them', () => {
    const result = parse(fixture('dmx-one-process'));
    expect(result.records.map((record) => record.pid)).toEqual([5556]);
    expect(result.sections.threads.map((thread) => [thread.pid, thread.tid])).toEqual([
      [5556, 14144],
      [5556, 12148],
      [5556, 15404],
      [5556, 9752],
      [5556, 13172],
      [5556, 256],
    ]);
    expect(result.sections.threads[0]).toMatchObject({ processName: 'ev-thr', priority: 10, contextSwitches: 48, state: 'Wait:UserReq', userSec: 0.14, kernelSec: 0.062, elapsedSec: 4292.912 });
  });

  it('reads the process headings of -d as records with name and PID only', () => {
    const result = parse(fixture('thread-detail-d'));
    expect(result.records.map((record) => [record.line, record.name, record.pid, record.threads])).toEqual([
      [10, 'java', 36052, null],
      [39, 'java', 23532, null],
    ]);
    expect(result.sections.threads.filter((thread) => thread.pid === 36052)).toHaveLength(26);
    expect(result.sections.threads.find((thread) => thread.tid === 40892)).toMatchObject({ state: 'Running', userSec: 112.828 });
  });

  it("reads task-manager mode's CPU column as cpuPercent, not as priority", () => {
    const result = parse(fixture('v13-task-manager'));
    expect(result.records[0]).toMatchObject({ cpuPercent: 96, priority: null, privateKb: 1313512 });
    expect(result.sections).toMatchObject({ host: 'test-server', capturedAt: '23:45:22 2013-09-29', toolVersion: '1.3' });
  });

  it('records "was not found" in sections, with no record', () => {
    const result = parse(fixture('not-found'));
    expect(result.records).toEqual([]);
    expect(result.sections.notFound).toEqual([{ line: 9, name: 'firefox', host: 'n0_puter' }]);
    expect(result.diagnostics).toEqual([]);
  });

  it("keeps PsList's own error lines in sections", () => {
    const result = parse(fixture('perf-counters-missing'));
    expect(result.sections.toolErrors.map((error) => error.message)).toEqual([
      'Processor performance object not found on HOGE-PC',
      'Try running Exctrlst from microsoft.com to repair the performance counters.',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('leaves the -t tree to pslist-tree and does not read it flat', () => {
    const text = ['Name                             Pid Pri Thd  Hnd      VM      WS    Priv', 'firefox                        10480   8  77 1498 4194303  228892  158836', '  firefox                       4736   8  48  679 4194303   70284  229184'].join('\n') + '\n';
    const result = parse(text);
    expect(result.records).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(result.diagnostics[0]!.message).toContain('pslist-tree');
  });

  it('reports a table header with unknown columns and does not read its rows', () => {
    const result = parse('Name Pid Pri Thd Hnd VM WS Priv Frobs CPU Time Elapsed Time\nfoo 4 8 1 1 1 1 1 1 0:00:00.000 0:00:00.000\n');
    expect(result.records).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['error', 'warning']);
    expect(result.diagnostics[0]!.message).toContain('Frobs');
  });

  it('warns when a second listing names another host', () => {
    const text = `Process information for HOST-A:\n${table('a                     4   8   1    1      1     0:00:00.000     0:00:00.000')}Process information for HOST-B:\n${table('b                     8   8   1    1      1     0:00:00.000     0:00:00.000')}`;
    const result = parse(text);
    expect(result.sections.host).toBe('HOST-A');
    expect(result.records.map((record) => record.pid)).toEqual([4, 8]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 4, severity: 'warning' })]);
  });
});

describe('pslist: structure', () => {
  it('takes the host from "Process information for HOST:" verbatim, anonymised names included', () => {
    expect(parse(fixture('seed')).sections).toMatchObject({ host: '10.xx.50.81', tool: 'pslist v1.28 - Sysinternals PsList', toolVersion: '1.28', listing: 'processes' });
  });

  it('lists banner, title, header, echoed command and prompt as structural lines', () => {
    expect(parse(fixture('seed')).structuralLines).toEqual([1, 2, 3, 4, 5]);
    expect(parse(fixture('perf-counters-missing')).structuralLines).toEqual([1, 3, 4, 5, 7, 8, 11]);
  });

  it("reports the capture's elision marks as info", () => {
    expect(parse(fixture('n0ware-v14')).diagnostics).toEqual([expect.objectContaining({ line: 19, severity: 'info', text: '...' })]);
  });

  it('returns nothing for empty input, and survives input that is not a string', () => {
    expect(parse('')).toEqual({ format: 'pslist', parserVersion: '1.0.0', records: [], sections: expect.any(Object), diagnostics: [], structuralLines: [] });
    expect(parse(undefined as unknown as string).records).toEqual([]);
    expect(detect(42 as unknown as string)).toBe(0);
  });
});

describe('pslist: detection and identity', () => {
  it('is sure about real captures, collapsed or column-aligned', () => {
    for (const name of ['seed', 'n0ware-v14', 'memory-detail-v126', 'v13-task-manager', 'v14-notepad-x']) expect(detect(fixture(name))).toBeGreaterThanOrEqual(0.9);
  });

  it('scores a pslist -t tree and other tools low', () => {
    expect(detect(readFileSync(new URL('../../fixtures/pslist-tree/n0ware-firefox.txt', import.meta.url), 'utf8'))).toBeLessThan(0.5);
    expect(detect(readFileSync(new URL('../../fixtures/pskill/seed.txt', import.meta.url), 'utf8'))).toBe(0);
    expect(detect('Proto Local Address Foreign Address State PID\nTCP 0.0.0.0:135 0.0.0.0:0 LISTENING 852\n')).toBe(0);
  });

  it('identifies itself and is found by the commands an analyst types', () => {
    expect([id, version]).toEqual(['pslist', '1.0.0']);
    expect(commands).toContain('pslist');
    expect(findParserForCommand('pslist')?.id).toBe('pslist');
    expect(findParserForCommand('PSLIST -x')?.id).toBe('pslist');
  });
});
