// Behaviour of the Windows `netstat -ano` parser (win-netstat) and the endpoint splitter it shares, one rule per test,
// then properties over generated tables (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/shared/domain';
import { addressKind, parseEndpoint } from '../../../src/shared/parsers/endpoint';
import { detectFormat, findParserForCommand } from '../../../src/shared/parsers/registry';
import { commands, detect, id, parse, version } from '../../../src/shared/parsers/windows/netstat';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/win-netstat/${name}.txt`, import.meta.url), 'utf8');

const HEADER = '  Proto  Local Address          Foreign Address        State           PID';
const HEADER_NO_PID = '  Proto  Local Address          Foreign Address        State';

/** One row as netstat formats it: "  %-5s  %-21s  %-21s  %-14s  %s" (the PID column only with -o). */
function renderRow(proto: string, local: string, remote: string, state: string, pid: number | null): string {
  const head = `  ${proto.padEnd(5)}  ${local.padEnd(21)}  ${remote.padEnd(21)}  `;
  return pid === null ? head + state : `${head}${state.padEnd(14)}  ${pid}`;
}

/** A table with the given rows, each line ended by LF. */
function table(...rows: string[]): string {
  return ['', 'Active Connections', '', HEADER, ...rows].map((line) => `${line}\n`).join('');
}

describe('win-netstat: rows', () => {
  it('names itself and its version', () => {
    expect([id, version]).toEqual(['win-netstat', '1.0.0']);
    expect(parse(table()).format).toBe('win-netstat');
  });

  it('reads the PID of each socket', () => {
    const { records, diagnostics } = parse(table(renderRow('TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 852), renderRow('UDP', '0.0.0.0:500', '*:*', '', 608)));
    expect(diagnostics).toEqual([]);
    expect(records.map((record) => [record.proto, record.localPort, record.state, record.pid])).toEqual([
      ['TCP', 135, 'LISTENING', 852],
      ['UDP', 500, null, 608],
    ]);
  });

  it('reads a Connection with every field, absent ones null', () => {
    const [record] = parse(table(renderRow('TCP', '10.0.0.5:49200', '93.184.216.34:443', 'ESTABLISHED', 3756))).records;
    expect(record).toEqual<Connection>({
      line: 5,
      proto: 'TCP',
      localAddr: '10.0.0.5',
      localPort: 49200,
      remoteAddr: '93.184.216.34',
      remotePort: 443,
      state: 'ESTABLISHED',
      pid: 3756,
      process: null,
      components: [],
      marks: [],
    });
  });

  it('reads UDP\'s "*:*" as remote address "*" with no port and no state', () => {
    const [record] = parse(table(renderRow('UDP', '0.0.0.0:5353', '*:*', '', 3404))).records;
    expect(record).toMatchObject({ remoteAddr: '*', remotePort: null, state: null, marks: [] });
  });

  it('keeps anonymized addresses and marks them', () => {
    const { records, diagnostics } = parse(fixture('seed-psexec'));
    expect(diagnostics).toEqual([]);
    const row = records.find((record) => record.localPort === 445 && record.state === 'ESTABLISHED');
    expect(row).toMatchObject({ localAddr: '10.xx.50.81', remoteAddr: '10.bb.50.64', remotePort: 1826, pid: 4, marks: ['local-addr-not-numeric', 'remote-addr-not-numeric'] });
    expect(records.filter((record) => record.localAddr === '0.0.0.0').every((record) => record.marks.length === 0)).toBe(true);
  });

  it('reads IPv6 scope ids and keeps them on the address', () => {
    const { records, diagnostics } = parse(fixture('survol-on-ipv6-scope'));
    expect(diagnostics).toEqual([]);
    expect(records[2]).toMatchObject({ localAddr: 'fe80::3c7a:339:64f0:2161%11', localPort: 1521, remoteAddr: 'fe80::3c7a:339:64f0:2161%11', remotePort: 51769, pid: 4316, marks: [] });
  });

  it('reads IPv6 endpoints without their brackets', () => {
    const { records } = parse(table(renderRow('TCP', '[::]:135', '[::]:0', 'LISTENING', 1712), renderRow('TCP', '[::1]:49664', '[::1]:49665', 'ESTABLISHED', 1428)));
    expect(records.map((record) => [record.localAddr, record.localPort, record.remoteAddr, record.remotePort])).toEqual([
      ['::', 135, '::', 0],
      ['::1', 49664, '::1', 49665],
    ]);
  });

  it('reads rows whose long endpoints push the later columns right', () => {
    const { records, diagnostics } = parse(table('  UDP    [fe80::244e:2f1e:2096:62b2%9]:1900  *:*                                    8844'));
    expect(diagnostics).toEqual([]);
    expect(records[0]).toMatchObject({ localAddr: 'fe80::244e:2f1e:2096:62b2%9', localPort: 1900, pid: 8844 });
  });

  it('reads netstat -an without a PID column: every pid is null', () => {
    const result = parse(fixture('jc-windows10-an'));
    expect(result.diagnostics).toEqual([]);
    expect(result.sections.pidColumn).toBe(false);
    expect(result.records.length).toBe(28);
    expect(result.records.every((record) => record.pid === null)).toBe(true);
  });

  it('marks an IPv6 address whose groups are not hex (anonymised) as not numeric', () => {
    const last = parse(fixture('jc-windows10-an')).records.at(-1);
    expect(last).toMatchObject({ localAddr: 'fe80::asda:4124:2096:62b2%9', marks: ['local-addr-not-numeric'] });
  });

  it('keeps translated states as printed, also when wider than their column', () => {
    const result = parse(fixture('german-derived'));
    expect(result.diagnostics).toEqual([]);
    expect(result.sections.title).toBe('Aktive Verbindungen');
    expect(result.records.map((record) => record.state)).toEqual(['ABHÖREN', 'HERGESTELLT', 'SCHLIESSEN_WARTEN', 'WARTEND', 'ABHÖREN', null]);
  });

  it('reads every TCP state netstat prints', () => {
    const { records, diagnostics } = parse(fixture('tcp-states-derived'));
    expect(diagnostics).toEqual([]);
    expect(records.filter((record) => record.proto === 'TCP').map((record) => record.state)).toEqual([
      'LISTENING', 'SYN_SENT', 'SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSING', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'DELETE_TCB', 'BOUND', 'LISTENING', 'ESTABLISHED',
    ]);
  });

  it('records ports printed as service names (netstat without -n) as null, with one info diagnostic', () => {
    const { records, diagnostics } = parse(table(renderRow('TCP', '0.0.0.0:epmap', 'DESKTOP-7:0', 'LISTENING', 852), renderRow('TCP', 'DESKTOP-7:49700', 'lhr25s34-in-f14:https', 'ESTABLISHED', 900)));
    expect(records.map((record) => [record.localAddr, record.localPort, record.remoteAddr, record.remotePort, record.marks])).toEqual([
      ['0.0.0.0', null, 'DESKTOP-7', 0, ['remote-addr-not-numeric']],
      ['DESKTOP-7', 49700, 'lhr25s34-in-f14', null, ['local-addr-not-numeric', 'remote-addr-not-numeric']],
    ]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[5, 'info']]);
  });
});

describe('win-netstat: structure around the table', () => {
  it('treats the PsExec banner and trailer as structure', () => {
    const result = parse(fixture('seed-psexec'));
    expect(result.sections).toEqual({
      launcher: 'PsExec v1.94 - Execute processes remotely',
      title: 'Active Connections',
      header: 'Proto Local Address Foreign Address State PID',
      pidColumn: true,
      host: '10.xx.50.81',
      exitCode: 0,
    });
    expect(result.structuralLines).toEqual([1, 2, 3, 4, 5, 25]);
    expect(result.records.length).toBe(19);
  });

  it('reads PsExec progress messages ended by CR only as structure, and warns about a failing exit code', () => {
    const result = parse(fixture('psexec-v2-progress-crlf-derived'));
    expect(result.structuralLines).toEqual([1, 3, 4, 5, 7, 8, 10, 14]);
    expect(result.sections).toMatchObject({ launcher: 'PsExec v2.43 - Execute processes remotely', host: 'wkstn-2', exitCode: 1 });
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 14, severity: 'warning', text: 'netstat exited on wkstn-2 with error code 1.' })]);
    expect(result.records.map((record) => record.state)).toEqual(['LISTENING', 'SYN_SENT', null]);
  });

  it.each([
    'C:\\>netstat -ano',
    'C:\\Users\\rchateau>netstat -on',
    'PS C:\\Users\\mssql> netstat -ano | findstr "3343"',
    'psexec \\\\10.xx.50.81 netstat -ano',
    'C:\\Tools> psexec.exe \\\\wkstn-2 -s netstat -nao',
    'SHELL> netstat -a -n -o',
    'C:\\Windows\\System32\\NETSTAT.EXE -ano',
  ])('treats the echoed command %j as structure', (echo) => {
    const result = parse(`${echo}\n${table(renderRow('TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 852))}`);
    expect(result.diagnostics).toEqual([]);
    expect(result.structuralLines[0]).toBe(1);
  });

  it('warns when a second table starts: the text holds two captures', () => {
    const row = renderRow('TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 852);
    const { records, diagnostics } = parse(table(row) + table(row));
    expect(records.length).toBe(2);
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['The table starts again: the text holds more than one capture']);
  });

  it('reads LF and CRLF captures alike', () => {
    const lf = parse(fixture('seed-psexec'));
    const crlf = parse(fixture('seed-psexec-crlf'));
    expect(crlf).toEqual(lf);
  });
});

