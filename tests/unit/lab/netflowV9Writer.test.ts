// The lab's NetFlow v9 exporter: its packets, read by the app's own decoder, give back the scenario's flows.
import { describe, expect, it } from 'vitest';
import { exportableFlows, ipv4Number, LAB_TEMPLATE_ID, writeV9Packets } from '../../../src/main/lab/netflow/netflowV9Writer';
import { labExportPackets, labExportScenarios } from '../../../src/main/lab/netflow/labFlowExporter';
import type { CachedFlow } from '../../../src/main/lab/flowCacheModel';
import { officeFlowCache } from '../../../src/main/lab/scenarios/officeScenario';
import { FlowExportDecoder } from '../../../src/shared/netflow';

const EXPORTED_AT = Date.UTC(2026, 11, 7, 13, 0, 0);
const options = { sourceId: 7, bootedAt: EXPORTED_AT - 3_600_000, exportedAt: EXPORTED_AT, firstSequence: 100, templateEvery: 3, maxPacketBytes: 600, interfaceIndex: (name: string) => (name === 'Gi0/0' ? 1 : 2) };

function flow(index: number, fields: Partial<CachedFlow> = {}): CachedFlow {
  return { srcIf: 'Gi0/0', srcAddr: `192.0.2.${index}`, dstIf: 'Gi0/1', dstAddr: '198.51.100.9', protocol: 6, srcPort: 50_000 + index, dstPort: 443, packets: 10 + index, bytes: 1000 + index, activeSeconds: 30, idleSeconds: 2, ...fields };
}

describe('the lab NetFlow v9 writer', () => {
  it('writes a template first and again every few packets, each packet within the size and counting its records', () => {
    const flows = Array.from({ length: 100 }, (_, index) => flow(index + 1));
    const packets = writeV9Packets(flows, options);
    expect(packets.length).toBeGreaterThan(4);
    packets.map((packet, index) => {
      const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
      expect(packet.length).toBeLessThanOrEqual(600);
      expect(packet.length % 4).toBe(0);
      expect(view.getUint16(0)).toBe(9);
      expect(view.getUint32(12)).toBe(100 + index);
      expect(view.getUint32(16)).toBe(7);
      const hasTemplate = view.getUint16(20) === 0;
      expect(hasTemplate).toBe(index % 3 === 0);
      if (hasTemplate) expect(view.getUint16(24)).toBe(LAB_TEMPLATE_ID);
      const dataAt = hasTemplate ? 20 + view.getUint16(22) : 20;
      expect(view.getUint16(dataAt)).toBe(LAB_TEMPLATE_ID);
      const records = Math.floor((view.getUint16(dataAt + 2) - 4) / 33);
      expect(view.getUint16(2)).toBe(records + (hasTemplate ? 1 : 0));
      return records;
    });
    const records = packets.map((packet, index) => {
      const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
      return view.getUint16(2) - (index % 3 === 0 ? 1 : 0);
    });
    expect(records.reduce((sum, count) => sum + count, 0)).toBe(100);
  });

  it('is read back by the decoder as the same flows, times from the router\'s uptime', () => {
    const flows = Array.from({ length: 25 }, (_, index) => flow(index + 1, index === 3 ? { protocol: 17, dstPort: 53, idleSeconds: 0, activeSeconds: 0 } : {}));
    const decoder = new FlowExportDecoder();
    const decoded = writeV9Packets(flows, options).flatMap((packet) => {
      const outcome = decoder.decode(packet, { exporter: '127.0.0.1:9', receivedAt: EXPORTED_AT + 5 });
      expect(outcome.problems).toEqual([]);
      return outcome.flows;
    });
    expect(decoded.map((one) => [one.srcAddr, one.dstAddr, one.srcPort, one.dstPort, one.protocol, one.packets, one.bytes, one.inputIf, one.outputIf])).toEqual(
      flows.map((one) => [one.srcAddr, one.dstAddr, one.srcPort, one.dstPort, one.protocol, one.packets, one.bytes, 1, 2]),
    );
    expect(decoded[0]).toMatchObject({ observationDomain: 7, version: 9, flowEnd: EXPORTED_AT - 2000, flowStart: EXPORTED_AT - 32_000 });
  });

  it('leaves out the flows whose addresses NetFlow cannot carry', () => {
    expect(exportableFlows([flow(1), flow(2, { srcAddr: '10.xx.50.81' }), flow(3, { dstAddr: '10.bb.12.150' })]).map((one) => one.srcAddr)).toEqual(['192.0.2.1']);
    expect(ipv4Number('203.0.113.66')).toBe(0xcb007142);
    expect(ipv4Number('256.0.0.1')).toBeNull();
  });

  it('sends the office scenario\'s flows, and refuses a scenario with redacted addresses', () => {
    expect(labExportScenarios()).toContain('office');
    const { flows, packets } = labExportPackets('office');
    expect(flows).toHaveLength(exportableFlows(officeFlowCache().flows()).length);
    expect(flows.length).toBeGreaterThan(200);
    expect(packets.every((packet) => packet.length <= 1400)).toBe(true);
    expect(() => labExportPackets('investigation')).toThrow(/scenario: one of office, large/);
  });
});
