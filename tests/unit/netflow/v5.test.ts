import { describe, expect, it } from 'vitest';
import { FlowExportDecoder, flowOfExportedFlow } from '../../../src/shared/netflow';
import { v5Packet, type V5Record } from './support/exportPackets';

const source = { exporter: '127.0.0.1:40123', receivedAt: 1_700_000_000_500 };

const record: V5Record = {
  srcAddr: '10.1.2.3',
  dstAddr: '192.0.2.80',
  nextHop: '10.1.2.254',
  inputIf: 3,
  outputIf: 7,
  packets: 12,
  bytes: 3456,
  first: 90_000,
  last: 99_500,
  srcPort: 51000,
  dstPort: 445,
  tcpFlags: 0x1b,
  protocol: 6,
  tos: 0x20,
  srcAs: 64512,
  dstAs: 64513,
  srcMask: 24,
  dstMask: 16,
};

describe('NetFlow v5', () => {
  it('decodes every field of a record, with times from sysUptime and unix secs', () => {
    const decoder = new FlowExportDecoder();
    const packet = v5Packet({ sysUptime: 100_000, unixSecs: 1_700_000_000, unixNsecs: 250_000_000, sequence: 0, engineType: 1, engineId: 2 }, [record]);
    const outcome = decoder.decode(packet, source);
    expect(outcome.problems).toEqual([]);
    expect(outcome.version).toBe(5);
    expect(outcome.flows).toEqual([
      {
        exporter: source.exporter,
        observationDomain: 0x0102,
        receivedAt: source.receivedAt,
        version: 5,
        ipVersion: 4,
        srcAddr: '10.1.2.3',
        dstAddr: '192.0.2.80',
        srcPort: 51000,
        dstPort: 445,
        protocol: 6,
        packets: 12,
        bytes: 3456,
        tos: 0x20,
        tcpFlags: 0x1b,
        inputIf: 3,
        outputIf: 7,
        srcMask: 24,
        dstMask: 16,
        srcAs: 64512,
        dstAs: 64513,
        nextHop: '10.1.2.254',
        // export at 1_700_000_000_250 ms when uptime was 100 s: first packet 10 s before, last 0.5 s before
        flowStart: 1_700_000_000_250 - 10_000,
        flowEnd: 1_700_000_000_250 - 500,
        extras: {},
      },
    ]);
  });

  it('handles a sysUptime that wrapped after the flow started', () => {
    const decoder = new FlowExportDecoder();
    const packet = v5Packet({ sysUptime: 1_000, unixSecs: 1_700_000_000, sequence: 0 }, [{ ...record, first: 4294967296 - 2_000, last: 500 }]);
    const [flow] = decoder.decode(packet, source).flows;
    expect(flow!.flowStart).toBe(1_700_000_000_000 - 3_000);
    expect(flow!.flowEnd).toBe(1_700_000_000_000 - 500);
  });

  it('counts missed flows from the flow sequence', () => {
    const decoder = new FlowExportDecoder();
    decoder.decode(v5Packet({ sysUptime: 100_000, unixSecs: 1_700_000_000, sequence: 100 }, [record, record]), source);
    decoder.decode(v5Packet({ sysUptime: 100_000, unixSecs: 1_700_000_001, sequence: 102 }, [record]), source);
    decoder.decode(v5Packet({ sysUptime: 100_000, unixSecs: 1_700_000_002, sequence: 110 }, [record]), source);
    const [exporter] = decoder.stats().exporters;
    expect(exporter).toMatchObject({ exporter: source.exporter, versions: [5], packets: 3, flows: 4 });
    expect(exporter!.domains).toEqual([{ version: 5, observationDomain: 0, templates: [], optionsTemplates: [], lastSequence: 110, missedSequence: 7, sequenceGaps: 1 }]);
  });

  it('becomes the app\'s Flow record with IOS hex texts, IANA names and the ifIndex as the interface', () => {
    const decoder = new FlowExportDecoder();
    const [flow] = decoder.decode(v5Packet({ sysUptime: 100_000, unixSecs: 1_700_000_000, sequence: 0 }, [record]), source).flows;
    expect(flowOfExportedFlow(flow!, 4)).toEqual({
      line: 4,
      srcIf: '3',
      srcAddr: '10.1.2.3',
      dstIf: '7',
      dstAddr: '192.0.2.80',
      protocol: 6,
      protocolHex: '06',
      protocolName: 'TCP',
      srcPort: 51000,
      srcPortHex: 'C738',
      srcService: null,
      dstPort: 445,
      dstPortHex: '01BD',
      dstService: 'microsoft-ds',
      packets: 12,
      bytes: 3456,
      tos: 0x20,
      flags: 0x1b,
      srcMask: 24,
      dstMask: 16,
      srcAs: 64512,
      dstAs: 64513,
      nextHop: '10.1.2.254',
      activeSec: 9.5,
      marks: [],
    });
  });
});
