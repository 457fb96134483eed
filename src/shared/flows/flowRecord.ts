// A Flow record from what a router prints as numbers and names, the rest derived as the parsers derive it (hex texts
// as IOS prints them, IANA names): for the code that makes flows rather than reads them (the bench, tests).
import type { Flow } from '../domain';
import { serviceName } from '../iana';
import { protocolNameOf, toIosHex } from '../parsers/cisco/flowFields';

export type PrintedFlowFields = Pick<Flow, 'line' | 'srcIf' | 'srcAddr' | 'dstIf' | 'dstAddr' | 'protocol' | 'srcPort' | 'dstPort' | 'packets'> & Partial<Pick<Flow, 'activeSec' | 'marks'>>;

export function flowRecord(fields: PrintedFlowFields): Flow {
  const { protocol, srcPort, dstPort } = fields;
  return {
    ...fields,
    protocolHex: toIosHex(protocol, 2),
    protocolName: protocolNameOf(protocol),
    srcPortHex: toIosHex(srcPort, 4),
    srcService: serviceName(srcPort, protocol),
    dstPortHex: toIosHex(dstPort, 4),
    dstService: serviceName(dstPort, protocol),
    bytes: null,
    tos: null,
    flags: null,
    srcMask: null,
    dstMask: null,
    srcAs: null,
    dstAs: null,
    nextHop: null,
    activeSec: fields.activeSec ?? null,
    marks: fields.marks ?? [],
  };
}
