// Properties of the `show ip cache flow` parser over generated input (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Flow, ShowIpCacheFlowResult } from '../../../src/shared/domain';
import { protocolName, serviceName } from '../../../src/shared/iana';
import { parse } from '../../../src/shared/parsers/cisco/showIpCacheFlow';

const FIXTURE_LINES = ['seed', 'serial-telnet-ntp', 'packet-tracer-skinny', 'ingress-egress-local', 'garbage-and-truncated']
  .flatMap((name) => readFileSync(new URL(`../../fixtures/ios-ip-cache-flow/${name}.txt`, import.meta.url), 'utf8').split(/\r?\n/));

/** Everything above the flow rows, as IOS 12.4 prints it. */
const SUMMARY = `IP packet size distribution (1693 total packets):
   1-32   64   96  128  160  192  224  256  288  320  352  384  416  448  480
   .000 .190 .002 .000 .000 .000 .000 .000 .000 .000 .000 .000 .000 .000 .000

    512  544  576 1024 1536 2048 2560 3072 3584 4096 4608
   .000 .000 .806 .000 .000 .000 .000 .000 .000 .000 .000

IP Flow Switching Cache, 278544 bytes
  2 active, 4094 inactive, 46 added
  1112 ager polls, 0 flow alloc failures
  Active flows timeout in 30 minutes
  Inactive flows timeout in 15 seconds
IP Sub Flow Cache, 21640 bytes
  0 active, 1024 inactive, 0 added, 0 added to flow
  0 alloc failures, 0 force free
  1 chunk, 1 chunk added
  last clearing of statistics never
Protocol         Total    Flows   Packets Bytes  Packets Active(Sec) Idle(Sec)
--------         Flows     /Sec     /Flow  /Pkt     /Sec     /Flow     /Flow
TCP-Telnet          14      0.0        19    58      0.0       6.2      10.8
Total:              44      0.0        36   470      0.0       8.3      15.4

SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts
`;

interface GeneratedFlow {
  srcIf: string;
  srcAddr: string;
  dstIf: string;
  dstAddr: string;
  protocol: number;
  srcPort: number;
  dstPort: number;
  packets: number;
}

const interfaceName = fc.oneof(
  fc
    .tuple(fc.constantFrom('Et', 'Fa', 'Gi', 'Te', 'Tu', 'Se', 'Vl', 'Po'), fc.nat(9), fc.nat(48), fc.option(fc.integer({ min: 1, max: 4094 }), { nil: undefined }), fc.boolean())
    .map(([type, slot, port, sub, egress]) => `${type}${slot}/${port}${sub === undefined ? '' : `.${sub}`}${egress ? '*' : ''}`),
  fc.constantFrom('Local', 'Null'),
);
const address = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.'));
const flow: fc.Arbitrary<GeneratedFlow> = fc.record({
  srcIf: interfaceName,
  srcAddr: address,
  dstIf: interfaceName,
  dstAddr: address,
  protocol: fc.oneof(fc.constantFrom(1, 6, 17, 47, 50), fc.nat(255)),
  srcPort: fc.nat(65535),
  dstPort: fc.oneof(fc.constantFrom(22, 53, 80, 443, 445, 3389), fc.nat(65535)),
  packets: fc.nat(2 ** 31 - 1),
});

const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');

/** One row as IOS formats it: "%-13s %-15s %-13s %-15s %02X %04X %04X %5u". */
function renderRow(row: GeneratedFlow): string {
  return `${row.srcIf.padEnd(13)} ${row.srcAddr.padEnd(15)} ${row.dstIf.padEnd(13)} ${row.dstAddr.padEnd(15)} ${hex(row.protocol, 2)} ${hex(row.srcPort, 4)} ${hex(row.dstPort, 4)} ${String(row.packets).padStart(5)} `;
}

function render(rows: readonly GeneratedFlow[]): string {
  return SUMMARY + rows.map((row) => `${renderRow(row)}\n`).join('');
}

const capture = fc.array(flow, { maxLength: 40 }).map(render);