describe('win-netstat: damaged lines become diagnostics', () => {
  const garbage = parse(fixture('garbage-and-truncated'));
  const at = (line: number) => garbage.diagnostics.filter((diagnostic) => diagnostic.line === line);

  it('reports a row cut or wrapped before its PID, and the PID alone below it', () => {
    expect(at(7)).toEqual([expect.objectContaining({ severity: 'error', message: 'No PID although the header has a PID column: the line may be cut or wrapped' })]);
    expect(at(8)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('refuses ports that are not decimal numbers', () => {
    expect(at(12)[0]?.message).toBe('Port "0x1BD" is not a decimal port number (0 to 65535)');
    expect(at(13)[0]?.message).toBe('Port "70000" is not a decimal port number (0 to 65535)');
  });

  it('reads ANSI escapes and HTML as plain text: not rows', () => {
    expect(at(14)[0]?.text).toContain('\u001b[32m');
    expect(at(15)[0]?.text).toBe('<b>TCP</b> 0.0.0.0:80 0.0.0.0:0 LISTENING 4');
  });

  it('reports two rows run together on one line', () => {
    expect(at(16)[0]?.message).toBe('Not a connection row: more than 8 fields (two rows run together?)');
  });

  it('does not trust a last row without a line break', () => {
    expect(at(21)).toEqual([expect.objectContaining({ severity: 'error', text: '  TCP    192.168.31.221:4699    20.54.232.160:443      ESTABLISHED     176' })]);
    expect(garbage.records.some((record) => record.line === 21)).toBe(false);
  });

  it('still reads the good rows between the damaged ones', () => {
    expect(garbage.records.map((record) => record.line)).toEqual([6, 11, 19]);
  });

  it('sends a netstat -b owner line to the other parser', () => {
    expect(at(18)[0]?.message).toBe('An owner line of netstat -b: this capture is read by win-netstat-b');
  });

  it('never throws on what is not text', () => {
    expect(parse(undefined as unknown as string).records).toEqual([]);
    expect(parse(42 as unknown as string).diagnostics).toEqual([]);
  });
});

describe('win-netstat: commands and detection', () => {
  it.each(['netstat -ano', 'netstat -nao', 'netstat -aon', 'NETSTAT -ANO', 'netstat.exe -ano | findstr 445', 'netstat -an', 'netstat -on', 'netstat -a -n -o', 'netstat -anoq'])(
    'recognises %j as netstat -ano',
    (typed) => {
      expect(findParserForCommand(typed)?.id).toBe('win-netstat');
    },
  );

  it('lists only patterns that compile, without duplicates', () => {
    expect(new Set(commands).size).toBe(commands.length);
  });

  it('sends netstat -b to win-netstat-b', () => {
    expect(findParserForCommand('netstat -anob')?.id).toBe('win-netstat-b');
  });

  it('detects netstat -ano output by its title, header and rows', () => {
    expect(detect(fixture('jc-windows10-ano'))).toBe(1);
    expect(detect(fixture('seed-psexec'))).toBe(1);
    expect(detectFormat(fixture('jc-windows10-ano'))?.parser.id).toBe('win-netstat');
    expect(detect('')).toBe(0);
    expect(detect('hello\nworld\n')).toBe(0);
  });

  it('gives way to win-netstat-b when owner lines follow the rows', () => {
    const text = readFileSync(new URL('../../fixtures/win-netstat-b/jc-windows10-anob.txt', import.meta.url), 'utf8');
    expect(detect(text)).toBeLessThanOrEqual(0.6);
    expect(detectFormat(text)?.parser.id).toBe('win-netstat-b');
  });
});

describe('endpoint splitter (shared with ss and tcpvcon)', () => {
  it.each([
    ['0.0.0.0:135', '0.0.0.0', 135, '135'],
    ['[::]:135', '::', 135, '135'],
    ['[fe80::1%4]:139', 'fe80::1%4', 139, '139'],
    ['[::1]:49664', '::1', 49664, '49664'],
    ['*:*', '*', null, '*'],
    [':::22', '::', 22, '22'],
    ['0.0.0.0', '0.0.0.0', null, null],
    ['[0:0:0:0:0:0:0:0]', '0:0:0:0:0:0:0:0', null, null],
    ['HOST:epmap', 'HOST', null, 'epmap'],
  ])('splits %j', (text, address, port, portText) => {
    expect(parseEndpoint(text)).toEqual({ address, port, portText });
  });

  it.each(['', '[::1', '[]:80', ':80', '0.0.0.0:', '[::1]80'])('refuses %j', (text) => {
    expect(parseEndpoint(text)).toBeNull();
  });

  it.each([
    ['10.0.0.5', 'ipv4'],
    ['10.xx.50.81', 'not-numeric'],
    ['256.1.1.1', 'not-numeric'],
    ['fe80::1%4', 'ipv6'],
    ['::ffff:10.0.0.1', 'ipv6'],
    ['1:2:3:4:5:6:7:8', 'ipv6'],
    ['1:2:3', 'not-numeric'],
    ['fe80::asda:1', 'not-numeric'],
    ['*', 'wildcard'],
    ['DESKTOP-7', 'not-numeric'],
  ])('calls %j %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it('reads every address fast-check generates as numeric', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (address) => {
        expect(addressKind(address)).not.toBe('not-numeric');
        expect(parseEndpoint(`[${address}]:443`)).toEqual({ address, port: 443, portText: '443' });
      }),
    );
  });
});

