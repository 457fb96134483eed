// Behaviour of the osquery process_open_sockets JSON parser (osquery-process-open-sockets), one rule per test.
import { describe, expect, it } from 'vitest';
import { detect, id, parse, type OsqueryConnection } from '../../../src/shared/parsers/osquery/processOpenSockets';
import { detectFormat, findParser, findParserForCommand, recordKindOf } from '../../../src/shared/parsers/registry';
import { fixtureCases, fixtureText, otherFixtureTexts } from './fleetCollectorFixtures';

const FOLDER = 'osquery-process-open-sockets';
const fixture = (name: string) => fixtureText(FOLDER, name);

/** One row as osqueryi --json prints it (every value a string, keys in alphabetical order). */
function row(changes: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    family: '2',
    fd: '',
    local_address: '10.0.50.81',
    local_port: '1822',
    name: 'beacon.exe',
    path: '',
    pid: '3756',
    protocol: '6',
    remote_address: '10.0.50.241',
    remote_port: '8080',
    socket: '',
    state: 'ESTABLISHED',
  };
  return JSON.stringify({ ...base, ...changes });
}

/** osqueryi --json: "[", one row per line with a comma between, "]". */
const osqueryi = (...rows: string[]) => `[\n${rows.map((text) => `  ${text}`).join(',\n')}\n]\n`;
const lines = (...rows: string[]) => rows.map((text) => `${text}\n`).join('');

describe('osquery-process-open-sockets: rows', () => {
  it('names itself and yields connections', () => {
    expect(id).toBe('osquery-process-open-sockets');
    expect(recordKindOf(findParser(id)!)).toBe('connections');
  });

  it('reads a row of osqueryi --json: protocol 6 → TCP, family 2, state, pid, the process name', () => {
    const result = parse(osqueryi(row()));
    expect(result.diagnostics).toEqual([]);
    expect(result.structuralLines).toEqual([1, 3]);
    expect(result.records).toEqual<OsqueryConnection[]>([
      { line: 2, proto: 'TCP', localAddr: '10.0.50.81', localPort: 1822, remoteAddr: '10.0.50.241', remotePort: 8080, state: 'ESTABLISHED', pid: 3756, process: 'beacon.exe', components: [], marks: [], host: null },
    ]);
  });

  it('maps protocol 17 to UDP and the IPv6 families of Linux (10), Windows (23) and macOS (30) to v6', () => {
    const { records } = parse(osqueryi(row({ protocol: '17', state: '' }), row({ family: '10', local_address: '::' }), row({ family: '23', local_address: '::' }), row({ family: '30', local_address: '::1' })));
    expect(records.map((record) => record.proto)).toEqual(['UDP', 'TCPv6', 'TCPv6', 'TCPv6']);
  });

  it('reads Windows UDP rows, remote "0" port "0" and no state, as having no remote end', () => {
    const [record] = parse(osqueryi(row({ protocol: '17', remote_address: '0', remote_port: '0', state: '' }))).records;
    expect(record).toMatchObject({ proto: 'UDP', remoteAddr: null, remotePort: null, state: null });
  });

  it('reads the seed host on Windows: TCP 445 LISTEN PID 4 System, PID 3756 to 10.xx.50.241:8080', () => {
    const { records, structuralLines } = parse(fixture('osqueryi-json-windows-constructed'));
    expect(structuralLines).toEqual([1, 2, 14]);
    expect(records.find((record) => record.localPort === 445 && record.state === 'LISTEN')).toMatchObject({ proto: 'TCP', pid: 4, process: 'System' });
    expect(records.filter((record) => record.pid === 3756).map((record) => `${record.remoteAddr}:${record.remotePort}`)).toEqual(['10.xx.50.241:8080', '10.xx.50.241:8080']);
  });

  it('reads pid -1 (a socket without a process) as null, marked owner-unknown', () => {
    const [record] = parse(lines(row({ pid: '-1', name: '' }))).records;
    expect(record).toMatchObject({ pid: null, process: null, marks: ['owner-unknown'] });
  });

  it('reads values printed as numbers (--logger_numerics) and rows without the process name', () => {
    const { records } = parse(lines(row({ family: 2, local_port: 445, pid: 4, protocol: 6, remote_port: 0, remote_address: '0.0.0.0', state: 'LISTEN', name: undefined })));
    expect(records).toMatchObject([{ proto: 'TCP', localPort: 445, pid: 4, remotePort: 0, process: null }]);
  });

  it("reads osqueryd's results log: added rows recorded with their host, removed rows and AF_UNIX sockets counted", () => {
    const result = parse(fixture('results-log-linux-constructed'));
    expect(result.records.map((record) => [record.line, record.host, record.process, record.localPort])).toEqual([
      [1, 'web-01', 'sshd', 22],
      [2, 'web-01', 'sshd', 22],
      [3, 'web-01', 'nginx', 443],
      [6, 'web-02', 'dnsmasq', 53],
      [6, 'web-02', 'curl', 44518],
      [6, 'web-02', null, 33004],
      [7, 'web-01', 'nginx', 443],
    ]);
    expect(result.sections).toEqual({ hosts: ['web-01', 'web-02'], removedRows: 2, unixSockets: 1 });
    expect(result.structuralLines).toEqual([4, 5]);
    expect(result.diagnostics).toEqual([]);
  });

  it('takes other protocols (ICMP, raw) as info, not records', () => {
    const result = parse(lines(row({ protocol: '1' })));
    expect(result.records).toEqual([]);
    expect(result.diagnostics).toMatchObject([{ line: 1, severity: 'info', message: 'A protocol 1 socket: only TCP (6) and UDP (17) sockets are recorded' }]);
  });
});

