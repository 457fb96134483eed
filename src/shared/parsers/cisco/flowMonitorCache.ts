// Reads Flexible NetFlow's `show flow monitor NAME cache` in both layouts IOS prints: the header ("Cache type:",
// "Current entries:", "Flows aged:" with its "- Active timeout (1800 secs) 0" reasons), then either a table whose
// columns follow the flow record (`format table`, and the default on some releases) or blocks of "FIELD: value" lines
// (`format record`, the default on others). The two parser modules (showFlowMonitorCacheTable.ts,
// showFlowMonitorCacheRecord.ts) differ only in the command they answer to and in detect(): each reads both layouts,
// because the command alone does not fix which one IOS prints.
//
// Rules the fixtures hold it to (with those of iosCommandOutput.ts):
// - Field names map to Flow fields case-insensitively, table abbreviations and record names alike ("IPV4 SRC ADDR" and
//   "IPV4 SOURCE ADDRESS" → srcAddr, "TRNS SRC PORT" → srcPort, "IP PROT" → protocol, "intf input" → srcIf,
//   "bytes long" → bytes, "pkts" → packets, …); IPv6 names too. Flexible NetFlow prints ports and protocol in decimal,
//   TOS and TCP flags in hex ("0xC0"), masks as "/24".
// - Names with no Flow field (ICMP type, VRF, MAC addresses, application name, "bytes layer2 long", timestamps…) are
//   kept, as printed, in the record's `extra`. When both timestamps of a flow are printed ("time first"/"time last",
//   hh:mm:ss.mmm), activeSec is their difference (across midnight when the last is earlier).
// - Flow has no null for srcIf, srcAddr, dstIf, dstAddr, protocol, srcPort, dstPort and packets. When the monitor's
//   record does not print one, the field holds '' (text) or 0 (number), its hex form is '', and its name is listed in
//   `notPrinted`; an info diagnostic says so once per table (on its header) or per change of record shape. A missing
//   address is also marked not numeric, so address matching skips it.
// - Table: the "=====" underline gives the columns; the line above it is the header. A row is read by column
//   position: every column holds a value that starts at the column's start or ends at its end (IOS left-aligns text,
//   right-aligns numbers). A row copied with its spacing collapsed is read one word per column when it has exactly as
//   many words as columns. Anything else is a diagnostic, never a guessed row.
// - Record: one record per block of "FIELD: value" lines; blocks end at a blank line, or where a field name repeats.
//   The record's `line` is its first line, the others are structural. A block at the end of the text with no blank
//   line or prompt after it is recorded only if it has the same fields as the record before it; otherwise it may have
//   been cut and becomes diagnostics. A block with none of a flow's fields is not a flow (diagnostics).
// - Every header line is kept verbatim in sections.lines; the ones not understood also get an info diagnostic.
import type { Flow, ParseResult } from '../../domain';
import { serviceName } from '../../iana';
import { commandAfterPrompt, commandWords, isCommandEcho, type CommandWord } from '../commandPattern';
import { addressKind } from '../endpoint';
import { SliceCache } from '../sliceCache';
import { detectionHead } from '../detection';
import { addressMarks, parseDecimal, protocolNameOf, scanTokens, toIosHex } from './flowFields';
import { IosCommandOutput } from './iosCommandOutput';

/** The Flow fields that cannot be null: when a monitor does not print one, it holds a placeholder ('' or 0). */
export type NotPrintedField = 'srcIf' | 'srcAddr' | 'dstIf' | 'dstAddr' | 'protocol' | 'srcPort' | 'dstPort' | 'packets';

/** One flow of a Flexible NetFlow cache: a Flow, plus what the monitor printed that Flow has no field for. */
export interface FlexibleNetflowFlow extends Flow {
  /**
   * Flow fields this monitor's record does not print. They hold '' (srcIf, srcAddr, dstIf, dstAddr) or 0 (protocol,
   * srcPort, dstPort, packets), and the matching *Hex fields hold '': placeholders, not values.
   */
  notPrinted: readonly NotPrintedField[];
  /** Fields with no Flow counterpart, by name as printed ("IP VRF ID INPUT", "time abs first"): value as printed. */
  extra: Record<string, string>;
}

/** One "- Active timeout ( 1800 secs) 0" line under "Flows aged:": why flows left the cache, and how many. */
export interface FlowAgeing {
  line: number;
  /** As printed: "Active timeout", "Inactive timeout", "Event aged", "Watermark aged", "Emergency aged". */
  reason: string;
  timeoutSec: number | null;
  count: number;
}

