// Behaviour of the Velociraptor Windows.Network.Netstat JSON-lines parser (velociraptor-netstat), one rule per test.
import { describe, expect, it } from 'vitest';
import { detectFormat, findParser, findParserForCommand, recordKindOf } from '../../../src/shared/parsers/registry';
import { detect, id, parse, type VelociraptorNetstatResult } from '../../../src/shared/parsers/velociraptor/netstat';
import type { VelociraptorConnection } from '../../../src/shared/parsers/velociraptor/netstatRows';
import { fixtureCases, fixtureText, otherFixtureTexts } from './fleetCollectorFixtures';

const FOLDER = 'velociraptor-netstat';
const fixture = (name: string) => fixtureText(FOLDER, name);

/** One row as the artifact prints it, fields overridden by `changes` (undefined removes a column). */
function row(changes: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    Pid: 3756,
    Name: 'beacon.exe',
    Family: 'IPv4',
    Type: 'TCP',
    Status: 'ESTAB',
    'Laddr.IP': '10.0.50.81',
    'Laddr.Port': 1822,
    'Raddr.IP': '10.0.50.241',
    'Raddr.Port': 8080,
    Timestamp: '2024-03-12T12:41:17Z',
  };
  return JSON.stringify({ ...base, ...changes });
}

const lines = (...rows: string[]) => rows.map((text) => `${text}\n`).join('');

describe('velociraptor-netstat: rows', () => {
  it('names itself and yields connections', () => {
    expect(id).toBe('velociraptor-netstat');
    expect(recordKindOf(findParser(id)!)).toBe('connections');
  });

  it('reads every column of a row: Pid, Name, Family, Type, Status, Laddr.IP/Port, Raddr.IP/Port, Timestamp', () => {
    const { records, diagnostics } = parse(lines(row()));
    expect(diagnostics).toEqual([]);
    expect(records).toEqual<VelociraptorConnection[]>([
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
      },
    ]);
  });

  it('reads the seed host: TCP 445 LISTEN of PID 4 System, PID 3756 to 10.xx.50.241:8080', () => {
    const { records } = parse(fixture('seed-host-constructed'));
    expect(records.find((record) => record.localPort === 445 && record.state === 'LISTEN')).toMatchObject({ proto: 'TCP', localAddr: '0.0.0.0', pid: 4, process: 'System' });
    expect(records.filter((record) => record.pid === 3756).map((record) => [record.localAddr, record.remoteAddr, record.remotePort, record.marks])).toEqual([
      ['10.xx.50.81', '10.xx.50.241', 8080, ['local-addr-not-numeric', 'remote-addr-not-numeric']],
      ['10.xx.50.81', '10.xx.50.241', 8080, ['local-addr-not-numeric', 'remote-addr-not-numeric']],
      ['10.xx.50.81', '10.xx.50.241', 8080, ['local-addr-not-numeric', 'remote-addr-not-numeric']],
    ]);
  });

  it('reads UDP rows as having no remote end and no state', () => {
    const [record] = parse(lines(row({ Type: 'UDP', Status: '', 'Laddr.Port': 137, 'Raddr.IP': '', 'Raddr.Port': 0 }))).records;
    expect(record).toMatchObject({ proto: 'UDP', localPort: 137, remoteAddr: null, remotePort: null, state: null });
  });

  it('names IPv6 sockets TCPv6 and UDPv6, from Family or, without it, from the address', () => {
    const { records } = parse(lines(row({ Family: 'IPv6', 'Laddr.IP': '::', 'Raddr.IP': '::', 'Raddr.Port': 0 }), row({ Family: undefined, Type: 'UDP', 'Laddr.IP': 'fe80::1', 'Raddr.IP': '' })));
    expect(records.map((record) => [record.proto, record.localAddr])).toEqual([
      ['TCPv6', '::'],
      ['UDPv6', 'fe80::1'],
    ]);
  });

  it('keeps the state as Velociraptor prints it: LISTEN, ESTAB, SENT', () => {
    const { records } = parse(fixture('seed-host-constructed'));
    expect(new Set(records.map((record) => record.state))).toEqual(new Set(['LISTEN', 'ESTAB', 'TIME_WAIT', 'SENT', null]));
  });

  it('reads a socket without a creation time (1601-01-01, zero FILETIME) and without a process as nulls', () => {
    const record = parse(fixture('seed-host-constructed')).records.find((socket) => socket.state === 'TIME_WAIT');
    expect(record).toMatchObject({ pid: 0, process: null, boundAt: null });
  });

  it('turns a Timestamp with an offset into UTC, keeping its fraction', () => {
    const [record] = parse(lines(row({ Timestamp: '2024-03-12T14:41:17.25+02:00' }))).records;
    expect(record?.boundAt).toBe('2024-03-12T12:41:17.25Z');
  });

  it('reads the older LaddrIP, LaddrPort, RaddrIP, RaddrPort spelling', () => {
    const text = lines(JSON.stringify({ Pid: 852, Name: 'svchost.exe', Family: 'IPv4', Type: 'TCP', Status: 'LISTEN', LaddrIP: '0.0.0.0', LaddrPort: 135, RaddrIP: '0.0.0.0', RaddrPort: 0, Timestamp: null }));
    expect(parse(text).records).toMatchObject([{ localAddr: '0.0.0.0', localPort: 135, remoteAddr: '0.0.0.0', remotePort: 0, boundAt: null }]);
  });

  it("keeps a hunt's ClientId, Fqdn and FlowId on every record, lists the hosts, and says once that there are several", () => {
    const result = parse(fixture('hunt-two-hosts-constructed'));
    expect(result.sections.hosts).toEqual(['WS5081.corp.example', 'PRX5241.corp.example']);
    expect(result.records.map((record) => record.fqdn)).toEqual(['WS5081.corp.example', 'WS5081.corp.example', 'PRX5241.corp.example', 'PRX5241.corp.example', 'PRX5241.corp.example', 'WS5081.corp.example']);
    expect(result.records[2]).toMatchObject({ clientId: 'C.91a0c2d7e6b5f438', flowId: 'F.CNQ2G1C8M4A4K' });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[3, 'info']]);
  });

  it('takes the echoed command and the command line\'s INFO log lines as structure, CRLF or not', () => {
    const result = parse(fixture('echo-log-and-spellings-crlf-constructed'));
    expect(result.structuralLines).toEqual([1, 2, 9]);
    expect(result.diagnostics).toEqual([]);
    expect(result.records.map((record) => record.line)).toEqual([3, 4, 6, 7, 8]);
  });
});

