// How IOS prints the fields of a flow (hex bytes and ports, counters with K/M/G, dotted quads), read straight from the
// text without copies, and the shared strings that keep a million-row capture affordable.
import type { FlowMark } from '../../domain';
import { protocolName } from '../../iana';
import * as digits from '../digits';
import { isIosSpace as isSpace } from '../whitespace';

// Local binding: module interop in test runners and tsx turns every call of an imported name into a property lookup.
const { parseDigits } = digits;

/** Value of a hex digit, or -1. */
export function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** The hex number text[start, end), or -1 when a character is not a hex digit. */
export function parseHex(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * A decimal counter, or -1. IOS shortens big counters with a suffix (`50401M total packets`): K, M and G are
 * 1000-based, as the protocol table of such captures confirms (flows × packets/flow).
 */
export function parseCount(text: string, start: number, end: number): number {
  if (end <= start || end - start > 16) return -1;
  const multiplier = countMultiplier(text.charCodeAt(end - 1));
  const last = multiplier === 1 ? end : end - 1;
  const value = parseDigits(text, start, last, 16);
  return value < 0 ? -1 : value * multiplier;
}

/** 1000, 1e6 or 1e9 for a K, M or G suffix; 1 for anything else. */
export function countMultiplier(code: number): number {
  if (code === 75) return 1e3; // K
  if (code === 77) return 1e6; // M
  if (code === 71) return 1e9; // G
  return 1;
}

/**
 * A plain decimal number text[start, end) (digits only, no suffix) up to Number.MAX_SAFE_INTEGER, or -1. Flexible
 * NetFlow prints 64-bit counters in full; a larger one is refused rather than silently rounded.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  const value = parseDigits(text, start, end, 16);
  return value <= Number.MAX_SAFE_INTEGER ? value : -1;
}

/** parseIpv4: the text is not a numeric dotted quad (a name, an anonymised `10.aa.20.254`, an IPv6 address). */
export const NOT_NUMERIC = -1;
/** parseIpv4: a numeric dotted quad written with leading zeros (`010.1.1.1`): numeric, but not the canonical text. */
export const NOT_CANONICAL = -2;

/**
 * The value of a numeric dotted quad (0-255 in each of four parts) as an unsigned 32-bit number; NOT_NUMERIC for
 * anything else (anonymised `10.aa.20.254`, names), NOT_CANONICAL for a number written with leading zeros.
 */
export function parseIpv4(text: string, start: number, end: number): number {
  let parts = 0;
  let digits = 0;
  let part = 0;
  let address = 0;
  let canonical = true;
  for (let i = start; i <= end; i++) {
    const code = i === end ? 46 : text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || part > 255 || ++parts > 4) return NOT_NUMERIC;
      address = address * 256 + part;
      digits = 0;
      part = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits === 1 && part === 0) canonical = false;
      if (++digits > 3) return NOT_NUMERIC;
      part = part * 10 + (code - 48);
    } else {
      return NOT_NUMERIC;
    }
  }
  if (parts !== 4) return NOT_NUMERIC;
  return canonical ? address : NOT_CANONICAL;
}

/**
 * The four possible mark lists, shared and frozen: a million rows need no million arrays. Records are read-only;
 * copy `marks` before adding to it.
 */
const MARKS: readonly FlowMark[][] = [
  [],
  ['src-addr-not-numeric'],
  ['dst-addr-not-numeric'],
  ['src-addr-not-numeric', 'dst-addr-not-numeric'],
].map((marks) => Object.freeze(marks) as FlowMark[]);

/** The shared, frozen `marks` of a flow whose source and/or destination address is not a number. */
export function addressMarks(srcNotNumeric: boolean, dstNotNumeric: boolean): FlowMark[] {
  return MARKS[(srcNotNumeric ? 1 : 0) + (dstNotNumeric ? 2 : 0)]!;
}

/** Sharing strings pays only for big captures; below this many look-ups a cache would cost more than it saves. */
const CACHE_AFTER = 1024;

/**
 * The printed form of hex fields, one string per value: IOS prints them zero-padded in upper case ("01BD"), so the
 * value alone identifies the text. Anything printed otherwise ("1bd") is sliced as is. The table (65536 slots for
 * ports) is allocated only once a capture is big enough to need it.
 */
export class HexStrings {
  private byValue: (string | undefined)[] | null = null;
  private lookups = 0;

  constructor(private readonly width: number) {}

  get(text: string, start: number, end: number, value: number): string {
    if (end - start !== this.width) return text.slice(start, end);
    if (this.byValue === null) {
      if (++this.lookups < CACHE_AFTER) return text.slice(start, end);
      this.byValue = new Array<string | undefined>(16 ** this.width);
    }
    const cached = this.byValue[value];
    if (cached !== undefined) {
      let i = 0;
      while (i < this.width && cached.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === this.width) return cached;
      return text.slice(start, end);
    }
    return (this.byValue[value] = text.slice(start, end));
  }
}

/**
 * One string per IPv4 address seen recently: a flow cache names the same hosts over and over. Keyed by the address's
 * value, which fixes its text when it is written without leading zeros; other text is sliced as is.
 */
export class AddressStrings {
  private values: Float64Array | null = null;
  private strings: (string | undefined)[] = [];
  private readonly mask: number;
  private lookups = 0;

  constructor(private readonly slots: number) {
    this.mask = slots - 1;
  }

  get(text: string, start: number, end: number, value: number): string {
    if (value < 0) return text.slice(start, end);
    if (this.values === null) {
      if (++this.lookups < CACHE_AFTER) return text.slice(start, end);
      this.values = new Float64Array(this.slots).fill(-1);
      this.strings = new Array<string | undefined>(this.slots);
    }
    const mixed = Math.imul(value | 0, 0x9e3779b1);
    const slot = (mixed ^ (mixed >>> 16)) & this.mask;
    if (this.values[slot] === value) return this.strings[slot]!;
    const address = text.slice(start, end);
    this.values[slot] = value;
    this.strings[slot] = address;
    return address;
  }
}

const protocolNames: (string | null | undefined)[] = new Array<string | null | undefined>(256);

/** IANA keyword of a protocol number, looked up once per number. */
export function protocolNameOf(protocol: number): string | null {
  let name = protocolNames[protocol];
  if (name === undefined) name = protocolNames[protocol] = protocolName(protocol);
  return name;
}

const HEX_DIGITS = '0123456789ABCDEF';

/** A number as IOS prints its hex fields: upper case, zero-padded to `width` digits ("06", "01BD"). */
export function toIosHex(value: number, width: number): string {
  let text = '';
  let rest = value;
  do {
    text = HEX_DIGITS[rest % 16]! + text;
    rest = Math.floor(rest / 16);
  } while (rest > 0);
  return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}

/**
 * Splits text[start, end) at whitespace into at most `max` tokens, writing start and end offsets in pairs into
 * `tokens`; returns how many tokens it found, max + 1 meaning "more than max".
 */
export function scanTokens(text: string, start: number, end: number, tokens: Int32Array, max: number): number {
  let count = 0;
  let i = start;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (i < end) {
    if (count === max) return max + 1;
    tokens[count * 2] = i;
    while (i < end && !isSpace(text.charCodeAt(i))) i++;
    tokens[count * 2 + 1] = i;
    count++;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
  }
  return count;
}
