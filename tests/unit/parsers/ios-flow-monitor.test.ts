// Behaviour and properties of the Flexible NetFlow parsers: `show flow monitor NAME cache format table` and the record
// layout of `show flow monitor NAME cache`, plus the `{name}` placeholder their command patterns need.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocolName, serviceName } from '../../../src/shared/iana';
import { commandWords, compileCommandPattern, isCommandEcho, matchesCommandWords } from '../../../src/shared/parsers/commandPattern';
import type { FlexibleNetflowFlow } from '../../../src/shared/parsers/cisco/flowMonitorCache';
import * as record from '../../../src/shared/parsers/cisco/showFlowMonitorCacheRecord';
import * as table from '../../../src/shared/parsers/cisco/showFlowMonitorCacheTable';
import { commandIndex, compareSpecificity, findParserForCommand, type CommandEntry } from '../../../src/shared/parsers/registry';

const fixture = (folder: 'ios-flow-monitor-table' | 'ios-flow-monitor-record', name: string) =>
  readFileSync(new URL(`../../fixtures/${folder}/${name}.txt`, import.meta.url), 'utf8');

const HEADER = `  Cache type:                               Normal
  Cache size:                                 4096
  Current entries:                               2
  High Watermark:                                2

  Flows added:                                   9
  Flows aged:                                    7
    - Active timeout      (  1800 secs)          0
    - Inactive timeout    (    15 secs)          7
    - Event aged                                 0
    - Watermark aged                             0
    - Emergency aged                             0

`;

interface Column {
  name: string;
  width: number;
  right: boolean;
}

/** A table as IOS prints it: names over "=" runs two spaces apart, text left-aligned, numbers right-aligned. */
function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cell = (column: Column, value: string) => (column.right ? value.padStart(column.width) : value.padEnd(column.width));
  const line = (values: readonly string[]) => columns.map((column, i) => cell(column, values[i]!)).join('  ').trimEnd();
  return [line(columns.map((column) => column.name)), columns.map((column) => '='.repeat(column.width)).join('  '), ...rows.map(line)].map((text) => `${text}\n`).join('');
}

const col = (name: string, width: number, right = false): Column => ({ name, width, right });

/** The columns of the predefined record netflow-original (netflow ipv4 original-input), in IOS's table order. */
const ORIGINAL_INPUT: Column[] = [
  col('IPV4 SRC ADDR', 15),
  col('IPV4 DST ADDR', 15),
  col('TRNS SRC PORT', 13, true),
  col('TRNS DST PORT', 13, true),
  col('INTF INPUT', 20),
  col('FLOW SAMPLER ID', 15, true),
  col('IP TOS', 6),
  col('IP PROT', 7, true),
  col('ip src as', 9, true),
  col('ip dst as', 9, true),
  col('ipv4 next hop addr', 18),
  col('ipv4 src mask', 13),
  col('ipv4 dst mask', 13),
  col('tcp flags', 9),
  col('intf output', 20),
  col('counter bytes', 20, true),
  col('counter pkts', 20, true),
  col('time first', 12),
  col('time last', 12),
];

const ORIGINAL_ROW = ['10.10.10.2', '172.16.10.2', '49152', '445', 'Et0/0', '0', '0x00', '6', '65001', '64512', '172.16.7.2', '/24', '/16', '0x1B', 'Et1/0', '733500', '489', '18:13:42.119', '18:14:06.643'];

