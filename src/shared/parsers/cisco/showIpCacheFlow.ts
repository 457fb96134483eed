// Parses Cisco IOS `show ip cache flow`: packet size distribution, cache statistics, protocol table and flow rows.
//
// Rules the fixtures hold it to:
// - Sections are found by their header lines and rows by token counts and column meaning, so both IOS's
//   column-aligned output and copies with whitespace collapsed read the same. The flow table's header must be IOS's
//   (SrcIf SrcIPaddress DstIf DstIPaddress Pr SrcP DstP Pkts); rows of any other table are not guessed at.
// - Every line that is not understood becomes a Diagnostic with its 1-based line number; the rest still parses.
// - The last line is trusted only if a line break follows it: a capture cut by a dropped connection ends mid-line,
//   and a row cut inside its packet count would look complete. (The SSH layer keeps the final line break; the
//   prompt after it is ignored.)
// - "Verbatim" text (Diagnostic.text, cache.lines) is the line without its line end and trailing
//   whitespace, so CRLF/LF and padding never change a result.
// - A leading echo of the command and a final prompt are not output: ignored without diagnostics.
// - Records are read-only: repeated strings (interfaces, hex fields, addresses) are shared between rows and every
//   `marks` array is a shared frozen constant, which keeps a million-row capture affordable.
import type {
  Diagnostic,
  Flow,
  FlowCacheStatistics,
  PacketSizeBucket,
  ProtocolStatistics,
  FlowMark,
  ShowIpCacheFlowResult,
  ShowIpCacheFlowSections,
} from '../../domain';
import { protocolName, serviceName } from '../../iana';
import { compileCommandPattern, isCommandEcho, PROMPT_LINE } from '../commandPattern';
import { SliceCache } from '../sliceCache';

export const id = 'ios-ip-cache-flow';
export const version = '1.0.0';
export const commands = ['sh[[ow]] ip cac[[he]] fl[[ow]]'] as const;

const commandPatterns = commands.map(compileCommandPattern);

/** The flow table's column names, in order; any other header is a different table. */
const FLOW_COLUMNS = ['SrcIf', 'SrcIPaddress', 'DstIf', 'DstIPaddress', 'Pr', 'SrcP', 'DstP', 'Pkts'] as const;
const PROTOCOL_COLUMNS = 7;

const EXPECTED = {
  flowRow: 'a flow row of 8 fields: SrcIf SrcIPaddress DstIf DstIPaddress Pr SrcP DstP Pkts (Pr, SrcP and DstP in hex)',
  flowHeader: `the flow table header: ${FLOW_COLUMNS.join(' ')}`,
  protocolRow: `a protocol row: a name and ${PROTOCOL_COLUMNS} numbers (Total Flows, Flows/Sec, Packets/Flow, Bytes/Pkt, Packets/Sec, Active(Sec)/Flow, Idle(Sec)/Flow)`,
  sizeRow: 'a row of packet size labels (1-32 64 96 …) or, below it, the row of their fractions (.000 .190 …)',
  sizeHeader: 'IP packet size distribution (<count> total packets):',
  section: 'a section of show ip cache flow: packet size distribution, flow cache statistics, protocol table or flow table',
  cacheLine: 'a flow cache statistics line',
  completeLine: 'a line ending with a line break',
} as const;

// Sections of the output, in the order IOS prints them.
const NONE = 0;
const PACKET_SIZES = 1;
const CACHE_STATISTICS = 2;
const PROTOCOL_HEADER = 3;
const PROTOCOLS = 4;
const FLOWS = 5;
/** After a table header we do not know (e.g. `show ip cache verbose flow`): its rows are not ours to read. */
const UNKNOWN_TABLE = 6;

