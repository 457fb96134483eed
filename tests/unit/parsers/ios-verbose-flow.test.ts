// Behaviour and properties of the `show ip cache verbose flow` parser.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocolName, serviceName } from '../../../src/shared/iana';
import * as plain from '../../../src/shared/parsers/cisco/showIpCacheFlow';
import { detect, id, parse, version, type VerboseFlow } from '../../../src/shared/parsers/cisco/showIpCacheVerboseFlow';
import { findParserForCommand } from '../../../src/shared/parsers/registry';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ios-ip-cache-verbose-flow/${name}.txt`, import.meta.url), 'utf8');

const HEADER = 'SrcIf          SrcIPaddress    DstIf          DstIPaddress    Pr TOS Flgs  Pkts\nPort Msk AS                    Port Msk AS    NextHop              B/Pk  Active\n';

/** The verbose table with the given lines, each ended by LF. */
function table(...lines: string[]): string {
  return HEADER + lines.map((line) => `${line}\n`).join('');
}

const TELNET = [
  'Fa0/0          10.1.12.200     Se0/1          203.0.113.25    06 C0  1B      21',
  'E8C4 /24 65001                 0017 /16 64512 10.1.1.2              41     8.2',
];

describe('show ip cache verbose flow: flows', () => {
  it('reads a flow from its two lines, hex fields decoded and bytes from packets × B/Pk', () => {
    const { records, diagnostics } = parse(table(...TELNET));
    expect(diagnostics).toEqual([]);
    expect(records).toEqual([
      {
        line: 3,
        srcIf: 'Fa0/0',
        srcAddr: '10.1.12.200',
        dstIf: 'Se0/1',
        dstAddr: '203.0.113.25',
        protocol: 6,
        protocolHex: '06',
        protocolName: 'TCP',
        srcPort: 59588,
        srcPortHex: 'E8C4',
        srcService: null,
        dstPort: 23,
        dstPortHex: '0017',
        dstService: 'telnet',
        packets: 21,
        bytes: 861,
        tos: 192,
        flags: 27,
        srcMask: 24,
        dstMask: 16,
        srcAs: 65001,
        dstAs: 64512,
        nextHop: '10.1.1.2',
        activeSec: 8.2,
        marks: [],
        bytesPerPacket: 41,
        details: [],
      },
    ]);
  });

  it('counts the first line as the record and the second line as structure', () => {
    const result = parse(table(...TELNET));
    expect(result.records.map((flow) => flow.line)).toEqual([3]);
    expect(result.structuralLines).toEqual([1, 2, 4]);
  });

  it('keeps the detail lines under a flow (MAC/VLAN, lengths, TTL, ICMP) verbatim, as structure', () => {
    const result = parse(fixture('constructed-l2-icmp-as'));
    const icmp = result.records.find((flow) => flow.details.length > 0)!;
    expect(icmp.details).toEqual([
      'MAC: (VLAN id) aaaa.bbbb.cc03  (005)          aaaa.bbbb.cc06  (006)',
      'Min plen:          28                         Max plen:      28',
      'Min TTL:           59                         Max TTL:       59',
      'ICMP: Type 0 Code 0',
      'IP id:         0',
    ]);
    expect(result.structuralLines).toEqual(expect.arrayContaining([39, 40, 41, 42, 43]));
  });

  it('reads flows separated by blank lines and flows printed back to back alike', () => {
    const spaced = parse(table(...TELNET, '', ...TELNET)).records;
    const tight = parse(table(...TELNET, ...TELNET)).records;
    expect(spaced.map((flow) => ({ ...flow, line: 0 }))).toEqual(tight.map((flow) => ({ ...flow, line: 0 })));
    expect(spaced.map((flow) => flow.line)).toEqual([3, 6]);
  });

  it('keeps anonymized addresses and marks them', () => {
    const [flow] = parse(table('Tu0            10.aa.20.254    Fa0/0          10.bb.21.1      06 00  18       5', '01BD /0  0                     C3A1 /0  0     0.0.0.0             1440    59.9')).records;
    expect(flow).toMatchObject({ srcAddr: '10.aa.20.254', dstAddr: '10.bb.21.1', marks: ['src-addr-not-numeric', 'dst-addr-not-numeric'], srcService: 'microsoft-ds' });
  });

  it('reads a packet count the router rounded (45K), says so, and derives bytes from it', () => {
    const { records, diagnostics } = parse(table('Tu0 10.1.1.1 Fa0/0 10.2.2.2 06 00 18 45K', '01BD /0 0 C3A1 /0 0 0.0.0.0 1440 59.9'));
    expect(records[0]).toMatchObject({ packets: 45_000, bytes: 64_800_000, bytesPerPacket: 1440 });
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'info', message: expect.stringContaining('rounded') })]);
  });
});

describe('show ip cache verbose flow: lines it cannot read', () => {
  it('reports a first line whose second line never comes and still reads the next flow', () => {
    const { records, diagnostics } = parse(table(TELNET[0]!, '%LINK-3-UPDOWN: Interface Serial0/1, changed state to down', ...TELNET));
    expect(records.map((flow) => flow.line)).toEqual([5]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[3, 'error'], [4, 'error']]);
  });

  it('reports a second line without its first line instead of inventing a flow', () => {
    const { records, diagnostics } = parse(table(TELNET[1]!, ...TELNET));
    expect(records.map((flow) => flow.line)).toEqual([4]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('second line without its first line') })]);
  });

  it('turns a flow cut off at the end into diagnostics, never a record', () => {
    const text = `${table(...TELNET, TELNET[0]!)}${TELNET[1]!.slice(0, 40)}`;
    const { records, diagnostics } = parse(text);
    expect(records).toHaveLength(1);
    expect(diagnostics.map((diagnostic) => diagnostic.line)).toEqual([5, 6]);
  });

  it('reads the garbage-and-truncated fixture as two flows and a diagnostic per bad line', () => {
    const { records, diagnostics } = parse(fixture('garbage-and-truncated'));
    expect(records.map((flow) => flow.line)).toEqual([3, 12]);
    expect(diagnostics.map((diagnostic) => diagnostic.line)).toEqual([5, 6, 7, 8, 9, 10, 11, 14, 15]);
  });

  it('reports the table of show ip cache flow (without verbose) and does not read its rows', () => {
    const { records, diagnostics } = parse('SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts\nEt0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1E 11\n');
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 1, severity: 'error', message: expect.stringContaining('without verbose') }),
      expect.objectContaining({ line: 2, severity: 'warning' }),
    ]);
  });

  it('returns an empty result for empty input and for input that is not a string', () => {
    for (const text of ['', '\n', '\r\n  \r\n', undefined as unknown as string]) {
      expect(parse(text)).toEqual({
        format: id,
        parserVersion: version,
        records: [],
        sections: { totalPackets: null, packetSizes: [], cache: null, protocols: [], protocolTotal: null },
        diagnostics: [],
        structuralLines: [],
      });
    }
  });
});

describe('show ip cache verbose flow: sections and surroundings', () => {
  it('reads the summary sections exactly as show ip cache flow does', () => {
    const text = fixture('constructed-l2-icmp-as');
    const summary = text.slice(0, text.indexOf('SrcIf'));
    expect(parse(text).sections).toEqual(plain.parse(summary).sections);
    expect(parse(text).sections.protocols.map((row) => row.name)).toEqual(['TCP-Telnet', 'UDP-DNS', 'ICMP']);
  });

  it('ignores the echoed command (abbreviated too) and the final prompt', () => {
    for (const echo of ['Router#show ip cache verbose flow', 'R1# sh ip cac ve fl', 'show ip cache verbose flow | begin SrcIf']) {
      const { diagnostics, structuralLines } = parse(`${echo}\n${table(...TELNET)}Router#`);
      expect({ echo, diagnostics, structuralLines }).toEqual({ echo, diagnostics: [], structuralLines: [1, 2, 3, 5, 6] });
    }
  });

  it('reads CRLF line ends like LF', () => {
    expect(parse(fixture('constructed-l2-icmp-as-crlf'))).toEqual(parse(fixture('constructed-l2-icmp-as')));
  });

  it('is picked by the command as typed, and show ip cache flow keeps its own', () => {
    for (const typed of ['show ip cache verbose flow', 'sh ip cac ve fl', 'SH IP CACHE VERB FLOW | i 01BD']) expect(findParserForCommand(typed)?.id).toBe(id);
    expect(findParserForCommand('show ip cache flow')?.id).toBe('ios-ip-cache-flow');
    expect(findParserForCommand('show ip cache v flow')).toBeNull();
  });

  it('detects verbose output with confidence and leaves show ip cache flow output to its parser', () => {
    for (const name of ['constructed-l2-icmp-as', 'constructed-collapsed-egress']) {
      expect(detect(fixture(name))).toBeGreaterThanOrEqual(0.9);
      expect(plain.detect(fixture(name))).toBeLessThan(0.5);
    }
    const plainCapture = readFileSync(new URL('../../fixtures/ios-ip-cache-flow/serial-telnet-ntp.txt', import.meta.url), 'utf8');
    expect(detect(plainCapture)).toBe(0);
    expect(detect('')).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

interface GeneratedFlow {
  srcIf: string;
  srcAddr: string;
  dstIf: string;
  dstAddr: string;
  protocol: number;
  tos: number;
  flags: number;
  packets: number;
  srcPort: number;
  srcMask: number;
  srcAs: number;
  dstPort: number;
  dstMask: number;
  dstAs: number;
  nextHop: string;
  bytesPerPacket: number;
  activeTenths: number;
  details: string[];
}

const interfaceName = fc
  .tuple(fc.constantFrom('Et', 'Fa', 'Gi', 'Tu', 'Se', 'Vl'), fc.nat(9), fc.nat(48), fc.option(fc.integer({ min: 1, max: 4094 }), { nil: undefined }), fc.boolean())
  .map(([type, slot, port, sub, egress]) => `${type}${slot}/${port}${sub === undefined ? '' : `.${sub}`}${egress ? '*' : ''}`);
const address = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.'));
const detailLine = fc.constantFrom('MAC: (VLAN id) aaaa.bbbb.cc03  (005)          aaaa.bbbb.cc06  (006)', 'Min TTL:           59                         Max TTL:       59', 'ICMP: Type 8 Code 0', 'IP id:         0');
const flow: fc.Arbitrary<GeneratedFlow> = fc.record({
  srcIf: interfaceName,
  srcAddr: address,
  dstIf: fc.oneof(interfaceName, fc.constant('Null')),
  dstAddr: address,
  protocol: fc.oneof(fc.constantFrom(1, 6, 17, 47), fc.nat(255)),
  tos: fc.nat(255),
  flags: fc.nat(255),
  packets: fc.nat(999_999),
  srcPort: fc.nat(65535),
  srcMask: fc.nat(32),
  srcAs: fc.nat(65535),
  dstPort: fc.oneof(fc.constantFrom(22, 53, 80, 443, 445), fc.nat(65535)),
  dstMask: fc.nat(32),
  dstAs: fc.nat(65535),
  nextHop: address,
  bytesPerPacket: fc.integer({ min: 20, max: 1500 }),
  activeTenths: fc.nat(99_999),
  details: fc.array(detailLine, { maxLength: 3 }),
});

const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');
const active = (tenths: number) => (tenths / 10).toFixed(1);

/** One flow as IOS lays it out: "%-14s %-15s %-14s %-15s %02X %02X  %02X %6u", then the second line, then details. */
function renderFlow(row: GeneratedFlow): string[] {
  return [
    `${row.srcIf.padEnd(14)} ${row.srcAddr.padEnd(15)} ${row.dstIf.padEnd(14)} ${row.dstAddr.padEnd(15)} ${hex(row.protocol, 2)} ${hex(row.tos, 2)}  ${hex(row.flags, 2)} ${String(row.packets).padStart(6)}`,
    `${hex(row.srcPort, 4)} /${String(row.srcMask).padEnd(2)} ${String(row.srcAs).padEnd(5)}                 ${hex(row.dstPort, 4)} /${String(row.dstMask).padEnd(2)} ${String(row.dstAs).padEnd(5)} ${row.nextHop.padEnd(15)} ${String(row.bytesPerPacket).padStart(9)} ${active(row.activeTenths).padStart(8)}`,
    ...row.details,
  ];
}

function render(rows: readonly GeneratedFlow[], blankBetween: boolean): string {
  return HEADER + rows.map((row) => renderFlow(row).concat(blankBetween ? [''] : []).map((line) => `${line}\n`).join('')).join('');
}

function expected(rows: readonly GeneratedFlow[], blankBetween: boolean): VerboseFlow[] {
  let line = 3;
  return rows.map((row) => {
    const first = line;
    line += 2 + row.details.length + (blankBetween ? 1 : 0);
    return {
      line: first,
      srcIf: row.srcIf,
      srcAddr: row.srcAddr,
      dstIf: row.dstIf,
      dstAddr: row.dstAddr,
      protocol: row.protocol,
      protocolHex: hex(row.protocol, 2),
      protocolName: protocolName(row.protocol),
      srcPort: row.srcPort,
      srcPortHex: hex(row.srcPort, 4),
      srcService: serviceName(row.srcPort, row.protocol),
      dstPort: row.dstPort,
      dstPortHex: hex(row.dstPort, 4),
      dstService: serviceName(row.dstPort, row.protocol),
      packets: row.packets,
      bytes: row.packets * row.bytesPerPacket,
      tos: row.tos,
      flags: row.flags,
      srcMask: row.srcMask,
      dstMask: row.dstMask,
      srcAs: row.srcAs,
      dstAs: row.dstAs,
      nextHop: row.nextHop,
      activeSec: Number(active(row.activeTenths)),
      marks: [],
      bytesPerPacket: row.bytesPerPacket,
      details: row.details,
    };
  });
}

describe('show ip cache verbose flow properties', () => {
  it('reads back flows rendered in IOS verbose layout, with or without blank lines between them (round trip)', () => {
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 30 }), fc.boolean(), (rows, blankBetween) => {
        const result = parse(render(rows, blankBetween));
        expect(result.diagnostics).toEqual([]);
        expect(result.records).toEqual(expected(rows, blankBetween));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for CRLF, trailing blanks, and whitespace collapsed to single spaces', () => {
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 20 }), (rows) => {
        const text = render(rows, false);
        const baseline = parse(text);
        expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(baseline);
        expect(parse(text.replaceAll('\n', ' \t\n'))).toEqual(baseline);
        // Detail lines are kept verbatim, so only they differ once the spacing is collapsed.
        const withoutDetails = (records: VerboseFlow[]) => records.map((record) => ({ ...record, details: record.details.length }));
        expect(withoutDetails(parse(text.replace(/ +/g, ' ')).records)).toEqual(withoutDetails(baseline.records));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a prefix of valid output as a prefix of its flows, never an invented one (truncation)', () => {
    fc.assert(
      fc.property(fc.array(flow, { minLength: 1, maxLength: 15 }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, where) => {
        const text = render(rows, true);
        const full = parse(text).records;
        const cut = Math.floor(where * text.length);
        const prefix = parse(text.slice(0, cut)).records;
        // A flow counts once its second line and that line's break made it into the prefix; details may still be missing.
        const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index + 1)];
        const complete = full.filter((record) => lineStarts[record.line + 1]! <= cut).length;
        const core = (records: VerboseFlow[]) => records.map((record) => ({ ...record, details: [] }));
        expect(core(prefix)).toEqual(core(full.slice(0, complete)));
      }),
      { numRuns: 300 },
    );
  });
});
