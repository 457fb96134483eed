// Which end of a flow is "ours": RFC 1918, RFC 4193 and RFC 6598 ranges plus the analyst's own, read also from
// anonymised addresses ("10.xx.50.81" is in 10.0.0.0/8 whatever its masked octets are).
import { canonicalAddress } from './socketAddress';

/** A parsed CIDR range. */
export interface AddressRange {
  text: string;
  version: 4 | 6;
  /** Address bytes (4 or 16). */
  bytes: number[];
  prefix: number;
}

/** Private and shared address space every organisation counts as internal. */
export const DEFAULT_INTERNAL_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7', 'fe80::/10'];

/** Bytes of an address; for IPv4, null stands for a masked octet ("xx"). Null when it is not an address at all. */
function addressBytes(address: string): { version: 4 | 6; bytes: (number | null)[] } | null {
  const text = canonicalAddress(address);
  const parts = text.split('.');
  if (parts.length === 4 && !text.includes(':')) {
    const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) && Number(part) <= 255 ? Number(part) : /^[a-z]{1,3}$/.test(part) ? null : Number.NaN));
    return bytes.some((byte) => Number.isNaN(byte)) ? null : { version: 4, bytes };
  }
  if (!text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!all.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return { version: 6, bytes: all.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 255]) };
}

/** Parses "10.0.0.0/8" or "fd00::/8"; throws with the reason for anything else. */
export function parseRange(text: string): AddressRange {
  const [address, prefixText, extra] = text.trim().split('/');
  const parsed = address === undefined ? null : addressBytes(address);
  const prefix = Number(prefixText);
  if (extra !== undefined || parsed === null || parsed.bytes.some((byte) => byte === null) || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > parsed.bytes.length * 8) {
    throw new Error(`"${text}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
  }
  return { text: text.trim(), version: parsed.version, bytes: parsed.bytes as number[], prefix };
}

/** Whether the address is inside the range; a masked octet inside the prefix means "cannot tell", which is no. */
export function rangeContains(range: AddressRange, address: string): boolean {
  const parsed = addressBytes(address);
  if (parsed === null || parsed.version !== range.version) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const byte = parsed.bytes[i];
    if (byte === null || byte === undefined) return false;
    const mask = bits >= 8 ? 255 : (0xff << (8 - bits)) & 255;
    if ((byte & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

/** Internal-address test for the default ranges plus the analyst's (already validated) ones. */
export function internalAddressTest(extraRanges: readonly string[] = []): (address: string) => boolean {
  const ranges = [...DEFAULT_INTERNAL_RANGES, ...extraRanges].map(parseRange);
  return (address) => ranges.some((range) => rangeContains(range, address));
}

/**
 * The same test for an IPv4 address given as its unsigned 32-bit value (a flow table's column), without building its
 * text: true exactly when internalAddressTest(extraRanges) is for the address's dotted quad.
 */
export function internalIpv4Test(extraRanges: readonly string[] = []): (value: number) => boolean {
  const masks: [number, number][] = [...DEFAULT_INTERNAL_RANGES, ...extraRanges]
    .map(parseRange)
    .filter((range) => range.version === 4)
    .map((range) => {
      const mask = range.prefix === 0 ? 0 : (0xffffffff << (32 - range.prefix)) >>> 0;
      const base = ((range.bytes[0]! << 24) | (range.bytes[1]! << 16) | (range.bytes[2]! << 8) | range.bytes[3]!) >>> 0;
      return [(base & mask) >>> 0, mask];
    });
  return (value) => {
    for (const [base, mask] of masks) if (((value & mask) >>> 0) === base) return true;
    return false;
  };
}
