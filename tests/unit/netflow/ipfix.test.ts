import { describe, expect, it } from 'vitest';
import { FlowExportDecoder } from '../../../src/shared/netflow';
import { Bytes, dataSet, ipfixMessage, ipfixOptionsTemplate, ipfixTemplates, variableLength, type FieldSpec } from './support/exportPackets';

const source = { exporter: '127.0.0.1:4739', receivedAt: 1_700_000_100_000 };
const header = { exportTime: 1_700_000_099, sequence: 0, domain: 7 };

const V6_FIELDS: FieldSpec[] = [
  { id: 27, length: 16 },
  { id: 28, length: 16 },
  { id: 7, length: 2 },
  { id: 11, length: 2 },
  { id: 4, length: 1 },
  { id: 2, length: 8 },
  { id: 1, length: 8 },
  { id: 152, length: 8 },
  { id: 153, length: 8 },
  { id: 62, length: 16 },
  { id: 29, length: 1 },
];

function v6Record(src: string, dst: string, packets: bigint, bytes: bigint): Uint8Array {
  return new Bytes()
    .ipv6(src)
    .ipv6(dst)
    .u16(443)
    .u16(50123)
    .u8(6)
    .u64(packets)
    .u64(bytes)
    .u64(1_700_000_090_123n)
    .u64(1_700_000_098_456n)
    .ipv6('fe80::1')
    .u8(64)
    .build();
}

