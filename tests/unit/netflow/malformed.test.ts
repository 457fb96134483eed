import { describe, expect, it } from 'vitest';
import { FlowExportDecoder, type DecodeProblemReason } from '../../../src/shared/netflow';
import { Bytes, IPV4_FIELDS, dataSet, ipfixMessage, ipfixOptionsTemplate, ipfixTemplates, ipv4Record, v5Packet, v9OptionsTemplate, v9Packet, v9Templates } from './support/exportPackets';

const source = { exporter: '127.0.0.1:9995', receivedAt: 1_700_000_000_000 };
const v9Header = { count: 1, sysUptime: 1000, unixSecs: 1_700_000_000, sequence: 0, sourceId: 1 };
const ipfixHeader = { exportTime: 1_700_000_000, sequence: 0, domain: 1 };
const flow = { srcAddr: '10.0.0.1', dstAddr: '10.0.0.2', srcPort: 1, dstPort: 2, protocol: 6, packets: 1, bytes: 40, first: 0, last: 0 };
const v5 = v5Packet({ sysUptime: 1000, unixSecs: 1_700_000_000, sequence: 0 }, [{ ...flow }]);

function withU16(packet: Uint8Array, at: number, value: number): Uint8Array {
  const copy = packet.slice();
  new DataView(copy.buffer).setUint16(at, value);
  return copy;
}

const cases: { reason: DecodeProblemReason; name: string; packet: () => Uint8Array; says: RegExp }[] = [
  { reason: 'short-packet', name: 'a 1-byte datagram', packet: () => Uint8Array.of(5), says: /at least a 2-byte version, the packet has 1 bytes/ },
  { reason: 'short-packet', name: 'a v5 header cut short', packet: () => v5.subarray(0, 20), says: /NetFlow v5, byte 20: expected a 24-byte header/ },
  { reason: 'short-packet', name: 'a v9 header cut short', packet: () => v9Packet(v9Header, []).subarray(0, 12), says: /NetFlow v9, byte 12: expected a 20-byte header/ },
  { reason: 'short-packet', name: 'an IPFIX header cut short', packet: () => ipfixMessage(ipfixHeader, []).subarray(0, 8), says: /IPFIX, byte 8: expected a 16-byte message header/ },
  { reason: 'unknown-version', name: 'version 7', packet: () => withU16(v5, 0, 7), says: /version 7; expected 5, 9 or 10/ },
  { reason: 'count-mismatch', name: 'a v5 count that the length does not carry', packet: () => withU16(v5, 2, 2), says: /counts 2 records, which take 120 bytes, but the packet has 72/ },
  { reason: 'count-mismatch', name: 'a v5 packet with a record cut off', packet: () => v5.subarray(0, 60), says: /counts 1 records.*has 60/ },
  {
    reason: 'count-mismatch',
    name: 'a v9 count that differs from the records',
    packet: () => v9Packet({ ...v9Header, count: 5 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }]), dataSet(256, [ipv4Record(flow)])]),
    says: /counts 5 records; the flowsets hold only 2/,
  },
  { reason: 'bad-length', name: 'an IPFIX length past the datagram', packet: () => withU16(ipfixMessage(ipfixHeader, [ipfixTemplates([{ id: 256, fields: IPV4_FIELDS }])]), 2, 500), says: /message length is 500 but the datagram has \d+ bytes/ },
  { reason: 'set-too-short', name: 'a v9 flowset of length 2', packet: () => new Bytes().raw(v9Packet(v9Header, [])).u16(256).u16(2).build(), says: /flowset 256 has length 2; expected at least 4/ },
  { reason: 'set-too-short', name: 'two stray bytes after the IPFIX sets', packet: () => { const m = new Bytes().raw(ipfixMessage(ipfixHeader, [])).u16(0).build(); return withU16(m, 2, m.length); }, says: /2 bytes left; expected a 4-byte set header/ },
  { reason: 'set-past-end', name: 'a v9 flowset longer than the packet', packet: () => withU16(v9Packet(v9Header, [dataSet(256, [ipv4Record(flow)])]), 22, 400), says: /flowset 256 has length 400, past the end of the \d+-byte packet/ },
  { reason: 'set-past-end', name: 'an IPFIX set longer than the message', packet: () => withU16(ipfixMessage(ipfixHeader, [dataSet(256, [ipv4Record(flow)])]), 18, 100), says: /set 256 has length 100, past the end/ },
  { reason: 'reserved-set-id', name: 'IPFIX set id 4', packet: () => ipfixMessage(ipfixHeader, [{ id: 4, body: new Uint8Array(4) }]), says: /set id 4 is reserved/ },
  { reason: 'reserved-set-id', name: 'v9 flowset id 128', packet: () => v9Packet(v9Header, [{ id: 128, body: new Uint8Array(4) }]), says: /flowset id 128 is reserved/ },
  { reason: 'bad-template-id', name: 'a v9 template id below 256', packet: () => v9Packet(v9Header, [v9Templates([{ id: 255, fields: IPV4_FIELDS }])]), says: /template id 255; expected 256 or more/ },
  { reason: 'bad-template-id', name: 'an IPFIX template id below 256', packet: () => ipfixMessage(ipfixHeader, [ipfixTemplates([{ id: 17, fields: IPV4_FIELDS }])]), says: /template id 17; expected 256 or more/ },
  { reason: 'empty-template', name: 'a v9 template without fields', packet: () => v9Packet(v9Header, [v9Templates([{ id: 256, fields: [] }])]), says: /template 256 has no fields/ },
  { reason: 'zero-length-field', name: 'a v9 template field of length 0', packet: () => v9Packet(v9Header, [v9Templates([{ id: 256, fields: [{ id: 8, length: 4 }, { id: 7, length: 0 }] }])]), says: /field type 7 has length 0; the template is ignored/ },
  { reason: 'zero-length-field', name: 'an IPFIX enterprise field of length 0', packet: () => ipfixMessage(ipfixHeader, [ipfixTemplates([{ id: 256, fields: [{ id: 5, length: 0, enterprise: 9 }] }])]), says: /field 9\.5 has length 0/ },
  { reason: 'template-truncated', name: 'a v9 template with more fields than bytes', packet: () => withU16(v9Packet(v9Header, [v9Templates([{ id: 256, fields: IPV4_FIELDS }])]), 26, 40), says: /template 256 declares 40 fields/ },
  { reason: 'template-truncated', name: 'an IPFIX enterprise number cut off', packet: () => { const body = new Bytes().u16(256).u16(1).u16(0x8001).u16(4).u16(0).build(); return ipfixMessage(ipfixHeader, [{ id: 2, body }]); }, says: /enterprise number runs past the set's end/ },
  { reason: 'bad-scope', name: 'an IPFIX options template with no scope', packet: () => { const set = ipfixOptionsTemplate(300, [], [{ id: 34, length: 4 }]); return ipfixMessage(ipfixHeader, [set]); }, says: /scope field count 0; expected 1 to 1/ },
  { reason: 'bad-scope', name: 'a v9 options template whose scope length is not a multiple of 4', packet: () => withU16(v9Packet(v9Header, [v9OptionsTemplate(300, [{ id: 1, length: 4 }], [{ id: 34, length: 4 }])]), 26, 6), says: /scope length 6 and option length 4 must be multiples of 4/ },
  {
    reason: 'record-past-end',
    name: 'an IPFIX variable-length field longer than its set',
    packet: () => {
      const record = new Bytes().ipv4('10.0.0.1').u8(200).u16(0).build();
      return ipfixMessage(ipfixHeader, [ipfixTemplates([{ id: 256, fields: [{ id: 8, length: 4 }, { id: 82, length: 65535 }] }]), dataSet(256, [record])]);
    },
    says: /data set 256 \(set at byte \d+\): 200 bytes of field ie82/,
  },
];

