// Behaviour of the `show ip cache flow` parser, one rule per test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detect, id, parse, version } from '../../../src/shared/parsers/cisco/showIpCacheFlow';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ios-ip-cache-flow/${name}.txt`, import.meta.url), 'utf8');

const FLOW_HEADER = 'SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts';

/** A flow table with the given rows, each line ended by LF. */
function flowTable(...rows: string[]): string {
  return [FLOW_HEADER, ...rows].map((line) => `${line}\n`).join('');
}

describe('show ip cache flow: flow rows', () => {
  it('decodes 01BD as 445 microsoft-ds', () => {
    const [flow] = parse(flowTable('Tu0           10.1.12.200     Fa0/0         10.2.3.140      06 0A23 01BD     1')).records;
    expect(flow).toMatchObject({ protocol: 6, protocolHex: '06', protocolName: 'TCP', dstPort: 445, dstPortHex: '01BD', dstService: 'microsoft-ds', srcPort: 2595, srcPortHex: '0A23' });
  });

  it('decodes protocol 11 as UDP and port 0035 as 53 domain', () => {
    const [flow] = parse(flowTable('Tu0           10.1.12.210     Fa0/0         10.2.12.200     11 0035 EA0B     1')).records;
    expect(flow).toMatchObject({ protocol: 17, protocolName: 'UDP', srcPort: 53, srcService: 'domain', dstPort: 59915, dstPortHex: 'EA0B' });
  });

  it('keeps hex fields as printed, lower case included', () => {
    const [flow] = parse(flowTable('Fa0/0 192.168.10.4 Local 192.168.10.1 06 0401 07d0 8')).records;
    expect(flow).toMatchObject({ dstPortHex: '07d0', dstPort: 2000, srcPortHex: '0401', srcPort: 1025 });
  });

  it('names services for TCP and UDP ports only', () => {
    const { records } = parse(flowTable(
      'Gi0/1         172.16.29.17    Local         172.16.29.16    01 0000 0800     1',
      'Tu0           10.1.1.1        Fa0/0         10.2.2.2        2F 0000 0050     9',
    ));
    expect(records.map((flow) => [flow.protocolName, flow.srcService, flow.dstService])).toEqual([
      ['ICMP', null, null],
      ['GRE', null, null],
    ]);
  });

  it('keeps anonymized addresses and flags them', () => {
    const { records, diagnostics } = parse(flowTable(
      'Tu0 10.aa.20.254 Fa0/0 10.bb.21.1 01 0000 0000 20',
      'Tu1 203.151.20.17 Fa0/0 10.bb.50.200 06 0050 055E 10',
      'Tu1 10.1.1.1 Fa0/0 300.1.1.1 06 0050 055E 10',
    ));
    expect(diagnostics).toEqual([]);
    expect(records.map((flow) => [flow.srcAddr, flow.dstAddr, flow.marks])).toEqual([
      ['10.aa.20.254', '10.bb.21.1', ['src-addr-not-numeric', 'dst-addr-not-numeric']],
      ['203.151.20.17', '10.bb.50.200', ['dst-addr-not-numeric']],
      ['10.1.1.1', '300.1.1.1', ['dst-addr-not-numeric']],
    ]);
  });

  it('keeps the egress marker on an interface as printed', () => {
    const [flow] = parse(flowTable('Se1/0         172.16.0.254    Se1/0*        172.16.0.254    01 0000 0000     5')).records;
    expect(flow?.dstIf).toBe('Se1/0*');
  });

  it('records the line each row came from', () => {
    const { records } = parse(`show ip cache flow\n\n${flowTable('Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1E 11', 'Et0/0 10.1.1.3 Et1/0 10.2.2.2 06 0017 2B1F 12')}`);
    expect(records.map((flow) => flow.line)).toEqual([4, 5]);
  });

  it('shares repeated strings and frozen mark lists between rows, so records are read-only', () => {
    const { records } = parse(flowTable('Gi0/0 10.1.1.1 Gi0/1 10.2.2.2 06 0050 01BB 1', 'Gi0/0 10.1.1.1 Gi0/1 10.aa.2.2 06 0050 01BB 2'));
    expect(records[0]?.srcIf).toBe(records[1]?.srcIf);
    expect(records.every((flow) => Object.isFrozen(flow.marks))).toBe(true);
    expect(() => records[0]?.marks.push('src-addr-not-numeric')).toThrow(TypeError);
  });

  it('reads packet counts the router rounded (45K) and says so', () => {
    const { records, diagnostics } = parse(flowTable('Gi0/1         10.10.10.2      Gi0/0         52.85.154.106   06 1F41 01BB  45K'));
    expect(records[0]?.packets).toBe(45_000);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'info', message: expect.stringContaining('rounded') })]);
  });
});