describe('IPFIX', () => {
  it('decodes IPv6 flows with 64-bit counters and millisecond times', () => {
    const decoder = new FlowExportDecoder();
    const message = ipfixMessage(header, [ipfixTemplates([{ id: 256, fields: V6_FIELDS }]), dataSet(256, [v6Record('2001:db8::10', '2001:db8:0:1::20', 9n, 2n ** 33n)])]);
    const outcome = decoder.decode(message, source);
    expect(outcome.problems).toEqual([]);
    expect(outcome.version).toBe(10);
    expect(outcome.flows).toEqual([
      {
        exporter: source.exporter,
        observationDomain: 7,
        receivedAt: source.receivedAt,
        version: 10,
        ipVersion: 6,
        srcAddr: '2001:db8::10',
        dstAddr: '2001:db8:0:1::20',
        srcPort: 443,
        dstPort: 50123,
        protocol: 6,
        packets: 9,
        bytes: 2 ** 33,
        tos: null,
        tcpFlags: null,
        inputIf: null,
        outputIf: null,
        srcMask: 64,
        dstMask: null,
        srcAs: null,
        dstAs: null,
        nextHop: 'fe80::1',
        flowStart: 1_700_000_090_123,
        flowEnd: 1_700_000_098_456,
        extras: {},
      },
    ]);
  });

  it('keeps enterprise fields and variable-length fields raw, in both length forms', () => {
    const decoder = new FlowExportDecoder();
    const fields: FieldSpec[] = [
      { id: 8, length: 4 },
      { id: 12, length: 4 },
      { id: 1, length: 4, enterprise: 29305 }, // reverse octetDeltaCount (RFC 5103): an enterprise field, never mapped
      { id: 82, length: 65535 }, // interfaceName, variable length
      { id: 12, length: 65535, enterprise: 9 },
      { id: 2, length: 4 },
    ];
    const long = new Uint8Array(300).fill(0xab);
    const record = new Bytes().ipv4('10.2.0.1').ipv4('10.2.0.2').u32(777);
    variableLength(record, new TextEncoder().encode('eth0'));
    variableLength(record, long);
    record.u32(5);
    const shortForm = new Bytes().ipv4('10.2.0.3').ipv4('10.2.0.4').u32(1);
    variableLength(shortForm, Uint8Array.of(1, 2), true); // 255-escape used even for a short value
    variableLength(shortForm, new Uint8Array(0));
    shortForm.u32(6);
    const outcome = decoder.decode(ipfixMessage(header, [ipfixTemplates([{ id: 260, fields }]), dataSet(260, [record.build(), shortForm.build()], 2)]), source);
    expect(outcome.problems).toEqual([]);
    expect(outcome.flows.map((f) => [f.srcAddr, f.packets, f.bytes, f.extras])).toEqual([
      ['10.2.0.1', 5, 0, { 'ie29305.1': '00000309', ie82: '65746830', 'ie9.12': 'ab'.repeat(300) }],
      ['10.2.0.3', 6, 0, { 'ie29305.1': '00000001', ie82: '0102', 'ie9.12': '' }],
    ]);
  });

  it('withdraws a template, and all templates with the set id', () => {
    const decoder = new FlowExportDecoder();
    const fields: FieldSpec[] = [
      { id: 8, length: 4 },
      { id: 12, length: 4 },
    ];
    decoder.decode(ipfixMessage(header, [ipfixTemplates([{ id: 256, fields }, { id: 257, fields }, { id: 258, fields }])]), source);
    expect(decoder.stats().exporters[0]!.domains[0]!.templates).toEqual([256, 257, 258]);
    decoder.decode(ipfixMessage(header, [ipfixTemplates([{ id: 257, fields: [] }])]), source);
    expect(decoder.stats().exporters[0]!.domains[0]!.templates).toEqual([256, 258]);
    const record = new Bytes().ipv4('1.1.1.1').ipv4('2.2.2.2').build();
    expect(decoder.decode(ipfixMessage(header, [dataSet(257, [record])]), source).bufferedSets).toBe(1);
    decoder.decode(ipfixMessage(header, [ipfixTemplates([{ id: 2, fields: [] }])]), source);
    expect(decoder.stats().exporters[0]!.domains[0]!.templates).toEqual([]);
    expect(decoder.stats().malformed.total).toBe(0);
  });

  it('reads options records and uses systemInitTimeMilliseconds for flowStart/EndSysUpTime', () => {
    const decoder = new FlowExportDecoder();
    const options = ipfixOptionsTemplate(
      512,
      [{ id: 149, length: 4 }],
      [
        { id: 160, length: 8 },
        { id: 305, length: 4 },
        { id: 130, length: 4 },
      ],
    );
    const optionRecord = new Bytes().u32(7).u64(1_699_990_000_000n).u32(1000).ipv4('127.0.0.1').build();
    const fields: FieldSpec[] = [
      { id: 8, length: 4 },
      { id: 12, length: 4 },
      { id: 22, length: 4 },
      { id: 21, length: 4 },
    ];
    const flowRecord = new Bytes().ipv4('10.3.0.1').ipv4('10.3.0.2').u32(5_000).u32(9_000).build();
    const outcome = decoder.decode(ipfixMessage(header, [options, ipfixTemplates([{ id: 256, fields }]), dataSet(512, [optionRecord]), dataSet(256, [flowRecord])]), source);
    expect(outcome.problems).toEqual([]);
    expect(outcome.options).toEqual([
      {
        exporter: source.exporter,
        observationDomain: 7,
        receivedAt: source.receivedAt,
        version: 10,
        templateId: 512,
        scopes: [{ name: 'observationDomainId', id: 149, enterprise: null, value: 7 }],
        fields: [
          { name: 'systemInitTimeMilliseconds', id: 160, enterprise: null, value: 1_699_990_000_000 },
          { name: 'samplingPacketInterval', id: 305, enterprise: null, value: 1000 },
          { name: 'exporterIPv4Address', id: 130, enterprise: null, value: '127.0.0.1' },
        ],
        samplingInterval: 1000,
      },
    ]);
    expect(outcome.flows[0]).toMatchObject({ flowStart: 1_699_990_005_000, flowEnd: 1_699_990_009_000 });
    expect(decoder.stats().exporters[0]!.domains[0]).toMatchObject({ templates: [256], optionsTemplates: [512] });
  });

  it('counts missed records from the data record sequence', () => {
    const decoder = new FlowExportDecoder();
    const fields: FieldSpec[] = [
      { id: 8, length: 4 },
      { id: 12, length: 4 },
    ];
    const record = new Bytes().ipv4('1.1.1.1').ipv4('2.2.2.2').build();
    decoder.decode(ipfixMessage({ ...header, sequence: 0 }, [ipfixTemplates([{ id: 256, fields }]), dataSet(256, [record, record, record])]), source);
    decoder.decode(ipfixMessage({ ...header, sequence: 3 }, [dataSet(256, [record])]), source);
    decoder.decode(ipfixMessage({ ...header, sequence: 10 }, [dataSet(256, [record])]), source);
    expect(decoder.stats().exporters[0]!.domains[0]).toMatchObject({ lastSequence: 10, missedSequence: 6, sequenceGaps: 1 });
  });

  it('decodes a buffered set when its template comes in a later message', () => {
    const decoder = new FlowExportDecoder();
    const fields: FieldSpec[] = [
      { id: 8, length: 4 },
      { id: 12, length: 4 },
      { id: 2, length: 4 },
    ];
    const record = new Bytes().ipv4('10.4.0.1').ipv4('10.4.0.2').u32(11).build();
    expect(decoder.decode(ipfixMessage(header, [dataSet(333, [record])]), source).bufferedSets).toBe(1);
    const outcome = decoder.decode(ipfixMessage(header, [ipfixTemplates([{ id: 333, fields }])]), source);
    expect(outcome.flows.map((f) => [f.srcAddr, f.dstAddr, f.packets])).toEqual([['10.4.0.1', '10.4.0.2', 11]]);
  });

  it('places an uptime stamp from before the system init time (a wrapped unsigned32) just before the export', () => {
    const decoder = new FlowExportDecoder();
    const systemInit = 1_700_000_000_000;
    const options = ipfixOptionsTemplate(512, [{ id: 149, length: 4 }], [{ id: 160, length: 8 }]);
    const fields: FieldSpec[] = [
      { id: 8, length: 4 },
      { id: 12, length: 4 },
      { id: 22, length: 4 },
      { id: 21, length: 4 },
    ];
    // Stamps 700 s and 699 s before init, as softflowd writes them when it reads a pcap older than itself.
    const flowRecord = new Bytes().ipv4('10.3.0.1').ipv4('10.3.0.2').u32(2 ** 32 - 700_000).u32(2 ** 32 - 699_000).build();
    const message = ipfixMessage({ ...header, exportTime: systemInit / 1000 + 2 }, [options, dataSet(512, [new Bytes().u32(7).u64(BigInt(systemInit)).build()]), ipfixTemplates([{ id: 256, fields }]), dataSet(256, [flowRecord])]);
    expect(decoder.decode(message, source).flows[0]).toMatchObject({ flowStart: systemInit - 700_000, flowEnd: systemInit - 699_000 });
  });
});