/** Parses the text of `show ip cache flow`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): ShowIpCacheFlowResult {
  const parser = new ShowIpCacheFlowParser(typeof text === 'string' ? text : '');
  return parser.run();
}

/** 0..1: how much the start of the text looks like `show ip cache flow` output. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  // `show ip cache verbose flow` shares the first sections but its flow table is another format.
  if (/SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+TOS\s+Flgs\s+Pkts/.test(head)) return 0.3;
  // The flow table header alone is enough (an analyst may paste just the table); the summary sections add up to it.
  let score = 0;
  if (head.includes('IP packet size distribution')) score += 0.3;
  if (head.includes('IP Flow Switching Cache')) score += 0.2;
  if (/^[ \t]*Protocol[ \t]+Total[ \t]+Flows/m.test(head)) score += 0.1;
  if (/SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+SrcP\s+DstP\s+Pkts/.test(head)) score += 0.6;
  return Math.min(1, Math.round(score * 100) / 100);
}

/** Whitespace for this parser: space, tab, CR and other control characters, and the no-break space of web copies. */
function isSpace(code: number): boolean {
  return code <= 32 || code === 160;
}

/** Value of a hex digit, or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function parseHex(text: string, start: number, end: number): number {
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
function parseCount(text: string, start: number, end: number): number {
  if (end <= start || end - start > 16) return -1;
  const multiplier = countMultiplier(text.charCodeAt(end - 1));
  const last = multiplier === 1 ? end : end - 1;
  if (last === start) return -1;
  let value = 0;
  for (let i = start; i < last; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + (code - 48);
  }
  return value * multiplier;
}

function countMultiplier(code: number): number {
  if (code === 75) return 1e3; // K
  if (code === 77) return 1e6; // M
  if (code === 71) return 1e9; // G
  return 1;
}

const NOT_NUMERIC = -1;
const NOT_CANONICAL = -2;

/**
 * The value of a numeric dotted quad (0-255 in each of four parts) as an unsigned 32-bit number; NOT_NUMERIC for
 * anything else (anonymised `10.aa.20.254`, names), NOT_CANONICAL for a number written with leading zeros.
 */