describe('show ip cache flow: lines it cannot read', () => {
  it('keeps unparsed lines as diagnostics with line numbers', () => {
    const text = flowTable(
      'Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1E 11',
      '%LINK-3-UPDOWN: Interface Serial0/1, changed state to down',
      'Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1G 11',
      'Et0/0 10.1.1.3 Et1/0 10.2.2.2 06 0017 2B1E 12',
    );
    const { records, diagnostics } = parse(text);
    expect(records.map((flow) => flow.line)).toEqual([2, 5]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 3, severity: 'error', text: '%LINK-3-UPDOWN: Interface Serial0/1, changed state to down', expected: expect.stringContaining('SrcIf') }),
      expect.objectContaining({ line: 4, severity: 'error', text: 'Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1G 11', message: expect.stringContaining('2B1G') }),
    ]);
  });

  it('turns a truncated last flow line into a diagnostic, never a row', () => {
    const text = `${flowTable('Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1E 11')}Et0/0 10.1.1.3 Et1/0 10.2.2.2 06 0017 2B1E 1`;
    const { records, diagnostics } = parse(text);
    expect(records).toHaveLength(1);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'error', text: 'Et0/0 10.1.1.3 Et1/0 10.2.2.2 06 0017 2B1E 1' })]);
  });

  it('returns no records and no diagnostics for empty input, without throwing', () => {
    for (const text of ['', '\n', '\r\n\r\n', '   \n\t\n']) {
      expect(parse(text)).toEqual({
        format: 'ios-ip-cache-flow',
        parserVersion: version,
        records: [],
        sections: { totalPackets: null, packetSizes: [], cache: null, protocols: [], protocolTotal: null },
        diagnostics: [],
        structuralLines: [],
      });
    }
  });

  it('survives input that is not a string', () => {
    expect(parse(undefined as unknown as string).records).toEqual([]);
  });

  it('reports a flow row outside any flow table instead of guessing its columns', () => {
    const { records, diagnostics } = parse('Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1E 11\n');
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 1, severity: 'warning' })]);
  });

  it('reports the header of another table (show ip cache verbose flow) and does not read its rows as flows', () => {
    const text = 'SrcIf          SrcIPaddress    DstIf          DstIPaddress    Pr TOS Flgs  Pkts\nEt0/0          10.1.1.2        Et1/0          10.2.2.2        06 00  18      11\n';
    const { records, diagnostics } = parse(text);
    expect(records).toEqual([]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[1, 'error'], [2, 'warning']]);
  });

  it('reports a router prompt in the middle of the output', () => {
    const { diagnostics } = parse(`Router#\n${flowTable('Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1E 11')}`);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 1, severity: 'warning', text: 'Router#' })]);
  });

  it('says so when the text holds two captures, and keeps the later sections', () => {
    const once = fixture('subinterface-active-flow');
    const twice = parse(once + fixture('subinterface-flow-expired'));
    expect(twice.records).toHaveLength(1);
    expect(twice.sections.protocolTotal?.totalFlows).toBe(1);
    expect(twice.sections.cache?.lastClearing).toBe('00:06:35');
    // The second echo, then the packet sizes, cache statistics and protocol table starting again.
    expect(twice.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[21, 'warning'], [22, 'warning'], [27, 'warning'], [37, 'warning']]);
    expect(twice.diagnostics.every((diagnostic) => diagnostic.message.includes('more than one capture'))).toBe(true);
  });
});

describe('show ip cache flow: what surrounds the output', () => {
  it('ignores the echoed command and the trailing prompt without diagnostics', () => {
    for (const echo of ['show ip cache flow', 'Router#show ip cache flow', 'R1# sh ip cac fl', 'edge-1>show ip cache flow | include 0050']) {
      const { records, diagnostics } = parse(`${echo}\n${flowTable('Et0/0 10.1.1.2 Et1/0 10.2.2.2 06 0017 2B1E 11')}Router#`);
      expect({ echo, records: records.length, diagnostics }).toEqual({ echo, records: 1, diagnostics: [] });
    }
  });

  it('reads CRLF line ends like LF and counts the same lines', () => {
    const lf = parse(fixture('seed'));
    const crlf = parse(fixture('seed').replaceAll('\n', '\r\n'));
    expect(crlf).toEqual(lf);
  });
});