interface GeneratedSocket {
  proto: 'TCP' | 'UDP';
  localAddr: string;
  localPort: number;
  remoteAddr: string;
  remotePort: number;
  state: string;
  pid: number;
}

const STATES = ['LISTENING', 'SYN_SENT', 'SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT', 'DELETE_TCB', 'BOUND', 'ABHÖREN'];
const address = fc.oneof(
  { weight: 3, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: fc.tuple(fc.ipV6(), fc.integer({ min: 1, max: 99 })).map(([ip, zone]) => `${ip}%${zone}`) },
);
const socket: fc.Arbitrary<GeneratedSocket> = fc.record({
  proto: fc.constantFrom('TCP' as const, 'UDP' as const),
  localAddr: address,
  localPort: fc.nat(65535),
  remoteAddr: address,
  remotePort: fc.nat(65535),
  state: fc.constantFrom(...STATES),
  pid: fc.nat(4_000_000),
});

const endpointText = (addr: string, port: number) => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);

function renderCapture(sockets: readonly GeneratedSocket[], withPid: boolean, psexec: boolean): string {
  const lines = psexec ? ['PsExec v2.43 - Execute processes remotely', 'Copyright (C) 2001-2023 Mark Russinovich', 'Sysinternals - www.sysinternals.com', ''] : [];
  lines.push('', 'Active Connections', '', withPid ? HEADER : HEADER_NO_PID);
  for (const s of sockets) {
    const remote = s.proto === 'UDP' ? '*:*' : endpointText(s.remoteAddr, s.remotePort);
    lines.push(renderRow(s.proto, endpointText(s.localAddr, s.localPort), remote, s.proto === 'UDP' ? '' : s.state, withPid ? s.pid : null));
  }
  if (psexec) lines.push('netstat exited on HOST-1 with error code 0.');
  return `${lines.join('\n')}\n`;
}

