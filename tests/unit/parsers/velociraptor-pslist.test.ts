// Behaviour of the Velociraptor Windows.System.Pslist JSON-lines parser (velociraptor-pslist), one rule per test.
import { describe, expect, it } from 'vitest';
import { detectFormat, findParser, findParserForCommand, recordKindOf } from '../../../src/shared/parsers/registry';
import { detect, id, parse, type VelociraptorProcess } from '../../../src/shared/parsers/velociraptor/pslist';
import { fixtureCases, fixtureText, otherFixtureTexts } from './fleetCollectorFixtures';

const FOLDER = 'velociraptor-pslist';
const fixture = (name: string) => fixtureText(FOLDER, name);

function row(changes: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    CreateTime: '2024-03-12T12:41:15.9843750Z',
    Pid: 3756,
    Ppid: 3676,
    TokenIsElevated: false,
    Name: 'beacon.exe',
    CommandLine: '"C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe" -k net',
    Exe: 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe',
    TokenInfo: { Username: 'CORP\\jdoe', IsElevated: false, SID: 'S-1-5-21-1004336348-1177238915-682003330-1107' },
    Hash: { MD5: '5f4dcc3b5aa765d61d8327deb882cf99', SHA1: '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed', SHA256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
    Authenticode: { Trusted: 'unsigned' },
    Username: 'CORP\\jdoe',
    WorkingSetSize: 5394432,
  };
  return JSON.stringify({ ...base, ...changes });
}

const lines = (...rows: string[]) => rows.map((text) => `${text}\n`).join('');

describe('velociraptor-pslist: processes', () => {
  it('names itself and yields processes', () => {
    expect(id).toBe('velociraptor-pslist');
    expect(recordKindOf(findParser(id)!)).toBe('processes');
  });

  it('reads every column of a row into a ProcessEntry and what Velociraptor adds', () => {
    const { records, diagnostics } = parse(lines(row()));
    expect(diagnostics).toEqual([]);
    expect(records).toEqual<VelociraptorProcess[]>([
      {
        line: 1,
        name: 'beacon.exe',
        pid: 3756,
        ppid: 3676,
        priority: null,
        threads: null,
        handles: null,
        privateKb: null,
        cpuSec: null,
        elapsedSec: null,
        depth: null,
        user: 'CORP\\jdoe',
        startedAt: '2024-03-12T12:41:15.9843750Z',
        commandLine: '"C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe" -k net',
        exe: 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe',
        tokenIsElevated: false,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        authenticode: 'unsigned',
        workingSetBytes: 5394432,
        clientId: null,
        fqdn: null,
        flowId: null,
      },
    ]);
  });

  it('reads CreateTime as ISO-8601 UTC: offsets converted, the fraction kept digit for digit', () => {
    const { records } = parse(lines(row({ CreateTime: '2024-03-01T07:12:40.25+01:00' }), row({ CreateTime: '2024-03-12T12:41:15.9843750Z' }), row({ CreateTime: '2024-03-12T00:30:00-05:30' })));
    expect(records.map((record) => record.startedAt)).toEqual(['2024-03-01T06:12:40.25Z', '2024-03-12T12:41:15.9843750Z', '2024-03-12T06:00:00Z']);
  });

  it('reads a process Velociraptor could not open: zero time and "" as null', () => {
    const record = parse(fixture('seed-host-constructed')).records.find((process) => process.name === 'csrss.exe');
    expect(record).toMatchObject({ pid: 528, ppid: 464, startedAt: null, user: null, commandLine: null, exe: null, workingSetBytes: null, sha256: null });
  });

  it('reads the seed host: System, and beacon.exe (3756) under explorer.exe (3676)', () => {
    const { records } = parse(fixture('seed-host-constructed'));
    expect(records[0]).toMatchObject({ name: 'System', pid: 4, ppid: 0, commandLine: null, exe: null, user: 'NT AUTHORITY\\SYSTEM' });
    expect(records.find((record) => record.pid === 3756)).toMatchObject({ name: 'beacon.exe', ppid: 3676, authenticode: 'unsigned' });
    expect(records.find((record) => record.pid === 3676)?.name).toBe('explorer.exe');
  });

  it("reads pslist()'s own rows: Threads, User + System CPU seconds, Memory.WorkingSetSize", () => {
    const { records } = parse(fixture('pslist-plugin-rows-published'));
    expect(records.map((record) => [record.name, record.threads, record.cpuSec, record.workingSetBytes])).toEqual([
      ['MsMpEng.exe', 86, 346.954579, 209084416],
      ['svchost.exe', 14, 20.515625, 25452544],
    ]);
  });

  it("keeps a hunt's hosts on the records and in sections", () => {
    const result = parse(fixture('hunt-two-hosts-constructed'));
    expect(result.records.map((record) => [record.pid, record.fqdn])).toEqual([
      [3756, 'WS5081.corp.example'],
      [2360, 'PRX5241.corp.example'],
      [4, 'PRX5241.corp.example'],
      [4, 'WS5081.corp.example'],
    ]);
    expect(result.sections.hosts).toEqual(['WS5081.corp.example', 'PRX5241.corp.example']);
  });
});

describe('velociraptor-pslist: damaged lines become diagnostics', () => {
  it('reports a malformed line with its number and still reads the lines around it', () => {
    const result = parse(lines(row({ Pid: 1 }), row({ Pid: 2 }).slice(0, 40), row({ Pid: 3 })));
    expect(result.records.map((record) => [record.line, record.pid])).toEqual([
      [1, 1],
      [3, 3],
    ]);
    expect(result.diagnostics).toMatchObject([{ line: 2, severity: 'error', message: 'The object is not closed: the row is cut or wrapped' }]);
  });

  it('needs a Pid and a Name', () => {
    const result = parse(lines(row({ Pid: '3968a' }), row({ Name: null }), row({ Pid: undefined })));
    expect(result.records).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([
      [1, 'Pid "3968a" is not a process id'],
      [2, 'No Name'],
      [3, 'No Pid'],
    ]);
  });

  it('keeps a process whose CreateTime is not a time, with a warning', () => {
    const result = parse(lines(row({ CreateTime: '12/03/2024 08:44' })));
    expect(result.records).toMatchObject([{ pid: 3756, startedAt: null }]);
    expect(result.diagnostics).toMatchObject([{ line: 1, severity: 'warning', message: 'CreateTime "12/03/2024 08:44" is not an RFC 3339 time: startedAt is null' }]);
  });

  it('reads the garbage fixture: the good rows, a diagnostic for every other line', () => {
    const result = parse(fixture('garbage-and-truncated'));
    expect(result.records.map((record) => record.line)).toEqual([1, 5, 9]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('velociraptor-pslist: fixtures, commands and detection', () => {
  it.each(fixtureCases(FOLDER).map((item) => [item.name, item] as const))('parses %s to its expected result', (_name, item) => {
    expect(JSON.parse(JSON.stringify(parse(item.text)))).toEqual(item.expected);
  });

  it.each(['velociraptor.exe artifacts collect Windows.System.Pslist --format jsonl', 'velociraptor -r Windows.System.Pslist --format jsonl'])('recognises %j', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe(id);
  });

  it('detects its own fixtures, and detectFormat picks it', () => {
    for (const item of fixtureCases(FOLDER)) {
      expect(detect(item.text)).toBe(0.95);
      expect(detectFormat(item.text)?.parser.id).toBe(id);
    }
  });

  it("scores 0 on every other format's fixtures, the netstat artifacts' rows included", () => {
    for (const other of otherFixtureTexts(FOLDER)) expect([other.name, detect(other.text)]).toEqual([other.name, 0]);
  });
});