function parseIpv4(text: string, start: number, end: number): number {
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
 * The four possible flag lists, shared and frozen: a million rows need no million arrays. Records are read-only;
 * copy `marks` before adding to it.
 */
const MARKS: readonly FlowMark[][] = [
  [],
  ['src-addr-not-numeric'],
  ['dst-addr-not-numeric'],
  ['src-addr-not-numeric', 'dst-addr-not-numeric'],
].map((marks) => Object.freeze(marks) as FlowMark[]);

const DECIMAL = /^\d+(?:\.\d+)?$/;
const SIZE_LABEL = /^\d+(?:-\d+)?$/;
const FRACTION = /^(?:\d+\.\d*|\.\d+|\d+)$/;

function splitWords(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

// Known lines of the flow cache statistics; anything else there is kept verbatim and reported as not interpreted.
const CACHE_HEADER = /^IP Flow Switching Cache, (\d+) bytes$/;
const SUB_CACHE_HEADER = /^IP Sub Flow Cache, (\d+) bytes$/;
const CACHE_COUNTS = /^(\d+) active, (\d+) inactive, (\d+) added(?:, (\d+) added to flow)?$/;
const AGER = /^(\d+) ager polls, (\d+) flow alloc failures$/;
const ACTIVE_TIMEOUT = /^Active flows timeout in (\d+) minutes?$/;
const INACTIVE_TIMEOUT = /^Inactive flows timeout in (\d+) seconds?$/;
const SUB_ALLOC = /^\d+ alloc failures, \d+ force free$/;
const CHUNKS = /^\d+ chunks?, \d+ chunks? added$/;
const LAST_CLEARING = /^last clearing of statistics (\S.*)$/i;
const SIZE_HEADER = /^IP packet size distribution \((\S+) total packets\):?$/;

function emptyCacheStatistics(): FlowCacheStatistics {
  return {
    cacheBytes: null,
    activeFlows: null,
    inactiveFlows: null,
    addedFlows: null,
    agerPolls: null,
    allocFailures: null,
    activeTimeoutMinutes: null,
    inactiveTimeoutSeconds: null,
    subFlowCacheBytes: null,
    subFlowActive: null,
    subFlowInactive: null,
    subFlowAdded: null,
    subFlowAddedToFlow: null,
    lastClearing: null,
    lines: [],
  };
}

/** One pass over the text; holds the section being read and what has been found so far. */
class ShowIpCacheFlowParser {
  private readonly records: Flow[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private totalPackets: number | null = null;
  private packetSizes: PacketSizeBucket[] = [];
  private readonly structuralLines: number[] = [];
  private cache: FlowCacheStatistics | null = null;
  private protocols: ProtocolStatistics[] = [];
  private protocolTotal: ProtocolStatistics | null = null;

  private section = NONE;
  /** Inside "IP Sub Flow Cache": its counters go to the subFlow* fields. */
  private inSubFlowCache = false;
  /** A packet size label row waiting for its fraction row. */
  private pendingLabels: { line: number; text: string; labels: string[] } | null = null;
  /** A prompt line: ignored if nothing but blank lines follow it, reported otherwise. */
  private pendingPrompt: { line: number; text: string } | null = null;
  private sawContent = false;
  private readonly seenSections = new Set<number>();
  /** Token boundaries of the current flow row: start, end, start, end… (9 tokens: one more than a row has). */
  private readonly tokens = new Int32Array(18);
  // Per parse, so strings of one capture never keep another alive.
  private readonly interfaceNames = new SliceCache(256);
  private readonly addresses = new AddressStrings(16384);
  private readonly protocolHexes = new HexStrings(2);
  private readonly portHexes = new HexStrings(4);

  constructor(private readonly text: string) {}

  run(): ShowIpCacheFlowResult {
    const text = this.text;
    const length = text.length;
    let position = 0;
    let lineNumber = 0;
    while (position < length) {
      const newline = text.indexOf('\n', position);
      const terminated = newline !== -1;
      const lineEnd = terminated ? newline : length;
      lineNumber++;
      let end = lineEnd;
      while (end > position && isSpace(text.charCodeAt(end - 1))) end--;
      let start = position;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      if (start < end) {
        // The hot path: most lines of a big capture are flow rows.
        if (!(this.section === FLOWS && terminated && this.pendingPrompt === null && this.readFlowRow(lineNumber, position, start, end) === null)) {
          this.readLine(lineNumber, position, start, end, terminated);
        }
      }
      position = terminated ? newline + 1 : length;
    }
    this.finish();
    const sections: ShowIpCacheFlowSections = {
      totalPackets: this.totalPackets,
      packetSizes: this.packetSizes,
      cache: this.cache,
      protocols: this.protocols,
      protocolTotal: this.protocolTotal,
    };
    return { format: id, parserVersion: version, records: this.records, sections, diagnostics: this.diagnostics, structuralLines: this.structuralLines };
  }

  private report(line: number, severity: Diagnostic['severity'], message: string, text: string, expected?: string): void {
    const diagnostic: Diagnostic = { line, severity, message, text };
    if (expected !== undefined) diagnostic.expected = expected;
    this.diagnostics.push(diagnostic);
  }

  /** A line read as part of the output's structure (headers, section lines, echo, prompt), not a record. */
  private structure(line: number): void {
    this.structuralLines.push(line);
  }

  private finish(): void {
    this.flushPendingLabels();
    // A prompt followed only by blank lines is the router waiting for the next command: not part of the output.
    if (this.pendingPrompt !== null) this.structure(this.pendingPrompt.line);
    this.pendingPrompt = null;
  }

  private flushPendingLabels(): void {
    if (this.pendingLabels === null) return;
    const { line, text } = this.pendingLabels;
    this.pendingLabels = null;
    this.report(line, 'error', 'Packet size labels without the row of fractions below them', text, EXPECTED.sizeRow);
  }

  /** Any line that is not a well-formed flow row inside the flow table. */
  private readLine(lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean): void {
    const raw = this.text.slice(lineStart, end);
    const line = this.text.slice(start, end);

    if (this.pendingPrompt !== null) {
      const prompt = this.pendingPrompt;
      this.pendingPrompt = null;
      this.report(prompt.line, 'warning', 'A router prompt inside the output: what follows may belong to another command', prompt.text, EXPECTED.section);
    }
    if (isCommandEcho(line, commandPatterns)) {
      if (this.sawContent) this.report(lineNumber, 'warning', 'The command again: the text holds more than one capture', raw);
      else this.structure(lineNumber);
      return;
    }
    if (PROMPT_LINE.test(line)) {
      // The prompt that ends the output (no line break after it) is structure; one inside the output is judged later.
      if (terminated) this.pendingPrompt = { line: lineNumber, text: raw };
      else this.structure(lineNumber);
      return;
    }
    this.sawContent = true;
    if (!terminated) {
      this.report(lineNumber, 'error', 'The output ends inside this line (no line break after it): the connection may have dropped, so the line is not trusted', raw, EXPECTED.completeLine);
      return;
    }

    if (this.startsSection(lineNumber, raw, line)) {
      this.structure(lineNumber);
      return;
    }

    switch (this.section) {
      case PACKET_SIZES:
        this.readPacketSizeRow(lineNumber, raw, line);
        return;
      case CACHE_STATISTICS:
        if (this.readCacheLine(lineNumber, raw, line)) this.structure(lineNumber);
        return;
      case PROTOCOL_HEADER:
        this.section = PROTOCOLS;
        // The header's second line: "--------         Flows     /Sec     /Flow …".
        if (line.startsWith('--')) return this.structure(lineNumber);
        this.readProtocolRow(lineNumber, raw, line);
        return;
      case PROTOCOLS:
        this.readProtocolRow(lineNumber, raw, line);
        return;
      case FLOWS: {
        const problem = this.readFlowRow(lineNumber, lineStart, start, end);
        if (problem !== null) this.report(lineNumber, 'error', problem, raw, EXPECTED.flowRow);
        return;
      }
      case UNKNOWN_TABLE:
        this.report(lineNumber, 'warning', 'Row of a table this parser does not read', raw, EXPECTED.flowHeader);
        return;
      default:
        this.report(lineNumber, 'warning', 'Not part of any section of show ip cache flow', raw, EXPECTED.section);
    }
  }

  /** Recognises section headers wherever they appear; true when the line was one. */
  private startsSection(lineNumber: number, raw: string, line: string): boolean {
    const text = line;
    if (text.startsWith('IP packet size distribution')) {
      this.enterSection(PACKET_SIZES, lineNumber, raw);
      const printed = SIZE_HEADER.exec(text)?.[1];
      const total = printed === undefined ? -1 : parseCount(printed, 0, printed.length);
      this.totalPackets = total < 0 ? null : total;
      this.packetSizes = [];
      if (total < 0) this.report(lineNumber, 'warning', 'Could not read the total packet count', raw, EXPECTED.sizeHeader);
      else if (countMultiplier(printed!.charCodeAt(printed!.length - 1)) !== 1) this.reportRounded(lineNumber, printed!, total, raw);
      return true;
    }
    if (text.startsWith('IP Flow Switching Cache')) {
      this.enterSection(CACHE_STATISTICS, lineNumber, raw);
      this.cache = emptyCacheStatistics();
      this.inSubFlowCache = false;
      this.readCacheLine(lineNumber, raw, line);
      return true;
    }
    if (text.startsWith('IP Sub Flow Cache')) {
      // Belongs to the cache statistics even if the main cache header was lost.
      if (this.section !== CACHE_STATISTICS || this.cache === null) {
        this.flushPendingLabels();
        this.section = CACHE_STATISTICS;
        this.cache ??= emptyCacheStatistics();
      }
      this.inSubFlowCache = true;
      this.readCacheLine(lineNumber, raw, line);
      return true;
    }
    if (text.startsWith('Protocol')) {
      const words = splitWords(text);
      if ((words[0] === 'Protocol' || words[0] === 'Protocols') && words[1] === 'Total') {
        this.enterSection(PROTOCOL_HEADER, lineNumber, raw);
        this.protocols = [];
        this.protocolTotal = null;
        return true;
      }
      return false;
    }
    if (text.startsWith('SrcIf')) {
      this.flushPendingLabels();
      const words = splitWords(text);
      const known = words.length === FLOW_COLUMNS.length && words.every((word, i) => word === FLOW_COLUMNS[i]);
      // IOS prints the flow table header once per table (ingress, egress): a repeat is normal.
      if (known) {
        this.section = FLOWS;
      } else {
        this.section = UNKNOWN_TABLE;
        this.report(lineNumber, 'error', 'Table header with other columns than show ip cache flow prints: its rows are not read', raw, EXPECTED.flowHeader);
      }
      return true;
    }
    return false;
  }

  /** Starts a section; a second copy of one means the text holds more than one capture. */
  private enterSection(section: number, lineNumber: number, raw: string): void {
    this.flushPendingLabels();
    if (this.seenSections.has(section)) {
      this.report(lineNumber, 'warning', 'This section appears a second time: the text holds more than one capture; the later section replaces the earlier one', raw);
    }
    this.seenSections.add(section);
    this.section = section;
  }

  private readPacketSizeRow(lineNumber: number, raw: string, line: string): void {
    const words = splitWords(line);
    if (words.every((word) => SIZE_LABEL.test(word))) {
      this.flushPendingLabels();
      this.pendingLabels = { line: lineNumber, text: raw, labels: words };
      return;
    }
    if (words.every((word) => FRACTION.test(word))) {
      const labels = this.pendingLabels;
      this.pendingLabels = null;
      if (labels === null) {
        this.report(lineNumber, 'error', 'Packet size fractions without a row of size labels above them', raw, EXPECTED.sizeRow);
        return;
      }
      if (labels.labels.length !== words.length) {
        this.report(labels.line, 'error', `${labels.labels.length} size labels over ${words.length} fractions (line ${lineNumber}): the pair is not read`, labels.text, EXPECTED.sizeRow);
        this.report(lineNumber, 'error', `${words.length} fractions under ${labels.labels.length} size labels (line ${labels.line}): the pair is not read`, raw, EXPECTED.sizeRow);
        return;
      }
      const fractions = words.map(Number);
      if (fractions.some((fraction) => !(fraction >= 0 && fraction <= 1))) {
        this.structure(labels.line);
        this.report(lineNumber, 'error', 'A packet size fraction is not between 0 and 1: the pair is not read', raw, EXPECTED.sizeRow);
        return;
      }
      for (let i = 0; i < words.length; i++) this.packetSizes.push({ size: labels.labels[i]!, fraction: fractions[i]! });
      this.structure(labels.line);
      this.structure(lineNumber);
      return;
    }
    this.flushPendingLabels();
    this.report(lineNumber, 'warning', 'Not a row of the packet size distribution', raw, EXPECTED.sizeRow);
  }

  /** Keeps the line in cache.lines; false when it was not interpreted (and a diagnostic says so). */
  private readCacheLine(lineNumber: number, raw: string, line: string): boolean {
    const cache = this.cache!;
    cache.lines.push(raw);
    let match: RegExpExecArray | null;
    if ((match = CACHE_HEADER.exec(line))) {
      cache.cacheBytes = Number(match[1]);
    } else if ((match = SUB_CACHE_HEADER.exec(line))) {
      cache.subFlowCacheBytes = Number(match[1]);
    } else if ((match = CACHE_COUNTS.exec(line))) {
      if (this.inSubFlowCache) {
        cache.subFlowActive = Number(match[1]);
        cache.subFlowInactive = Number(match[2]);
        cache.subFlowAdded = Number(match[3]);
        if (match[4] !== undefined) cache.subFlowAddedToFlow = Number(match[4]);
      } else {
        cache.activeFlows = Number(match[1]);
        cache.inactiveFlows = Number(match[2]);
        cache.addedFlows = Number(match[3]);
      }
    } else if ((match = AGER.exec(line))) {
      cache.agerPolls = Number(match[1]);
      cache.allocFailures = Number(match[2]);
    } else if ((match = ACTIVE_TIMEOUT.exec(line))) {
      cache.activeTimeoutMinutes = Number(match[1]);
    } else if ((match = INACTIVE_TIMEOUT.exec(line))) {
      cache.inactiveTimeoutSeconds = Number(match[1]);
    } else if ((match = LAST_CLEARING.exec(line))) {
      cache.lastClearing = match[1]!;
    } else if (!SUB_ALLOC.test(line) && !CHUNKS.test(line)) {
      this.report(lineNumber, 'info', 'Flow cache line kept verbatim in cache.lines but not interpreted', raw, EXPECTED.cacheLine);
      return false;
    }
    return true;
  }

  private readProtocolRow(lineNumber: number, raw: string, line: string): void {
    const words = splitWords(line);
    const numbers = words.slice(-PROTOCOL_COLUMNS);
    if (words.length <= PROTOCOL_COLUMNS || !numbers.every((word) => DECIMAL.test(word))) {
      this.report(lineNumber, 'error', 'Not a row of the protocol table', raw, EXPECTED.protocolRow);
      return;
    }
    // The name is everything before the numbers, as printed (IOS names have no spaces, but nothing is lost if one does).
    const name = words.slice(0, words.length - PROTOCOL_COLUMNS).join(' ');
    const values = numbers.map(Number);
    const row: ProtocolStatistics = {
      line: lineNumber,
      name,
      totalFlows: values[0]!,
      flowsPerSec: values[1]!,
      packetsPerFlow: values[2]!,
      bytesPerPacket: values[3]!,
      packetsPerSec: values[4]!,
      activeSecPerFlow: values[5]!,
      idleSecPerFlow: values[6]!,
    };
    if (name === 'Total:') this.protocolTotal = row;
    else this.protocols.push(row);
    this.structure(lineNumber);
  }

  /**
   * Reads one flow row straight from the text (no split, no regex): 8 whitespace-separated fields. Returns null when
   * the row was recorded, else what is wrong with the line (the caller decides whether it is a header or an error).
   */
  private readFlowRow(lineNumber: number, lineStart: number, start: number, end: number): string | null {
    const text = this.text;
    const tokens = this.tokens;
    let count = 0;
    let i = start;
    while (i < end && count < 9) {
      tokens[count * 2] = i;
      while (i < end && !isSpace(text.charCodeAt(i))) i++;
      tokens[count * 2 + 1] = i;
      count++;
      while (i < end && isSpace(text.charCodeAt(i))) i++;
    }
    if (count !== 8) return count < 8 ? `Not a flow row: ${count} fields instead of 8` : 'Not a flow row: more than 8 fields';

    const prStart = tokens[8]!, prEnd = tokens[9]!;
    const srcPStart = tokens[10]!, srcPEnd = tokens[11]!;
    const dstPStart = tokens[12]!, dstPEnd = tokens[13]!;
    const pktsStart = tokens[14]!, pktsEnd = tokens[15]!;
    const protocol = prEnd - prStart <= 2 ? parseHex(text, prStart, prEnd) : -1;
    if (protocol < 0) return `Protocol "${text.slice(prStart, prEnd)}" is not a hex byte`;
    const srcPort = srcPEnd - srcPStart <= 4 ? parseHex(text, srcPStart, srcPEnd) : -1;
    if (srcPort < 0) return `Source port "${text.slice(srcPStart, srcPEnd)}" is not 1 to 4 hex digits`;
    const dstPort = dstPEnd - dstPStart <= 4 ? parseHex(text, dstPStart, dstPEnd) : -1;
    if (dstPort < 0) return `Destination port "${text.slice(dstPStart, dstPEnd)}" is not 1 to 4 hex digits`;
    const packets = parseCount(text, pktsStart, pktsEnd);
    if (packets < 0) return `Packet count "${text.slice(pktsStart, pktsEnd)}" is not a number`;

    const srcAddrStart = tokens[2]!, srcAddrEnd = tokens[3]!;
    const dstAddrStart = tokens[6]!, dstAddrEnd = tokens[7]!;
    const srcAddrValue = parseIpv4(text, srcAddrStart, srcAddrEnd);
    const dstAddrValue = parseIpv4(text, dstAddrStart, dstAddrEnd);
    const marks = MARKS[(srcAddrValue === NOT_NUMERIC ? 1 : 0) + (dstAddrValue === NOT_NUMERIC ? 2 : 0)]!;

    this.records.push({
      line: lineNumber,
      srcIf: this.interfaceNames.slice(text, tokens[0]!, tokens[1]!),
      srcAddr: this.addresses.get(text, srcAddrStart, srcAddrEnd, srcAddrValue),
      dstIf: this.interfaceNames.slice(text, tokens[4]!, tokens[5]!),
      dstAddr: this.addresses.get(text, dstAddrStart, dstAddrEnd, dstAddrValue),
      protocol,
      protocolHex: this.protocolHexes.get(text, prStart, prEnd, protocol),
      protocolName: protocolNameOf(protocol),
      srcPort,
      srcPortHex: this.portHexes.get(text, srcPStart, srcPEnd, srcPort),
      srcService: serviceName(srcPort, protocol),
      dstPort,
      dstPortHex: this.portHexes.get(text, dstPStart, dstPEnd, dstPort),
      dstService: serviceName(dstPort, protocol),
      packets,
      bytes: null,
      tos: null,
      flags: null,
      srcMask: null,
      dstMask: null,
      srcAs: null,
      dstAs: null,
      nextHop: null,
      activeSec: null,
      marks,
    });
    if (countMultiplier(text.charCodeAt(pktsEnd - 1)) !== 1) {
      this.reportRounded(lineNumber, text.slice(pktsStart, pktsEnd), packets, text.slice(lineStart, end));
    }
    return null;
  }

  private reportRounded(lineNumber: number, printed: string, value: number, raw: string): void {
    this.report(lineNumber, 'info', `Count "${printed}" was rounded by the router; recorded as ${value}`, raw);
  }
}

/**
 * The printed form of hex fields, one string per value: IOS prints them zero-padded in upper case ("01BD"), so the
 * value alone identifies the text. Anything printed otherwise ("1bd") is sliced as is.
 */
class HexStrings {
  private readonly byValue: (string | undefined)[];

  constructor(private readonly width: number) {
    this.byValue = new Array<string | undefined>(16 ** width);
  }

  get(text: string, start: number, end: number, value: number): string {
    if (end - start !== this.width) return text.slice(start, end);
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
class AddressStrings {
  private readonly values: Float64Array;
  private readonly strings: (string | undefined)[];
  private readonly mask: number;

  constructor(slots: number) {
    this.values = new Float64Array(slots).fill(-1);
    this.strings = new Array<string | undefined>(slots);
    this.mask = slots - 1;
  }

  get(text: string, start: number, end: number, value: number): string {
    if (value < 0) return text.slice(start, end);
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

function protocolNameOf(protocol: number): string | null {
  let name = protocolNames[protocol];
  if (name === undefined) name = protocolNames[protocol] = protocolName(protocol);
  return name;
}