/** Generated captures, fixture lines and random junk mixed: valid and broken output alike. */
const anyLines = fc.array(
  fc.oneof(
    fc.constantFrom(...FIXTURE_LINES),
    flow.map(renderRow),
    fc.string({ maxLength: 90 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', '   ', 'Router#', 'show ip cache flow', 'IP packet size distribution (', 'SrcIf'),
  ),
  { maxLength: 60 },
);
const messyText = fc.tuple(anyLines, fc.boolean()).map(([lines, finalNewline]) => lines.join('\n') + (finalNewline ? '\n' : ''));

/** Shape checks every result must pass, whatever the input. */
function expectWellFormed(result: ShowIpCacheFlowResult, text: string): void {
  const lineCount = text === '' ? 0 : text.split('\n').length;
  expect(result.format).toBe('ios-ip-cache-flow');
  let previous = 0;
  for (const record of result.records) {
    expect(record.line).toBeGreaterThan(previous);
    expect(record.line).toBeLessThanOrEqual(lineCount);
    previous = record.line;
  }
  for (const diagnostic of result.diagnostics) {
    expect(diagnostic.line).toBeGreaterThanOrEqual(1);
    expect(diagnostic.line).toBeLessThanOrEqual(lineCount);
  }
}

describe('show ip cache flow properties', () => {
  it('returns a result for any string and never throws (totality)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), messyText), (text) => {
        expectWellFormed(parse(text), text);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result for CRLF and LF line ends', () => {
    fc.assert(
      fc.property(fc.oneof(capture, messyText), (text) => {
        expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result with trailing spaces and tabs on any line', () => {
    fc.assert(
      fc.property(fc.oneof(capture, messyText), fc.infiniteStream(fc.constantFrom('', ' ', '  ', '\t', ' \t ')), (text, padding) => {
        const padded = text.split('\n').map((line) => line + padding.next().value).join('\n');
        expect(parse(padded)).toEqual(parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a prefix of valid output as a prefix of its rows, never an invented one (truncation)', () => {
    fc.assert(
      fc.property(capture, fc.double({ min: 0, max: 1, noNaN: true }), (text, where) => {
        const full = parse(text).records;
        const cut = Math.floor(where * text.length);
        const prefix = parse(text.slice(0, cut)).records;
        // Every row whose line break made it into the prefix is kept; the row cut in half is not.
        const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index + 1)];
        const complete = full.filter((record) => lineStarts[record.line]! <= cut).length;
        expect(prefix).toEqual(full.slice(0, complete));
      }),
      { numRuns: 300 },
    );
  });

  it('reads back flows rendered in IOS column format (round trip)', () => {
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 40 }), (rows) => {
        const result = parse(render(rows));
        expect(result.diagnostics).toEqual([]);
        const summaryLines = SUMMARY.split('\n').length - 1;
        const expected: Flow[] = rows.map((row, index) => ({
          line: summaryLines + index + 1,
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
          bytes: null,
          tos: null,
          flags: null,
          srcMask: null,
          dstMask: null,
          srcAs: null,
          dstAs: null,
          nextHop: null,
          activeSec: null,
          marks: [],
        }));
        expect(result.records).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps any address token as printed and flags only the ones that are not numeric dotted quads', () => {
    const token = fc.oneof(address, fc.stringMatching(/^[0-9a-z.:]{1,15}$/));
    fc.assert(
      fc.property(token, token, (src, dst) => {
        const [record] = parse(`${SUMMARY}Gi0/0 ${src} Gi0/1 ${dst} 06 0050 01BB 1\n`).records;
        const numeric = (value: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(value) && value.split('.').every((part) => Number(part) <= 255);
        expect(record?.srcAddr).toBe(src);
        expect(record?.dstAddr).toBe(dst);
        expect(record?.marks).toEqual([...(numeric(src) ? [] : ['src-addr-not-numeric']), ...(numeric(dst) ? [] : ['dst-addr-not-numeric'])]);
      }),
      { numRuns: 300 },
    );
  });
});
