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

const PROTOCOL_TCP = 6;
const PROTOCOL_UDP = 17;

function hasPorts(protocol: number): boolean {
  return protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP;
}

/**
 * The rules `flow` trips, in FLAG_RULE_LABELS order. Port rules read TCP and UDP only (ICMP's "ports" are type and
 * code), and judge the service the flow talks to: the destination port, unless only the source port is a named
 * service (a reply from a server to a client's ephemeral port, which is neither uncommon nor interesting). Addresses
 * the router printed masked or not as numbers are not judged external.
 */
export function flowFlags(flow: FlaggableFlow, rules: FlagRules, isInternal: (address: string) => boolean): FlowFlag[] {
  const flags: FlowFlag[] = [];
  const proto = flow.protocolName ?? `protocol ${flow.protocol}`;
  const unnamedService = hasPorts(flow.protocol) && flow.srcService === null && flow.dstService === null;

  if (unnamedService && rules.highPortAbove > 0 && flow.dstPort > rules.highPortAbove) {
    flags.push({
      rule: 'high-port',
      explanation: `Destination port ${flow.dstPort} is above ${rules.highPortAbove} and IANA names no ${proto} service on it.`,
    });
  }
  if (unnamedService && rules.uncommonPorts) {
    flags.push({
      rule: 'uncommon-port',
      explanation: `Neither port (${flow.srcPort} → ${flow.dstPort}) is a ${proto} service IANA names: not a common protocol.`,
    });
  }
  if (rules.unknownProtocols && flow.protocolName === null) {
    flags.push({ rule: 'unknown-protocol', explanation: `IP protocol ${flow.protocol} has no IANA keyword: an unassigned or unusual protocol.` });
  }
  if (
    rules.internalToExternal &&
    !flow.marks.includes('src-addr-not-numeric') &&
    !flow.marks.includes('dst-addr-not-numeric') &&
    isInternal(flow.srcAddr) &&
    !isInternal(flow.dstAddr)
  ) {
    flags.push({ rule: 'internal-to-external', explanation: `${flow.srcAddr} is internal and ${flow.dstAddr} is outside the internal ranges: traffic leaving the network.` });
  }
  if (rules.longLivedSeconds > 0 && flow.activeSec !== null && flow.activeSec >= rules.longLivedSeconds) {
    flags.push({ rule: 'long-lived', explanation: `Active for ${flow.activeSec} s, at least ${rules.longLivedSeconds} s.` });
  }
  if (rules.highVolumePackets > 0 && flow.packets >= rules.highVolumePackets) {
    const bytes = flow.bytes === null ? '' : ` (${flow.bytes} bytes)`;
    flags.push({ rule: 'high-volume', explanation: `${flow.packets} packets${bytes}, at least ${rules.highVolumePackets}.` });
  }
  return flags;
}