describe('flow monitor table: columns', () => {
  it('maps every column of netflow-original to its Flow field, decimal ports and protocol, hex TOS and flags', () => {
    const { records, diagnostics, sections } = table.parse(HEADER + renderTable(ORIGINAL_INPUT, [ORIGINAL_ROW]));
    expect(diagnostics).toEqual([]);
    expect(sections.columns).toEqual(ORIGINAL_INPUT.map((column) => column.name));
    expect(records).toEqual([
      {
        line: 16,
        srcIf: 'Et0/0',
        srcAddr: '10.10.10.2',
        dstIf: 'Et1/0',
        dstAddr: '172.16.10.2',
        protocol: 6,
        protocolHex: '06',
        protocolName: 'TCP',
        srcPort: 49152,
        srcPortHex: 'C000',
        srcService: null,
        dstPort: 445,
        dstPortHex: '01BD',
        dstService: 'microsoft-ds',
        packets: 489,
        bytes: 733500,
        tos: 0,
        flags: 27,
        srcMask: 24,
        dstMask: 16,
        srcAs: 65001,
        dstAs: 64512,
        nextHop: '172.16.7.2',
        activeSec: 24.524,
        marks: [],
        notPrinted: [],
        extra: { 'FLOW SAMPLER ID': '0', 'time first': '18:13:42.119', 'time last': '18:14:06.643' },
      },
    ]);
  });

  it('reads IPv6 columns, and marks only addresses that are not numbers', () => {
    const columns = [col('IPV6 SRC ADDR', 39), col('IPV6 DST ADDR', 39), col('TRNS SRC PORT', 13, true), col('TRNS DST PORT', 13, true), col('IP PROT', 7, true), col('bytes long', 20, true), col('pkts long', 20, true)];
    const { records } = table.parse(HEADER + renderTable(columns, [
      ['2001:DB8::1', 'fe80::1%4', '53', '40000', '17', '120', '2'],
      ['2001:db8:aa::xyz', '10.aa.1.2', '53', '40000', '17', '120', '2'],
    ]));
    expect(records.map((flow) => [flow.srcAddr, flow.dstAddr, flow.marks, flow.srcService])).toEqual([
      ['2001:DB8::1', 'fe80::1%4', [], 'domain'],
      ['2001:db8:aa::xyz', '10.aa.1.2', ['src-addr-not-numeric', 'dst-addr-not-numeric'], 'domain'],
    ]);
  });

  it('keeps columns it has no Flow field for in extra, by the name printed', () => {
    const [flow] = table.parse(fixture('ios-flow-monitor-table', 'genie-icmp-crlf')).records;
    expect(flow?.extra).toEqual({ 'ICMP IPV4 TYPE': '8', 'ICMP IPV4 CODE': '0', 'time abs first': '12:10:48.219', 'time abs last': '12:10:55.020', 'bytes layer2 long': '0' });
  });

  it("fills Flow fields the monitor does not print with '' or 0, lists them in notPrinted, and says so once on the header", () => {
    const result = record.parse(fixture('ios-flow-monitor-record', 'ios15-custom1-default-table'));
    expect(result.records).toEqual([
      expect.objectContaining({ srcIf: '', srcAddr: '', dstIf: '', protocol: 0, protocolHex: '', srcPort: 0, srcPortHex: '', dstPort: 0, packets: 1, bytes: 59, marks: ['src-addr-not-numeric'] }),
    ]);
    expect(result.records[0]?.notPrinted).toEqual(['srcIf', 'srcAddr', 'dstIf', 'protocol', 'srcPort', 'dstPort']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 15, severity: 'info', message: expect.stringContaining('notPrinted') })]);
  });

  it('finds columns from the underline, so rows indented with their header read the same', () => {
    const { records, diagnostics } = table.parse(fixture('ios-flow-monitor-table', 'genie-flow-monitor-1-indented'));
    expect(records.map((flow) => [flow.line, flow.srcAddr, flow.srcPort, flow.tos, flow.bytes, flow.packets])).toEqual([
      [13, '10.4.1.10', 0, 192, 100, 1],
      [14, '10.4.1.10', 1, 192, 100, 1],
      [15, '10.4.1.11', 0, 192, 100, 1],
    ]);
    expect(diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['info']);
  });

  it('computes activeSec from first and last timestamps, across midnight too', () => {
    const columns = [col('IPV4 DST ADDR', 15), col('time first', 12), col('time last', 12)];
    const { records } = table.parse(renderTable(columns, [['10.0.0.1', '23:59:59.500', '00:00:01.250'], ['10.0.0.2', '08:00:00.000', '08:00:00.000']]));
    expect(records.map((flow) => flow.activeSec)).toEqual([1.75, 0]);
  });
});

