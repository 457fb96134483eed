// A collection's flows held column by column: what a flow collection is from the parser to the case file and the grid,
// so a million flows cost a few dozen megabytes of typed arrays, no million objects, and cross the contract as binary.
//
// The columns hold what IOS prints as numbers (addresses, protocol, ports, counters); everything a Flow derives from
// them (hex texts, IANA names, marks) is derived again when a row is read. A record whose fields are not what the
// columns give (an address that is not a canonical dotted quad, hex printed otherwise, a placeholder) keeps those
// fields in `overrides`, and fields beyond Flow's in `extras`: flowAt(i) is exactly the record that went in.
import type { Flow } from '../domain';
import { serviceName } from '../iana';
import type { FlowColumns } from '../parsers/cisco/flowColumns';
import { addressMarks, NOT_NUMERIC, parseIpv4, protocolNameOf, toIosHex } from '../parsers/cisco/flowFields';

/** rowBits: the source / destination address is not a number at all (Flow.marks). */
export const ROW_SRC_NOT_NUMERIC = 1;
export const ROW_DST_NOT_NUMERIC = 2;
/** rowBits: the row has an entry in `overrides` / `extras`. */
export const ROW_OVERRIDE = 4;
export const ROW_EXTRA = 8;
/** rowBits: the source / destination address is text (in the row's override), not the srcAddr / dstAddr column. */
export const ROW_SRC_TEXT = 16;
export const ROW_DST_TEXT = 32;

/** The optional number columns: null when no row has a value; a row without one holds NaN. */
export const OPTIONAL_NUMBER_FIELDS = ['bytes', 'tos', 'flags', 'srcMask', 'dstMask', 'srcAs', 'dstAs', 'activeSec'] as const;
export type OptionalNumberField = (typeof OPTIONAL_NUMBER_FIELDS)[number];

/** Plain data (typed arrays, strings, JSON values): what crosses the contract and is stored in a case. */
export interface FlowTableData {
  length: number;
  line: Uint32Array;
  /** Interface names and next hops, each once; srcIf, dstIf and nextHop are positions in it. */
  names: string[];
  srcIf: Uint32Array;
  dstIf: Uint32Array;
  /** The IPv4 address as a number; 0 where the row's address is text (ROW_SRC_TEXT / ROW_DST_TEXT). */
  srcAddr: Uint32Array;
  dstAddr: Uint32Array;
  protocol: Uint8Array;
  srcPort: Uint16Array;
  dstPort: Uint16Array;
  packets: Float64Array;
  rowBits: Uint8Array;
  optional: Partial<Record<OptionalNumberField, Float64Array>>;
  /** Position in `names`, -1 for none; absent when no row has a next hop. */
  nextHop?: Int32Array;
  /** Rows, ascending, whose record differs from what the columns give; `overrides[k]` are row overrideRows[k]'s fields. */
  overrideRows: Uint32Array;
  overrides: Partial<Flow>[];
  /** Rows, ascending, whose record has fields beyond Flow's, and those fields. */
  extraRows: Uint32Array;
  extras: Record<string, unknown>[];
}

const FLOW_FIELDS: ReadonlySet<string> = new Set<keyof Flow>([
  'line', 'srcIf', 'srcAddr', 'dstIf', 'dstAddr', 'protocol', 'protocolHex', 'protocolName', 'srcPort', 'srcPortHex', 'srcService', 'dstPort',
  'dstPortHex', 'dstService', 'packets', 'bytes', 'tos', 'flags', 'srcMask', 'dstMask', 'srcAs', 'dstAs', 'nextHop', 'activeSec', 'marks',
]);

/** Dotted-quad text of an address that parseIpv4 read as canonical; NOT_NUMERIC for any other text. */
function canonicalIpv4(text: unknown): number {
  if (typeof text !== 'string') return NOT_NUMERIC;
  const value = parseIpv4(text, 0, text.length);
  return value >= 0 ? value : NOT_NUMERIC;
}

