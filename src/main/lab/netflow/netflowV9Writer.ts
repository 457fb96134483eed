// Encodes the lab's flow cache as NetFlow v9 export packets (RFC 3954): a template flow set, then data flow sets of
// that template, the template sent again every few packets as a router refreshes it. Encoding only: the lab plays an
// exporter; reading exports is the decoder's (src/shared/netflow/).
import type { CachedFlow } from '../flowCacheModel';

/** The lab's template: what its flow cache knows of a flow, no more (no masks, AS numbers or next hops). */
export const LAB_TEMPLATE_ID = 256;
const TEMPLATE_FIELDS: readonly [type: number, length: number][] = [
  [1, 4], // IN_BYTES
  [2, 4], // IN_PKTS
  [4, 1], // PROTOCOL
  [7, 2], // L4_SRC_PORT
  [8, 4], // IPV4_SRC_ADDR
  [10, 2], // INPUT_SNMP
  [11, 2], // L4_DST_PORT
  [12, 4], // IPV4_DST_ADDR
  [14, 2], // OUTPUT_SNMP
  [22, 4], // FIRST_SWITCHED
  [21, 4], // LAST_SWITCHED
];
const RECORD_LENGTH = TEMPLATE_FIELDS.reduce((sum, [, length]) => sum + length, 0);
const HEADER_LENGTH = 20;
const SET_HEADER_LENGTH = 4;
const TEMPLATE_SET_LENGTH = SET_HEADER_LENGTH + 4 + TEMPLATE_FIELDS.length * 4;

export interface V9WriterOptions {
  /** The exporter's observation domain (v9 "source ID"). */
  sourceId: number;
  /** When the simulated router booted and when it exports (ms since the epoch): sysUptime and the switched times follow. */
  bootedAt: number;
  exportedAt: number;
  /** Sequence number of the first packet (v9 counts packets). */
  firstSequence: number;
  /** The template goes in the first packet and again every this many packets. */
  templateEvery: number;
  /** Largest datagram to write, in bytes (a router keeps under its MTU). */
  maxPacketBytes: number;
  /** SNMP ifIndex of an interface name ("Gi0/0"). */
  interfaceIndex(name: string): number;
}

/** A dotted quad as a number; null for anything else (the lab's redacted "10.xx…" addresses). */
export function ipv4Number(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** Flows whose addresses NetFlow can carry (4-byte IPv4): the others are left out by the caller. */
export function exportableFlows(flows: Iterable<CachedFlow>): CachedFlow[] {
  return [...flows].filter((flow) => ipv4Number(flow.srcAddr) !== null && ipv4Number(flow.dstAddr) !== null);
}

/** The packets, in sending order. `flows` must be exportable (see exportableFlows). */
export function writeV9Packets(flows: readonly CachedFlow[], options: V9WriterOptions): Uint8Array[] {
  const uptime = Math.max(0, options.exportedAt - options.bootedAt);
  const packets: Uint8Array[] = [];
  let next = 0;
  do {
    const withTemplate = packets.length % options.templateEvery === 0;
    const room = options.maxPacketBytes - HEADER_LENGTH - (withTemplate ? TEMPLATE_SET_LENGTH : 0) - SET_HEADER_LENGTH - 3;
    const count = Math.max(1, Math.min(flows.length - next, Math.floor(room / RECORD_LENGTH)));
    const batch = flows.slice(next, next + count);
    next += batch.length;
    packets.push(writePacket(batch, withTemplate, options.firstSequence + packets.length, uptime, options));
  } while (next < flows.length);
  return packets;
}

function writePacket(flows: readonly CachedFlow[], withTemplate: boolean, sequence: number, uptime: number, options: V9WriterOptions): Uint8Array {
  const dataLength = flows.length === 0 ? 0 : SET_HEADER_LENGTH + flows.length * RECORD_LENGTH;
  const dataPadded = dataLength === 0 ? 0 : Math.ceil(dataLength / 4) * 4;
  const length = HEADER_LENGTH + (withTemplate ? TEMPLATE_SET_LENGTH : 0) + dataPadded;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 9);
  view.setUint16(2, flows.length + (withTemplate ? 1 : 0));
  view.setUint32(4, uptime >>> 0);
  view.setUint32(8, Math.floor(options.exportedAt / 1000));
  view.setUint32(12, sequence >>> 0);
  view.setUint32(16, options.sourceId >>> 0);
  let at = HEADER_LENGTH;
  if (withTemplate) {
    view.setUint16(at, 0);
    view.setUint16(at + 2, TEMPLATE_SET_LENGTH);
    view.setUint16(at + 4, LAB_TEMPLATE_ID);
    view.setUint16(at + 6, TEMPLATE_FIELDS.length);
    at += 8;
    for (const [type, fieldLength] of TEMPLATE_FIELDS) {
      view.setUint16(at, type);
      view.setUint16(at + 2, fieldLength);
      at += 4;
    }
  }
  if (dataLength > 0) {
    view.setUint16(at, LAB_TEMPLATE_ID);
    view.setUint16(at + 2, dataPadded);
    at += 4;
    for (const flow of flows) {
      const last = Math.max(0, uptime - flow.idleSeconds * 1000);
      const first = Math.max(0, last - flow.activeSeconds * 1000);
      view.setUint32(at, Math.min(flow.bytes, 0xffffffff));
      view.setUint32(at + 4, Math.min(flow.packets, 0xffffffff));
      view.setUint8(at + 8, flow.protocol);
      view.setUint16(at + 9, flow.srcPort);
      view.setUint32(at + 11, ipv4Number(flow.srcAddr)!);
      view.setUint16(at + 15, options.interfaceIndex(flow.srcIf));
      view.setUint16(at + 17, flow.dstPort);
      view.setUint32(at + 19, ipv4Number(flow.dstAddr)!);
      view.setUint16(at + 23, options.interfaceIndex(flow.dstIf));
      view.setUint32(at + 25, Math.round(first) >>> 0);
      view.setUint32(at + 29, Math.round(last) >>> 0);
      at += RECORD_LENGTH;
    }
  }
  return bytes;
}