/** The header of a flow monitor's cache; fields are null when the router did not print them. */
export interface FlowMonitorCacheSections {
  /** Which layout the flows came in; null when the output held no flows (or only unreadable ones). */
  layout: 'table' | 'record' | null;
  /** "Normal", "Normal (Platform cache)", "Immediate", "Permanent". */
  cacheType: string | null;
  cacheSize: number | null;
  currentEntries: number | null;
  highWatermark: number | null;
  flowsAdded: number | null;
  flowsAged: number | null;
  aged: FlowAgeing[];
  /** The table's column names as printed, left to right; empty for the record layout. */
  columns: string[];
  /** Every line above the flows, verbatim, so nothing the parser does not know is lost. */
  lines: string[];
}

export type FlowMonitorCacheResult = ParseResult<FlexibleNetflowFlow, FlowMonitorCacheSections>;

/** What differs between the table and the record parser: who they are and which command they answer to. */
export interface FlowMonitorCacheFormat {
  id: string;
  version: string;
  commandPatterns: readonly (readonly CommandWord[])[];
}

export function parseFlowMonitorCache(text: string, format: FlowMonitorCacheFormat): FlowMonitorCacheResult {
  return new FlowMonitorCacheParser(typeof text === 'string' ? text : '', format).run();
}

/** What the start of a text shows of a flow monitor cache, for the two detect() functions. */
export interface FlowMonitorCacheShape {
  /** Header lines seen ("Cache type:", "Current entries:", "Flows added:"…). */
  headerLines: number;
  /** A "=====" underline below a line naming a known column. */
  table: boolean;
  /** "FIELD: value" lines naming a flow field (IPV4 SOURCE ADDRESS, TRNS SOURCE PORT…). */
  recordFields: number;
}

export function flowMonitorCacheShape(text: string): FlowMonitorCacheShape {
  const shape: FlowMonitorCacheShape = { headerLines: 0, table: false, recordFields: 0 };
  if (typeof text !== 'string') return shape;
  const head = detectionHead(text);
  const lines = head.split('\n');
  let previous = '';
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === '' || line.length > 512) continue;
    const field = FIELD_LINE.exec(line);
    if (field !== null) {
      const name = normalizeName(field[1]!);
      if (HEADER_KEYS.has(name)) shape.headerLines++;
      else if (FIELD_TARGETS.has(name)) shape.recordFields++;
    } else if (isUnderline(line) && splitColumnsLoosely(previous).some((name) => FIELD_TARGETS.has(name))) {
      shape.table = true;
    }
    previous = line;
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------------------------
// Field names

/** Where a field's value goes: a Flow field, or one of the timestamps that give activeSec. */
type Target = NotPrintedField | 'bytes' | 'tos' | 'flags' | 'srcMask' | 'dstMask' | 'srcAs' | 'dstAs' | 'nextHop' | 'first' | 'last';

function names(target: Target, ...list: string[]): [string, Target][] {
  return list.map((name) => [name, target]);
}

/** Known names, lower case, single spaces: table abbreviations and record names, IPv4 and IPv6. */
const FIELD_TARGETS: ReadonlyMap<string, Target> = new Map<string, Target>([
  ...names('srcAddr', 'ipv4 src addr', 'ipv4 source address', 'ipv6 src addr', 'ipv6 source address'),
  ...names('dstAddr', 'ipv4 dst addr', 'ipv4 destination address', 'ipv6 dst addr', 'ipv6 destination address'),
  ...names('srcPort', 'trns src port', 'trns source port', 'transport source port'),
  ...names('dstPort', 'trns dst port', 'trns destination port', 'transport destination port'),
  ...names('protocol', 'ip prot', 'ip protocol', 'ipv4 prot', 'ipv4 protocol', 'ipv6 prot', 'ipv6 protocol'),
  ...names('srcIf', 'intf input', 'interface input'),
  ...names('dstIf', 'intf output', 'interface output'),
  ...names('bytes', 'bytes', 'bytes long', 'counter bytes', 'counter bytes long'),
  ...names('packets', 'pkts', 'pkts long', 'counter pkts', 'counter pkts long', 'counter packets', 'counter packets long'),
  ...names('tos', 'ip tos', 'ipv4 tos'),
  ...names('flags', 'tcp flags'),
  ...names('srcMask', 'ipv4 src mask', 'ipv4 source mask', 'ipv6 src mask', 'ipv6 source mask'),
  ...names('dstMask', 'ipv4 dst mask', 'ipv4 destination mask', 'ipv6 dst mask', 'ipv6 destination mask'),
  ...names('srcAs', 'ip src as', 'ip source as'),
  ...names('dstAs', 'ip dst as', 'ip destination as'),
  ...names('nextHop', 'ipv4 next hop addr', 'ipv4 next hop address', 'ipv6 next hop addr', 'ipv6 next hop address'),
  ...names('first', 'time first', 'time abs first', 'timestamp first', 'timestamp abs first'),
  ...names('last', 'time last', 'time abs last', 'timestamp last', 'timestamp abs last'),
]);