describe('flow monitor table: rows it cannot read', () => {
  const columns = [col('IPV4 SRC ADDR', 15), col('IPV4 DST ADDR', 15), col('TRNS SRC PORT', 13, true), col('TRNS DST PORT', 13, true), col('IP PROT', 7, true)];
  const body = renderTable(columns, [['10.0.0.1', '10.0.0.2', '1024', '80', '6']]);
  /** Each of these tables has no interface and no counter column: the info diagnostic on its header is not the point here. */
  const problems = (result: ReturnType<typeof table.parse>) => result.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info');

  it('reports a row whose values are not under their columns instead of guessing', () => {
    const result = table.parse(`${body}10.0.0.1         10.0.0.2     1024   80                 6   extra words\n`);
    expect(result.records).toHaveLength(1);
    expect(problems(result)).toEqual([expect.objectContaining({ line: 4, severity: 'error' })]);
  });

  it('reads a row whose spacing was collapsed when it has one word per column', () => {
    const result = table.parse(`${body}10.0.0.3 10.0.0.4 1025 443 6\n`);
    expect(problems(result)).toEqual([]);
    expect(result.records[1]).toMatchObject({ srcAddr: '10.0.0.3', dstAddr: '10.0.0.4', srcPort: 1025, dstPort: 443, dstService: 'https' });
  });

  it('reports a value that is not what its column holds', () => {
    const result = table.parse(`${body}${renderTable(columns, [['10.0.0.1', '10.0.0.2', '1O24', '80', '6']]).split('\n')[2]}\n`);
    expect(result.records).toHaveLength(1);
    expect(problems(result)).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('"1O24" under "TRNS SRC PORT"') })]);
  });

  it('turns a last row cut off mid-line into a diagnostic, never a row', () => {
    const result = table.parse(`${body}10.0.0.3         10.0.0.4                  10`);
    expect(result.records).toHaveLength(1);
    expect(problems(result)).toEqual([expect.objectContaining({ line: 4, severity: 'error', message: expect.stringContaining('ends inside this line') })]);
  });

  it('reports an underline with no header above it and does not read the rows below', () => {
    const { records, diagnostics } = table.parse(`\n===============  ===============\n10.0.0.1         10.0.0.2\n`);
    expect(records).toEqual([]);
    expect(diagnostics.map((diagnostic) => diagnostic.line)).toEqual([2, 3]);
  });

  it('reads the garbage-and-truncated fixture as four rows and a diagnostic per bad line', () => {
    const { records, diagnostics } = table.parse(fixture('ios-flow-monitor-table', 'garbage-and-truncated'));
    expect(records.map((flow) => flow.line)).toEqual([13, 16, 17, 18]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[9, 'info'], [11, 'info'], [14, 'error'], [15, 'error'], [19, 'error']]);
  });
});