function expected(sockets: readonly GeneratedSocket[], withPid: boolean, psexec: boolean): Connection[] {
  const first = psexec ? 9 : 5;
  return sockets.map((s, i) => ({
    line: first + i,
    proto: s.proto,
    localAddr: s.localAddr,
    localPort: s.localPort,
    remoteAddr: s.proto === 'UDP' ? '*' : s.remoteAddr,
    remotePort: s.proto === 'UDP' ? null : s.remotePort,
    state: s.proto === 'UDP' ? null : s.state,
    pid: withPid ? s.pid : null,
    process: null,
    components: [],
    marks: [],
  }));
}

describe('win-netstat properties', () => {
  it('reads back connections rendered in netstat\'s column format (round trip)', () => {
    fc.assert(
      fc.property(fc.array(socket, { maxLength: 30 }), fc.boolean(), fc.boolean(), (sockets, withPid, psexec) => {
        const result = parse(renderCapture(sockets, withPid, psexec));
        expect(result.diagnostics).toEqual([]);
        expect(result.records).toEqual(expected(sockets, withPid, psexec));
        expect(result.sections.exitCode).toBe(psexec ? 0 : null);
      }),
    );
  });

  it('gives the same result for CRLF and LF line ends, trailing padding and collapsed whitespace', () => {
    fc.assert(
      fc.property(fc.array(socket, { maxLength: 20 }), fc.boolean(), (sockets, withPid) => {
        const text = renderCapture(sockets, withPid, true);
        const lf = parse(text);
        expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(lf);
        expect(parse(text.replaceAll('\n', '   \n'))).toEqual(lf);
        expect(parse(text.replace(/ +/g, ' ')).records).toEqual(lf.records);
      }),
    );
  });

  it('reads a prefix of the output as exactly the rows whose line break it holds (truncation)', () => {
    fc.assert(
      fc.property(fc.array(socket, { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (sockets, cut) => {
        const text = renderCapture(sockets, true, false);
        const prefix = text.slice(0, Math.floor(cut * text.length));
        const complete = prefix.split('\n').length - 1;
        const result = parse(prefix);
        expect(result.records).toEqual(expected(sockets, true, false).filter((record) => record.line <= complete));
      }),
    );
  });

  // Speed is measured by `npm run bench`, not here; this checks that a capture of that size loses no row.
  it('reads every row of a 100,000-line netstat -ano', () => {
    const sockets = fc.sample(socket, { numRuns: 100_000, seed: 42 });
    const result = parse(renderCapture(sockets, true, true));
    expect(result.records.length).toBe(100_000);
    expect(result.diagnostics).toEqual([]);
  }, 60_000);
});
