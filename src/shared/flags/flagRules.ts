// "Interesting" flows: which of the analyst's rules a flow trips, each with the sentence that explains why.
import type { FlagRules, Flow } from '../domain';

/** The part of a flow the rules read (a Flow record has it all). */
export type FlaggableFlow = Pick<
  Flow,
  'srcAddr' | 'srcPort' | 'srcService' | 'dstAddr' | 'dstPort' | 'dstService' | 'protocol' | 'protocolName' | 'packets' | 'bytes' | 'activeSec' | 'marks'
>;

export type FlagRuleId = 'high-port' | 'uncommon-port' | 'unknown-protocol' | 'internal-to-external' | 'long-lived' | 'high-volume';

export interface FlowFlag {
  rule: FlagRuleId;
  /** Why this flow tripped the rule, in words, with the numbers. */
  explanation: string;
}

/** The rules' names as the analyst reads them, in the order flags are listed. */
export const FLAG_RULE_LABELS: Record<FlagRuleId, string> = {
  'high-port': 'High destination port',
  'uncommon-port': 'Uncommon port',
  'unknown-protocol': 'Unknown protocol',
  'internal-to-external': 'Internal → external',
  'long-lived': 'Long-lived',
  'high-volume': 'High volume',
};

/**
 * What FlowPivot starts with: destination ports in the dynamic range (above 49151, where no service is registered)
 * that IANA does not name, unnamed ports and protocols, traffic leaving the internal ranges, flows active for IOS's
 * default active timeout (30 min) or longer, and flows of 10,000 packets or more. A number rule set to 0 is off.
 */
export const DEFAULT_FLAG_RULES: FlagRules = {
  highPortAbove: 49151,
  uncommonPorts: true,
  unknownProtocols: true,
  internalToExternal: true,
  longLivedSeconds: 1800,
  highVolumePackets: 10_000,
};

/** The rules in FLAG_RULE_LABELS order: bit i of a flag mask is FLAG_RULE_IDS[i]. */
export const FLAG_RULE_IDS = Object.keys(FLAG_RULE_LABELS) as FlagRuleId[];

const HIGH_PORT = 1;
const UNCOMMON_PORT = 2;
const UNKNOWN_PROTOCOL = 4;
const INTERNAL_TO_EXTERNAL = 8;
const LONG_LIVED = 16;
const HIGH_VOLUME = 32;

const PROTOCOL_TCP = 6;
const PROTOCOL_UDP = 17;

function hasPorts(protocol: number): boolean {
  return protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP;
}

/**
 * What the rules read of one flow, as plain values: from a Flow record (flowFlags) or from the columns of a flow table
 * (flowTableFlags), so both judge by the one function below. `srcInternal`/`dstInternal` are only read when the
 * internal → external rule is on and `addressesNumeric`.
 */
export interface FlagFacts {
  protocol: number;
  protocolNamed: boolean;
  /** The port is a service IANA names for the protocol. */
  srcServiceNamed: boolean;
  dstServiceNamed: boolean;
  dstPort: number;
  /** Neither address is marked not numeric. */
  addressesNumeric: boolean;
  srcInternal: boolean;
  dstInternal: boolean;
  activeSec: number | null;
  packets: number;
}

/**
 * The rules a flow trips, as a mask (bit i: FLAG_RULE_IDS[i]). Port rules read TCP and UDP only (ICMP's "ports" are
 * type and code), and judge the service the flow talks to: the destination port, unless only the source port is a
 * named service (a reply from a server to a client's ephemeral port, which is neither uncommon nor interesting).
 * Addresses the router printed masked or not as numbers are not judged external.
 */
export function flagMask(facts: FlagFacts, rules: FlagRules): number {
  let mask = 0;
  const unnamedService = hasPorts(facts.protocol) && !facts.srcServiceNamed && !facts.dstServiceNamed;
  if (unnamedService && rules.highPortAbove > 0 && facts.dstPort > rules.highPortAbove) mask |= HIGH_PORT;
  if (unnamedService && rules.uncommonPorts) mask |= UNCOMMON_PORT;
  if (rules.unknownProtocols && !facts.protocolNamed) mask |= UNKNOWN_PROTOCOL;
  if (rules.internalToExternal && facts.addressesNumeric && facts.srcInternal && !facts.dstInternal) mask |= INTERNAL_TO_EXTERNAL;
  if (rules.longLivedSeconds > 0 && facts.activeSec !== null && facts.activeSec >= rules.longLivedSeconds) mask |= LONG_LIVED;
  if (rules.highVolumePackets > 0 && facts.packets >= rules.highVolumePackets) mask |= HIGH_VOLUME;
  return mask;
}

/** The rule ids of a mask, in FLAG_RULE_LABELS order. */
export function flagRulesOf(mask: number): FlagRuleId[] {
  return FLAG_RULE_IDS.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

/** flagMask of a Flow record (or the part of one the rules read). */
export function flowFlagMask(flow: FlaggableFlow, rules: FlagRules, isInternal: (address: string) => boolean): number {
  const addressesNumeric = !flow.marks.includes('src-addr-not-numeric') && !flow.marks.includes('dst-addr-not-numeric');
  const judgeAddresses = rules.internalToExternal && addressesNumeric;
  return flagMask(
    {
      protocol: flow.protocol,
      protocolNamed: flow.protocolName !== null,
      srcServiceNamed: flow.srcService !== null,
      dstServiceNamed: flow.dstService !== null,
      dstPort: flow.dstPort,
      addressesNumeric,
      srcInternal: judgeAddresses && isInternal(flow.srcAddr),
      dstInternal: judgeAddresses && isInternal(flow.dstAddr),
      activeSec: flow.activeSec,
      packets: flow.packets,
    },
    rules,
  );
}

/** The rules `flow` trips, in FLAG_RULE_LABELS order, each with the sentence that explains it. */
export function flowFlags(flow: FlaggableFlow, rules: FlagRules, isInternal: (address: string) => boolean): FlowFlag[] {
  return flagRulesOf(flowFlagMask(flow, rules, isInternal)).map((rule) => ({ rule, explanation: flagExplanation(rule, flow, rules) }));
}

/** Why `flow` tripped `rule`, in words, with the numbers. */
function flagExplanation(rule: FlagRuleId, flow: FlaggableFlow, rules: FlagRules): string {
  const proto = flow.protocolName ?? `protocol ${flow.protocol}`;
  switch (rule) {
    case 'high-port':
      return `Destination port ${flow.dstPort} is above ${rules.highPortAbove} and IANA names no ${proto} service on it.`;
    case 'uncommon-port':
      return `Neither port (${flow.srcPort} → ${flow.dstPort}) is a ${proto} service IANA names: not a common protocol.`;
    case 'unknown-protocol':
      return `IP protocol ${flow.protocol} has no IANA keyword: an unassigned or unusual protocol.`;
    case 'internal-to-external':
      return `${flow.srcAddr} is internal and ${flow.dstAddr} is outside the internal ranges: traffic leaving the network.`;
    case 'long-lived':
      return `Active for ${flow.activeSec} s, at least ${rules.longLivedSeconds} s.`;
    case 'high-volume':
      return `${flow.packets} packets${flow.bytes === null ? '' : ` (${flow.bytes} bytes)`}, at least ${rules.highVolumePackets}.`;
  }
}
