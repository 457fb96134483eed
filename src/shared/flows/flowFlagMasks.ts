// The flag rules over a whole flow table at once: one mask per row from the columns, judged by the same flagMask as
// a single record, so a million flows are flagged in milliseconds and the Flags column sorts and filters on it.
import type { FlagRules } from '../domain';
import { flagMask, flowFlagMask, type FlagFacts } from '../flags/flagRules';
import { serviceName } from '../iana';
import { protocolNameOf } from '../parsers/cisco/flowFields';
import { ROW_DST_NOT_NUMERIC, ROW_OVERRIDE, ROW_SRC_NOT_NUMERIC, type FlowTable } from './flowTable';

/** Which addresses are internal: by text (any address), and by value for IPv4 (the same answer, without the text). */
export interface InternalTests {
  text: (address: string) => boolean;
  ipv4: (value: number) => boolean;
}

let namedPorts: { tcp: Uint8Array; udp: Uint8Array } | null = null;

/** 1 where IANA names a TCP (UDP) service on the port. */
function namedPortTables(): { tcp: Uint8Array; udp: Uint8Array } {
  if (namedPorts === null) {
    const tcp = new Uint8Array(65536);
    const udp = new Uint8Array(65536);
    for (let port = 0; port < 65536; port++) {
      tcp[port] = serviceName(port, 6) === null ? 0 : 1;
      udp[port] = serviceName(port, 17) === null ? 0 : 1;
    }
    namedPorts = { tcp, udp };
  }
  return namedPorts;
}

/** Every row's flag mask (bit i: FLAG_RULE_IDS[i]) under `rules`. */
export function flowFlagMasks(table: FlowTable, rules: FlagRules, internal: InternalTests): Uint8Array {
  const d = table.data;
  const masks = new Uint8Array(d.length);
  const { tcp, udp } = namedPortTables();
  const activeSec = d.optional.activeSec;
  const facts: FlagFacts = { protocol: 0, protocolNamed: false, srcServiceNamed: false, dstServiceNamed: false, dstPort: 0, addressesNumeric: true, srcInternal: false, dstInternal: false, activeSec: null, packets: 0 };
  for (let row = 0; row < d.length; row++) {
    const bits = d.rowBits[row]!;
    if (bits & ROW_OVERRIDE) {
      // The record keeps fields outside the columns (text addresses, odd hex): judge the record itself.
      masks[row] = flowFlagMask(table.flowAt(row), rules, internal.text);
      continue;
    }
    const protocol = d.protocol[row]!;
    const ports = protocol === 6 ? tcp : protocol === 17 ? udp : null;
    facts.protocol = protocol;
    facts.protocolNamed = protocolNameOf(protocol) !== null;
    facts.srcServiceNamed = ports !== null && ports[d.srcPort[row]!] === 1;
    facts.dstServiceNamed = ports !== null && ports[d.dstPort[row]!] === 1;
    facts.dstPort = d.dstPort[row]!;
    facts.addressesNumeric = (bits & (ROW_SRC_NOT_NUMERIC | ROW_DST_NOT_NUMERIC)) === 0;
    const judge = rules.internalToExternal && facts.addressesNumeric;
    facts.srcInternal = judge && internal.ipv4(d.srcAddr[row]!);
    facts.dstInternal = judge && facts.srcInternal && internal.ipv4(d.dstAddr[row]!);
    const active = activeSec?.[row];
    facts.activeSec = active === undefined || Number.isNaN(active) ? null : active;
    facts.packets = d.packets[row]!;
    masks[row] = flagMask(facts, rules);
  }
  return masks;
}