describe('flow monitor records', () => {
  it('reads one record per block of FIELD: value lines; the first line is the record, the others structure', () => {
    const result = record.parse(fixture('ios-flow-monitor-record', 'genie-eta-mon-record'));
    expect(result.records.map((flow) => [flow.line, flow.srcAddr, flow.dstAddr, flow.protocol, flow.srcPort, flow.dstPort, flow.srcIf, flow.dstIf, flow.activeSec])).toEqual([
      [9, '5.0.0.1', '5.0.0.2', 17, 1001, 1002, 'Null', 'Null', 63],
      [19, '5.0.0.2', '5.0.0.1', 17, 1002, 1001, 'Null', 'Null', 63],
    ]);
    expect(result.structuralLines).toEqual(expect.arrayContaining([10, 11, 12, 13, 14, 15, 16, 17, 20, 27]));
    expect(result.structuralLines).not.toContain(9);
  });

  it('reads masks, next hop, hex flags and long counters of a record', () => {
    const [flow] = record.parse(fixture('ios-flow-monitor-record', 'genie-vxlan-record')).records;
    expect(flow).toMatchObject({ protocol: 6, srcPort: 1, dstPort: 100, nextHop: '0.0.0.0', srcMask: 0, dstMask: 0, flags: 0, bytes: 354176, packets: 2767, activeSec: 190 });
    expect(flow?.extra).toMatchObject({ 'VXLAN VXLAN VNID': '20015', 'FLOW DIRECTION': 'Input' });
  });

  it('splits two records that lost the blank line between them where a field name repeats', () => {
    const { records } = record.parse(fixture('ios-flow-monitor-record', 'garbage-and-truncated'));
    expect(records.map((flow) => [flow.line, flow.srcAddr])).toEqual([[9, '5.0.0.1'], [17, '5.0.0.2']]);
  });

  it('keeps a value it cannot read in extra, reports it, and records the rest of the flow', () => {
    const { records, diagnostics } = record.parse(fixture('ios-flow-monitor-record', 'garbage-and-truncated'));
    expect(records[0]).toMatchObject({ srcPort: 0, dstPort: 1002, notPrinted: ['srcPort', 'packets'], extra: { 'TRNS SOURCE PORT': '10O1' } });
    expect(diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ line: 12, severity: 'warning' }), expect.objectContaining({ line: 14, severity: 'error' })]));
  });

  it('does not record a last block that may be cut: every one of its lines is reported', () => {
    const { records, diagnostics } = record.parse(fixture('ios-flow-monitor-record', 'genie-ipv6-records-cut'));
    expect(records.map((flow) => flow.line)).toEqual([9, 21]);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.line)).toEqual([33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43]);
  });

  it('records a last block without a blank line after it when it has the fields of the record before it', () => {
    const text = fixture('ios-flow-monitor-record', 'genie-output-interface-records');
    expect(text.endsWith('fw fw event:               1\n')).toBe(true);
    expect(record.parse(text).records.map((flow) => flow.line)).toEqual([8, 21]);
    // Without the first record there is nothing to compare with: the block may be cut, so it is not a flow.
    const alone = text.replace(/IPV4 SOURCE ADDRESS: {7}113[\s\S]*?\n\n/, '');
    expect(record.parse(alone).records).toEqual([]);
  });

  it('does not take a block of fields none of which belongs to a flow for a flow', () => {
    const { records, diagnostics } = record.parse(`${HEADER}FLOW OBSPOINT ID:   27\nAPPLICATION NAME:   port http\n\n`);
    expect(records).toEqual([]);
    expect(diagnostics.map((diagnostic) => diagnostic.line)).toEqual([14, 15]);
  });
});