describe('show ip cache flow: sections', () => {
  it('reads the packet size distribution in pairs, with or without blank lines between them', () => {
    const tight = parse(fixture('subinterface-active-flow')).sections;
    const spaced = parse(fixture('egress-flows-dynamips')).sections;
    for (const sections of [tight, spaced]) {
      expect(sections.packetSizes.map((bucket) => bucket.size)).toEqual(['1-32', '64', '96', '128', '160', '192', '224', '256', '288', '320', '352', '384', '416', '448', '480', '512', '544', '576', '1024', '1536', '2048', '2560', '3072', '3584', '4096', '4608']);
    }
    expect(tight.totalPackets).toBe(5);
    expect(tight.packetSizes[2]).toEqual({ size: '96', fraction: 1 });
  });

  it('reports fractions that do not match their labels and reads no bucket from them', () => {
    const { sections, diagnostics } = parse('IP packet size distribution (5 total packets):\n   1-32   64   96\n   .000 .000\n');
    expect({ totalPackets: sections.totalPackets, buckets: sections.packetSizes }).toEqual({ totalPackets: 5, buckets: [] });
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error' }), expect.objectContaining({ line: 3, severity: 'error' })]);
  });

  it('reports labels left without their fractions', () => {
    const { diagnostics } = parse(`IP packet size distribution (5 total packets):\n   1-32   64   96\n${FLOW_HEADER}\n`);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error', text: '   1-32   64   96' })]);
  });

  it('reads a total the router rounded (50401M total packets)', () => {
    const { sections, diagnostics } = parse('IP packet size distribution (50401M total packets):   \n1-32   64\n.000 .296\n');
    expect({ totalPackets: sections.totalPackets, buckets: sections.packetSizes }).toEqual({ totalPackets: 50_401_000_000, buckets: [{ size: '1-32', fraction: 0 }, { size: '64', fraction: 0.296 }] });
    expect(diagnostics).toEqual([expect.objectContaining({ line: 1, severity: 'info' })]);
  });

  it('reads the flow cache statistics and keeps every line verbatim', () => {
    const statistics = parse(fixture('subinterface-active-flow')).sections.cache;
    expect(statistics).toEqual({
      cacheBytes: 278544,
      activeFlows: 1,
      inactiveFlows: 4095,
      addedFlows: 1,
      agerPolls: 11,
      allocFailures: 0,
      activeTimeoutMinutes: 30,
      inactiveTimeoutSeconds: 15,
      subFlowCacheBytes: 34056,
      subFlowActive: 0,
      subFlowInactive: 1024,
      subFlowAdded: 0,
      subFlowAddedToFlow: 0,
      lastClearing: '00:06:13',
      lines: [
        'IP Flow Switching Cache, 278544 bytes',
        '  1 active, 4095 inactive, 1 added',
        '  11 ager polls, 0 flow alloc failures',
        '  Active flows timeout in 30 minutes',
        '  Inactive flows timeout in 15 seconds',
        'IP Sub Flow Cache, 34056 bytes',
        '  0 active, 1024 inactive, 0 added, 0 added to flow',
        '  0 alloc failures, 0 force free',
        '  1 chunk, 0 chunks added',
        '  last clearing of statistics 00:06:13',
      ],
    });
  });

  it('keeps a cache statistics line it does not know, verbatim, with an info diagnostic', () => {
    const { sections, diagnostics } = parse('IP Flow Switching Cache, 17826816 bytes\n  0 active, 262144 inactive, 4 added\n  1 flows exported in 1 udp datagrams\n');
    expect(sections.cache?.lines).toEqual(['IP Flow Switching Cache, 17826816 bytes', '  0 active, 262144 inactive, 4 added', '  1 flows exported in 1 udp datagrams']);
    expect(sections.cache?.agerPolls).toBeNull();
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'info' })]);
  });

  it('reads the protocol table and keeps Total: apart', () => {
    const { sections } = parse(fixture('serial-telnet-ntp'));
    expect(sections.protocols.map((row) => row.name)).toEqual(['TCP-Telnet', 'TCP-WWW', 'UDP-NTP', 'UDP-other', 'ICMP']);
    expect(sections.protocolTotal).toEqual({ line: 27, name: 'Total:', totalFlows: 52, flowsPerSec: 0, packetsPerFlow: 7, bytesPerPacket: 58, packetsPerSec: 0, activeSecPerFlow: 0.4, idleSecPerFlow: 15.1 });
  });

  it('reads a flow table printed twice (ingress, then egress) as one list of rows', () => {
    const { records, diagnostics } = parse(fixture('egress-flows-dynamips'));
    expect(diagnostics).toEqual([]);
    expect(records.map((flow) => [flow.line, flow.dstIf])).toEqual([[23, 'Se1/0'], [24, 'Se1/0*'], [27, 'Local']]);
  });
});

describe('show ip cache flow: detect', () => {
  it('is sure about real captures, collapsed or column-aligned', () => {
    for (const name of ['seed', 'serial-telnet-ntp', 'packet-tracer-skinny', 'ingress-egress-local']) expect(detect(fixture(name))).toBeGreaterThanOrEqual(0.9);
  });

  it('scores text of other commands low', () => {
    expect(detect('')).toBe(0);
    expect(detect('Interface              IP-Address      OK? Method Status                Protocol\nGigabitEthernet0/0     10.0.1.1        YES NVRAM  up                    up\n')).toBe(0);
    expect(detect('IP packet size distribution (5 total packets):\nIP Flow Switching Cache, 278544 bytes\nSrcIf          SrcIPaddress    DstIf          DstIPaddress    Pr TOS Flgs  Pkts\n')).toBeLessThan(0.5);
  });

  it('identifies itself', () => {
    expect(id).toBe('ios-ip-cache-flow');
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
