// The information elements the decoder knows (NetFlow v9 field types = IPFIX IANA IEs below 128) and where each lands
// in an ExportedFlow. Anything not listed, and every enterprise field, is kept raw in `extras`.

/** Where a template field's value goes: one small integer per field, switched on per record. */
export const Target = {
  extra: 0,
  bytes: 1,
  packets: 2,
  protocol: 3,
  tos: 4,
  tcpFlags: 5,
  srcPort: 6,
  dstPort: 7,
  srcAddr4: 8,
  dstAddr4: 9,
  srcAddr6: 10,
  dstAddr6: 11,
  srcMask: 12,
  dstMask: 13,
  inputIf: 14,
  outputIf: 15,
  nextHop4: 16,
  nextHop6: 17,
  srcAs: 18,
  dstAs: 19,
  startUptime: 20,
  endUptime: 21,
  startSeconds: 22,
  endSeconds: 23,
  startMillis: 24,
  endMillis: 25,
  startNtp: 26,
  endNtp: 27,
  systemInit: 28,
  icmpTypeCode: 29,
  ipVersion: 30,
} as const;
export type Target = (typeof Target)[keyof typeof Target];

/** How a value reads: unsigned integer, address, or raw bytes. */
export type FieldKind = 'unsigned' | 'ipv4' | 'ipv6' | 'raw';

export interface FieldDefinition {
  name: string;
  kind: FieldKind;
  /** Where it goes in a flow; Target.extra when the flow has no field for it. */
  /** Several IEs may give the same flow field (octetDeltaCount, octetTotalCount): the first in a template wins, later ones become extras. */
  target: Target;
}

const T = Target;

