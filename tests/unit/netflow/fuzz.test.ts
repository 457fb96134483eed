import { describe, expect, it } from 'vitest';
import { FlowExportDecoder, type DecodeProblemReason } from '../../../src/shared/netflow';
import { Bytes, IPV4_FIELDS, dataSet, ipfixMessage, ipfixOptionsTemplate, ipfixTemplates, ipv4Record, v5Packet, v9OptionsTemplate, v9Packet, v9Templates, variableLength, type FieldSpec } from './support/exportPackets';
import { seededRandom as prng } from '../../../src/main/lab/scenarios/seededRandom';

const flow = (i: number) => ({ srcAddr: `10.0.${i}.1`, dstAddr: `10.1.${i}.2`, srcPort: 1000 + i, dstPort: 80, protocol: 6, packets: i + 1, bytes: 100 * (i + 1), first: 100, last: 900 });

function validPackets(): Uint8Array[] {
  const v9Header = { count: 4, sysUptime: 1000, unixSecs: 1_700_000_000, sequence: 1, sourceId: 3 };
  const ipfixHeader = { exportTime: 1_700_000_000, sequence: 0, domain: 3 };
  const varFields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 12, length: 4 },
    { id: 82, length: 65535 },
    { id: 1, length: 4, enterprise: 29305 },
    { id: 2, length: 8 },
  ];
  const varRecord = (name: string) => variableLength(new Bytes().ipv4('10.9.0.1').ipv4('10.9.0.2'), new TextEncoder().encode(name)).u32(9).u64(12n).build();
  const v6Fields: FieldSpec[] = [
    { id: 27, length: 16 },
    { id: 28, length: 16 },
    { id: 7, length: 2 },
    { id: 11, length: 2 },
    { id: 4, length: 1 },
    { id: 1, length: 8 },
    { id: 2, length: 8 },
    { id: 152, length: 8 },
  ];
  const v6Record = new Bytes().ipv6('2001:db8::1').ipv6('2001:db8::2').u16(1).u16(2).u8(17).u64(1000n).u64(3n).u64(1_700_000_000_000n).build();
  return [
    v5Packet({ sysUptime: 5000, unixSecs: 1_700_000_000, sequence: 0 }, [0, 1, 2, 3].map((i) => ({ ...flow(i) }))),
    v9Packet(v9Header, [v9Templates([{ id: 256, fields: IPV4_FIELDS }]), dataSet(256, [ipv4Record(flow(1)), ipv4Record(flow(2)), ipv4Record(flow(3))])]),
    v9Packet({ ...v9Header, count: 2 }, [v9OptionsTemplate(257, [{ id: 1, length: 4 }], [{ id: 34, length: 4 }]), dataSet(257, [new Bytes().u32(1).u32(100).build()], 0)]),
    v9Packet({ ...v9Header, count: 2 }, [dataSet(256, [ipv4Record(flow(4)), ipv4Record(flow(5))])]),
    ipfixMessage(ipfixHeader, [ipfixTemplates([{ id: 256, fields: IPV4_FIELDS }, { id: 258, fields: varFields }]), dataSet(256, [ipv4Record(flow(6))]), dataSet(258, [varRecord('eth0'), varRecord('a-longer-interface-name')], 3)]),
    ipfixMessage(ipfixHeader, [ipfixOptionsTemplate(259, [{ id: 149, length: 4 }], [{ id: 160, length: 8 }]), dataSet(259, [new Bytes().u32(3).u64(1_699_000_000_000n).build()]), ipfixTemplates([{ id: 260, fields: v6Fields }]), dataSet(260, [v6Record, v6Record])]),
    ipfixMessage(ipfixHeader, [ipfixTemplates([{ id: 258, fields: [] }]), dataSet(256, [ipv4Record(flow(7))])]),
  ];
}

function mutate(packet: Uint8Array, corpus: Uint8Array[], random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  const kind = pick(6);
  if (kind === 0) {
    const copy = packet.slice();
    const flips = 1 + pick(8);
    for (let i = 0; i < flips; i++) copy[pick(copy.length)]! ^= 1 << pick(8);
    return copy;
  }
  if (kind === 1) return packet.slice(0, pick(packet.length + 1));
  if (kind === 2) {
    // A length field: the header's (count or IPFIX length at 2) or a set header's, or any aligned u16.
    const copy = packet.slice();
    const view = new DataView(copy.buffer);
    const at = random() < 0.3 ? 2 : Math.min(copy.length - 2, 2 * pick(copy.length / 2));
    if (at >= 0) view.setUint16(at, random() < 0.5 ? pick(65536) : view.getUint16(at) + pick(9) - 4);
    return copy;
  }
  if (kind === 3) {
    const other = corpus[pick(corpus.length)]!;
    const cut = pick(packet.length + 1);
    const from = pick(other.length + 1);
    const spliced = new Uint8Array(cut + other.length - from);
    spliced.set(packet.subarray(0, cut));
    spliced.set(other.subarray(from), cut);
    return spliced;
  }
  if (kind === 4) {
    const copy = packet.slice();
    const start = pick(copy.length);
    for (let i = start; i < Math.min(copy.length, start + 1 + pick(16)); i++) copy[i] = pick(256);
    return copy;
  }
  return packet.slice();
}

describe('decoder fuzz', () => {
  it('never throws on 10,000 mutated v5/v9/IPFIX packets and counts each exactly once as decoded or malformed', () => {
    const random = prng(0x5eed_f10e);
    const corpus = validPackets();
    const decoder = new FlowExportDecoder({ maxPendingSets: 16 });
    const N = 10_000;
    let withProblems = 0;
    let flows = 0;
    let now = 1_700_000_000_000;
    for (let i = 0; i < N; i++) {
      const packet = mutate(corpus[i % corpus.length]!, corpus, random);
      const exporter = `127.0.0.${1 + (i % 3)}:${40000 + (i % 5)}`;
      now += 10;
      const outcome = decoder.decode(packet, { exporter, receivedAt: now });
      if (outcome.problems.length > 0) withProblems++;
      flows += outcome.flows.length;
      for (const f of outcome.flows) {
        expect(f.srcPort).toBeGreaterThanOrEqual(0);
        expect(f.srcPort).toBeLessThan(65536);
        expect(Number.isFinite(f.packets) && Number.isFinite(f.bytes)).toBe(true);
      }
      if (i % 500 === 499) decoder.expire(now);
    }
    const stats = decoder.stats();
    const byReason = stats.malformed.byReason as Record<DecodeProblemReason, number>;
    console.log(`fuzz: ${N} packets, ${stats.decodedPackets} decoded, ${stats.malformed.total} malformed, ${stats.flows} flows, ${stats.expiredSets} sets expired, ${stats.overflowSets} overflowed; by reason:`, byReason);
    expect(stats.packets).toBe(N);
    expect(stats.decodedPackets + stats.malformed.total).toBe(N);
    expect(stats.malformed.total).toBe(withProblems);
    expect(Object.values(byReason).reduce((a, b) => a + b, 0)).toBe(stats.malformed.total);
    expect(byReason['decoder-fault']).toBeUndefined();
    expect(stats.flows).toBe(flows);
    // The mutations reach both sides and many reasons; a fuzzer that only ever hits one branch proves little.
    expect(stats.decodedPackets).toBeGreaterThan(N / 10);
    expect(stats.malformed.total).toBeGreaterThan(N / 10);
    expect(Object.keys(byReason).length).toBeGreaterThanOrEqual(9);
    // Nothing stays buffered forever, nothing is lost without a count.
    decoder.expire(now + 60_000);
    expect(decoder.stats().pendingSets).toBe(0);
  });
});