/** Header keys, lower case: "Cache type:" and its siblings, never a flow's field. */
const HEADER_KEYS: ReadonlySet<string> = new Set(['cache type', 'cache size', 'current entries', 'high watermark', 'flows added', 'flows aged', 'flows not added']);

const NOT_PRINTED_ORDER: readonly NotPrintedField[] = ['srcIf', 'srcAddr', 'dstIf', 'dstAddr', 'protocol', 'srcPort', 'dstPort', 'packets'];
const NOT_PRINTED_WORDS: Record<NotPrintedField, string> = {
  srcIf: 'input interface',
  srcAddr: 'source address',
  dstIf: 'output interface',
  dstAddr: 'destination address',
  protocol: 'protocol',
  srcPort: 'source port',
  dstPort: 'destination port',
  packets: 'packet count',
};

/** The shared, frozen notPrinted list for each combination (bit i = NOT_PRINTED_ORDER[i]). */
const NOT_PRINTED_LISTS: readonly (readonly NotPrintedField[])[] = Array.from({ length: 256 }, (_, mask) =>
  Object.freeze(NOT_PRINTED_ORDER.filter((_, bit) => (mask & (1 << bit)) !== 0)),
);

function notPrintedMask(printed: ReadonlySet<Target>): number {
  let mask = 0;
  NOT_PRINTED_ORDER.forEach((field, bit) => {
    if (!printed.has(field)) mask |= 1 << bit;
  });
  return mask;
}

