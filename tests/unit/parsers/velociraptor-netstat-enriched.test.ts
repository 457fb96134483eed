// Behaviour of the Velociraptor Windows.Network.NetstatEnriched JSON-lines parser (velociraptor-netstat-enriched).
import { describe, expect, it } from 'vitest';
import { detectFormat, findParser, findParserForCommand, recordKindOf } from '../../../src/shared/parsers/registry';
import { detect, id, parse, type EnrichedConnection } from '../../../src/shared/parsers/velociraptor/netstatEnriched';
import { fixtureCases, fixtureText, otherFixtureTexts } from './fleetCollectorFixtures';

const FOLDER = 'velociraptor-netstat-enriched';
const fixture = (name: string) => fixtureText(FOLDER, name);

function row(changes: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    Pid: 3756,
    Ppid: 3676,
    Name: 'beacon.exe',
    Path: 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe',
    CommandLine: '"C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe" -k net',
    Hash: { MD5: '5f4dcc3b5aa765d61d8327deb882cf99', SHA1: '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed', SHA256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
    Username: 'CORP\\jdoe',
    Authenticode: { Filename: 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe', IssuerName: '', SubjectName: '', Trusted: 'unsigned' },
    Family: 'IPv4',
    Type: 'TCP',
    Status: 'ESTAB',
    Laddr: '10.0.50.81',
    Lport: 1822,
    Raddr: '10.0.50.241',
    Rport: 8080,
    Timestamp: '2024-03-12T12:41:17Z',
  };
  return JSON.stringify({ ...base, ...changes });
}

const lines = (...rows: string[]) => rows.map((text) => `${text}\n`).join('');

describe('velociraptor-netstat-enriched: rows', () => {
  it('names itself and yields connections', () => {
    expect(id).toBe('velociraptor-netstat-enriched');
    expect(recordKindOf(findParser(id)!)).toBe('connections');
  });

  it('reads the socket and its process: Ppid, Name, Path, CommandLine, Hash.SHA256, Username, Authenticode.Trusted', () => {
    const { records, diagnostics } = parse(lines(row()));
    expect(diagnostics).toEqual([]);
    expect(records).toEqual<EnrichedConnection[]>([
      {
        line: 1,
        proto: 'TCP',
        localAddr: '10.0.50.81',
        localPort: 1822,
        remoteAddr: '10.0.50.241',
        remotePort: 8080,
        state: 'ESTAB',
        pid: 3756,
        process: 'beacon.exe',
        components: [],
        marks: [],
        boundAt: '2024-03-12T12:41:17Z',
        clientId: null,
        fqdn: null,
        flowId: null,
        ppid: 3676,
        path: 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe',
        commandLine: '"C:\\Users\\jdoe\\AppData\\Local\\Temp\\beacon.exe" -k net',
        username: 'CORP\\jdoe',
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        authenticode: 'unsigned',
      },
    ]);
  });

  it('reads the seed host: System on 445 with empty path and no hash, PID 3756 unsigned to 10.xx.50.241:8080', () => {
    const { records } = parse(fixture('seed-host-constructed'));
    expect(records.find((record) => record.localPort === 445 && record.state === 'LISTEN' && record.proto === 'TCP')).toMatchObject({ pid: 4, process: 'System', path: null, commandLine: null, sha256: null, authenticode: null });
    expect(records.find((record) => record.pid === 3756)).toMatchObject({ remoteAddr: '10.xx.50.241', remotePort: 8080, ppid: 3676, authenticode: 'unsigned', username: 'CORP\\jdoe' });
  });

  it('reads a socket whose process had gone as nulls beside the socket', () => {
    const record = parse(fixture('seed-host-constructed')).records.find((socket) => socket.state === 'TIME_WAIT');
    expect(record).toMatchObject({ pid: 0, ppid: null, process: null, path: null, commandLine: null, username: null, sha256: null, authenticode: null, boundAt: null });
  });

  it('reads UDP and IPv6 rows', () => {
    const { records } = parse(lines(row({ Type: 'UDP', Status: '', Raddr: '', Rport: 0 }), row({ Family: 'IPv6', Laddr: '::', Lport: 445, Raddr: '::', Rport: 0, Status: 'LISTEN' })));
    expect(records.map((record) => [record.proto, record.remoteAddr, record.remotePort, record.state])).toEqual([
      ['UDP', null, null, null],
      ['TCPv6', '::', 0, 'LISTEN'],
    ]);
  });

  it('reads the older SrcIP, SrcPort, DestIP, DestPort spelling, in a hunt of two hosts', () => {
    const result = parse(fixture('hunt-older-spelling-constructed'));
    expect(result.records.map((record) => [record.localAddr, record.localPort, record.remoteAddr, record.remotePort, record.fqdn])).toEqual([
      ['10.xx.50.81', 1822, '10.xx.50.241', 8080, 'WS5081.corp.example'],
      ['10.xx.50.241', 8080, '10.xx.50.81', 1822, 'PRX5241.corp.example'],
    ]);
    expect(result.sections.hosts).toEqual(['WS5081.corp.example', 'PRX5241.corp.example']);
  });
});

describe('velociraptor-netstat-enriched: damaged lines become diagnostics', () => {
  it('reports a malformed line with its number and still reads the lines around it', () => {
    const result = parse(lines(row({ Lport: 1822 }), row({ Lport: 1823, Rport: -1 }), row({ Lport: 1824 })));
    expect(result.records.map((record) => [record.line, record.localPort])).toEqual([
      [1, 1822],
      [3, 1824],
    ]);
    expect(result.diagnostics).toMatchObject([{ line: 2, severity: 'error', message: 'Rport -1 is not a port number (0 to 65535)' }]);
  });

  it('keeps the socket when only its process columns are odd', () => {
    const [record] = parse(lines(row({ Hash: 'n/a', Authenticode: null, Ppid: '?' }))).records;
    expect(record).toMatchObject({ ppid: null, sha256: null, authenticode: null, pid: 3756 });
  });

  it('reads the garbage fixture: cut row, empty Type, bad port, other text', () => {
    const result = parse(fixture('garbage-and-truncated'));
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([
      [2, 'error'],
      [3, 'error'],
      [4, 'error'],
      [6, 'warning'],
    ]);
    expect(result.records.map((record) => record.line)).toEqual([1, 5, 7]);
  });
});

describe('velociraptor-netstat-enriched: fixtures, commands and detection', () => {
  it.each(fixtureCases(FOLDER).map((item) => [item.name, item] as const))('parses %s to its expected result', (_name, item) => {
    expect(JSON.parse(JSON.stringify(parse(item.text)))).toEqual(item.expected);
  });

  it.each(['velociraptor.exe artifacts collect Windows.Network.NetstatEnriched --format jsonl', 'velociraptor -r windows.network.netstatenriched --format jsonl'])('recognises %j', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe(id);
  });

  it('detects its own fixtures, ahead of the plain Netstat parser', () => {
    for (const item of fixtureCases(FOLDER)) {
      expect(detect(item.text)).toBe(0.95);
      expect(detectFormat(item.text)?.parser.id).toBe(id);
    }
  });

  it("scores low on every other format's fixtures, and below Netstat on Netstat's rows", () => {
    for (const other of otherFixtureTexts(FOLDER, 'velociraptor-netstat')) expect([other.name, detect(other.text)]).toEqual([other.name, 0]);
    for (const netstat of otherFixtureTexts(FOLDER).filter((item) => item.name.startsWith('velociraptor-netstat/'))) {
      expect(detect(netstat.text)).toBeLessThan(0.65);
    }
  });
});
