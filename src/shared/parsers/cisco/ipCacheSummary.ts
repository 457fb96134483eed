// Reads the summary sections that `show ip cache flow` and `show ip cache verbose flow` print above their flow tables:
// the packet size distribution, the flow cache statistics and the protocol table.
//
// The host parser owns the text and the flow table; it offers every line to startsSection() and, while reading() is
// true, every other line to readLine(). Sections are found by their header lines, rows by token counts and column
// meaning, so IOS's column-aligned output and copies with whitespace collapsed read the same.
import type { FlowCacheStatistics, PacketSizeBucket, ProtocolStatistics, ShowIpCacheFlowSections } from '../../domain';
import { countMultiplier, parseCount } from './flowFields';
import type { ParseLog } from '../parseLog';

const PROTOCOL_COLUMNS = 7;

const EXPECTED = {
  protocolRow: `a protocol row: a name and ${PROTOCOL_COLUMNS} numbers (Total Flows, Flows/Sec, Packets/Flow, Bytes/Pkt, Packets/Sec, Active(Sec)/Flow, Idle(Sec)/Flow)`,
  sizeRow: 'a row of packet size labels (1-32 64 96 …) or, below it, the row of their fractions (.000 .190 …)',
  sizeHeader: 'IP packet size distribution (<count> total packets):',
  cacheLine: 'a flow cache statistics line',
} as const;

// Sections, in the order IOS prints them.
const NONE = 0;
const PACKET_SIZES = 1;
const CACHE_STATISTICS = 2;
const PROTOCOL_HEADER = 3;
const PROTOCOLS = 4;

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

/** The info diagnostic's message for a counter IOS shortened with K, M or G. */
export function roundedCountMessage(printed: string, value: number): string {
  return `Count "${printed}" was rounded by the router; recorded as ${value}`;
}

/** The summary sections of one capture, read line by line as the host parser offers them. */
export class IpCacheSummaryReader {
  private totalPackets: number | null = null;
  private packetSizes: PacketSizeBucket[] = [];
  private cache: FlowCacheStatistics | null = null;
  private protocols: ProtocolStatistics[] = [];
  private protocolTotal: ProtocolStatistics | null = null;

  private section = NONE;
  /** Inside "IP Sub Flow Cache": its counters go to the subFlow* fields. */
  private inSubFlowCache = false;
  /** A packet size label row waiting for its fraction row. */
  private pendingLabels: { line: number; text: string; labels: string[] } | null = null;
  private readonly seenSections = new Set<number>();

  constructor(private readonly sink: ParseLog) {}

  /** True while a summary section is being read: the host passes its lines to readLine(). */
  get reading(): boolean {
    return this.section !== NONE;
  }

  sections(): ShowIpCacheFlowSections {
    return {
      totalPackets: this.totalPackets,
      packetSizes: this.packetSizes,
      cache: this.cache,
      protocols: this.protocols,
      protocolTotal: this.protocolTotal,
    };
  }

  /**
   * Recognises a summary section's header line wherever it appears and starts that section; true when the line was
   * one (the host records it as structure).
   */
  startsSection(lineNumber: number, raw: string, line: string): boolean {
    const text = line;
    if (text.startsWith('IP packet size distribution')) {
      this.enterSection(PACKET_SIZES, lineNumber, raw);
      const printed = SIZE_HEADER.exec(text)?.[1];
      const total = printed === undefined ? -1 : parseCount(printed, 0, printed.length);
      this.totalPackets = total < 0 ? null : total;
      this.packetSizes = [];
      if (total < 0) this.sink.report(lineNumber, 'warning', 'Could not read the total packet count', raw, EXPECTED.sizeHeader);
      else if (countMultiplier(printed!.charCodeAt(printed!.length - 1)) !== 1) this.sink.report(lineNumber, 'info', roundedCountMessage(printed!, total), raw);
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
    return false;
  }

  /** A line inside the current section (reading() is true). */
  readLine(lineNumber: number, raw: string, line: string): void {
    switch (this.section) {
      case PACKET_SIZES:
        this.readPacketSizeRow(lineNumber, raw, line);
        return;
      case CACHE_STATISTICS:
        if (this.readCacheLine(lineNumber, raw, line)) this.sink.structure(lineNumber);
        return;
      case PROTOCOL_HEADER:
        this.section = PROTOCOLS;
        // The header's second line: "--------         Flows     /Sec     /Flow …".
        if (line.startsWith('--')) return this.sink.structure(lineNumber);
        this.readProtocolRow(lineNumber, raw, line);
        return;
      case PROTOCOLS:
        this.readProtocolRow(lineNumber, raw, line);
        return;
    }
  }

  /** The host's flow table starts: the current section ends (labels still waiting for fractions are reported). */
  leave(): void {
    this.flushPendingLabels();
    this.section = NONE;
  }

  /** The text ended. */
  finish(): void {
    this.flushPendingLabels();
  }

  private flushPendingLabels(): void {
    if (this.pendingLabels === null) return;
    const { line, text } = this.pendingLabels;
    this.pendingLabels = null;
    this.sink.report(line, 'error', 'Packet size labels without the row of fractions below them', text, EXPECTED.sizeRow);
  }

  /** Starts a section; a second copy of one means the text holds more than one capture. */
  private enterSection(section: number, lineNumber: number, raw: string): void {
    this.flushPendingLabels();
    if (this.seenSections.has(section)) {
      this.sink.report(lineNumber, 'warning', 'This section appears a second time: the text holds more than one capture; the later section replaces the earlier one', raw);
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
        this.sink.report(lineNumber, 'error', 'Packet size fractions without a row of size labels above them', raw, EXPECTED.sizeRow);
        return;
      }
      if (labels.labels.length !== words.length) {
        this.sink.report(labels.line, 'error', `${labels.labels.length} size labels over ${words.length} fractions (line ${lineNumber}): the pair is not read`, labels.text, EXPECTED.sizeRow);
        this.sink.report(lineNumber, 'error', `${words.length} fractions under ${labels.labels.length} size labels (line ${labels.line}): the pair is not read`, raw, EXPECTED.sizeRow);
        return;
      }
      const fractions = words.map(Number);
      if (fractions.some((fraction) => !(fraction >= 0 && fraction <= 1))) {
        this.sink.structure(labels.line);
        this.sink.report(lineNumber, 'error', 'A packet size fraction is not between 0 and 1: the pair is not read', raw, EXPECTED.sizeRow);
        return;
      }
      for (let i = 0; i < words.length; i++) this.packetSizes.push({ size: labels.labels[i]!, fraction: fractions[i]! });
      this.sink.structure(labels.line);
      this.sink.structure(lineNumber);
      return;
    }
    this.flushPendingLabels();
    this.sink.report(lineNumber, 'warning', 'Not a row of the packet size distribution', raw, EXPECTED.sizeRow);
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
      this.sink.report(lineNumber, 'info', 'Flow cache line kept verbatim in cache.lines but not interpreted', raw, EXPECTED.cacheLine);
      return false;
    }
    return true;
  }

  private readProtocolRow(lineNumber: number, raw: string, line: string): void {
    const words = splitWords(line);
    const numbers = words.slice(-PROTOCOL_COLUMNS);
    if (words.length <= PROTOCOL_COLUMNS || !numbers.every((word) => DECIMAL.test(word))) {
      this.sink.report(lineNumber, 'error', 'Not a row of the protocol table', raw, EXPECTED.protocolRow);
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
    this.sink.structure(lineNumber);
  }
}
