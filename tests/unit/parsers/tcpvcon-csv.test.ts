// Behaviour of the Sysinternals `tcpvcon -a -c` CSV parser (tcpvcon-csv), one rule per test, then properties over
// generated rows (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/shared/domain';
import { detectFormat, findParserForCommand } from '../../../src/shared/parsers/registry';
import { detect, id, parse } from '../../../src/shared/parsers/windows/tcpvconCsv';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/tcpvcon-csv/${name}.txt`, import.meta.url), 'utf8');

describe('tcpvcon-csv: rows', () => {
  it('names itself', () => {
    expect(id).toBe('tcpvcon-csv');
  });

  it('reads Protocol, Process, PID, State, Local and Remote of a v2.x row', () => {
    const { records, diagnostics } = parse('TCP,chrome.exe,7892,ESTABLISHED,10.0.0.5:55012,93.184.216.34:443\n');
    expect(diagnostics).toEqual([]);
    expect(records).toEqual<Connection[]>([
      { line: 1, proto: 'TCP', localAddr: '10.0.0.5', localPort: 55012, remoteAddr: '93.184.216.34', remotePort: 443, state: 'ESTABLISHED', pid: 7892, process: 'chrome.exe', components: [], marks: [] },
    ]);
  });

  it('reads current builds without ports: ports null, one info diagnostic for the capture', () => {
    const result = parse(fixture('current-build-no-ports'));
    expect(result.records.length).toBe(19);
    expect(result.records.every((record) => record.localPort === null && record.remotePort === null)).toBe(true);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[1, 'info']]);
    expect(result.sections.portsPrinted).toBe(false);
  });

  it('reads UDP\'s "*" state and remote as no state and the wildcard address', () => {
    const [record] = parse('UDP,svchost.exe,4108,*,0.0.0.0,*\n').records;
    expect(record).toMatchObject({ proto: 'UDP', state: null, remoteAddr: '*', remotePort: null, marks: [] });
    const [old] = parse('UDP,lsass.exe,608,*,0.0.0.0:500,*:*\n').records;
    expect(old).toMatchObject({ localPort: 500, remoteAddr: '*', remotePort: null });
  });

  it('reads bracketed IPv6 addresses with and without ports', () => {
    const { records } = parse('TCPV6,svchost.exe,924,LISTENING,[0:0:0:0:0:0:0:0],[0:0:0:0:0:0:0:0]\nTCPV6,svchost.exe,924,LISTENING,[::]:135,[::]:0\n');
    expect(records.map((record) => [record.proto, record.localAddr, record.localPort, record.marks])).toEqual([
      ['TCPV6', '0:0:0:0:0:0:0:0', null, []],
      ['TCPV6', '::', 135, []],
    ]);
  });

  it('keeps anonymized addresses and marks them', () => {
    const row = parse(fixture('v2-ports-seed-derived')).records.find((record) => record.remotePort === 1826);
    expect(row).toMatchObject({ localAddr: '10.xx.50.81', remoteAddr: '10.bb.50.64', process: 'System', pid: 4, marks: ['local-addr-not-numeric', 'remote-addr-not-numeric'] });
  });

  it('reads quoted fields: commas, doubled quotes, every field quoted', () => {
    const { records } = parse(fixture('header-quoted-crlf-derived'));
    expect(records.map((record) => [record.process, record.pid])).toEqual([
      ['C:\\Program Files\\Vendor, Inc\\agent.exe', 3120],
      ['chrome.exe', 7892],
      ['say "hi".exe', 4242],
      ['svchost.exe', 2280],
      ['System', 4],
    ]);
  });

  it('treats the banner, a header row and the echoed command as structure', () => {
    const old = parse(fixture('v2-ports-seed-derived'));
    expect(old.sections).toEqual({ banner: 'Tcpvcon v2.54 - TCP/UDP endpoint viewer', header: null, portsPrinted: true });
    expect(old.structuralLines).toEqual([1, 2, 3]);
    const current = parse(fixture('header-quoted-crlf-derived'));
    expect(current.sections.header).toBe('Protocol,Process,PID,State,Local Address,Remote Address');
    expect(current.structuralLines).toEqual([1, 2]);
  });
});

describe('tcpvcon-csv: damaged lines become diagnostics', () => {
  const garbage = parse(fixture('garbage-and-truncated'));
  const messageAt = (line: number) => garbage.diagnostics.find((diagnostic) => diagnostic.line === line)?.message;

  it('reports cut, run-together and malformed rows, and reads the good ones', () => {
    expect(messageAt(3)).toBe('5 fields instead of 6: the row may be cut or wrapped');
    expect(messageAt(4)).toBe('PID "78x2" is not a number');
    expect(messageAt(5)).toBe('A quoted field is not closed: the line may be cut');
    expect(messageAt(8)).toBe('More than 6 fields: not a tcpvcon row (two rows run together?)');
    expect(garbage.records.map((record) => record.line)).toEqual([2, 9]);
  });

  it('records resolved names: addresses marked, service-name ports null with one info', () => {
    expect(garbage.records[1]).toMatchObject({ localAddr: 'mypc', localPort: 49200, remoteAddr: 'lhr48s27-in-f3.1e100.net', remotePort: null, marks: ['local-addr-not-numeric', 'remote-addr-not-numeric'] });
    expect(garbage.diagnostics.find((diagnostic) => diagnostic.line === 9)?.severity).toBe('info');
  });

  it('does not trust a last row without a line break', () => {
    expect(garbage.diagnostics.at(-1)).toMatchObject({ line: 12, severity: 'error', text: 'TCP,lsass.exe,608,ESTABLISHED,10.0.0.5:1221,10.0.0.200:135' });
  });

  it("points out tcpvcon's list output, which is not CSV", () => {
    expect(messageAt(6)).toBe("tcpvcon's list output (run without -c): not read by this parser");
  });
});

describe('tcpvcon-csv: commands and detection', () => {
  it.each(['tcpvcon -a -c', 'tcpvcon -c -a -n', 'tcpvcon.exe -a -c -n -nobanner', 'tcpvcon64 -c', 'Tcpvcon64a.exe -n -a -c'])('recognises %j', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe('tcpvcon-csv');
  });

  it('does not take tcpvcon without -c (its list output)', () => {
    expect(findParserForCommand('tcpvcon -a -n')).toBeNull();
  });

  it('detects tcpvcon CSV by its rows', () => {
    expect(detect(fixture('current-build-no-ports'))).toBe(0.85);
    expect(detect(fixture('v2-ports-seed-derived'))).toBe(0.95);
    expect(detectFormat(fixture('current-build-no-ports'))?.parser.id).toBe('tcpvcon-csv');
    expect(detect(readFileSync(new URL('../../fixtures/win-netstat/seed-psexec.txt', import.meta.url), 'utf8'))).toBe(0);
  });
});

interface GeneratedRow {
  proto: 'TCP' | 'UDP' | 'TCPV6' | 'UDPV6';
  process: string;
  pid: number;
  state: string;
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
}

const processName = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._-]{0,20}\.exe$/), fc.constant('System'), fc.constant('C:\\Program Files\\A, B\\x.exe'));
const row: fc.Arbitrary<GeneratedRow> = fc
  .record({
    v6: fc.boolean(),
    udp: fc.boolean(),
    process: processName,
    pid: fc.nat(4_000_000),
    state: fc.constantFrom('LISTENING', 'ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'SYN_SENT'),
    local4: fc.ipV4(),
    remote4: fc.ipV4(),
    local6: fc.ipV6(),
    remote6: fc.ipV6(),
    localPort: fc.nat(65535),
    remotePort: fc.nat(65535),
  })
  .map((r) => ({
    proto: r.udp ? (r.v6 ? 'UDPV6' : 'UDP') : r.v6 ? 'TCPV6' : 'TCP',
    process: r.process,
    pid: r.pid,
    state: r.state,
    local: r.v6 ? r.local6 : r.local4,
    localPort: r.localPort,
    remote: r.v6 ? r.remote6 : r.remote4,
    remotePort: r.remotePort,
  }));

const csvField = (value: string, quote: boolean) => (quote || value.includes(',') || value.includes('"') ? `"${value.replaceAll('"', '""')}"` : value);
const addressText = (address: string, port: number | null) => {
  const shown = address.includes(':') ? `[${address}]` : address;
  return port === null ? shown : `${shown}:${port}`;
};