describe('osquery-process-open-sockets: damaged lines become diagnostics', () => {
  it('reports a malformed line with its number and still reads the lines around it', () => {
    const result = parse(osqueryi(row({ local_port: '1822' }), row({ local_port: '1823' }).slice(0, 50), row({ local_port: '1824' })));
    expect(result.records.map((record) => [record.line, record.localPort])).toEqual([
      [2, 1822],
      [4, 1824],
    ]);
    expect(result.diagnostics).toMatchObject([{ line: 3, severity: 'error', message: 'The object is not closed: the row is cut or wrapped' }]);
  });

  it('says what is wrong with each bad row of the garbage fixture', () => {
    const result = parse(fixture('garbage-and-truncated'));
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity, diagnostic.message])).toEqual([
      [3, 'error', 'The object is not closed: the row is cut or wrapped'],
      [4, 'error', 'protocol "" is not a protocol number'],
      [5, 'error', 'remote_port "80800" is not a port number (0 to 65535)'],
      [6, 'error', 'local_port "x" is not a port number (0 to 65535)'],
      [7, 'error', 'No pid column'],
      [8, 'error', 'local_address "" is not an address'],
      [9, 'warning', 'Not a JSON row'],
      [10, 'info', 'A protocol 1 socket: only TCP (6) and UDP (17) sockets are recorded'],
      [11, 'error', 'Text after the end of the object: two rows run together, or a row followed by other output'],
      [12, 'error', 'Element 1 of snapshot is not an object'],
    ]);
    expect(result.records.map((record) => record.line)).toEqual([2, 12, 13]);
  });
});

describe('osquery-process-open-sockets: fixtures, commands and detection', () => {
  it.each(fixtureCases(FOLDER).map((item) => [item.name, item] as const))('parses %s to its expected result', (_name, item) => {
    expect(JSON.parse(JSON.stringify(parse(item.text)))).toEqual(item.expected);
  });

  it('recognises osqueryi --json as typed, and its echo in a capture', () => {
    expect(findParserForCommand('osqueryi --json')?.id).toBe(id);
    expect(findParserForCommand('osqueryi.exe --json')?.id).toBe(id);
    expect(parse(lines('$ osqueryi --json < sockets.sql', '[', row(), ']')).structuralLines).toEqual([1, 2, 4]);
  });

  it('detects its own fixtures, and detectFormat picks it', () => {
    for (const item of fixtureCases(FOLDER)) {
      expect(detect(item.text)).toBeGreaterThanOrEqual(0.8);
      expect(detectFormat(item.text)?.parser.id).toBe(id);
    }
  });

  it("scores 0 on every other format's fixtures", () => {
    for (const other of otherFixtureTexts(FOLDER)) expect([other.name, detect(other.text)]).toEqual([other.name, 0]);
  });

  it('does not take other JSON with a local_address and local_port (a proxy configuration)', () => {
    expect(detectFormat(lines('{"server":"host","server_port":443,"local_address":"0.0.0.0","local_port":1080,"password":"x","method":"aes-256-gcm"}'))).toBeNull();
  });
});
