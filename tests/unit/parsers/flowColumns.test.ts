// The flow table in columns: records built from it say exactly what the text says, at any size.
import { describe, expect, it } from 'vitest';
import { FlowTable } from '../../../src/shared/flows/flowTable';
import { FlowColumns, InternedNames } from '../../../src/shared/parsers/cisco/flowColumns';
import { parseColumns } from '../../../src/shared/parsers/cisco/showIpCacheFlow';

const HEADER = 'SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts';

function capture(rows: string[]): string {
  return [HEADER, ...rows, ''].join('\r\n');
}

describe('parseColumns', () => {
  it('holds every row of the flow table, counters with their K suffix read', () => {
    const text = capture([
      'Tu1           10.bb.21.1      Fa0/0         10.xx.50.81     06 0050 0732     5',
      'Fa0/0         192.168.10.57   Gi0/2         203.0.113.66    11 1bd  0035     1',
      'Fa0/0         010.1.1.1       Gi0/2         203.0.113.66    06 01BD 01BD   12K',
    ]);
    const { columns, diagnostics } = parseColumns(text);
    expect(columns.length).toBe(3);
    expect(FlowTable.fromColumns(columns).flows().map((flow) => [flow.line, flow.srcIf, flow.protocol, flow.srcPort, flow.dstPort, flow.packets])).toEqual([
      [2, 'Tu1', 6, 0x50, 0x732, 5],
      [3, 'Fa0/0', 17, 0x1bd, 0x35, 1],
      [4, 'Fa0/0', 6, 445, 445, 12_000],
    ]);
    expect(diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['info']); // the rounded 12K
  });

  it('keeps addresses that are not canonical dotted quads and hex not written as IOS writes it, verbatim', () => {
    const text = capture([
      'Tu1           10.bb.21.1      Fa0/0         10.xx.50.81     06 0050 0732     5',
      'Fa0/0         192.168.10.57   Gi0/2         010.1.1.1       11 1bd  35       1',
    ]);
    const [anonymised, oddlyPrinted] = FlowTable.fromColumns(parseColumns(text).columns).flows();
    expect(anonymised).toMatchObject({ srcAddr: '10.bb.21.1', dstAddr: '10.xx.50.81', marks: ['src-addr-not-numeric', 'dst-addr-not-numeric'] });
    expect(oddlyPrinted).toMatchObject({ dstAddr: '010.1.1.1', protocolHex: '11', srcPortHex: '1bd', srcPort: 0x1bd, dstPortHex: '35', dstPort: 0x35, marks: [] });
  });

  it('numbers the values of a row, and its interfaces once each', () => {
    const text = capture(['Gi0/0 198.51.100.10 Gi0/1 10.20.5.20 06 C350 01BD 7', 'Gi0/1 10.20.5.20 Gi0/0 198.51.100.10 06 01BD C350 9']);
    const { columns } = parseColumns(text);
    expect([...columns.srcAddr.subarray(0, 2)]).toEqual([0xc633640a, 0x0a140514]);
    expect([...columns.srcPort.subarray(0, 2)]).toEqual([0xc350, 445]);
    expect([...columns.packets.subarray(0, 2)]).toEqual([7, 9]);
    expect([...columns.line.subarray(0, 2)]).toEqual([2, 3]);
    expect(columns.interfaces.names).toEqual(['Gi0/0', 'Gi0/1']);
  });

  it('grows past its first capacity without losing rows', () => {
    const columns = new FlowColumns(16);
    for (let i = 0; i < 1000; i++) columns.push(i + 1, 0, 0, i, 0xffffffff - i, 6, i, 65535 - i, i * 1000);
    columns.interfaces.intern('Gi0/0', 0, 5);
    const last = FlowTable.fromColumns(columns).flowAt(999);
    expect(last).toMatchObject({ line: 1000, srcAddr: '0.0.3.231', dstAddr: '255.255.252.24', srcPort: 999, dstPort: 64536, packets: 999000, srcIf: 'Gi0/0' });
  });
});

describe('InternedNames', () => {
  it('gives every distinct name one number, however many there are', () => {
    const names = new InternedNames();
    const text = Array.from({ length: 500 }, (_, i) => `Gi0/${i}`).join(' ');
    const ids: number[] = [];
    for (const match of text.matchAll(/\S+/g)) ids.push(names.intern(text, match.index, match.index + match[0].length));
    for (const match of text.matchAll(/\S+/g)) expect(names.intern(text, match.index, match.index + match[0].length)).toBe(ids[names.names.indexOf(match[0])]);
    expect(new Set(ids).size).toBe(500);
    expect(names.names[ids[123]!]).toBe('Gi0/123');
  });
});
