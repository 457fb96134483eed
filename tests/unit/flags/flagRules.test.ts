// Flag rules: each rule fires on the flow it describes, explains itself with the numbers, and stays quiet when off.
import { describe, expect, it } from 'vitest';
import type { FlagRules } from '../../../src/shared/domain';
import { DEFAULT_FLAG_RULES, FLAG_RULE_LABELS, flowFlags, type FlaggableFlow } from '../../../src/shared/flags/flagRules';
import { internalAddressTest } from '../../../src/shared/correlation/internalRanges';

const isInternal = internalAddressTest();

function flow(overrides: Partial<FlaggableFlow> = {}): FlaggableFlow {
  return {
    srcAddr: '10.xx.50.81',
    srcPort: 1822,
    srcService: null,
    dstAddr: '10.xx.50.241',
    dstPort: 8080,
    dstService: 'http-alt',
    protocol: 6,
    protocolName: 'TCP',
    packets: 10,
    bytes: null,
    activeSec: null,
    marks: [],
    ...overrides,
  };
}

const rulesOf = (flags: ReturnType<typeof flowFlags>) => flags.map((f) => f.rule);
const allOff: FlagRules = { highPortAbove: 0, uncommonPorts: false, unknownProtocols: false, internalToExternal: false, longLivedSeconds: 0, highVolumePackets: 0 };

describe('flowFlags', () => {
  it('leaves an internal flow to a named service unflagged', () => {
    expect(flowFlags(flow(), DEFAULT_FLAG_RULES, isInternal)).toEqual([]);
  });

  it('flags a destination port above the limit that IANA does not name, saying the port and the limit', () => {
    const flags = flowFlags(flow({ dstPort: 60123, dstService: null }), DEFAULT_FLAG_RULES, isInternal);
    expect(rulesOf(flags)).toEqual(['high-port', 'uncommon-port']);
    expect(rulesOf(flowFlags(flow({ dstPort: 60123, dstService: null }), { ...DEFAULT_FLAG_RULES, uncommonPorts: false }, isInternal))).toEqual(['high-port']);
    expect(rulesOf(flowFlags(flow({ dstPort: 60123, dstService: null }), { ...DEFAULT_FLAG_RULES, highPortAbove: 61000 }, isInternal))).toEqual(['uncommon-port']);
    expect(flags.find((f) => f.rule === 'high-port')?.explanation).toBe('Destination port 60123 is above 49151 and IANA names no TCP service on it.');
  });

  it('does not flag the client port of a reply from a named service', () => {
    const reply = flow({ srcAddr: '203.151.20.17', srcPort: 80, srcService: 'http', dstAddr: '10.bb.50.200', dstPort: 1373, dstService: null });
    expect(flowFlags(reply, DEFAULT_FLAG_RULES, isInternal)).toEqual([]);
  });

  it('flags ports neither of which IANA names, whatever their numbers', () => {
    const flags = flowFlags(flow({ srcPort: 50123, dstPort: 1019, dstService: null }), DEFAULT_FLAG_RULES, isInternal);
    expect(flags).toEqual([{ rule: 'uncommon-port', explanation: 'Neither port (50123 → 1019) is a TCP service IANA names: not a common protocol.' }]);
  });

  it('reads no ports on ICMP', () => {
    const icmp = flow({ protocol: 1, protocolName: 'ICMP', srcPort: 0, dstPort: 2048, dstService: null });
    expect(flowFlags(icmp, DEFAULT_FLAG_RULES, isInternal)).toEqual([]);
  });

  it('flags a protocol IANA has no keyword for', () => {
    const flags = flowFlags(flow({ protocol: 253, protocolName: null }), DEFAULT_FLAG_RULES, isInternal);
    expect(rulesOf(flags)).toEqual(['unknown-protocol']);
    expect(flags[0]?.explanation).toContain('IP protocol 253');
  });

  it('flags internal to external, not external to internal, and judges masked internal addresses by their known octets', () => {
    expect(rulesOf(flowFlags(flow({ dstAddr: '203.151.20.17', dstPort: 443, dstService: 'https' }), DEFAULT_FLAG_RULES, isInternal))).toEqual(['internal-to-external']);
    expect(flowFlags(flow({ srcAddr: '203.151.20.17', srcPort: 443, srcService: 'https', dstPort: 50000, dstService: null }), DEFAULT_FLAG_RULES, isInternal)).toEqual([]);
    expect(flowFlags(flow({ srcAddr: '10.bb.ee.140' }), DEFAULT_FLAG_RULES, isInternal)).toEqual([]);
  });

  it('does not judge an address the router printed as a name', () => {
    const named = flow({ dstAddr: 'proxy.example', dstPort: 443, dstService: 'https', marks: ['dst-addr-not-numeric'] });
    expect(flowFlags(named, DEFAULT_FLAG_RULES, isInternal)).toEqual([]);
  });

  it('follows the analyst’s own internal ranges', () => {
    const toCarrier = flow({ dstAddr: '198.18.0.5', dstPort: 443, dstService: 'https' });
    expect(rulesOf(flowFlags(toCarrier, DEFAULT_FLAG_RULES, isInternal))).toEqual(['internal-to-external']);
    expect(flowFlags(toCarrier, DEFAULT_FLAG_RULES, internalAddressTest(['198.18.0.0/15']))).toEqual([]);
  });

  it('flags long-lived flows where the format prints the active time, and high-volume flows', () => {
    const flags = flowFlags(flow({ activeSec: 3600, packets: 250_000, bytes: 300_000_000 }), DEFAULT_FLAG_RULES, isInternal);
    expect(flags).toEqual([
      { rule: 'long-lived', explanation: 'Active for 3600 s, at least 1800 s.' },
      { rule: 'high-volume', explanation: '250000 packets (300000000 bytes), at least 10000.' },
    ]);
    expect(flowFlags(flow({ activeSec: null, packets: 9_999 }), DEFAULT_FLAG_RULES, isInternal)).toEqual([]);
  });

  it('stays quiet with every rule off', () => {
    const everything = flow({ srcAddr: '10.0.0.1', dstAddr: '8.8.8.8', dstPort: 40000, dstService: null, protocol: 253, protocolName: null, activeSec: 99_999, packets: 1e9 });
    expect(flowFlags(everything, allOff, isInternal)).toEqual([]);
    expect(flowFlags(everything, DEFAULT_FLAG_RULES, isInternal).map((f) => f.rule)).toEqual(['unknown-protocol', 'internal-to-external', 'long-lived', 'high-volume']);
  });

  it('lists flags in the order of the rule labels', () => {
    const order = Object.keys(FLAG_RULE_LABELS);
    const flags = flowFlags(flow({ srcPort: 50000, dstAddr: '8.8.8.8', dstPort: 60000, dstService: null, packets: 20_000 }), DEFAULT_FLAG_RULES, isInternal);
    expect(rulesOf(flags)).toEqual(['high-port', 'uncommon-port', 'internal-to-external', 'high-volume']);
    expect(FLAG_RULE_LABELS['internal-to-external']).toBe('Internal → external');
    expect([...rulesOf(flags)].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(rulesOf(flags));
  });
});