describe('malformed export packets', () => {
  it.each(cases)('$reason: $name', ({ reason, packet, says }) => {
    const decoder = new FlowExportDecoder();
    const outcome = decoder.decode(packet(), source);
    expect(outcome.problems[0]?.reason).toBe(reason);
    expect(outcome.problems[0]?.message).toMatch(says);
    expect(outcome.problems[0]?.message).toContain(source.exporter);
    expect(decoder.stats()).toMatchObject({ packets: 1, decodedPackets: 0, malformed: { total: 1, byReason: { [reason]: 1 } } });
  });

  it('covers every reason the decoder can give except decoder-fault (our own bug, caught)', () => {
    const all: DecodeProblemReason[] = ['short-packet', 'unknown-version', 'bad-length', 'count-mismatch', 'set-too-short', 'set-past-end', 'reserved-set-id', 'template-truncated', 'bad-template-id', 'zero-length-field', 'empty-template', 'bad-scope', 'record-past-end'];
    expect(new Set(cases.map((c) => c.reason))).toEqual(new Set(all));
  });

  it('keeps the flows of sets before a broken one and counts the packet once', () => {
    const decoder = new FlowExportDecoder();
    const good = v9Packet({ ...v9Header, count: 2 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }]), dataSet(256, [ipv4Record(flow)])]);
    const broken = new Bytes().raw(good).u16(256).u16(999).build();
    const outcome = decoder.decode(broken, source);
    expect(outcome.flows).toHaveLength(1);
    expect(outcome.problems.map((p) => p.reason)).toEqual(['set-past-end']);
    expect(decoder.stats()).toMatchObject({ packets: 1, decodedPackets: 0, flows: 1, malformed: { total: 1 } });
  });
});
