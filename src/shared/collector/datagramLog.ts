// The raw evidence of a flow export collection: one text line per datagram, exactly as received —
// "<receivedAt ISO-8601 UTC> <exporter> <length> <bytes in hex>" — so the case's raw hash covers the bytes themselves
// and the decode can be run again from the case alone.

export interface LoggedDatagram {
  /** ms since the epoch. */
  receivedAt: number;
  exporter: string;
  bytes: Uint8Array;
}

/** Two ASCII hex digits per byte value, as one 16-bit unit (little-endian: the first digit in the low byte). */
const HEX_PAIRS = (() => {
  const digits = '0123456789abcdef';
  const pairs = new Uint16Array(256);
  for (let value = 0; value < 256; value++) pairs[value] = digits.charCodeAt(value >> 4) | (digits.charCodeAt(value & 15) << 8);
  return pairs;
})();
const ascii = new TextDecoder();

/** The bytes in lower-case hex: written as ASCII into a buffer and decoded once (UTF-8's fast path for ASCII). */
export function hexOf(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length * 2);
  const pairs = new Uint16Array(out.buffer);
  // Uint16Array is in the platform's byte order; every platform FlowPivot runs on is little-endian, checked once here.
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) return Array.from(bytes, (value) => value.toString(16).padStart(2, '0')).join('');
  for (let i = 0; i < bytes.length; i++) pairs[i] = HEX_PAIRS[bytes[i]!]!;
  return ascii.decode(out);
}

/** One datagram's line, without the line ending. */
export function datagramLine(datagram: LoggedDatagram): string {
  return `${new Date(datagram.receivedAt).toISOString()} ${datagram.exporter} ${datagram.bytes.length} ${hexOf(datagram.bytes)}`;
}

const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) (\d+) ((?:[0-9a-f]{2})*)$/;

/** A line back into its datagram; a string saying what is wrong when it is not one. */
export function readDatagramLine(line: string): LoggedDatagram | string {
  const match = LINE.exec(line);
  if (match === null) return 'expected "<ISO-8601 UTC time> <exporter> <length> <hex bytes>"';
  const [, at, exporter, length, hex] = match as unknown as [string, string, string, string, string];
  if (hex.length / 2 !== Number(length)) return `the line says ${length} bytes but holds ${hex.length / 2}`;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { receivedAt: Date.parse(at), exporter, bytes };
}

/** Every datagram of a collection's raw text, in order; lines that are not one are reported by number (1-based). */
export function readDatagramLog(raw: string): { datagrams: (LoggedDatagram & { line: number })[]; problems: { line: number; message: string }[] } {
  const datagrams: (LoggedDatagram & { line: number })[] = [];
  const problems: { line: number; message: string }[] = [];
  const lines = raw.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    if (text === '') continue;
    const read = readDatagramLine(text);
    if (typeof read === 'string') problems.push({ line: index + 1, message: read });
    else datagrams.push({ ...read, line: index + 1 });
  }
  return { datagrams, problems };
}
