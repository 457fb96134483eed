// The flow table in columns gives back exactly the records that went in, whatever a parser put in them, through the
// binary form the contract and the case file carry.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBinaryValue, encodeBinaryValue } from '../../../src/shared/binaryValue';
import type { Flow } from '../../../src/shared/domain';
import { FlowTable, type FlowTableData } from '../../../src/shared/flows/flowTable';
import { findParser } from '../../../src/shared/parsers/registry';
import { parseColumns } from '../../../src/shared/parsers/cisco/showIpCacheFlow';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function fixtureTexts(folder: string): [string, string][] {
  return readdirSync(join(FIXTURES, folder))
    .filter((name) => name.endsWith('.txt'))
    .map((name) => [name, readFileSync(join(FIXTURES, folder, name), 'utf8')]);
}

function throughBytes(table: FlowTable): FlowTable {
  return new FlowTable(decodeBinaryValue(encodeBinaryValue(table.data)) as FlowTableData);
}

const FLOW_PARSERS = ['ios-ip-cache-flow', 'ios-ip-cache-verbose-flow', 'ios-flow-monitor-table', 'ios-flow-monitor-record'];

describe('FlowTable', () => {
  for (const parserId of FLOW_PARSERS) {
    it(`gives back every ${parserId} fixture's records exactly, also after the bytes`, () => {
      const parser = findParser(parserId)!;
      for (const [name, text] of fixtureTexts(parserId)) {
        const records = parser.parse(text).records as Flow[];
        const table = FlowTable.fromFlows(records);
        expect(table.flows(), name).toEqual(records);
        expect(throughBytes(table).flows(), name).toEqual(records);
      }
    });
  }

  it('reads the parser columns of show ip cache flow into the records each fixture expects', () => {
    for (const [name, text] of fixtureTexts('ios-ip-cache-flow')) {
      const expected = (JSON.parse(readFileSync(join(FIXTURES, 'ios-ip-cache-flow', name.replace(/\.txt$/, '.json')), 'utf8')) as { records: unknown[] }).records;
      const table = FlowTable.fromColumns(parseColumns(text).columns);
      expect(JSON.parse(JSON.stringify(table.flows())), name).toEqual(expected);
      expect(JSON.parse(JSON.stringify(throughBytes(table).flows())), name).toEqual(expected);
    }
  });

  it('finds rows by their output line, and reads endpoints without building records', () => {
    const text = readFileSync(join(FIXTURES, 'ios-ip-cache-flow', fixtureTexts('ios-ip-cache-flow')[0]![0]), 'utf8');
    const table = FlowTable.fromColumns(parseColumns(text).columns);
    const flows = table.flows();
    flows.forEach((flow, row) => {
      expect(table.rowOfLine(flow.line)).toBe(row);
      expect([table.srcAddrAt(row), table.srcPortAt(row), table.dstAddrAt(row), table.dstPortAt(row), table.protocolAt(row)]).toEqual([flow.srcAddr, flow.srcPort, flow.dstAddr, flow.dstPort, flow.protocol]);
    });
    expect(table.rowOfLine(0)).toBe(-1);
    expect(table.rowOfLine(flows.at(-1)!.line + 1)).toBe(-1);
  });

  const anyText = fc.oneof(fc.constantFrom('10.1.2.3', '010.1.1.1', '10.xx.50.81', 'fe80::1', '', 'Gi0/0', '1BD', '01BD', '06'), fc.string({ maxLength: 12 }));
  const anyNumber = fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.constantFrom(0, 255, 256, 65535, 65536, -1, 1.5, 2 ** 40));
  const flowArbitrary: fc.Arbitrary<Flow> = fc.record({
    line: fc.oneof(fc.nat(), fc.constant(-3)),
    srcIf: anyText,
    srcAddr: anyText,
    dstIf: anyText,
    dstAddr: anyText,
    protocol: anyNumber,
    protocolHex: anyText,
    protocolName: fc.option(fc.constantFrom('TCP', 'UDP', 'ICMP', 'x')),
    srcPort: anyNumber,
    srcPortHex: anyText,
    srcService: fc.option(fc.constantFrom('microsoft-ds', 'domain', 'http')),
    dstPort: anyNumber,
    dstPortHex: anyText,
    dstService: fc.option(fc.constantFrom('microsoft-ds', 'domain', 'http')),
    packets: anyNumber,
    bytes: fc.option(anyNumber),
    tos: fc.option(anyNumber),
    flags: fc.option(anyNumber),
    srcMask: fc.option(anyNumber),
    dstMask: fc.option(anyNumber),
    srcAs: fc.option(anyNumber),
    dstAs: fc.option(anyNumber),
    nextHop: fc.option(anyText),
    activeSec: fc.option(fc.oneof(anyNumber, fc.double({ noNaN: true, noDefaultInfinity: true }))),
    marks: fc.subarray(['src-addr-not-numeric', 'dst-addr-not-numeric'] as const).map((marks) => [...marks]),
  }) as fc.Arbitrary<Flow>;

  it('gives back any record exactly, extra fields included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(flowArbitrary, fc.option(fc.dictionary(fc.constantFrom('extra', 'details', 'notPrinted', '$fpb'), fc.jsonValue()))), { maxLength: 20 }), (rows) => {
        const flows = rows.map(([flow, extra]) => (extra === null ? flow : { ...flow, ...extra }));
        const table = FlowTable.fromFlows(flows);
        // Through JSON, as records travel (-0 and undefined do not survive it either way).
        const expected = JSON.parse(JSON.stringify(flows)) as unknown;
        expect(JSON.parse(JSON.stringify(table.flows()))).toEqual(expected);
        expect(JSON.parse(JSON.stringify(throughBytes(table).flows()))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the columns of a big capture in typed arrays of its size', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `Gi0/${i % 4}  10.0.${(i >> 8) & 255}.${i & 255}  Gi0/9  172.16.0.${i % 250}  06 ${(49152 + i).toString(16).toUpperCase()} 01BD ${i + 1}`);
    const { columns } = parseColumns(['SrcIf SrcIPaddress DstIf DstIPaddress Pr SrcP DstP Pkts', ...rows, ''].join('\r\n'));
    const table = FlowTable.fromColumns(columns);
    expect(table.length).toBe(5000);
    expect(table.data.srcAddr.length).toBe(5000);
    expect(table.data.names).toEqual(['Gi0/0', 'Gi0/9', 'Gi0/1', 'Gi0/2', 'Gi0/3']);
    expect(table.data.overrideRows.length).toBe(0);
    expect(table.flowAt(4999)).toMatchObject({ srcAddr: '10.0.19.135', dstAddr: '172.16.0.249', dstService: 'microsoft-ds', packets: 5000 });
  });
});
