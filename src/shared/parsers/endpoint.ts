// Splits the "address:port" endpoints that netstat, ss and tcpvcon print, and tells numeric addresses from the rest.
//
// Shapes read (as Windows netstat, Linux netstat/ss and tcpvcon print them):
//   0.0.0.0:135   [::]:135   [fe80::1%4]:139   *:*   0.0.0.0:*   :::22   127.0.0.53%lo:53   [::ffff:10.0.0.1]:443
//   0.0.0.0 and [0:0:0:0:0:0:0:0] (no port: current tcpvcon builds)   10.xx.50.81:445 (anonymised)   HOST:epmap (names)
// The address loses its IPv6 brackets but keeps a zone ("fe80::1%4"), so one host reads the same in every tool.
import * as digits from './digits';
import type { SliceCache } from './sliceCache';

export interface Endpoint {
  /** As printed, without IPv6 brackets; a zone id stays attached ("fe80::1%4"); "*" for a wildcard. */
  address: string;
  /** Decimal port number; null when no port was printed, or it is "*" or a service name. */
  port: number | null;
  /** The port as printed ("135", "*", "epmap"); null when the endpoint has no port at all. */
  portText: string | null;
}

// Local binding: module interop in test runners and tsx turns every call of an imported name into a property lookup.
const { parseDigits } = digits;

const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Where the parts of an endpoint lie in the text: filled by scanEndpoint, so a parser of a million rows makes no objects. */
export interface EndpointBounds {
  addressStart: number;
  addressEnd: number;
  /** -1 when the endpoint has no port at all. */
  portStart: number;
  portEnd: number;
}

/** A fresh EndpointBounds to reuse across calls of scanEndpoint. */
export function endpointBounds(): EndpointBounds {
  return { addressStart: 0, addressEnd: 0, portStart: -1, portEnd: -1 };
}

/**
 * Finds the address and port of the endpoint text[start, end); false when it cannot be one: empty, an unclosed "[",
 * an empty address, or an empty port after the colon (a cut line). Without brackets the last colon separates the
 * port, which also reads Linux netstat's ":::22"; an unbracketed IPv6 address without a port is therefore not readable
 * (no tool prints one).
 */
export function scanEndpoint(text: string, start: number, end: number, out: EndpointBounds): boolean {
  if (start >= end) return false;
  if (text.charCodeAt(start) === OPEN_BRACKET) {
    const close = text.indexOf(']', start + 1);
    if (close === -1 || close >= end || close === start + 1) return false;
    out.addressStart = start + 1;
    out.addressEnd = close;
    if (close + 1 === end) {
      out.portStart = out.portEnd = -1;
      return true;
    }
    if (text.charCodeAt(close + 1) !== COLON || close + 2 >= end) return false;
    out.portStart = close + 2;
    out.portEnd = end;
    return true;
  }
  let colon = -1;
  for (let i = end - 1; i >= start; i--) {
    const code = text.charCodeAt(i);
    if (code === COLON) {
      colon = i;
      break;
    }
    if (code === OPEN_BRACKET || code === CLOSE_BRACKET) return false;
  }
  out.addressStart = start;
  if (colon === -1) {
    out.addressEnd = end;
    out.portStart = out.portEnd = -1;
    return true;
  }
  if (colon === start || colon === end - 1) return false;
  out.addressEnd = colon;
  out.portStart = colon + 1;
  out.portEnd = end;
  return true;
}

const scratch = endpointBounds();

/**
 * Reads text[start, end) as an endpoint, or null when it cannot be one (see scanEndpoint). Pass a SliceCache to share
 * the strings of repeated addresses across a capture.
 */
export function parseEndpoint(text: string, start = 0, end = text.length, strings?: SliceCache): Endpoint | null {
  if (!scanEndpoint(text, start, end, scratch)) return null;
  const { addressStart, addressEnd, portStart, portEnd } = scratch;
  const address = slice(text, addressStart, addressEnd, strings);
  if (portStart === -1) return { address, port: null, portText: null };
  return { address, port: parsePort(text, portStart, portEnd), portText: slice(text, portStart, portEnd, strings) };
}

/** A decimal port 0..65535 from text[start, end), or null for anything else ("*", "epmap", "0x1BD", "70000"). */
export function parsePort(text: string, start = 0, end = text.length): number | null {
  const value = parseDigits(text, start, end, 5);
  return value >= 0 && value <= 65535 ? value : null;
}

/** What an endpoint's address is: a number the analyst can match on, a wildcard, or anything else (names, "10.xx.1.2"). */
export type AddressKind = 'ipv4' | 'ipv6' | 'wildcard' | 'not-numeric';

export function addressKind(address: string): AddressKind {
  if (address === '*') return 'wildcard';
  if (isIpv4(address, 0, address.length)) return 'ipv4';
  if (isIpv6(address)) return 'ipv6';
  return 'not-numeric';
}

/** Four decimal parts of 0..255 (leading zeros tolerated), nothing else. */
function isIpv4(text: string, start: number, end: number): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = start; i <= end; i++) {
    const code = i === end ? 46 : text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || value > 255 || ++parts > 4) return false;
      digits = 0;
      value = 0;
    } else if (code >= 48 && code <= 57) {
      if (++digits > 3) return false;
      value = value * 10 + (code - 48);
    } else {
      return false;
    }
  }
  return parts === 4;
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** RFC 4291 text form: hex groups, at most one "::", an optional dotted IPv4 tail, an optional "%zone". */
function isIpv6(address: string): boolean {
  let end = address.length;
  const percent = address.indexOf('%');
  if (percent !== -1) {
    if (percent === end - 1) return false;
    for (let i = percent + 1; i < end; i++) {
      const code = address.charCodeAt(i);
      const ok = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 46 || code === 95;
      if (!ok) return false;
    }
    end = percent;
  }
  if (end < 2) return false;
  let groups = 0;
  let compressed = false;
  let i = 0;
  if (address.charCodeAt(0) === COLON) {
    if (address.charCodeAt(1) !== COLON) return false;
    compressed = true;
    i = 2;
    if (i === end) return true;
  }
  while (i < end) {
    let j = i;
    while (j < end && isHexDigit(address.charCodeAt(j))) j++;
    if (j < end && address.charCodeAt(j) === 46) {
      // An embedded IPv4 address ends the text and counts as two groups.
      if (!isIpv4(address, i, end)) return false;
      groups += 2;
      i = end;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups++;
    if (j === end) {
      i = end;
      break;
    }
    if (address.charCodeAt(j) !== COLON) return false;
    if (j + 1 < end && address.charCodeAt(j + 1) === COLON) {
      if (compressed) return false;
      compressed = true;
      i = j + 2;
      if (i === end) break;
    } else {
      if (j + 1 === end) return false;
      i = j + 1;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

function slice(text: string, start: number, end: number, strings: SliceCache | undefined): string {
  return strings === undefined ? text.slice(start, end) : strings.slice(text, start, end);
}
