// The large scenario: a flow cache of any size (a million flows by default), each flow computed from its index so nothing is held in memory, and Windows hosts for its first flows.
import type { CachedFlow, FlowCacheModel } from '../flowCacheModel';
import { renderShowIpCacheFlow } from '../renderShowIpCacheFlow';
import type { LabScenario } from './labScenario';
import { largeFleet } from './largeFleet';
import { hashIndex } from './seededRandom';

export const DEFAULT_LARGE_FLOW_COUNT = 1_000_000;

const INTERFACES = ['Gi0/0', 'Gi0/1', 'Gi0/2', 'Gi0/3', 'Tu0', 'Tu1'];
/** Server ports, repeated to weight them roughly like a real mix. */
const TCP_SERVER_PORTS = [443, 443, 443, 443, 443, 443, 80, 80, 80, 445, 22, 25, 3389, 8080, 389, 179, 23, 21];
const UDP_SERVER_PORTS = [53, 53, 53, 53, 123, 443, 443, 161, 514, 500];
/** Decimal forms of 0..255, so a million addresses do not convert numbers to text four times each. */
const OCTETS = Array.from({ length: 256 }, (_, value) => String(value));

/** The n-th flow of the large cache; the same n always gives the same flow. */
export function largeScenarioFlow(index: number): CachedFlow {
  const a = hashIndex(index, 0x1a26e);
  const b = hashIndex(index, 0x5ca1e);
  const c = hashIndex(index, 0xf10e5);
  const srcIfIndex = a % INTERFACES.length;
  const dstIfIndex = (srcIfIndex + 1 + (b % (INTERFACES.length - 1))) % INTERFACES.length;
  const kind = a >>> 24; // 0..255
  const protocol = kind < 180 ? 6 : kind < 244 ? 17 : 1;
  const serverPorts = protocol === 17 ? UDP_SERVER_PORTS : TCP_SERVER_PORTS;
  const serverPort = serverPorts[b % serverPorts.length] as number;
  const clientPort = 49152 + (c % 16384);
  const towardsServer = (c & 1) === 0;
  const packets = 1 + ((b >>> 8) % ((b & 7) === 0 ? 5000 : 60));
  const meanSize = protocol === 1 ? 84 : 40 + ((c >>> 4) % 1461);
  return {
    srcIf: INTERFACES[srcIfIndex] as string,
    srcAddr: `10.${OCTETS[(a >>> 16) & 0xff]}.${OCTETS[(a >>> 8) & 0xff]}.${OCTETS[1 + (a % 254)]}`,
    dstIf: INTERFACES[dstIfIndex] as string,
    dstAddr: `172.${OCTETS[16 + ((b >>> 20) & 0x0f)]}.${OCTETS[(b >>> 12) & 0xff]}.${OCTETS[1 + (c % 254)]}`,
    protocol,
    srcPort: protocol === 1 ? 0 : towardsServer ? clientPort : serverPort,
    dstPort: protocol === 1 ? 0x0800 : towardsServer ? serverPort : clientPort,
    packets,
    bytes: packets * meanSize,
    activeSeconds: ((c >>> 8) % 18000) / 10,
    idleSeconds: ((c >>> 20) % 151) / 10,
  };
}

export function largeFlowCache(flowCount: number): FlowCacheModel {
  return {
    *flows() {
      for (let index = 0; index < flowCount; index += 1) yield largeScenarioFlow(index);
    },
    statisticsSeconds: 3600,
  };
}

export const largeScenario: LabScenario = {
  name: 'large',
  description: `A generated core router cache of flowCount flows (default ${DEFAULT_LARGE_FLOW_COUNT.toLocaleString('en-US')}), streamed line by line with backpressure, for benchmarks.`,
  showIpCacheFlow: ({ flowCount }) => renderShowIpCacheFlow(largeFlowCache(flowCount ?? DEFAULT_LARGE_FLOW_COUNT)),
  windowsFleet: ({ flowCount }) => largeFleet(flowCount ?? DEFAULT_LARGE_FLOW_COUNT, largeScenarioFlow),
};
