import { describe, expect, it } from 'vitest';
import { FlowExportDecoder } from '../../../src/shared/netflow';
import { Bytes, IPV4_FIELDS, dataSet, ipv4Record, v9OptionsTemplate, v9Packet, v9Templates, type SimpleFlow } from './support/exportPackets';

const source = { exporter: '127.0.0.1:2055', receivedAt: 1_700_000_000_900 };
const header = { sysUptime: 60_000, unixSecs: 1_700_000_000, sequence: 1, sourceId: 42 };

const flow: SimpleFlow = { srcAddr: '10.0.0.5', dstAddr: '10.0.0.9', srcPort: 40000, dstPort: 53, protocol: 17, packets: 3, bytes: 210, inputIf: 2, outputIf: 5, first: 50_000, last: 59_000 };

describe('NetFlow v9', () => {
  it('decodes a data flowset with the template that came in the same packet', () => {
    const decoder = new FlowExportDecoder();
    const packet = v9Packet({ ...header, count: 3 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }]), dataSet(256, [ipv4Record(flow), ipv4Record({ ...flow, srcPort: 40001 })])]);
    const outcome = decoder.decode(packet, source);
    expect(outcome.problems).toEqual([]);
    expect(outcome.version).toBe(9);
    expect(outcome.flows).toHaveLength(2);
    expect(outcome.flows[0]).toMatchObject({
      exporter: source.exporter,
      observationDomain: 42,
      version: 9,
      ipVersion: 4,
      srcAddr: '10.0.0.5',
      dstAddr: '10.0.0.9',
      srcPort: 40000,
      dstPort: 53,
      protocol: 17,
      packets: 3,
      bytes: 210,
      inputIf: 2,
      outputIf: 5,
      tcpFlags: 0,
      tos: 0,
      srcAs: null,
      nextHop: null,
      flowStart: 1_700_000_000_000 - 10_000,
      flowEnd: 1_700_000_000_000 - 1_000,
      extras: {},
    });
    expect(outcome.flows[1]!.srcPort).toBe(40001);
    expect(decoder.stats().exporters[0]!.domains[0]).toMatchObject({ observationDomain: 42, templates: [256], optionsTemplates: [] });
  });

  it('replaces a template when the exporter sends it again with other fields', () => {
    const decoder = new FlowExportDecoder();
    decoder.decode(v9Packet({ ...header, count: 1 }, [v9Templates([{ id: 300, fields: IPV4_FIELDS }])]), source);
    const narrower = [
      { id: 8, length: 4 },
      { id: 12, length: 4 },
      { id: 4, length: 1 },
      { id: 2, length: 8 },
      { id: 1, length: 8 },
    ];
    const record = new Bytes().ipv4('10.9.9.1').ipv4('10.9.9.2').u8(1).u64(7n).u64(2n ** 40n + 5n).build();
    const outcome = decoder.decode(v9Packet({ ...header, sequence: 2, count: 2 }, [v9Templates([{ id: 300, fields: narrower }]), dataSet(300, [record])]), source);
    expect(outcome.problems).toEqual([]);
    expect(outcome.flows).toHaveLength(1);
    expect(outcome.flows[0]).toMatchObject({ srcAddr: '10.9.9.1', dstAddr: '10.9.9.2', protocol: 1, packets: 7, bytes: 2 ** 40 + 5, srcPort: 0, inputIf: null, flowStart: null });
  });

  it('decodes an options template and its record (sampling interval, system scope)', () => {
    const decoder = new FlowExportDecoder();
    const options = v9OptionsTemplate(
      400,
      [{ id: 1, length: 4 }],
      [
        { id: 34, length: 4 },
        { id: 35, length: 1 },
      ],
    );
    const record = new Bytes().u32(0x0a000001).u32(100).u8(2).build();
    const outcome = decoder.decode(v9Packet({ ...header, count: 2 }, [options, dataSet(400, [record], 3)]), source);
    expect(outcome.problems).toEqual([]);
    expect(outcome.flows).toEqual([]);
    expect(outcome.options).toEqual([
      {
        exporter: source.exporter,
        observationDomain: 42,
        receivedAt: source.receivedAt,
        version: 9,
        templateId: 400,
        scopes: [{ name: 'system', id: 1, enterprise: null, value: 0x0a000001 }],
        fields: [
          { name: 'samplingInterval', id: 34, enterprise: null, value: 100 },
          { name: 'samplingAlgorithm', id: 35, enterprise: null, value: 2 },
        ],
        samplingInterval: 100,
      },
    ]);
    expect(decoder.stats().exporters[0]!.domains[0]).toMatchObject({ templates: [], optionsTemplates: [400] });
    expect(decoder.stats().optionsRecords).toBe(1);
  });

  it('buffers a data flowset until its template arrives, then decodes it with its own packet\'s clock', () => {
    const decoder = new FlowExportDecoder();
    const early = decoder.decode(v9Packet({ ...header, count: 1 }, [dataSet(256, [ipv4Record(flow)])]), source);
    expect(early).toMatchObject({ flows: [], problems: [], bufferedSets: 1 });
    expect(decoder.stats().pendingSets).toBe(1);
    const later = { exporter: source.exporter, receivedAt: source.receivedAt + 2_000 };
    const outcome = decoder.decode(v9Packet({ ...header, unixSecs: header.unixSecs + 2, sysUptime: header.sysUptime + 2_000, sequence: 2, count: 1 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }])]), later);
    expect(outcome.problems).toEqual([]);
    expect(outcome.flows).toHaveLength(1);
    expect(outcome.flows[0]).toMatchObject({ srcAddr: '10.0.0.5', receivedAt: source.receivedAt, flowStart: 1_700_000_000_000 - 10_000 });
    expect(decoder.stats()).toMatchObject({ pendingSets: 0, expiredSets: 0, flows: 1, packets: 2, decodedPackets: 2 });
    expect(decoder.expire(source.receivedAt + 60_000)).toEqual([]);
  });

  it('drops a buffered flowset whose template never came, and counts it', () => {
    const decoder = new FlowExportDecoder({ pendingTemplateMs: 5_000 });
    decoder.decode(v9Packet({ ...header, count: 1 }, [dataSet(999, [ipv4Record(flow)])]), source);
    expect(decoder.expire(source.receivedAt + 5_000)).toEqual([]);
    const dropped = decoder.expire(source.receivedAt + 5_001);
    expect(dropped).toEqual([{ exporter: source.exporter, observationDomain: 42, version: 9, templateId: 999, receivedAt: source.receivedAt, byteLength: 35, reason: 'template-never-came' }]);
    expect(decoder.stats()).toMatchObject({ pendingSets: 0, expiredSets: 1 });
    // The template coming now finds nothing waiting.
    expect(decoder.decode(v9Packet({ ...header, sequence: 2, count: 1 }, [v9Templates([{ id: 999, fields: IPV4_FIELDS }])]), source).flows).toEqual([]);
  });

  it('keeps at most maxPendingSets per exporter and domain, dropping the oldest and saying so', () => {
    const decoder = new FlowExportDecoder({ maxPendingSets: 2 });
    for (let i = 0; i < 3; i++) {
      const outcome = decoder.decode(v9Packet({ ...header, sequence: i, count: 1 }, [dataSet(500 + i, [ipv4Record(flow)])]), { exporter: source.exporter, receivedAt: source.receivedAt + i });
      expect(outcome.droppedSets).toEqual(i < 2 ? [] : [expect.objectContaining({ templateId: 500, reason: 'pending-overflow' })]);
    }
    // Another source id has its own buffer.
    decoder.decode(v9Packet({ ...header, sourceId: 7, count: 1 }, [dataSet(500, [ipv4Record(flow)])]), source);
    expect(decoder.stats()).toMatchObject({ pendingSets: 3, overflowSets: 1, expiredSets: 0 });
  });

  it('keeps templates apart per exporter and per source id', () => {
    const decoder = new FlowExportDecoder();
    decoder.decode(v9Packet({ ...header, count: 1 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }])]), source);
    const other = { exporter: '127.0.0.2:2055', receivedAt: source.receivedAt };
    expect(decoder.decode(v9Packet({ ...header, count: 1 }, [dataSet(256, [ipv4Record(flow)])]), other).bufferedSets).toBe(1);
    expect(decoder.decode(v9Packet({ ...header, sourceId: 43, count: 1 }, [dataSet(256, [ipv4Record(flow)])]), source).bufferedSets).toBe(1);
    expect(decoder.decode(v9Packet({ ...header, count: 1 }, [dataSet(256, [ipv4Record(flow)])]), source).flows).toHaveLength(1);
  });

  it('counts missed packets from the package sequence', () => {
    const decoder = new FlowExportDecoder();
    for (const sequence of [10, 11, 15, 16]) decoder.decode(v9Packet({ ...header, sequence, count: 1 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }])]), source);
    expect(decoder.stats().exporters[0]!.domains[0]).toMatchObject({ lastSequence: 16, missedSequence: 3, sequenceGaps: 1 });
  });

  it('keeps fields the mapping does not name as raw hex extras', () => {
    const decoder = new FlowExportDecoder();
    const fields = [...IPV4_FIELDS, { id: 136, length: 1 }, { id: 999, length: 3 }];
    const record = new Bytes().raw(ipv4Record(flow)).u8(2).raw([0xde, 0xad, 0x01]).build();
    const [decoded] = decoder.decode(v9Packet({ ...header, count: 2 }, [v9Templates([{ id: 256, fields }]), dataSet(256, [record])]), source).flows;
    expect(decoded!.extras).toEqual({ ie136: '02', ie999: 'dead01' });
  });

  it('keeps a field wider than the flow field it would fill raw (an 8-byte port)', () => {
    const decoder = new FlowExportDecoder();
    const fields = [
      { id: 8, length: 4 },
      { id: 7, length: 8 },
      { id: 11, length: 2 },
    ];
    const record = new Bytes().ipv4('10.0.0.1').u64(2n ** 32n + 80n).u16(443).build();
    const [decoded] = decoder.decode(v9Packet({ ...header, count: 2 }, [v9Templates([{ id: 256, fields }]), dataSet(256, [record])]), source).flows;
    expect(decoded).toMatchObject({ srcPort: 0, dstPort: 443, extras: { ie7: '0000000100000050' } });
  });

  it('accepts a header count of data records only, as softflowd writes it, but not a count above the records', () => {
    const decoder = new FlowExportDecoder();
    const packet = v9Packet({ ...header, count: 1 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }]), dataSet(256, [ipv4Record(flow)])]);
    expect(decoder.decode(packet, source).problems).toEqual([]);
    const short = v9Packet({ ...header, count: 3 }, [v9Templates([{ id: 256, fields: IPV4_FIELDS }]), dataSet(256, [ipv4Record(flow)])]);
    expect(decoder.decode(short, source).problems.map((p) => p.reason)).toEqual(['count-mismatch']);
  });
});