function isWhole(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** Position of `value` in an ascending array, or -1. */
function findRow(rows: Uint32Array, value: number): number {
  let low = 0;
  let high = rows.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = rows[middle]!;
    if (at === value) return middle;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Typed arrays cut to `length`, copied when the parser's buffers are much bigger than the rows (capacity ahead). */
function fitted<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(column: T, length: number): T {
  return (column.length > length * 1.25 + 1024 ? column.slice(0, length) : column.subarray(0, length)) as T;
}

class NameList {
  readonly names: string[] = [];
  private readonly positions = new Map<string, number>();

  position(name: string): number {
    let position = this.positions.get(name);
    if (position === undefined) {
      position = this.names.length;
      this.names.push(name);
      this.positions.set(name, position);
    }
    return position;
  }
}

/** Builds the columns of `flows`, keeping whatever the columns cannot say as overrides and extras. */
function dataOfFlows(flows: readonly Flow[]): FlowTableData {
  const length = flows.length;
  const names = new NameList();
  const data: FlowTableData = {
    length,
    line: new Uint32Array(length),
    names: names.names,
    srcIf: new Uint32Array(length),
    dstIf: new Uint32Array(length),
    srcAddr: new Uint32Array(length),
    dstAddr: new Uint32Array(length),
    protocol: new Uint8Array(length),
    srcPort: new Uint16Array(length),
    dstPort: new Uint16Array(length),
    packets: new Float64Array(length),
    rowBits: new Uint8Array(length),
    optional: {},
    overrideRows: new Uint32Array(0),
    overrides: [],
    extraRows: new Uint32Array(0),
    extras: [],
  };
  const overrideRows: number[] = [];
  const extraRows: number[] = [];
  for (let row = 0; row < length; row++) {
    const flow = flows[row]!;
    const override: Partial<Flow> = {};
    let overridden = false;
    const keep = <K extends keyof Flow>(field: K) => {
      override[field] = flow[field];
      overridden = true;
    };
    let bits = 0;

    if (isWhole(flow.line, 0xffffffff)) data.line[row] = flow.line;
    else keep('line');
    if (typeof flow.srcIf === 'string') data.srcIf[row] = names.position(flow.srcIf);
    else keep('srcIf');
    if (typeof flow.dstIf === 'string') data.dstIf[row] = names.position(flow.dstIf);
    else keep('dstIf');
    const srcAddr = canonicalIpv4(flow.srcAddr);
    if (srcAddr >= 0) data.srcAddr[row] = srcAddr;
    else {
      bits |= ROW_SRC_TEXT;
      keep('srcAddr');
    }
    const dstAddr = canonicalIpv4(flow.dstAddr);
    if (dstAddr >= 0) data.dstAddr[row] = dstAddr;
    else {
      bits |= ROW_DST_TEXT;
      keep('dstAddr');
    }
    const protocol = isWhole(flow.protocol, 255) ? flow.protocol : 0;
    if (protocol !== flow.protocol) keep('protocol');
    data.protocol[row] = protocol;
    if (flow.protocolHex !== toIosHex(protocol, 2)) keep('protocolHex');
    if (flow.protocolName !== protocolNameOf(protocol)) keep('protocolName');
    const srcPort = isWhole(flow.srcPort, 65535) ? flow.srcPort : 0;
    if (srcPort !== flow.srcPort) keep('srcPort');
    data.srcPort[row] = srcPort;
    if (flow.srcPortHex !== toIosHex(srcPort, 4)) keep('srcPortHex');
    if (flow.srcService !== serviceName(srcPort, protocol)) keep('srcService');
    const dstPort = isWhole(flow.dstPort, 65535) ? flow.dstPort : 0;
    if (dstPort !== flow.dstPort) keep('dstPort');
    data.dstPort[row] = dstPort;
    if (flow.dstPortHex !== toIosHex(dstPort, 4)) keep('dstPortHex');
    if (flow.dstService !== serviceName(dstPort, protocol)) keep('dstService');
    if (typeof flow.packets === 'number' && !Number.isNaN(flow.packets)) data.packets[row] = flow.packets;
    else keep('packets');

    for (const field of OPTIONAL_NUMBER_FIELDS) {
      const value = flow[field];
      if (value === null) continue;
      if (typeof value !== 'number' || Number.isNaN(value)) {
        keep(field);
        continue;
      }
      (data.optional[field] ??= new Float64Array(length).fill(Number.NaN))[row] = value;
    }
    if (typeof flow.nextHop === 'string') (data.nextHop ??= new Int32Array(length).fill(-1))[row] = names.position(flow.nextHop);
    else if (flow.nextHop !== null) keep('nextHop');

    const marks = flow.marks;
    const srcMarked = Array.isArray(marks) && marks.includes('src-addr-not-numeric');
    const dstMarked = Array.isArray(marks) && marks.includes('dst-addr-not-numeric');
    if (srcMarked) bits |= ROW_SRC_NOT_NUMERIC;
    if (dstMarked) bits |= ROW_DST_NOT_NUMERIC;
    const canonical = addressMarks(srcMarked, dstMarked);
    if (!Array.isArray(marks) || marks.length !== canonical.length || marks.some((mark, i) => mark !== canonical[i])) keep('marks');

    if (overridden) {
      bits |= ROW_OVERRIDE;
      overrideRows.push(row);
      data.overrides.push(override);
    }
    let extra: Record<string, unknown> | null = null;
    // Plain objects inherit no enumerable keys: for-in walks own fields without building an array.
    for (const key in flow) {
      if (FLOW_FIELDS.has(key)) continue;
      (extra ??= {})[key] = (flow as unknown as Record<string, unknown>)[key];
    }
    if (extra !== null) {
      bits |= ROW_EXTRA;
      extraRows.push(row);
      data.extras.push(extra);
    }
    data.rowBits[row] = bits;
  }
  data.overrideRows = Uint32Array.from(overrideRows);
  data.extraRows = Uint32Array.from(extraRows);
  return data;
}

/** The parser's columns as table data: the same arrays (cut to the rows), its verbatim fields as overrides. */
function dataOfColumns(columns: FlowColumns): FlowTableData {
  const length = columns.length;
  const rowBits = new Uint8Array(length);
  for (let row = 0; row < length; row++) {
    rowBits[row] = (columns.notNumeric(row, 'src') ? ROW_SRC_NOT_NUMERIC : 0) | (columns.notNumeric(row, 'dst') ? ROW_DST_NOT_NUMERIC : 0);
  }
  const srcAddr = fitted(columns.srcAddr, length);
  const dstAddr = fitted(columns.dstAddr, length);
  const verbatim = columns.verbatimRows();
  const overrides: Partial<Flow>[] = [];
  for (const [row, fields] of verbatim) {
    rowBits[row]! |= ROW_OVERRIDE | (fields.srcAddr !== undefined ? ROW_SRC_TEXT : 0) | (fields.dstAddr !== undefined ? ROW_DST_TEXT : 0);
    if (fields.srcAddr !== undefined) srcAddr[row] = 0;
    if (fields.dstAddr !== undefined) dstAddr[row] = 0;
    overrides.push({ ...fields });
  }
  return {
    length,
    line: fitted(columns.line, length),
    names: [...columns.interfaces.names],
    srcIf: fitted(columns.srcIf, length),
    dstIf: fitted(columns.dstIf, length),
    srcAddr,
    dstAddr,
    protocol: fitted(columns.protocol, length),
    srcPort: fitted(columns.srcPort, length),
    dstPort: fitted(columns.dstPort, length),
    packets: fitted(columns.packets, length),
    rowBits,
    optional: {},
    overrideRows: Uint32Array.from(verbatim, ([row]) => row),
    overrides,
    extraRows: new Uint32Array(0),
    extras: [],
  };
}

/** Dotted-quad text of an unsigned 32-bit address. */
export function ipv4Text(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

const ADDRESS_SLOTS = 16384;

/** The printed forms of addresses and hex fields, one string per value, shared by the records built from one table. */
export class RecordTexts {
  /** A direct-mapped cache of recent addresses: a flow cache names the same hosts over and over. */
  private readonly addressValues = new Float64Array(ADDRESS_SLOTS).fill(-1);
  private readonly addressTexts = new Array<string>(ADDRESS_SLOTS);
  private readonly protocolHexes: (string | undefined)[] = [];
  private readonly portHexes: (string | undefined)[] = [];

  address(value: number): string {
    const mixed = Math.imul(value | 0, 0x9e3779b1);
    const slot = (mixed ^ (mixed >>> 16)) & (ADDRESS_SLOTS - 1);
    if (this.addressValues[slot] === value) return this.addressTexts[slot]!;
    this.addressValues[slot] = value;
    return (this.addressTexts[slot] = ipv4Text(value));
  }

  protocolHex(value: number): string {
    return (this.protocolHexes[value] ??= toIosHex(value, 2));
  }

  portHex(value: number): string {
    return (this.portHexes[value] ??= toIosHex(value, 4));
  }
}

/** A flow collection's rows, read by position (0-based, the parser's order) or by their line in the output. */
export class FlowTable {
  private readonly texts = new RecordTexts();
  private readonly linesAscending: boolean;
  private lineRows: Map<number, number> | null = null;
  private readonly hasOptional: boolean;

  constructor(readonly data: FlowTableData) {
    let ascending = true;
    for (let row = 1; row < data.length && ascending; row++) ascending = data.line[row - 1]! < data.line[row]!;
    this.linesAscending = ascending && data.overrides.every((fields) => !('line' in fields));
    this.hasOptional = Object.keys(data.optional).length > 0;
  }

  static fromFlows(flows: readonly Flow[]): FlowTable {
    return new FlowTable(dataOfFlows(flows));
  }

  static fromColumns(columns: FlowColumns): FlowTable {
    return new FlowTable(dataOfColumns(columns));
  }

  get length(): number {
    return this.data.length;
  }

  /** The fields row `row` keeps beyond the columns; undefined when it keeps none. */
  private overrideOf(row: number): Partial<Flow> | undefined {
    if ((this.data.rowBits[row]! & ROW_OVERRIDE) === 0) return undefined;
    return this.data.overrides[findRow(this.data.overrideRows, row)];
  }

  /** Row `row` as the Flow record it was made from. Records are read-only: `marks` arrays are shared. */
  flowAt(row: number): Flow {
    const d = this.data;
    const bits = d.rowBits[row]!;
    const protocol = d.protocol[row]!;
    const srcPort = d.srcPort[row]!;
    const dstPort = d.dstPort[row]!;
    // show ip cache flow has none of the optional columns: its rows skip their look-ups.
    const optional = this.hasOptional;
    const nextHop = d.nextHop?.[row] ?? -1;
    const flow: Flow = {
      line: d.line[row]!,
      srcIf: d.names[d.srcIf[row]!]!,
      srcAddr: bits & ROW_SRC_TEXT ? '' : this.texts.address(d.srcAddr[row]!),
      dstIf: d.names[d.dstIf[row]!]!,
      dstAddr: bits & ROW_DST_TEXT ? '' : this.texts.address(d.dstAddr[row]!),
      protocol,
      protocolHex: this.texts.protocolHex(protocol),
      protocolName: protocolNameOf(protocol),
      srcPort,
      srcPortHex: this.texts.portHex(srcPort),
      srcService: serviceName(srcPort, protocol),
      dstPort,
      dstPortHex: this.texts.portHex(dstPort),
      dstService: serviceName(dstPort, protocol),
      packets: d.packets[row]!,
      bytes: optional ? this.optionalAt('bytes', row) : null,
      tos: optional ? this.optionalAt('tos', row) : null,
      flags: optional ? this.optionalAt('flags', row) : null,
      srcMask: optional ? this.optionalAt('srcMask', row) : null,
      dstMask: optional ? this.optionalAt('dstMask', row) : null,
      srcAs: optional ? this.optionalAt('srcAs', row) : null,
      dstAs: optional ? this.optionalAt('dstAs', row) : null,
      nextHop: nextHop < 0 ? null : d.names[nextHop]!,
      activeSec: optional ? this.optionalAt('activeSec', row) : null,
      marks: addressMarks((bits & ROW_SRC_NOT_NUMERIC) !== 0, (bits & ROW_DST_NOT_NUMERIC) !== 0),
    };
    if (bits & ROW_OVERRIDE) Object.assign(flow, this.overrideOf(row));
    if (bits & ROW_EXTRA) Object.assign(flow, d.extras[findRow(d.extraRows, row)]);
    return flow;
  }

  private optionalAt(field: OptionalNumberField, row: number): number | null {
    const value = this.data.optional[field]?.[row];
    return value === undefined || Number.isNaN(value) ? null : value;
  }

  /** Every row as a Flow record, in order. */
  flows(): Flow[] {
    const flows = new Array<Flow>(this.length);
    for (let row = 0; row < this.length; row++) flows[row] = this.flowAt(row);
    return flows;
  }

  /** The output line of row `row`. */
  lineAt(row: number): number {
    return (this.data.rowBits[row]! & ROW_OVERRIDE ? this.overrideOf(row)?.line : undefined) ?? this.data.line[row]!;
  }

  /** The row of the flow on output line `line`, or -1. */
  rowOfLine(line: number): number {
    if (this.linesAscending) return findRow(this.data.line, line);
    if (this.lineRows === null) {
      this.lineRows = new Map();
      for (let row = this.length - 1; row >= 0; row--) this.lineRows.set(this.lineAt(row), row);
    }
    return this.lineRows.get(line) ?? -1;
  }

  srcAddrAt(row: number): string {
    return this.data.rowBits[row]! & ROW_SRC_TEXT ? (this.overrideOf(row)!.srcAddr as string) : this.texts.address(this.data.srcAddr[row]!);
  }

  dstAddrAt(row: number): string {
    return this.data.rowBits[row]! & ROW_DST_TEXT ? (this.overrideOf(row)!.dstAddr as string) : this.texts.address(this.data.dstAddr[row]!);
  }

  /** Protocol and ports as the record has them (an override wins over the column). */
  protocolAt(row: number): number {
    return (this.data.rowBits[row]! & ROW_OVERRIDE ? this.overrideOf(row)?.protocol : undefined) ?? this.data.protocol[row]!;
  }

  srcPortAt(row: number): number {
    return (this.data.rowBits[row]! & ROW_OVERRIDE ? this.overrideOf(row)?.srcPort : undefined) ?? this.data.srcPort[row]!;
  }

  dstPortAt(row: number): number {
    return (this.data.rowBits[row]! & ROW_OVERRIDE ? this.overrideOf(row)?.dstPort : undefined) ?? this.data.dstPort[row]!;
  }

  packetsAt(row: number): number {
    return (this.data.rowBits[row]! & ROW_OVERRIDE ? this.overrideOf(row)?.packets : undefined) ?? this.data.packets[row]!;
  }
}
