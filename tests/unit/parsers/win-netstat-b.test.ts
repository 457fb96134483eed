// Behaviour of the Windows `netstat -anob` parser (win-netstat-b): rows with the owner lines below them, one rule per
// test, then properties over generated captures (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection, HostRecordMark } from '../../../src/shared/domain';
import { findParserForCommand } from '../../../src/shared/parsers/registry';
import { detect, id, parse } from '../../../src/shared/parsers/windows/netstatB';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/win-netstat-b/${name}.txt`, import.meta.url), 'utf8');

const HEADER = '  Proto  Local Address          Foreign Address        State           PID';

function renderRow(proto: string, local: string, remote: string, state: string, pid: number): string {
  return `  ${proto.padEnd(5)}  ${local.padEnd(21)}  ${remote.padEnd(21)}  ${state.padEnd(14)}  ${pid}`;
}

function capture(...lines: string[]): string {
  return ['', 'Active Connections', '', HEADER, ...lines].map((line) => `${line}\n`).join('');
}

describe('win-netstat-b: owner lines', () => {
  it('names itself', () => {
    expect(id).toBe('win-netstat-b');
  });

  it('reads the executable in brackets and the components above it', () => {
    const { records, diagnostics, structuralLines } = parse(capture(renderRow('TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 1712), '  RpcSs', ' [svchost.exe]'));
    expect(diagnostics).toEqual([]);
    expect(records).toEqual<Connection[]>([
      { line: 5, proto: 'TCP', localAddr: '0.0.0.0', localPort: 135, remoteAddr: '0.0.0.0', remotePort: 0, state: 'LISTENING', pid: 1712, process: 'svchost.exe', components: ['RpcSs'], marks: [] },
    ]);
    expect(structuralLines).toEqual([2, 4, 6, 7]);
  });

  it('marks "Can not obtain ownership information" as owner-unknown, process null', () => {
    const [record] = parse(capture(renderRow('TCP', '0.0.0.0:445', '0.0.0.0:0', 'LISTENING', 4), ' Can not obtain ownership information')).records;
    expect(record).toMatchObject({ process: null, components: [], marks: ['owner-unknown'], pid: 4 });
  });

  it('adds owner-unknown after the address marks', () => {
    const [record] = parse(capture(renderRow('TCP', '10.xx.50.81:445', '10.bb.50.64:1826', 'ESTABLISHED', 4), ' Can not obtain ownership information')).records;
    expect(record?.marks).toEqual(['local-addr-not-numeric', 'remote-addr-not-numeric', 'owner-unknown']);
  });

  it('reads a row with no owner lines (TIME_WAIT) and goes on with the next', () => {
    const { records, diagnostics } = parse(
      capture(renderRow('TCP', '192.168.31.221:4713', '157.240.252.61:5222', 'TIME_WAIT', 0), renderRow('TCP', '192.168.31.221:4714', '212.199.140.34:443', 'ESTABLISHED', 33968), ' [WhatsApp.exe]'),
    );
    expect(diagnostics).toEqual([]);
    expect(records.map((record) => [record.state, record.process])).toEqual([
      ['TIME_WAIT', null],
      ['ESTABLISHED', 'WhatsApp.exe'],
    ]);
  });

  it('keeps executables with spaces and module paths as printed', () => {
    const { records, diagnostics } = parse(
      capture(renderRow('UDP', '127.0.0.1:10250', '*:*', '', 6372), ' [NVIDIA Web Helper.exe]', renderRow('TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 988), '  c:\\windows\\system32\\WS2_32.dll', '  -- unknown component(s) --', ' [svchost.exe]'),
    );
    expect(diagnostics).toEqual([]);
    expect(records.map((record) => [record.process, record.components])).toEqual([
      ['NVIDIA Web Helper.exe', []],
      ['svchost.exe', ['c:\\windows\\system32\\WS2_32.dll', '-- unknown component(s) --']],
    ]);
  });

  it('reads the jc Windows 10 capture: 37 sockets, every owner line structural', () => {
    const result = parse(fixture('jc-windows10-anob'));
    expect(result.diagnostics).toEqual([]);
    expect(result.records.length).toBe(37);
    expect(result.records.filter((record) => record.marks.includes('owner-unknown')).map((record) => record.localPort)).toEqual([445, 49665, 139, 445, 137]);
    expect(result.records.find((record) => record.localPort === 4699)).toMatchObject({ process: 'svchost.exe', components: ['CDPUserSvc_46a8de2e'] });
    expect(result.structuralLines.length).toBe(50);
  });
});

describe('win-netstat-b: damaged captures', () => {
  it('warns when the owner lines end without the executable (a pager cut the capture)', () => {
    const result = parse(fixture('cctc-anob-more'));
    expect(result.records.at(-1)).toMatchObject({ localPort: 5040, process: null, components: ['CDPSvc'], marks: [] });
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 17, severity: 'warning', text: '  CDPSvc' })]);
    expect(result.structuralLines).toContain(19);
  });

  it('warns about elisions in a published capture', () => {
    const result = parse(fixture('thm-abno-excerpt'));
    expect(result.records.length).toBe(6);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([
      [16, 'Lines were left out here: the capture is incomplete'],
      [21, 'Lines were left out here: the capture is incomplete'],
    ]);
  });

  it('reports the elevation message, stray owner lines, HTML and a cut last component', () => {
    const result = parse(fixture('garbage-and-truncated'));
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([
      [1, 'error'],
      [7, 'warning'],
      [11, 'warning'],
      [15, 'warning'],
      [18, 'warning'],
      [23, 'error'],
    ]);
    expect(result.records.find((record) => record.localPort === 29802)?.process).toBe('NVIDIA Web Helper.exe');
    expect(JSON.stringify(result.records)).not.toContain('<script>');
  });
});

describe('win-netstat-b: commands and detection', () => {
  it.each(['netstat -anob', 'netstat -abno', 'netstat -bno', 'netstat -ab', 'netstat -b', 'NETSTAT.EXE -naob'])('recognises %j as netstat -b', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe('win-netstat-b');
  });

  it('detects netstat -b output by the owner lines below its rows', () => {
    expect(detect(fixture('jc-windows10-anob'))).toBe(0.95);
    expect(detect(readFileSync(new URL('../../fixtures/win-netstat/jc-windows10-ano.txt', import.meta.url), 'utf8'))).toBe(0.3);
    expect(detect('')).toBe(0);
  });
});

interface GeneratedRecord {
  proto: 'TCP' | 'UDP';
  local: string;
  localPort: number;
  state: string;
  pid: number;
  components: string[];
  owner: { kind: 'executable'; name: string } | { kind: 'unknown' } | { kind: 'none' };
}

const serviceName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/);
const executable = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._-]{0,24}\.exe$/).filter((name) => !name.includes('...'));
const generated: fc.Arbitrary<GeneratedRecord> = fc
  .record({
    proto: fc.constantFrom('TCP' as const, 'UDP' as const),
    local: fc.oneof(fc.ipV4(), fc.ipV6()),
    localPort: fc.nat(65535),
    state: fc.constantFrom('LISTENING', 'ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT'),
    pid: fc.nat(99999),
    components: fc.array(serviceName, { maxLength: 2 }),
    owner: fc.oneof(executable.map((name) => ({ kind: 'executable' as const, name })), fc.constant({ kind: 'unknown' as const }), fc.constant({ kind: 'none' as const })),
  })
  // netstat prints components only above an executable.
  .map((record) => (record.owner.kind === 'executable' ? record : { ...record, components: [] }));

function render(records: readonly GeneratedRecord[]): { text: string; expected: Connection[]; ownerLines: number[] } {
  const lines = ['', 'Active Connections', '', HEADER];
  const expected: Connection[] = [];
  const ownerLines: number[] = [];
  for (const record of records) {
    const local = record.local.includes(':') ? `[${record.local}]:${record.localPort}` : `${record.local}:${record.localPort}`;
    lines.push(record.proto === 'UDP' ? renderRow('UDP', local, '*:*', '', record.pid) : renderRow('TCP', local, '0.0.0.0:0', record.state, record.pid));
    const line = lines.length;
    for (const component of record.components) {
      lines.push(`  ${component}`);
      ownerLines.push(lines.length);
    }
    if (record.owner.kind === 'executable') lines.push(` [${record.owner.name}]`);
    if (record.owner.kind === 'unknown') lines.push(' Can not obtain ownership information');
    if (record.owner.kind !== 'none') ownerLines.push(lines.length);
    const marks: HostRecordMark[] = record.owner.kind === 'unknown' ? ['owner-unknown'] : [];
    expected.push({
      line,
      proto: record.proto,
      localAddr: record.local,
      localPort: record.localPort,
      remoteAddr: record.proto === 'UDP' ? '*' : '0.0.0.0',
      remotePort: record.proto === 'UDP' ? null : 0,
      state: record.proto === 'UDP' ? null : record.state,
      pid: record.pid,
      process: record.owner.kind === 'executable' ? record.owner.name : null,
      components: record.components,
      marks,
    });
  }
  return { text: `${lines.join('\n')}\n`, expected, ownerLines };
}

describe('win-netstat-b properties', () => {
  it('reads back rows and owner lines rendered as netstat -b prints them (round trip)', () => {
    fc.assert(
      fc.property(fc.array(generated, { maxLength: 25 }), (records) => {
        const { text, expected, ownerLines } = render(records);
        const result = parse(text);
        expect(result.diagnostics).toEqual([]);
        expect(result.records).toEqual(expected);
        expect(result.structuralLines).toEqual([2, 4, ...ownerLines]);
      }),
    );
  });

  it('gives the same result for CRLF and LF line ends', () => {
    fc.assert(
      fc.property(fc.array(generated, { maxLength: 25 }), (records) => {
        const { text } = render(records);
        expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(parse(text));
      }),
    );
  });
});