function renderRows(rows: readonly GeneratedRow[], ports: boolean, quoteAll: boolean): string {
  return rows
    .map((r) => {
      const udp = r.proto.startsWith('UDP');
      const remote = udp ? (ports ? '*:*' : '*') : addressText(r.remote, ports ? r.remotePort : null);
      return [r.proto, r.process, String(r.pid), udp ? '*' : r.state, addressText(r.local, ports ? r.localPort : null), remote].map((field) => csvField(field, quoteAll)).join(',');
    })
    .map((line) => `${line}\n`)
    .join('');
}

function expectedRows(rows: readonly GeneratedRow[], ports: boolean): Connection[] {
  return rows.map((r, i) => {
    const udp = r.proto.startsWith('UDP');
    return {
      line: i + 1,
      proto: r.proto,
      localAddr: r.local,
      localPort: ports ? r.localPort : null,
      remoteAddr: udp ? '*' : r.remote,
      remotePort: ports && !udp ? r.remotePort : null,
      state: udp ? null : r.state,
      pid: r.pid,
      process: r.process,
      components: [],
      marks: [],
    };
  });
}

describe('tcpvcon-csv properties', () => {
  it('reads back rows rendered as tcpvcon prints them, with and without ports, quoted or not (round trip)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), fc.boolean(), (rows, ports, quoteAll) => {
        const result = parse(renderRows(rows, ports, quoteAll));
        expect(result.records).toEqual(expectedRows(rows, ports));
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
        expect(result.diagnostics.length).toBe(!ports && rows.length > 0 ? 1 : 0);
      }),
    );
  });

  it('gives the same result for CRLF and LF line ends', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, ports) => {
        const text = renderRows(rows, ports, false);
        expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(parse(text));
      }),
    );
  });

  it('reads a prefix of the output as exactly the rows whose line break it holds (truncation)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, cut) => {
        const text = renderRows(rows, true, false);
        const prefix = text.slice(0, Math.floor(cut * text.length));
        const complete = prefix.split('\n').length - 1;
        expect(parse(prefix).records).toEqual(expectedRows(rows, true).filter((record) => record.line <= complete));
      }),
    );
  });
});

describe('tcpvcon-csv: ports that are not numbers', () => {
  it('tells a missing port, a service name and a malformed number apart on the same capture', () => {
    const result = parse('TCP,svc.exe,4,ESTABLISHED,0.0.0.0,10.0.0.1:epmap\nUDP,svc.exe,4,*,0.0.0.0:53,*:*\nTCP,a.exe,5,ESTABLISHED,1.1.1.1:0x1BD,2.2.2.2\n');
    expect(result.records.map((record) => [record.localPort, record.remotePort])).toEqual([
      [null, null],
      [53, null],
    ]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([
      [1, 'info'],
      [1, 'info'],
      [3, 'error'],
    ]);
    expect(result.diagnostics[0]!.message).toContain('service names');
    expect(result.diagnostics[1]!.message).toContain('without port numbers');
    expect(result.diagnostics[2]!.message).toBe('Port "0x1BD" is not a decimal port number (0 to 65535)');
  });
});
