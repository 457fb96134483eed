// Lines and fields shared by the Windows socket listings (netstat, tcpvcon): the line walk, the protocol, the PID.
import * as digits from '../digits';
import { LineWalker } from '../lineWalker';
import type { EndpointBounds } from '../endpoint';
import type { ParseLog } from '../parseLog';
import { isSeparator } from '../whitespace';

// Local binding: module interop in test runners and tsx turns every call of an imported name into a property lookup.
const { parseDigits } = digits;

/** TCP, UDP, TCPv6 or UDPv6 (any case) at text[start, end). */
export function isProto(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 3 && length !== 5) return false;
  const first = text.charCodeAt(start) | 32;
  const second = text.charCodeAt(start + 1) | 32;
  const third = text.charCodeAt(start + 2) | 32;
  const transport = (first === 116 && second === 99 && third === 112) || (first === 117 && second === 100 && third === 112); // tcp, udp
  if (!transport) return false;
  return length === 3 || ((text.charCodeAt(start + 3) | 32) === 118 && text.charCodeAt(start + 4) === 54); // "v6"
}

/** A PID: 1 to 10 decimal digits, at most 2^32 - 1; -1 otherwise. */
export function parsePid(text: string, start: number, end: number): number {
  const value = parseDigits(text, start, end, 10);
  return value <= 4294967295 ? value : -1;
}

/** Reads one non-blank line: content is text[start, end), lineStart where the line begins (for verbatim text). */
export type SocketLineReader = (lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean) => void;

/**
 * Hands every non-blank line to `read`, fields separated by isSeparator. A line of control characters alone is blank
 * to the fields but not to the analyst's eye: it is reported, with `expectedLine` saying what the listing holds.
 */
export function forEachSocketLine(text: string, log: ParseLog, expectedLine: string, read: SocketLineReader): void {
  const lines = new LineWalker(text, isSeparator);
  while (lines.next()) {
    const { lineNumber, lineStart, lineEnd, contentStart: start, contentEnd: end } = lines;
    if (start < end) read(lineNumber, lineStart, start, end, lines.terminated);
    else if (text.slice(lineStart, lineEnd).trim() !== '') log.report(lineNumber, 'warning', 'Only control characters on this line', text.slice(lineStart, lineEnd), expectedLine);
  }
}

/**
 * Judges the ports of a row that did not read as decimal numbers (null entries are skipped): "*" (UDP's foreign port)
 * is no port, a service name (the tool ran without -n) a port recorded as null, and anything that starts like a
 * number ("0x1BD", "70000") an error. Returns that error, else whether a service name was seen.
 */
export function judgePortNames(text: string, ports: readonly (EndpointBounds | null)[]): { error: string } | { named: boolean } {
  let named = false;
  for (const port of ports) {
    if (port === null) continue;
    const first = text.charCodeAt(port.portStart);
    if (first >= 48 && first <= 57) return { error: `Port "${text.slice(port.portStart, port.portEnd)}" is not a decimal port number (0 to 65535)` };
    if (!(first === 42 && port.portEnd === port.portStart + 1)) named = true;
  }
  return { named };
}