function notPrintedMessage(mask: number, where: string): string {
  const words = NOT_PRINTED_LISTS[mask]!.map((field) => NOT_PRINTED_WORDS[field]);
  return `${where} no ${words.join(', ')}: those Flow fields hold '' or 0 and are listed in notPrinted`;
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** Digits, hex letters, the letters of anonymised octets and a zone id ("fe80::1%Gi0/0"): one word, nothing else. */
const ADDRESS = /^[0-9A-Za-z.:%/_-]{1,64}$/;
const INTERFACE = /^[A-Za-z0-9][A-Za-z0-9._/:*-]{0,63}$/;
const HEX_BYTE = /^0x([0-9A-Fa-f]{1,2})$/;
const MASK = /^\/(\d{1,3})$/;
const TIME = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** A value read for a target: a number, a string, or undefined when the text is not a value of that field. */
function readValue(target: Target, value: string): number | string | undefined {
  switch (target) {
    case 'srcAddr':
    case 'dstAddr':
    case 'nextHop':
      return ADDRESS.test(value) ? value : undefined;
    case 'srcIf':
    case 'dstIf':
      return INTERFACE.test(value) ? value : undefined;
    case 'srcPort':
    case 'dstPort':
      return decimalAtMost(value, 65535);
    case 'protocol':
    case 'tos':
    case 'flags': {
      const hex = HEX_BYTE.exec(value);
      return hex !== null ? parseInt(hex[1]!, 16) : decimalAtMost(value, 255);
    }
    case 'bytes':
    case 'packets':
      return decimalAtMost(value, Number.MAX_SAFE_INTEGER);
    case 'srcMask':
    case 'dstMask': {
      const mask = MASK.exec(value);
      return mask !== null && Number(mask[1]) <= 128 ? Number(mask[1]) : undefined;
    }
    case 'srcAs':
    case 'dstAs':
      return decimalAtMost(value, 4294967295);
    case 'first':
    case 'last':
      return timeOfDayMs(value);
  }
}

function decimalAtMost(value: string, max: number): number | undefined {
  const number = parseDecimal(value, 0, value.length);
  return number >= 0 && number <= max ? number : undefined;
}

/** "20:37:12.210" → milliseconds since midnight; undefined for anything else. */
function timeOfDayMs(value: string): number | undefined {
  const match = TIME.exec(value);
  if (match === null) return undefined;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const fraction = match[4] === undefined ? 0 : Number(match[4].padEnd(3, '0'));
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction;
}

const TARGET_WORDS: Record<Target, string> = {
  srcAddr: 'an address',
  dstAddr: 'an address',
  nextHop: 'an address',
  srcIf: 'an interface name',
  dstIf: 'an interface name',
  srcPort: 'a port number (decimal)',
  dstPort: 'a port number (decimal)',
  protocol: 'a protocol number (decimal, or hex as 0x06)',
  tos: 'a byte (hex as 0xC0)',
  flags: 'a byte (hex as 0x1B)',
  bytes: 'a counter',
  packets: 'a counter',
  srcMask: 'a mask (/0 to /128)',
  dstMask: 'a mask (/0 to /128)',
  srcAs: 'an AS number',
  dstAs: 'an AS number',
  first: 'a time of day (hh:mm:ss.mmm)',
  last: 'a time of day (hh:mm:ss.mmm)',
};

/** The hex forms Flow carries next to protocol and ports, as IOS's own tables print them ("06", "01BD"). */
const protocolHexes: (string | undefined)[] = new Array<string | undefined>(256);
const portHexes: (string | undefined)[] = new Array<string | undefined>(65536);

function protocolHexOf(protocol: number): string {
  return (protocolHexes[protocol] ??= toIosHex(protocol, 2));
}

function portHexOf(port: number): string {
  return (portHexes[port] ??= toIosHex(port, 4));
}

/** The values of one flow as they are read, field by field. */
class FlowDraft {
  readonly values = new Map<Target, number | string>();
  extra: Record<string, string> | null = null;

  /**
   * Reads a value into its field (or into extra when target is null); false when the text is not a value of the
   * field. Timestamps are kept in extra as printed and also read for activeSec when they are times of day.
   */
  set(target: Target | null, name: string, value: string): boolean {
    if (target === null) {
      this.addExtra(name, value);
      return true;
    }
    const read = readValue(target, value);
    if (target === 'first' || target === 'last') {
      this.addExtra(name, value);
      if (read !== undefined) this.values.set(target, read);
      return true;
    }
    if (read === undefined) return false;
    this.values.set(target, read);
    return true;
  }

  addExtra(name: string, value: string): void {
    this.extra ??= {};
    let key = name;
    for (let n = 2; Object.hasOwn(this.extra, key); n++) key = `${name} #${n}`;
    this.extra[key] = value;
  }

  /** The record, with placeholders and notPrinted for the Flow fields that have no value. */
  toFlow(line: number, strings: SliceCache): FlexibleNetflowFlow {
    const values = this.values;
    const text = (target: Target): string | null => {
      const value = values.get(target);
      return typeof value === 'string' ? strings.slice(value, 0, value.length) : null;
    };
    const number = (target: Target): number | null => {
      const value = values.get(target);
      return typeof value === 'number' ? value : null;
    };
    let mask = 0;
    const placeholder = (target: NotPrintedField): void => {
      if (!values.has(target)) mask |= 1 << NOT_PRINTED_ORDER.indexOf(target);
    };
    NOT_PRINTED_ORDER.forEach(placeholder);

    const srcAddr = text('srcAddr') ?? '';
    const dstAddr = text('dstAddr') ?? '';
    const protocol = number('protocol');
    const srcPort = number('srcPort');
    const dstPort = number('dstPort');
    const packets = number('packets');
    const first = number('first');
    const last = number('last');
    const numericKind = (address: string) => {
      const kind = addressKind(address);
      return kind === 'ipv4' || kind === 'ipv6';
    };
    return {
      line,
      srcIf: text('srcIf') ?? '',
      srcAddr,
      dstIf: text('dstIf') ?? '',
      dstAddr,
      protocol: protocol ?? 0,
      protocolHex: protocol === null ? '' : protocolHexOf(protocol),
      protocolName: protocol === null ? null : protocolNameOf(protocol),
      srcPort: srcPort ?? 0,
      srcPortHex: srcPort === null ? '' : portHexOf(srcPort),
      srcService: srcPort === null || protocol === null ? null : serviceName(srcPort, protocol),
      dstPort: dstPort ?? 0,
      dstPortHex: dstPort === null ? '' : portHexOf(dstPort),
      dstService: dstPort === null || protocol === null ? null : serviceName(dstPort, protocol),
      packets: packets ?? 0,
      bytes: number('bytes'),
      tos: number('tos'),
      flags: number('flags'),
      srcMask: number('srcMask'),
      dstMask: number('dstMask'),
      srcAs: number('srcAs'),
      dstAs: number('dstAs'),
      nextHop: text('nextHop'),
      activeSec: first === null || last === null ? null : Math.round(last >= first ? last - first : last + 86_400_000 - first) / 1000,
      marks: addressMarks(!numericKind(srcAddr), !numericKind(dstAddr)),
      notPrinted: NOT_PRINTED_LISTS[mask]!,
      extra: this.extra ?? {},
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lines

/** "IPV4 SOURCE ADDRESS:       10.1.1.2", "Cache type:   Normal": a name (no colon), a colon, the value. */
const FIELD_LINE = /^([A-Za-z][A-Za-z0-9 ()/_.-]{0,63}):[ \t]*(.*)$/;
/** "- Active timeout      (    60 secs)         42", "- Event aged     0". */
const AGED_LINE = /^-\s*([A-Za-z][A-Za-z -]{0,40}?)\s*(?:\(\s*(\d{1,9})\s*secs?\s*\))?\s+(\d{1,16})$/;
/** Lines IOS prints around the cache that carry nothing to read. */
const KNOWN_NOTES = [
  /^Load for five secs: /,
  /^Time source is /,
  /^Processed \d+ flows?$/,
  /^Aggregated to \d+ flows?$/,
  /^Showing the top \d+ flows?$/,
  /^There are no cache entries to display\.?$/,
];
const MAX_HEADER_LINE = 256;
/** Most words a table row may have; more is not a row. */
const MAX_ROW_TOKENS = 128;

const EXPECTED = {
  output: 'the header of a flow monitor cache (Cache type:, Current entries:, Flows added:…), a table under a ===== underline, or records of FIELD: value lines',
  row: 'a row with a value under every column of the table, aligned with the ===== underline',
  field: 'a FIELD: value line of a record',
  header: 'a column header line right above the ===== underline',
  complete: 'a record followed by a blank line, or with the same fields as the record before it',
} as const;

function isUnderline(line: string): boolean {
  if (line.length === 0 || line.charCodeAt(0) !== 61) return false;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code !== 61 && code !== 32 && code !== 9) return false;
  }
  return true;
}

/** Column names of a header line split at runs of two or more spaces: good enough for detect(). */
function splitColumnsLoosely(line: string): string[] {
  return line.trim() === '' ? [] : line.trim().split(/\s{2,}/).map(normalizeName);
}

/** A "show flow monitor …" echo with any options (sort, top, filter, format) the parsers' patterns do not list. */
function isFlowMonitorEcho(line: string, patterns: readonly (readonly CommandWord[])[]): boolean {
  if (isCommandEcho(line, patterns)) return true;
  const command = commandAfterPrompt(line);
  if (command === undefined) return false;
  const words = commandWords(command);
  const prefixOf = (typed: string | undefined, word: string, least: number) => typed !== undefined && typed.length >= least && word.startsWith(typed);
  return words.length >= 4 && prefixOf(words[0], 'show', 2) && prefixOf(words[1], 'flow', 2) && prefixOf(words[2], 'monitor', 1);
}

interface Column {
  /** As printed in the header. */
  name: string;
  /** Offsets in the line (indentation included) of the underline run: values start at start or end at end. */
  start: number;
  end: number;
  /** The Flow field it fills; null when the column goes to extra (unknown, or a second column for one field). */
  target: Target | null;
}

interface BlockLine {
  line: number;
  raw: string;
  /** As printed, without the colon. */
  name: string;
  normalized: string;
  value: string;
}

// Where in the output the parser is.
const HEADER = 0;
const TABLE = 1;
const RECORDS = 2;

class FlowMonitorCacheParser extends IosCommandOutput {
  private readonly records: FlexibleNetflowFlow[] = [];
  private readonly sections: FlowMonitorCacheSections = {
    layout: null,
    cacheType: null,
    cacheSize: null,
    currentEntries: null,
    highWatermark: null,
    flowsAdded: null,
    flowsAged: null,
    aged: [],
    columns: [],
    lines: [],
  };
  private phase = HEADER;
  /** Line number of the last line passed to readLine: a gap means blank lines (or a prompt) came between. */
  private previousLine = 0;
  /** A line not understood, held back in case the next line is the "=====" underline that makes it a table header. */
  private held: { line: number; lineStart: number; start: number; end: number; problem: string; expected: string } | null = null;
  private columns: Column[] | null = null;
  private readonly tokens = new Int32Array(2 * (MAX_ROW_TOKENS + 1));
  private readonly cellStarts = new Int32Array(MAX_ROW_TOKENS);
  private readonly cellEnds = new Int32Array(MAX_ROW_TOKENS);
  private block: BlockLine[] = [];
  private readonly blockNames = new Set<string>();
  /** The fields of the last record (names joined), to tell a complete last block from a cut one. */
  private lastRecordShape: string | null = null;
  private lastNotPrinted = 0;
  /** The block's next line was cut off at the end of the text. */
  private blockCut = false;
  private readonly strings = new SliceCache(4096);

  constructor(text: string, private readonly format: FlowMonitorCacheFormat) {
    super(text, (line) => isFlowMonitorEcho(line, format.commandPatterns), EXPECTED.output);
  }

  run(): FlowMonitorCacheResult {
    this.scan();
    return this.log.result(this.format.id, this.format.version, this.records, this.sections);
  }

  protected override finishOutput(): void {
    this.releaseHeld();
    if (this.block.length === 0) return;
    const lastLine = this.block[this.block.length - 1]!.line;
    // A blank line or a prompt after the block closes it; otherwise only its shape can say whether it is complete.
    const closed = (!this.blockCut && this.lineCount > lastLine) || this.blockShape() === this.lastRecordShape;
    this.closeBlock(closed);
  }

  /** A last line without a line break: inside a record, the record may be cut too. */
  protected override readCutLine(lineNumber: number, lineStart: number, start: number, end: number): void {
    if (this.phase === RECORDS && this.block.length > 0) {
      if (lineNumber > this.previousLine + 1) this.closeBlock(true);
      else this.blockCut = true;
    }
    this.releaseHeld();
    super.readCutLine(lineNumber, lineStart, start, end);
  }

  protected override readLine(lineNumber: number, lineStart: number, start: number, end: number): void {
    const gap = lineNumber > this.previousLine + 1;
    this.previousLine = lineNumber;

    // The hot path: a row of a table whose columns are known ("=" starts an underline: a new table's, not a row).
    if (this.phase === TABLE && this.columns !== null && this.text.charCodeAt(start) !== 61) {
      this.releaseHeld();
      const problem = this.readRow(lineNumber, lineStart, start, end);
      if (problem === null) return;
      this.readOther(lineNumber, lineStart, start, end, gap, problem, EXPECTED.row);
      return;
    }
    if (this.phase === RECORDS && gap && this.block.length > 0) this.closeBlock(true);
    this.readOther(lineNumber, lineStart, start, end, gap, null, EXPECTED.output);
  }

  private readOther(lineNumber: number, lineStart: number, start: number, end: number, gap: boolean, problem: string | null, expected: string): void {
    const text = this.text;
    const line = text.slice(start, end);

    if (isUnderline(line)) {
      this.startTable(lineNumber, lineStart, end);
      return;
    }
    this.releaseHeld();

    if (line.length <= MAX_HEADER_LINE && this.readHeaderLine(lineNumber, lineStart, start, end, line)) return;

    const field = FIELD_LINE.exec(line);
    if (field !== null && this.phase !== TABLE) {
      const normalized = normalizeName(field[1]!);
      // A record starts after the header's blank line, or with a field name that belongs to a flow.
      if (this.phase === RECORDS || gap || FIELD_TARGETS.has(normalized)) {
        this.readField(lineNumber, text.slice(lineStart, end), field[1]!.trim(), normalized, field[2]!.trim());
        return;
      }
    }
    if (this.phase === HEADER) {
      // Possibly the header of a table: judged when the next line comes.
      this.held = { line: lineNumber, lineStart, start, end, problem: 'Header line kept verbatim in sections.lines but not interpreted', expected };
      return;
    }
    if (this.phase === TABLE) {
      const unread = this.columns === null ? 'Row of a table whose columns could not be read' : 'Not a row of the table';
      this.held = { line: lineNumber, lineStart, start, end, problem: problem ?? unread, expected: this.columns === null ? EXPECTED.header : expected };
      return;
    }
    this.log.report(lineNumber, 'error', 'Not a FIELD: value line of a record', text.slice(lineStart, end), EXPECTED.field);
  }

  /** A held line that turned out not to be a table header: in the header it is kept verbatim, elsewhere reported. */
  private releaseHeld(phase = this.phase): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    const raw = this.text.slice(held.lineStart, held.end);
    if (phase === HEADER) {
      this.sections.lines.push(raw);
      this.log.report(held.line, 'info', held.problem, raw, EXPECTED.output);
    } else {
      this.log.report(held.line, 'error', held.problem, raw, held.expected);
    }
  }

  /** "Cache type:", "- Active timeout (60 secs) 4", "Processed 3 flows"…; true when the line was one. */
  private readHeaderLine(lineNumber: number, lineStart: number, start: number, end: number, line: string): boolean {
    const raw = this.text.slice(lineStart, end);
    const note = KNOWN_NOTES.some((pattern) => pattern.test(line));
    const field = note ? null : FIELD_LINE.exec(line);
    const key = field === null ? null : normalizeName(field[1]!);
    const aged = key === null && !note && line.charCodeAt(0) === 45 ? AGED_LINE.exec(line) : null;
    if (!(key !== null && HEADER_KEYS.has(key)) && aged === null && !note) return false;

    if (this.phase !== HEADER) {
      if (this.block.length > 0) this.closeBlock(true);
      this.phase = HEADER;
      this.columns = null;
      if (!note) this.log.report(lineNumber, 'warning', 'The cache header again: the text holds more than one capture; later values replace earlier ones', raw);
    }
    this.sections.lines.push(raw);
    if (aged !== null) {
      this.sections.aged.push({ line: lineNumber, reason: aged[1]!, timeoutSec: aged[2] === undefined ? null : Number(aged[2]), count: Number(aged[3]) });
    } else if (key !== null && field !== null) {
      const value = field[2]!.trim();
      const number = parseDecimal(value, 0, value.length);
      if (key === 'cache type') this.sections.cacheType = value;
      else if (number < 0) this.log.report(lineNumber, 'info', `"${value}" is not a number: kept verbatim in sections.lines`, raw, EXPECTED.output);
      else if (key === 'cache size') this.sections.cacheSize = number;
      else if (key === 'current entries') this.sections.currentEntries = number;
      else if (key === 'high watermark') this.sections.highWatermark = number;
      else if (key === 'flows added') this.sections.flowsAdded = number;
      else if (key === 'flows aged') this.sections.flowsAged = number;
    }
    this.log.structure(lineNumber);
    return true;
  }

  // -- Table ------------------------------------------------------------------------------------------------------

  /** A "=====" underline: the held line above it is the table's header, and its runs are the columns. */
  private startTable(lineNumber: number, lineStart: number, end: number): void {
    const text = this.text;
    const raw = text.slice(lineStart, end);
    if (this.block.length > 0) this.closeBlock(true);
    const header = this.held;
    const phase = this.phase;
    this.phase = TABLE;
    this.columns = null;
    if (header === null || header.line !== lineNumber - 1) {
      this.releaseHeld(phase);
      this.log.report(lineNumber, 'error', 'A ===== underline without the header line right above it: the rows below are not read', raw, EXPECTED.header);
      return;
    }
    const headerText = text.slice(header.lineStart, header.end);
    const runs: { start: number; end: number }[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (raw.charCodeAt(i) !== 61) continue;
      const runStart = i;
      while (i < raw.length && raw.charCodeAt(i) === 61) i++;
      runs.push({ start: runStart, end: i });
    }
    if (runs.length > MAX_ROW_TOKENS) {
      this.releaseHeld(phase);
      this.log.report(lineNumber, 'error', `A ===== underline with ${runs.length} columns: more than a table of this parser can have`, raw, EXPECTED.header);
      return;
    }
    const taken = new Set<Target>();
    const columns: Column[] = runs.map((run, i) => {
      const next = runs[i + 1];
      const name = headerText.slice(run.start, next === undefined ? headerText.length : next.start).trim();
      let target = FIELD_TARGETS.get(normalizeName(name)) ?? null;
      if (target !== null && taken.has(target)) target = null;
      if (target !== null) taken.add(target);
      return { name, start: run.start, end: run.end, target };
    });
    const cut = runs.some((run) => run.start > 0 && run.start < headerText.length && !isBlank(headerText.charCodeAt(run.start - 1)) && !isBlank(headerText.charCodeAt(run.start)));
    const nameless = columns.some((column) => column.name === '');
    if (cut || nameless) {
      this.releaseHeld(phase);
      this.log.report(lineNumber, 'error', 'The ===== underline does not fit the header line above it: the rows below are not read', raw, EXPECTED.header);
      return;
    }
    this.held = null;
    this.columns = columns;
    this.sections.layout ??= 'table';
    this.sections.columns = columns.map((column) => column.name);
    this.log.structure(header.line);
    this.log.structure(lineNumber);
    const mask = notPrintedMask(taken);
    if (mask !== 0) this.log.report(header.line, 'info', notPrintedMessage(mask, 'This table has'), headerText);
    if (taken.size === 0) this.log.report(header.line, 'warning', 'None of the columns is a flow field: every value goes to extra', headerText, EXPECTED.header);
  }

  /** Reads one table row into a record; null when it was one, else what is wrong with it. */
  private readRow(lineNumber: number, lineStart: number, start: number, end: number): string | null {
    const text = this.text;
    const columns = this.columns!;
    const tokens = this.tokens;
    const count = scanTokens(text, start, end, tokens, MAX_ROW_TOKENS);
    if (count > MAX_ROW_TOKENS) return `Not a row: more than ${MAX_ROW_TOKENS} words`;
    const cellStarts = this.cellStarts.fill(-1, 0, columns.length);
    const cellEnds = this.cellEnds;
    // Each word belongs to the column whose span (its start up to the next column's start) holds the word's start.
    let column = 0;
    let problem: string | null = null;
    for (let k = 0; k < count; k++) {
      const offset = tokens[2 * k]! - lineStart;
      if (offset < columns[0]!.start) {
        problem = 'Text left of the first column';
        break;
      }
      while (column + 1 < columns.length && columns[column + 1]!.start <= offset) column++;
      if (cellStarts[column] === -1) cellStarts[column] = tokens[2 * k]!;
      cellEnds[column] = tokens[2 * k + 1]!;
    }
    if (problem === null) {
      for (let i = 0; i < columns.length; i++) {
        const { start: columnStart, end: columnEnd, name } = columns[i]!;
        if (cellStarts[i] === -1) {
          problem = `No value under "${name}"`;
          break;
        }
        if (cellStarts[i]! - lineStart !== columnStart && cellEnds[i]! - lineStart !== columnEnd) {
          problem = `"${text.slice(cellStarts[i]!, cellEnds[i])}" is not aligned under "${name}"`;
          break;
        }
      }
    }
    if (problem !== null) {
      // A copy with its spacing collapsed: one word per column, when the count says so.
      if (count !== columns.length) return `${problem}: not a row of this table`;
      for (let i = 0; i < columns.length; i++) {
        cellStarts[i] = tokens[2 * i]!;
        cellEnds[i] = tokens[2 * i + 1]!;
      }
    }
    const draft = new FlowDraft();
    for (let i = 0; i < columns.length; i++) {
      const { name, target } = columns[i]!;
      const value = text.slice(cellStarts[i]!, cellEnds[i]);
      if (!draft.set(target, name, value)) return `"${value}" under "${name}" is not ${TARGET_WORDS[target!]}: not a row of this table`;
    }
    this.records.push(draft.toFlow(lineNumber, this.strings));
    return null;
  }

  // -- Records ----------------------------------------------------------------------------------------------------

  private readField(lineNumber: number, raw: string, name: string, normalized: string, value: string): void {
    if (this.phase !== RECORDS) {
      this.phase = RECORDS;
      this.columns = null;
      this.sections.layout ??= 'record';
    }
    if (this.blockNames.has(normalized)) this.closeBlock(true);
    this.block.push({ line: lineNumber, raw, name, normalized, value });
    this.blockNames.add(normalized);
  }

  private blockShape(): string {
    return this.block.map((line) => line.normalized).join('|');
  }

  /** Turns the block into a record; `closed` false means it may have been cut off, so it is reported instead. */
  private closeBlock(closed: boolean): void {
    const block = this.block;
    this.block = [];
    this.blockNames.clear();
    if (block.length === 0) return;
    const first = block[0]!;
    if (!closed) {
      const where = `cut off at the end of the output (line ${first.line})`;
      this.log.report(first.line, 'error', 'The output ends inside or right after this record (no blank line after it, and other fields than the record before it): it may be cut off, so it is not recorded', first.raw, EXPECTED.complete);
      for (const line of block.slice(1)) this.log.report(line.line, 'error', `Part of a record ${where}: not recorded`, line.raw, EXPECTED.complete);
      return;
    }
    if (!block.some((line) => FIELD_TARGETS.has(line.normalized))) {
      this.log.report(first.line, 'warning', 'Fields with none of a flow\'s (addresses, ports, protocol, interfaces, counters): not read as a flow', first.raw, EXPECTED.field);
      for (const line of block.slice(1)) this.log.report(line.line, 'warning', `Part of the fields at line ${first.line}: not read as a flow`, line.raw, EXPECTED.field);
      return;
    }
    const draft = new FlowDraft();
    for (const line of block) {
      let target = FIELD_TARGETS.get(line.normalized) ?? null;
      if (target !== null && draft.values.has(target)) target = null;
      if (draft.set(target, line.name, line.value)) continue;
      draft.addExtra(line.name, line.value);
      this.log.report(line.line, 'warning', `"${line.value}" is not ${TARGET_WORDS[target!]}: kept in extra, the record lacks this field`, line.raw, EXPECTED.field);
    }
    const flow = draft.toFlow(first.line, this.strings);
    this.records.push(flow);
    for (const line of block.slice(1)) this.log.structure(line.line);
    this.lastRecordShape = block.map((line) => line.normalized).join('|');
    const mask = NOT_PRINTED_LISTS.indexOf(flow.notPrinted);
    if (mask !== this.lastNotPrinted && mask !== 0) this.log.report(first.line, 'info', notPrintedMessage(mask, 'This record has'), first.raw);
    this.lastNotPrinted = mask;
  }
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}
