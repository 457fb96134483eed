// The flow table of a `show ip cache flow` capture held column by column while it is parsed (typed arrays and a table
// of interface names), so a million rows cost a few dozen megabytes and no garbage; FlowTable.fromColumns takes them
// over, and builds Flow records from them on demand.
//
// What a column cannot hold as a number — an address that is not a canonical dotted quad, a hex field not printed as
// IOS prints it — is kept verbatim beside the row, so a record built from the columns is the record the text says.

/** Row flags: which fields of the row are kept as text, and which addresses are not numbers. */
const SRC_ADDR_TEXT = 1;
const DST_ADDR_TEXT = 2;
const SRC_NOT_NUMERIC = 4;
const DST_NOT_NUMERIC = 8;
const HEX_TEXT = 16;

/** The fields of one row kept as printed (addresses that are not canonical dotted quads, hex not written as IOS does). */
export interface VerbatimFields {
  srcAddr?: string;
  dstAddr?: string;
  protocolHex?: string;
  srcPortHex?: string;
  dstPortHex?: string;
}

/** Interface names, each stored once and numbered in order of first appearance. */
export class InternedNames {
  readonly names: string[] = [];
  private slots = new Int32Array(64);
  private mask = 63;

  /** The number of text[start, end), adding it when new. */
  intern(text: string, start: number, end: number): number {
    let hash = end - start;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    let slot = (hash ^ (hash >>> 15)) & this.mask;
    for (;;) {
      const stored = this.slots[slot]!;
      if (stored === 0) break;
      if (sameText(this.names[stored - 1]!, text, start, end)) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
    const id = this.names.length;
    this.names.push(text.slice(start, end));
    this.slots[slot] = id + 1;
    if (this.names.length * 2 > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.names.forEach((name, id) => {
      let hash = name.length;
      for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
      let slot = (hash ^ (hash >>> 15)) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    });
  }
}

function sameText(name: string, text: string, start: number, end: number): boolean {
  if (name.length !== end - start) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** The rows of one flow table; append-only while parsing, read-only after. */
export class FlowColumns {
  length = 0;
  readonly interfaces = new InternedNames();
  line: Uint32Array;
  srcIf: Uint32Array;
  dstIf: Uint32Array;
  srcAddr: Uint32Array;
  dstAddr: Uint32Array;
  protocol: Uint8Array;
  srcPort: Uint16Array;
  dstPort: Uint16Array;
  packets: Float64Array;
  flags: Uint8Array;
  private readonly verbatim = new Map<number, VerbatimFields>();

  constructor(capacity = 1024) {
    const size = Math.max(16, capacity);
    this.line = new Uint32Array(size);
    this.srcIf = new Uint32Array(size);
    this.dstIf = new Uint32Array(size);
    this.srcAddr = new Uint32Array(size);
    this.dstAddr = new Uint32Array(size);
    this.protocol = new Uint8Array(size);
    this.srcPort = new Uint16Array(size);
    this.dstPort = new Uint16Array(size);
    this.packets = new Float64Array(size);
    this.flags = new Uint8Array(size);
  }

  /**
   * Appends one row and returns its index. An address is its unsigned 32-bit value; -1 or -2 (not numeric, not
   * canonical) when keepVerbatim() will hold its text.
   */
  push(line: number, srcIf: number, dstIf: number, srcAddr: number, dstAddr: number, protocol: number, srcPort: number, dstPort: number, packets: number): number {
    if (this.length === this.line.length) this.grow();
    const index = this.length++;
    this.line[index] = line;
    this.srcIf[index] = srcIf;
    this.dstIf[index] = dstIf;
    this.srcAddr[index] = srcAddr;
    this.dstAddr[index] = dstAddr;
    this.protocol[index] = protocol;
    this.srcPort[index] = srcPort;
    this.dstPort[index] = dstPort;
    this.packets[index] = packets;
    this.flags[index] = 0;
    return index;
  }

  /** Keeps fields of row `index` as printed; `srcNotNumeric`/`dstNotNumeric` mark addresses that are not numbers at all. */
  keepVerbatim(index: number, fields: VerbatimFields, srcNotNumeric: boolean, dstNotNumeric: boolean): void {
    let flags = 0;
    if (fields.srcAddr !== undefined) flags |= SRC_ADDR_TEXT;
    if (fields.dstAddr !== undefined) flags |= DST_ADDR_TEXT;
    if (fields.protocolHex !== undefined) flags |= HEX_TEXT;
    if (srcNotNumeric) flags |= SRC_NOT_NUMERIC;
    if (dstNotNumeric) flags |= DST_NOT_NUMERIC;
    this.flags[index] = flags;
    this.verbatim.set(index, fields);
  }

  /** Whether the source (`end` 'src') or destination address of row `index` is not a number at all. */
  notNumeric(index: number, end: 'src' | 'dst'): boolean {
    return (this.flags[index]! & (end === 'src' ? SRC_NOT_NUMERIC : DST_NOT_NUMERIC)) !== 0;
  }

  /** The rows with fields kept as printed, in row order, each with those fields. */
  verbatimRows(): [number, VerbatimFields][] {
    return [...this.verbatim].sort((a, b) => a[0] - b[0]);
  }

  private grow(): void {
    const size = this.line.length * 2;
    const grown = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(column: T, make: (size: number) => T): T => {
      const next = make(size);
      next.set(column);
      return next;
    };
    this.line = grown(this.line, (n) => new Uint32Array(n));
    this.srcIf = grown(this.srcIf, (n) => new Uint32Array(n));
    this.dstIf = grown(this.dstIf, (n) => new Uint32Array(n));
    this.srcAddr = grown(this.srcAddr, (n) => new Uint32Array(n));
    this.dstAddr = grown(this.dstAddr, (n) => new Uint32Array(n));
    this.protocol = grown(this.protocol, (n) => new Uint8Array(n));
    this.srcPort = grown(this.srcPort, (n) => new Uint16Array(n));
    this.dstPort = grown(this.dstPort, (n) => new Uint16Array(n));
    this.packets = grown(this.packets, (n) => new Float64Array(n));
    this.flags = grown(this.flags, (n) => new Uint8Array(n));
  }
}
