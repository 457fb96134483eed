// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records, times relative to the exporter's sysUptime.
import { uptimeMillis, NO_EXTRAS } from './flowMapping';
import type { PacketDecoding } from './packetDecoding';

export const V5_HEADER_LENGTH = 24;
export const V5_RECORD_LENGTH = 48;

export function decodeV5(bytes: Uint8Array, view: DataView, packet: PacketDecoding): void {
  const length = bytes.length;
  if (length < V5_HEADER_LENGTH) {
    packet.problem('short-packet', length, `expected a ${V5_HEADER_LENGTH}-byte header, the packet has ${length} bytes`);
    return;
  }
  const count = view.getUint16(2);
  const expected = V5_HEADER_LENGTH + V5_RECORD_LENGTH * count;
  if (length !== expected) {
    packet.problem('count-mismatch', 2, `the header counts ${count} records, which take ${expected} bytes, but the packet has ${length}`);
    return;
  }
  const sysUptime = view.getUint32(4);
  const exportMs = view.getUint32(8) * 1000 + Math.floor(view.getUint32(12) / 1e6);
  const sequence = view.getUint32(16);
  const observationDomain = (bytes[20]! << 8) | bytes[21]!;
  const domain = packet.exporter.domain(5, observationDomain);
  domain.noteSequence(sequence, count);
  const { exporter, receivedAt } = packet.source;
  const addresses = packet.addresses;
  const flows = packet.outcome.flows;
  for (let at = V5_HEADER_LENGTH; at < length; at += V5_RECORD_LENGTH) {
    flows.push({
      exporter,
      observationDomain,
      receivedAt,
      version: 5,
      ipVersion: 4,
      srcAddr: addresses.text(view.getUint32(at)),
      dstAddr: addresses.text(view.getUint32(at + 4)),
      srcPort: view.getUint16(at + 32),
      dstPort: view.getUint16(at + 34),
      protocol: bytes[at + 38]!,
      packets: view.getUint32(at + 16),
      bytes: view.getUint32(at + 20),
      tos: bytes[at + 39]!,
      tcpFlags: bytes[at + 37]!,
      inputIf: view.getUint16(at + 12),
      outputIf: view.getUint16(at + 14),
      srcMask: bytes[at + 44]!,
      dstMask: bytes[at + 45]!,
      srcAs: view.getUint16(at + 40),
      dstAs: view.getUint16(at + 42),
      nextHop: addresses.text(view.getUint32(at + 8)),
      flowStart: uptimeMillis(exportMs, sysUptime, view.getUint32(at + 24)),
      flowEnd: uptimeMillis(exportMs, sysUptime, view.getUint32(at + 28)),
      extras: NO_EXTRAS,
    });
  }
}
