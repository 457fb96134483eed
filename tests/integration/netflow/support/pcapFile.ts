// A packet capture file (libpcap format, Ethernet) of hand-picked IPv4 TCP and UDP packets, for a real flow exporter
// (softflowd -r) to read: every byte stated, so the flows it must export are known.

export interface CapturedPacket {
  srcAddr: string;
  dstAddr: string;
  protocol: 6 | 17;
  srcPort: number;
  dstPort: number;
  /** Payload bytes after the TCP/UDP header. */
  payload: number;
  /** Seconds since the epoch. */
  at: number;
}

const octets = (address: string) => address.split('.').map(Number);
const le32 = (value: number) => [value & 255, (value >>> 8) & 255, (value >>> 16) & 255, value >>> 24];
const le16 = (value: number) => [value & 255, value >>> 8];
const be16 = (value: number) => [value >>> 8, value & 255];

/** The packet's IPv4 total length: what NetFlow counts as its bytes. */
export function ipLength(packet: CapturedPacket): number {
  return 20 + (packet.protocol === 6 ? 20 : 8) + packet.payload;
}

function frame(packet: CapturedPacket): number[] {
  const { srcPort, dstPort, payload } = packet;
  // TCP: PSH+ACK, a 20-byte header; UDP: its 8 bytes. Checksums other than IPv4's are not checked by exporters.
  const transport = packet.protocol === 6 ? [...be16(srcPort), ...be16(dstPort), 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0] : [...be16(srcPort), ...be16(dstPort), ...be16(8 + payload), 0, 0];
  const ip = [0x45, 0, ...be16(ipLength(packet)), 0, 1, 0x40, 0, 64, packet.protocol, 0, 0, ...octets(packet.srcAddr), ...octets(packet.dstAddr)];
  let sum = 0;
  for (let i = 0; i < ip.length; i += 2) sum += (ip[i]! << 8) | ip[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  ip[10] = (~sum >>> 8) & 255;
  ip[11] = ~sum & 255;
  return [0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00, ...ip, ...transport, ...new Array<number>(payload).fill(0x61)];
}

export function pcapFile(packets: readonly CapturedPacket[]): Uint8Array {
  const bytes = [...le32(0xa1b2c3d4), ...le16(2), ...le16(4), ...le32(0), ...le32(0), ...le32(65535), ...le32(1)];
  for (const packet of packets) {
    const data = frame(packet);
    bytes.push(...le32(packet.at), ...le32(0), ...le32(data.length), ...le32(data.length), ...data);
  }
  return Uint8Array.from(bytes);
}