describe('flow monitor cache header', () => {
  it('reads the header into sections and keeps every line verbatim', () => {
    const { sections, diagnostics } = record.parse(fixture('ios-flow-monitor-record', 'genie-vrf-record-indented'));
    expect(sections).toMatchObject({ layout: 'record', cacheType: 'Normal (Platform cache)', cacheSize: 200000, currentEntries: 3, highWatermark: 3, flowsAdded: 18, flowsAged: 6, columns: [] });
    expect(sections.aged).toEqual([
      { line: 13, reason: 'Active timeout', timeoutSec: 100, count: 0 },
      { line: 14, reason: 'Inactive timeout', timeoutSec: 100, count: 0 },
      { line: 15, reason: 'Event aged', timeoutSec: null, count: 0 },
      { line: 16, reason: 'Watermark aged', timeoutSec: null, count: 6 },
      { line: 17, reason: 'Emergency aged', timeoutSec: null, count: 0 },
    ]);
    expect(sections.lines[0]).toBe('        Load for five secs: 3%/0%; one minute: 2%; five minutes: 5%');
    expect(sections.lines).toHaveLength(13);
    expect(diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['info']);
  });

  it('keeps a header line it does not know verbatim, with an info diagnostic', () => {
    const { sections, diagnostics } = table.parse(fixture('ios-flow-monitor-table', 'garbage-and-truncated'));
    expect(sections.lines).toContain('  [output omitted]');
    expect(diagnostics[0]).toMatchObject({ line: 9, severity: 'info', text: '  [output omitted]' });
  });

  it('reads an empty cache as sections only', () => {
    const { records, sections, diagnostics, structuralLines } = record.parse(`${HEADER}There are no cache entries to display.\n`);
    expect({ records, diagnostics, layout: sections.layout, flowsAged: sections.flowsAged }).toEqual({ records: [], diagnostics: [], layout: null, flowsAged: 7 });
    expect(structuralLines).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 14]);
  });
});