/** IANA IPFIX information elements (RFC 7012 registry) the mapping and the options records name. */
export const FIELD_DEFINITIONS: ReadonlyMap<number, FieldDefinition> = new Map<number, FieldDefinition>([
  [1, { name: 'octetDeltaCount', kind: 'unsigned', target: T.bytes }],
  [2, { name: 'packetDeltaCount', kind: 'unsigned', target: T.packets }],
  [3, { name: 'deltaFlowCount', kind: 'unsigned', target: T.extra }],
  [4, { name: 'protocolIdentifier', kind: 'unsigned', target: T.protocol }],
  [5, { name: 'ipClassOfService', kind: 'unsigned', target: T.tos }],
  [6, { name: 'tcpControlBits', kind: 'unsigned', target: T.tcpFlags }],
  [7, { name: 'sourceTransportPort', kind: 'unsigned', target: T.srcPort }],
  [8, { name: 'sourceIPv4Address', kind: 'ipv4', target: T.srcAddr4 }],
  [9, { name: 'sourceIPv4PrefixLength', kind: 'unsigned', target: T.srcMask }],
  [10, { name: 'ingressInterface', kind: 'unsigned', target: T.inputIf }],
  [11, { name: 'destinationTransportPort', kind: 'unsigned', target: T.dstPort }],
  [12, { name: 'destinationIPv4Address', kind: 'ipv4', target: T.dstAddr4 }],
  [13, { name: 'destinationIPv4PrefixLength', kind: 'unsigned', target: T.dstMask }],
  [14, { name: 'egressInterface', kind: 'unsigned', target: T.outputIf }],
  [15, { name: 'ipNextHopIPv4Address', kind: 'ipv4', target: T.nextHop4 }],
  [16, { name: 'bgpSourceAsNumber', kind: 'unsigned', target: T.srcAs }],
  [17, { name: 'bgpDestinationAsNumber', kind: 'unsigned', target: T.dstAs }],
  [18, { name: 'bgpNextHopIPv4Address', kind: 'ipv4', target: T.extra }],
  [21, { name: 'flowEndSysUpTime', kind: 'unsigned', target: T.endUptime }],
  [22, { name: 'flowStartSysUpTime', kind: 'unsigned', target: T.startUptime }],
  [23, { name: 'postOctetDeltaCount', kind: 'unsigned', target: T.extra }],
  [24, { name: 'postPacketDeltaCount', kind: 'unsigned', target: T.extra }],
  [27, { name: 'sourceIPv6Address', kind: 'ipv6', target: T.srcAddr6 }],
  [28, { name: 'destinationIPv6Address', kind: 'ipv6', target: T.dstAddr6 }],
  [29, { name: 'sourceIPv6PrefixLength', kind: 'unsigned', target: T.srcMask }],
  [30, { name: 'destinationIPv6PrefixLength', kind: 'unsigned', target: T.dstMask }],
  [31, { name: 'flowLabelIPv6', kind: 'unsigned', target: T.extra }],
  [32, { name: 'icmpTypeCodeIPv4', kind: 'unsigned', target: T.icmpTypeCode }],
  [34, { name: 'samplingInterval', kind: 'unsigned', target: T.extra }],
  [35, { name: 'samplingAlgorithm', kind: 'unsigned', target: T.extra }],
  [36, { name: 'flowActiveTimeout', kind: 'unsigned', target: T.extra }],
  [37, { name: 'flowIdleTimeout', kind: 'unsigned', target: T.extra }],
  [40, { name: 'exportedOctetTotalCount', kind: 'unsigned', target: T.extra }],
  [41, { name: 'exportedMessageTotalCount', kind: 'unsigned', target: T.extra }],
  [42, { name: 'exportedFlowRecordTotalCount', kind: 'unsigned', target: T.extra }],
  [48, { name: 'samplerId', kind: 'unsigned', target: T.extra }],
  [49, { name: 'samplerMode', kind: 'unsigned', target: T.extra }],
  [50, { name: 'samplerRandomInterval', kind: 'unsigned', target: T.extra }],
  [60, { name: 'ipVersion', kind: 'unsigned', target: T.ipVersion }],
  [61, { name: 'flowDirection', kind: 'unsigned', target: T.extra }],
  [62, { name: 'ipNextHopIPv6Address', kind: 'ipv6', target: T.nextHop6 }],
  [82, { name: 'interfaceName', kind: 'raw', target: T.extra }],
  [85, { name: 'octetTotalCount', kind: 'unsigned', target: T.bytes }],
  [86, { name: 'packetTotalCount', kind: 'unsigned', target: T.packets }],
  [130, { name: 'exporterIPv4Address', kind: 'ipv4', target: T.extra }],
  [131, { name: 'exporterIPv6Address', kind: 'ipv6', target: T.extra }],
  [136, { name: 'flowEndReason', kind: 'unsigned', target: T.extra }],
  [139, { name: 'icmpTypeCodeIPv6', kind: 'unsigned', target: T.icmpTypeCode }],
  [143, { name: 'meteringProcessId', kind: 'unsigned', target: T.extra }],
  [144, { name: 'exportingProcessId', kind: 'unsigned', target: T.extra }],
  [149, { name: 'observationDomainId', kind: 'unsigned', target: T.extra }],
  [150, { name: 'flowStartSeconds', kind: 'unsigned', target: T.startSeconds }],
  [151, { name: 'flowEndSeconds', kind: 'unsigned', target: T.endSeconds }],
  [152, { name: 'flowStartMilliseconds', kind: 'unsigned', target: T.startMillis }],
  [153, { name: 'flowEndMilliseconds', kind: 'unsigned', target: T.endMillis }],
  [154, { name: 'flowStartMicroseconds', kind: 'raw', target: T.startNtp }],
  [155, { name: 'flowEndMicroseconds', kind: 'raw', target: T.endNtp }],
  [156, { name: 'flowStartNanoseconds', kind: 'raw', target: T.startNtp }],
  [157, { name: 'flowEndNanoseconds', kind: 'raw', target: T.endNtp }],
  [160, { name: 'systemInitTimeMilliseconds', kind: 'unsigned', target: T.systemInit }],
  [302, { name: 'selectorId', kind: 'unsigned', target: T.extra }],
  [304, { name: 'selectorAlgorithm', kind: 'unsigned', target: T.extra }],
  [305, { name: 'samplingPacketInterval', kind: 'unsigned', target: T.extra }],
  [306, { name: 'samplingPacketSpace', kind: 'unsigned', target: T.extra }],
]);

/** IEs whose value is a sampling interval ("1 out of N packets"). */
export const SAMPLING_INTERVAL_IES: ReadonlySet<number> = new Set([34, 50, 305]);

/** IPFIX systemInitTimeMilliseconds: the base of flowStart/EndSysUpTime when an exporter sends it as an option. */
export const SYSTEM_INIT_TIME_IE = 160;

/** NetFlow v9 options scope field types (RFC 3954 section 6.1). */
export const V9_SCOPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'system'],
  [2, 'interface'],
  [3, 'lineCard'],
  [4, 'cache'],
  [5, 'template'],
]);

/** The extras key of a field: "ie<id>", or "ie<enterprise>.<id>" for an enterprise-specific one. */
export function extraKey(id: number, enterprise: number): string {
  return enterprise === 0 ? `ie${id}` : `ie${enterprise}.${id}`;
}
