// The investigation scenario: the seed's router output with the seed fleet's own connections as flows, its counts
// consistent with the rows it prints, and the seed's rows and sections otherwise left as published.
import { describe, expect, it } from 'vitest';
import { investigationFleet, investigationShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/investigationScenario';
import { DEFAULT_LAB_SCENARIO, findLabScenario } from '../../../src/main/lab/scenarios/registry';
import { SEED_HOST, SEED_PSKILL_PID, SEED_SUSPECT_PID, seedFleet } from '../../../src/main/lab/scenarios/seedFleet';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import type { Flow, ShowIpCacheFlowResult } from '../../../src/shared/domain';
import { findParser } from '../../../src/shared/parsers/registry';

function parse(lines: readonly string[]): ShowIpCacheFlowResult {
  return findParser('ios-ip-cache-flow')!.parse(lines.map((line) => `${line}\r\n`).join('')) as ShowIpCacheFlowResult;
}

const tuple = (flow: Flow) => `${flow.srcAddr}:${flow.srcPort} > ${flow.dstAddr}:${flow.dstPort}`;

describe('the investigation scenario', () => {
  const lines = investigationShowIpCacheFlowLines();
  const result = parse(lines);
  const seed = parse(seedShowIpCacheFlowLines());

  it('is the default scenario, with the seed fleet behind it', () => {
    expect(DEFAULT_LAB_SCENARIO).toBe('investigation');
    const scenario = findLabScenario('investigation')!;
    expect([...scenario.showIpCacheFlow({ flowCount: undefined })]).toEqual(lines);
    expect(scenario.windowsFleet({ flowCount: undefined })).toEqual({ ...seedFleet(), scenario: 'investigation' });
  });

  it('parses without a diagnostic, every seed row kept as published, then the fleet\'s flows', () => {
    expect(result.diagnostics).toEqual([]);
    const seedRows = seedShowIpCacheFlowLines().slice(-seed.records.length);
    expect(lines.slice(lines.length - result.records.length, lines.length - result.records.length + seedRows.length)).toEqual(seedRows);
    const flows = result.records.map(tuple);
    expect(flows).toContain('10.bb.50.64:1826 > 10.xx.50.81:445');
    expect(flows).toContain('10.xx.50.81:445 > 10.bb.50.64:1826');
    for (const port of [1822, 1823, 1827, 1828, 1829, 1830, 1831]) {
      expect(flows).toContain(`10.xx.50.81:${port} > 10.xx.50.241:8080`);
      expect(flows).toContain(`10.xx.50.241:8080 > 10.xx.50.81:${port}`);
    }
    expect(flows).toContain('10.xx.50.81:1221 > 10.xx.12.200:135');
    expect(flows).toContain('10.xx.50.81:1222 > 10.xx.12.200:1026');
    expect(new Set(flows).size).toBe(flows.length);
  });

  it('adds a flow only for a connection the seed\'s capture does not show already', () => {
    const added = result.records.slice(seed.records.length).map(tuple);
    expect(added).toHaveLength(20);
    for (const flow of seed.records) {
      expect(added).not.toContain(tuple(flow));
      expect(added).not.toContain(`${flow.dstAddr}:${flow.dstPort} > ${flow.srcAddr}:${flow.srcPort}`);
    }
  });

  it('has a socket at a fleet host for every flow it adds, from the same fleet state', () => {
    const fleet = investigationFleet();
    for (const flow of result.records.slice(seed.records.length)) {
      const ends = [
        { host: flow.srcAddr, local: `${flow.srcAddr}:${flow.srcPort}`, remote: `${flow.dstAddr}:${flow.dstPort}` },
        { host: flow.dstAddr, local: `${flow.dstAddr}:${flow.dstPort}`, remote: `${flow.srcAddr}:${flow.srcPort}` },
      ];
      const socket = ends.some(({ host, local, remote }) => fleet.hosts.find((candidate) => candidate.address === host)?.connections.some((connection) => connection.local === local && connection.remote === remote));
      expect(socket, tuple(flow)).toBe(true);
    }
  });

  it('keeps its counts consistent: the cache holds the rows it prints, the size distribution counts their packets', () => {
    const rows = result.records.length;
    expect(result.sections.cache).toMatchObject({ activeFlows: rows, inactiveFlows: 4096 - rows, addedFlows: 4367505 + rows });
    // IOS counts a flow in the protocol table once it expired: the seed's own table and Total stay.
    expect(result.sections.protocols).toEqual(seed.sections.protocols);
    expect(result.sections.protocolTotal).toEqual(seed.sections.protocolTotal);
    const added = result.records.slice(seed.records.length).reduce((sum, flow) => sum + flow.packets, 0);
    expect(result.sections.totalPackets).toBe(seed.sections.totalPackets! + added);
    const shares = result.sections.packetSizes.reduce((sum, bucket) => sum + bucket.fraction, 0);
    expect(shares).toBeCloseTo(1, 1);
  });

  it('keeps the seed\'s host as the seed shows it: PID 3756 behind the proxy connections, ctfmon 3968 to kill', () => {
    const host = investigationFleet().hosts.find((candidate) => candidate.address === SEED_HOST)!;
    expect(host.processes.find((process) => process.pid === SEED_PSKILL_PID)).toMatchObject({ name: 'ctfmon', image: 'ctfmon.exe', protected: false });
    expect(host.connections.filter((connection) => connection.pid === SEED_SUSPECT_PID && connection.remote === '10.xx.50.241:8080')).toHaveLength(7);
  });
});
