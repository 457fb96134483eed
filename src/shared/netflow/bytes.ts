// Reading export packets' big-endian fields: unsigned integers up to 64 bits, IPv4/IPv6 texts and raw hex.

const TWO_32 = 4294967296;

/**
 * The unsigned big-endian integer bytes[at, at + length) (1..8 bytes) as a number: exact up to 2^53, rounded beyond
 * (a 64-bit counter that large is 9 PB). Callers check the bounds.
 */
export function readUnsigned(bytes: Uint8Array, view: DataView, at: number, length: number): number {
  switch (length) {
    case 1:
      return bytes[at]!;
    case 2:
      return view.getUint16(at);
    case 4:
      return view.getUint32(at);
    case 8:
      return view.getUint32(at) * TWO_32 + view.getUint32(at + 4);
    default: {
      let value = 0;
      for (let i = 0; i < length; i++) value = value * 256 + bytes[at + i]!;
      return value;
    }
  }
}

const HEX = '0123456789abcdef';

/** Lower-case hex of bytes[at, at + length), two digits a byte. */
export function hexOf(bytes: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = at; i < at + length; i++) {
    const byte = bytes[i]!;
    text += HEX[byte >> 4]! + HEX[byte & 15]!;
  }
  return text;
}

/** Dotted quad of an unsigned 32-bit value. */
export function ipv4Text(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** RFC 5952 text of the IPv6 address bytes[at, at + 16): lower case, the longest run (≥ 2) of zero groups as "::". */
export function ipv6Text(bytes: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[at + 2 * i]! << 8) | bytes[at + 2 * i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  // IPv4-mapped addresses keep their dotted tail, as RFC 5952 section 5 recommends.
  if (bestStart === 0 && bestLength === 5 && groups[5] === 0xffff) {
    return `::ffff:${bytes[at + 12]}.${bytes[at + 13]}.${bytes[at + 14]}.${bytes[at + 15]}`;
  }
  const part = (from: number, to: number): string => groups.slice(from, to).map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return part(0, 8);
  return `${part(0, bestStart)}::${part(bestStart + bestLength, 8)}`;
}

/**
 * One string per IPv4 address seen recently: an exporter names the same hosts over and over, and a million flows
 * need no million copies of "10.0.0.1". A direct-mapped table keyed by the address's value.
 */
export class Ipv4Texts {
  private readonly values = new Float64Array(4096).fill(-1);
  private readonly texts: string[] = new Array<string>(4096).fill('');

  text(value: number): string {
    const mixed = Math.imul(value | 0, 0x9e3779b1);
    const slot = (mixed ^ (mixed >>> 16)) & 4095;
    if (this.values[slot] === value) return this.texts[slot]!;
    const text = ipv4Text(value);
    this.values[slot] = value;
    this.texts[slot] = text;
    return text;
  }
}