describe('flow monitor parsers: commands, layouts, detection', () => {
  it('match a monitor name of any word with the {name} placeholder', () => {
    const words = compileCommandPattern('sh[[ow]] fl[[ow]] m[[onitor]] {name} c[[ache]]');
    expect(words[3]).toEqual({ required: '', optional: '', placeholder: 'name' });
    for (const typed of ['show flow monitor FLOW-MONITOR-1 cache', 'sh fl m x c', 'SHOW FLOW MONITOR ipv4_monitor_in CACHE | i 10.1']) expect(matchesCommandWords(words, commandWords(typed))).toBe(true);
    for (const typed of ['show flow monitor cache', 'show flow monitor a b cache', 'show flow monitor X statistics']) expect(matchesCommandWords(words, commandWords(typed))).toBe(false);
    expect(isCommandEcho('Device#show flow monitor FLOW-MONITOR-1 cache', [words])).toBe(true);
  });

  it('refuses a malformed placeholder and keeps literal words more specific than a placeholder', () => {
    for (const pattern of ['show {Name}', 'show {}', 'show {na me}', 'show x{name}']) expect(() => compileCommandPattern(pattern)).toThrow(/Malformed/);
    const entry = (pattern: string): CommandEntry => ({ pattern, words: compileCommandPattern(pattern), parser: table });
    expect([entry('sh[[ow]] fl[[ow]] m[[onitor]] {name} c[[ache]]'), entry('sh[[ow]] fl[[ow]] m[[onitor]] st[[atistics]] c[[ache]]')].sort(compareSpecificity).map((item) => item.pattern)).toEqual([
      'sh[[ow]] fl[[ow]] m[[onitor]] st[[atistics]] c[[ache]]',
      'sh[[ow]] fl[[ow]] m[[onitor]] {name} c[[ache]]',
    ]);
    for (let i = 1; i < commandIndex.length; i++) expect(compareSpecificity(commandIndex[i - 1]!, commandIndex[i]!)).toBeLessThanOrEqual(0);
  });

  it('pick the parser by the command as typed', () => {
    expect(findParserForCommand('show flow monitor FLOW-MONITOR-1 cache format table')?.id).toBe(table.id);
    expect(findParserForCommand('sh fl m name M1 c fo t')?.id).toBe(table.id);
    expect(findParserForCommand('show flow monitor FLOW-MONITOR-1 cache')?.id).toBe(record.id);
    expect(findParserForCommand('show flow monitor name M1 cache format record')?.id).toBe(record.id);
    expect(findParserForCommand('show flow monitor M1 cache format csv')).toBeNull();
    expect(findParserForCommand('show flow monitor M1 statistics')).toBeNull();
  });

  it('both read both layouts alike, only the format id differs', () => {
    for (const text of [fixture('ios-flow-monitor-table', 'genie-ipv4-monitor-in'), fixture('ios-flow-monitor-record', 'genie-vxlan-record')]) {
      expect({ ...record.parse(text), format: '' }).toEqual({ ...table.parse(text), format: '' });
    }
    expect(table.parse('').format).toBe('ios-flow-monitor-table');
    expect(record.parse('').format).toBe('ios-flow-monitor-record');
  });

  it('detect the layout each is named for', () => {
    const tableText = fixture('ios-flow-monitor-table', 'genie-ipv4-monitor-in');
    const recordText = fixture('ios-flow-monitor-record', 'genie-vxlan-record');
    expect(table.detect(tableText)).toBeGreaterThanOrEqual(0.9);
    expect(record.detect(recordText)).toBeGreaterThanOrEqual(0.9);
    expect(record.detect(tableText)).toBeLessThan(table.detect(tableText));
    expect(table.detect(recordText)).toBeLessThan(record.detect(recordText));
    expect(table.detect('Proto Local Address Foreign Address State\n')).toBe(0);
    expect(record.detect('')).toBe(0);
  });

  it('read CRLF line ends like LF', () => {
    expect(record.parse(fixture('ios-flow-monitor-record', 'genie-eta-mon-record-crlf'))).toEqual(record.parse(fixture('ios-flow-monitor-record', 'genie-eta-mon-record')));
    const crlf = fixture('ios-flow-monitor-table', 'genie-icmp-crlf');
    expect(table.parse(crlf)).toEqual(table.parse(crlf.replaceAll('\r\n', '\n')));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

interface GeneratedFlow {
  srcAddr: string;
  dstAddr: string;
  srcPort: number;
  dstPort: number;
  srcIf: string;
  protocol: number;
  tos: number;
  bytes: number;
  packets: number;
  application: string;
}

const address = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.'));
const interfaceName = fc.tuple(fc.constantFrom('Gi', 'Te', 'Po', 'Vl', 'Null'), fc.nat(9), fc.nat(48)).map(([type, slot, port]) => (type === 'Null' ? 'Null' : `${type}${slot}/${port}`));
const flow: fc.Arbitrary<GeneratedFlow> = fc.record({
  srcAddr: address,
  dstAddr: address,
  srcPort: fc.nat(65535),
  dstPort: fc.oneof(fc.constantFrom(22, 53, 80, 443, 445), fc.nat(65535)),
  srcIf: interfaceName,
  protocol: fc.oneof(fc.constantFrom(1, 6, 17), fc.nat(255)),
  tos: fc.nat(255),
  bytes: fc.nat(2 ** 40),
  packets: fc.nat(2 ** 32),
  application: fc.constantFrom('port http', 'layer7 ms-office-365', 'unknown'),
});

const hexByte = (value: number) => `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
const iosHex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');

const TABLE_COLUMNS = [col('IPV4 SRC ADDR', 15), col('IPV4 DST ADDR', 15), col('TRNS SRC PORT', 13, true), col('TRNS DST PORT', 13, true), col('INTF INPUT', 20), col('IP TOS', 6), col('IP PROT', 7, true), col('APPLICATION NAME', 20), col('bytes long', 20, true), col('pkts long', 20, true)];
const tableRow = (row: GeneratedFlow) => [row.srcAddr, row.dstAddr, String(row.srcPort), String(row.dstPort), row.srcIf, hexByte(row.tos), String(row.protocol), row.application, String(row.bytes), String(row.packets)];

const RECORD_FIELDS: [string, (row: GeneratedFlow) => string][] = [
  ['IPV4 SOURCE ADDRESS', (row) => row.srcAddr],
  ['IPV4 DESTINATION ADDRESS', (row) => row.dstAddr],
  ['TRNS SOURCE PORT', (row) => String(row.srcPort)],
  ['TRNS DESTINATION PORT', (row) => String(row.dstPort)],
  ['INTERFACE INPUT', (row) => row.srcIf],
  ['IP TOS', (row) => hexByte(row.tos)],
  ['IP PROTOCOL', (row) => String(row.protocol)],
  ['APPLICATION NAME', (row) => row.application],
  ['counter bytes long', (row) => String(row.bytes)],
  ['counter packets long', (row) => String(row.packets)],
];
const renderRecords = (rows: readonly GeneratedFlow[]) => rows.map((row) => `${RECORD_FIELDS.map(([name, value]) => `${`${name}:`.padEnd(27)}${value(row)}\n`).join('')}\n`).join('');

function expected(rows: readonly GeneratedFlow[], firstLine: number, linesPerFlow: number): FlexibleNetflowFlow[] {
  return rows.map((row, index) => ({
    line: firstLine + index * linesPerFlow,
    srcIf: row.srcIf,
    srcAddr: row.srcAddr,
    dstIf: '',
    dstAddr: row.dstAddr,
    protocol: row.protocol,
    protocolHex: iosHex(row.protocol, 2),
    protocolName: protocolName(row.protocol),
    srcPort: row.srcPort,
    srcPortHex: iosHex(row.srcPort, 4),
    srcService: serviceName(row.srcPort, row.protocol),
    dstPort: row.dstPort,
    dstPortHex: iosHex(row.dstPort, 4),
    dstService: serviceName(row.dstPort, row.protocol),
    packets: row.packets,
    bytes: row.bytes,
    tos: row.tos,
    flags: null,
    srcMask: null,
    dstMask: null,
    srcAs: null,
    dstAs: null,
    nextHop: null,
    activeSec: null,
    marks: [],
    notPrinted: ['dstIf'],
    extra: { 'APPLICATION NAME': row.application },
  }));
}

const HEADER_LINES = HEADER.split('\n').length - 1;

describe('flow monitor properties', () => {
  it('reads back flows rendered as an IOS table (round trip)', () => {
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 30 }), (rows) => {
        const result = table.parse(HEADER + renderTable(TABLE_COLUMNS, rows.map(tableRow)));
        expect(result.records).toEqual(expected(rows, HEADER_LINES + 3, 1));
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads back flows rendered as IOS records (round trip)', () => {
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 20 }), (rows) => {
        const result = record.parse(HEADER + renderRecords(rows));
        expect(result.records).toEqual(expected(rows, HEADER_LINES + 1, RECORD_FIELDS.length + 1));
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result for CRLF line ends and trailing blanks, in both layouts', () => {
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 10 }), fc.boolean(), (rows, asTable) => {
        const text = HEADER + (asTable ? renderTable(TABLE_COLUMNS, rows.map(tableRow)) : renderRecords(rows));
        const baseline = record.parse(text);
        expect(record.parse(text.replaceAll('\n', '\r\n'))).toEqual(baseline);
        expect(record.parse(text.replaceAll('\n', ' \t\n'))).toEqual(baseline);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a prefix of valid output as a prefix of its flows, never an invented one (truncation)', () => {
    fc.assert(
      fc.property(fc.array(flow, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), (rows, asTable, where) => {
        const text = HEADER + (asTable ? renderTable(TABLE_COLUMNS, rows.map(tableRow)) : renderRecords(rows));
        const full = table.parse(text).records;
        const prefix = table.parse(text.slice(0, Math.floor(where * text.length))).records;
        expect(prefix).toEqual(full.slice(0, prefix.length));
        // Only a flow whose last line (and its line break) made it into the prefix may be recorded.
        const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index + 1)];
        const cut = Math.floor(where * text.length);
        const lastLine = (flow: FlexibleNetflowFlow) => flow.line + (asTable ? 0 : RECORD_FIELDS.length - 1);
        for (const flow of prefix) expect(lineStarts[lastLine(flow)]!).toBeLessThanOrEqual(cut);
      }),
      { numRuns: 300 },
    );
  });
});