describe('velociraptor-netstat: damaged lines become diagnostics', () => {
  it('reports a malformed line with its number and still reads the lines around it', () => {
    const text = lines(row({ 'Laddr.Port': 1822 }), row({ 'Laddr.Port': 1823 }).slice(0, 60), row({ 'Laddr.Port': 1824 }));
    const result = parse(text);
    expect(result.records.map((record) => [record.line, record.localPort])).toEqual([
      [1, 1822],
      [3, 1824],
    ]);
    expect(result.diagnostics).toMatchObject([{ line: 2, severity: 'error', message: 'The object is not closed: the row is cut or wrapped', text: row({ 'Laddr.Port': 1823 }).slice(0, 60) }]);
    expect(result.diagnostics[0]?.expected).toContain('Laddr.IP');
  });

  it('says what is wrong with each bad row of the garbage fixture', () => {
    const result = parse(fixture('garbage-and-truncated'));
    const messageAt = (line: number) => result.diagnostics.filter((diagnostic) => diagnostic.line === line).map((diagnostic) => diagnostic.message);
    expect(messageAt(3)).toEqual(['Text after the end of the object: two rows run together, or a row followed by other output']);
    expect(messageAt(4)).toEqual(['Pid "x12" is not a process id']);
    expect(messageAt(5)).toEqual(['Type "ICMP" is not TCP or UDP']);
    expect(messageAt(6)).toEqual(['Laddr.Port 70000 is not a port number (0 to 65535)']);
    expect(messageAt(7)).toEqual(['No Pid']);
    expect(messageAt(11)).toEqual(['Part of a JSON object printed over several lines (pretty-printed): only one object per line is read']);
    expect(messageAt(16)).toEqual(['The text ends inside this object (no line break after it): the capture may be cut']);
    expect(result.records.map((record) => record.line)).toEqual([1, 9]);
  });

  it('keeps a row whose Timestamp is not a time, with a warning', () => {
    const result = parse(lines(row({ Timestamp: 'yesterday' })));
    expect(result.records).toMatchObject([{ boundAt: null, pid: 3756 }]);
    expect(result.diagnostics).toMatchObject([{ line: 1, severity: 'warning', message: 'Timestamp "yesterday" is not an RFC 3339 time: boundAt is null' }]);
  });

  it('reads text as text: HTML in a row is data, and a line of HTML is a warning quoting it', () => {
    const result = parse(lines(row({ Name: '<img src=x onerror=alert(1)>' }), '<script>alert(1)</script>'));
    expect(result.records[0]?.process).toBe('<img src=x onerror=alert(1)>');
    expect(result.diagnostics).toMatchObject([{ line: 2, severity: 'warning', text: '<script>alert(1)</script>' }]);
  });

  it('never throws on non-string input', () => {
    expect(parse(undefined as unknown as string).records).toEqual([]);
    expect(detect(null as unknown as string)).toBe(0);
  });
});

describe('velociraptor-netstat: fixtures, commands and detection', () => {
  it.each(fixtureCases(FOLDER).map((item) => [item.name, item] as const))('parses %s to its expected result', (_name, item) => {
    const result: VelociraptorNetstatResult = parse(item.text);
    expect(JSON.parse(JSON.stringify(result))).toEqual(item.expected);
  });

  it.each(['velociraptor artifacts collect Windows.Network.Netstat --format jsonl', 'velociraptor.exe -r Windows.Network.Netstat --format jsonl'])('recognises %j', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe(id);
  });

  it('detects its own fixtures, and detectFormat picks it', () => {
    for (const name of ['copilot-mock-excerpt', 'seed-host-constructed', 'hunt-two-hosts-constructed']) {
      expect(detect(fixture(name))).toBe(0.95);
      expect(detectFormat(fixture(name))?.parser.id).toBe(id);
    }
    expect(detectFormat(fixture('echo-log-and-spellings-crlf-constructed'))?.parser.id).toBe(id);
  });

  it("scores low on every other format's fixtures, and below NetstatEnriched on its rows", () => {
    for (const other of otherFixtureTexts(FOLDER, 'velociraptor-netstat-enriched')) expect([other.name, detect(other.text)]).toEqual([other.name, 0]);
    for (const enriched of otherFixtureTexts(...['velociraptor-netstat']).filter((item) => item.name.startsWith('velociraptor-netstat-enriched/'))) {
      expect(detect(enriched.text)).toBeLessThan(detectFormat(enriched.text)!.score);
    }
  });

  it('does not take JSON that merely has a Pid and an address', () => {
    expect(detect(lines(JSON.stringify({ Pid: 4, SrcIP: '10.0.0.1', Message: 'login' }), JSON.stringify({ Pid: 8, SrcIP: '10.0.0.2', Message: 'logout' })))).toBeLessThan(0.5);
  });
});
