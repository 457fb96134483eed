// An exported flow as the app's Flow record: hex texts and IANA names derived as the IOS parsers derive them.
import type { Flow } from '../domain';
import { serviceName } from '../iana';
import { protocolNameOf, toIosHex } from '../parsers/cisco/flowFields';
import type { ExportedFlow } from './types';

const NO_MARKS = Object.freeze([]) as unknown as Flow['marks'];

/** An interface index as the grid shows it: the ifIndex in decimal ("3"); "" when the exporter sent none. */
export function interfaceText(ifIndex: number | null): string {
  return ifIndex === null ? '' : String(ifIndex);
}

/** One decoded flow as the app's Flow record (src/shared/domain.ts), `line` = its index in the collection (1-based). */
export function flowOfExportedFlow(flow: ExportedFlow, line: number): Flow {
  const { protocol, srcPort, dstPort } = flow;
  return {
    line,
    srcIf: interfaceText(flow.inputIf),
    srcAddr: flow.srcAddr,
    dstIf: interfaceText(flow.outputIf),
    dstAddr: flow.dstAddr,
    protocol,
    protocolHex: toIosHex(protocol, 2),
    protocolName: protocolNameOf(protocol),
    srcPort,
    srcPortHex: toIosHex(srcPort, 4),
    srcService: serviceName(srcPort, protocol),
    dstPort,
    dstPortHex: toIosHex(dstPort, 4),
    dstService: serviceName(dstPort, protocol),
    packets: flow.packets,
    bytes: flow.bytes,
    tos: flow.tos,
    flags: flow.tcpFlags,
    srcMask: flow.srcMask,
    dstMask: flow.dstMask,
    srcAs: flow.srcAs,
    dstAs: flow.dstAs,
    nextHop: flow.nextHop,
    activeSec: flow.flowStart !== null && flow.flowEnd !== null ? Math.max(0, flow.flowEnd - flow.flowStart) / 1000 : null,
    marks: NO_MARKS,
  };
}
