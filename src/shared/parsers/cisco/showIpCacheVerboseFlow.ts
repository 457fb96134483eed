// Parses Cisco IOS `show ip cache verbose flow`: the summary sections of show ip cache flow, then flows of two lines
// (sometimes more) under a two-line header.
//
//   SrcIf          SrcIPaddress    DstIf          DstIPaddress    Pr TOS Flgs  Pkts
//   Port Msk AS                    Port Msk AS    NextHop              B/Pk  Active
//   Et0/0.1        10.251.138.218  Et1/0.1        172.16.10.2     06 80  00      65
//   0015 /0  0                     0015 /0  0     0.0.0.0               40   281.4
//   MAC: (VLAN id) aaaa.bbbb.cc03  (005)          aaaa.bbbb.cc06  (006)          <- optional detail lines
//
// Rules the fixtures hold it to (with those of iosCommandOutput.ts and ipCacheSummary.ts):
// - A flow is its first line (interfaces, addresses, Pr/TOS/Flgs in hex, Pkts) and the second line right after it
//   (ports in hex, /masks, AS numbers, next hop, B/Pk, Active seconds). Rows are read by token count and field
//   meaning, so column-aligned output and whitespace-collapsed copies read the same.
// - The record's `line` is its first line; the second line and any detail lines (MAC/VLAN, packet lengths, TTL, ICMP
//   type, IP id, fragment offset, MPLS labels, multicast) are structural lines, and the detail lines are kept
//   verbatim in `details`. A detail line is any "Label: …" line right after a flow.
// - IOS prints bytes per packet, not bytes: `bytes` is packets × B/Pk. B/Pk is the integer mean, so the true count is
//   within [bytes, bytes + packets); `bytesPerPacket` keeps the printed value.
// - A first line without its second line (lost, garbled, or cut off at the end) is a diagnostic, never a record.
// - Records are read-only: repeated strings are shared between rows and `marks`/`details` may be frozen constants.
import type { Flow, ParseResult, ShowIpCacheFlowSections } from '../../domain';
import { serviceName } from '../../iana';
import { compileCommandPattern, isCommandEcho } from '../commandPattern';
import { SliceCache } from '../sliceCache';
import { detectionHead, detectionScore } from '../detection';
import { AddressStrings, addressMarks, countMultiplier, HexStrings, NOT_NUMERIC, parseCount, parseDecimal, parseHex, parseIpv4, protocolNameOf, scanTokens } from './flowFields';
import { IosCommandOutput } from './iosCommandOutput';
import { IpCacheSummaryReader, roundedCountMessage } from './ipCacheSummary';

export const id = 'ios-ip-cache-verbose-flow';
export const version = '1.0.0';
export const commands = ['sh[[ow]] ip cac[[he]] ve[[rbose]] fl[[ow]]'] as const;

/** A flow of `show ip cache verbose flow`: a Flow (bytes, tos, flags, masks, AS, next hop and active time filled in) plus what only this table prints. */
export interface VerboseFlow extends Flow {
  /** B/Pk as printed: the flow's mean packet size, an integer. `bytes` is packets × bytesPerPacket. */
  bytesPerPacket: number;
  /** Lines IOS printed under the flow (MAC/VLAN, Min/Max plen, TTL, ICMP type, IP id, labels), verbatim, trimmed. */
  details: readonly string[];
}

export type ShowIpCacheVerboseFlowResult = ParseResult<VerboseFlow, ShowIpCacheFlowSections>;

const commandPatterns = commands.map(compileCommandPattern);

const FIRST_HEADER = ['SrcIf', 'SrcIPaddress', 'DstIf', 'DstIPaddress', 'Pr', 'TOS', 'Flgs', 'Pkts'] as const;
const SECOND_HEADER = ['Port', 'Msk', 'AS', 'Port', 'Msk', 'AS', 'NextHop', 'B/Pk', 'Active'] as const;
const PLAIN_HEADER = /^SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+SrcP\s+DstP\s+Pkts$/;

const EXPECTED = {
  firstLine: "a flow's first line of 8 fields: SrcIf SrcIPaddress DstIf DstIPaddress Pr TOS Flgs Pkts (Pr, TOS and Flgs in hex)",
  secondLine: "a flow's second line of 9 fields: SrcPort /SrcMsk SrcAS DstPort /DstMsk DstAS NextHop B/Pk Active (ports in hex)",
  header: `the verbose flow table header: ${FIRST_HEADER.join(' ')} / ${SECOND_HEADER.join(' ')}`,
  section: 'a section of show ip cache verbose flow: packet size distribution, flow cache statistics, protocol table or verbose flow table',
} as const;

// Where in the output the parser is.
const NONE = 0;
const SUMMARY = 1;
/** After the header's first line: its second line comes next. */
const HEADER = 2;
const FLOWS = 3;
/** After a table header we do not know (e.g. show ip cache flow's): its rows are not ours to read. */
const UNKNOWN_TABLE = 4;

/** "MAC: (VLAN id) …", "Min plen: …", "ICMP: Type 0 Code 0", "Pos:Lbl-Exp-S …", "IPM: …": a label, then a colon. */
const DETAIL_LINE = /^[A-Za-z][A-Za-z0-9 ()/_-]{0,30}:/;
const MAX_DETAIL_LENGTH = 200;
const ACTIVE_SECONDS = /^\d{1,10}(?:\.\d{1,6})?$/;
const NO_DETAILS: readonly string[] = Object.freeze([]);

/** Parses the text of `show ip cache verbose flow`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): ShowIpCacheVerboseFlowResult {
  return new ShowIpCacheVerboseFlowParser(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like `show ip cache verbose flow` output. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  let score = 0;
  if (/SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+TOS\s+Flgs\s+Pkts/.test(head)) score += 0.6;
  if (/Port\s+Msk\s+AS\s+Port\s+Msk\s+AS\s+NextHop\s+B\/Pk\s+Active/.test(head)) score += 0.3;
  if (score > 0 && (head.includes('IP packet size distribution') || head.includes('IP Flow Switching Cache'))) score += 0.1;
  return detectionScore(score);
}

function splitWords(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

function sameWords(words: readonly string[], expected: readonly string[]): boolean {
  return words.length === expected.length && words.every((word, i) => word === expected[i]);
}

/** The first line of a flow, read and waiting for its second line. */
interface FirstLine {
  line: number;
  /** Verbatim text, for the diagnostic if the second line never comes. */
  text: string;
  srcIf: string;
  srcAddr: string;
  dstIf: string;
  dstAddr: string;
  srcNotNumeric: boolean;
  dstNotNumeric: boolean;
  protocol: number;
  protocolHex: string;
  tos: number;
  flags: number;
  packets: number;
  /** The packet count as printed when IOS rounded it (45K), else null. */
  roundedPackets: string | null;
}

class ShowIpCacheVerboseFlowParser extends IosCommandOutput {
  private readonly records: VerboseFlow[] = [];
  private readonly summary = new IpCacheSummaryReader(this.log);
  private section = NONE;
  private pending: FirstLine | null = null;
  /** The last flow recorded, while detail lines may still follow it. */
  private lastFlow: VerboseFlow | null = null;
  /** Token boundaries: start, end pairs; 10 tokens, one more than a second line has. */
  private readonly tokens = new Int32Array(20);
  // Per parse, so strings of one capture never keep another alive.
  private readonly interfaceNames = new SliceCache(256);
  private readonly addresses = new AddressStrings(16384);
  private readonly protocolHexes = new HexStrings(2);
  private readonly portHexes = new HexStrings(4);

  constructor(text: string) {
    super(text, (line) => isCommandEcho(line, commandPatterns), EXPECTED.section);
  }

  run(): ShowIpCacheVerboseFlowResult {
    this.scan();
    return this.log.result(id, version, this.records, this.summary.sections());
  }

  protected override finishOutput(): void {
    this.summary.finish();
    this.dropPending('The output ends after the first line of this flow: its second line is missing, so it is not recorded');
  }

  protected override readLine(lineNumber: number, lineStart: number, start: number, end: number): void {
    // The hot path: most lines of a big capture are the two lines of a flow.
    if (this.section === FLOWS) {
      if (this.pending !== null) {
        const problem = this.readSecondLine(lineNumber, start, end);
        if (problem === null) return;
        this.dropPending(`The next line is not this flow's second line (${problem}): the flow is not recorded`);
        // The second line may have been lost: this line can be the next flow's first line.
        if (this.readFirstLine(lineNumber, lineStart, start, end) === null) return;
        this.readOtherLine(lineNumber, lineStart, start, end, `Not a flow's second line: ${problem}`, EXPECTED.secondLine);
        return;
      }
      const problem = this.readFirstLine(lineNumber, lineStart, start, end);
      if (problem === null) return;
      this.readOtherLine(lineNumber, lineStart, start, end, this.looksLikeSecondLine(start, end) ? "A flow's second line without its first line (lost or unreadable): not recorded" : problem, EXPECTED.firstLine);
      return;
    }
    this.readOtherLine(lineNumber, lineStart, start, end, null, EXPECTED.firstLine);
  }

  /** Any line that is not a flow line inside the flow table; `problem` says why it was not one, if it was tried. */
  private readOtherLine(lineNumber: number, lineStart: number, start: number, end: number, problem: string | null, expected: string): void {
    const text = this.text;
    const raw = text.slice(lineStart, end);
    const line = text.slice(start, end);

    if (this.summary.startsSection(lineNumber, raw, line)) {
      this.leaveFlows();
      this.section = SUMMARY;
      this.log.structure(lineNumber);
      return;
    }
    if (line.startsWith('SrcIf')) {
      this.leaveFlows();
      this.summary.leave();
      if (sameWords(splitWords(line), FIRST_HEADER)) {
        // IOS prints the header once per table (ingress, egress): a repeat is normal.
        this.section = HEADER;
        this.log.structure(lineNumber);
      } else {
        this.section = UNKNOWN_TABLE;
        const plain = PLAIN_HEADER.test(line) ? ' (this is the table of show ip cache flow, without verbose)' : '';
        this.log.report(lineNumber, 'error', `Table header with other columns than show ip cache verbose flow prints${plain}: its rows are not read`, raw, EXPECTED.header);
      }
      return;
    }
    if (line.startsWith('Port') && sameWords(splitWords(line), SECOND_HEADER)) {
      // The header's second line; also accepted alone, as when the first line was lost.
      this.leaveFlows();
      this.summary.leave();
      this.section = FLOWS;
      this.log.structure(lineNumber);
      return;
    }

    switch (this.section) {
      case SUMMARY:
        this.summary.readLine(lineNumber, raw, line);
        return;
      case HEADER:
        this.log.report(lineNumber, 'warning', "The flow table header's second line is missing", raw, EXPECTED.header);
        this.section = FLOWS;
        this.readLine(lineNumber, lineStart, start, end);
        return;
      case FLOWS:
        if (this.readDetailLine(lineNumber, line)) return;
        this.log.report(lineNumber, 'error', problem ?? 'Not a flow line', raw, expected);
        return;
      case UNKNOWN_TABLE:
        this.log.report(lineNumber, 'warning', 'Row of a table this parser does not read', raw, EXPECTED.header);
        return;
      default:
        this.log.report(lineNumber, 'warning', 'Not part of any section of show ip cache verbose flow', raw, EXPECTED.section);
    }
  }

  /** Nine words with a "/mask" second: the shape of a flow's second line. */
  private looksLikeSecondLine(start: number, end: number): boolean {
    return scanTokens(this.text, start, end, this.tokens, 9) === 9 && this.text.charCodeAt(this.tokens[2]!) === 47;
  }

  /** The flow table ends (a section or another table starts): a flow waiting for its second line is reported. */
  private leaveFlows(): void {
    this.dropPending('The flow table ends after the first line of this flow: its second line is missing, so it is not recorded');
    this.lastFlow = null;
  }

  private dropPending(message: string): void {
    if (this.pending === null) return;
    const { line, text } = this.pending;
    this.pending = null;
    this.log.report(line, 'error', message, text, EXPECTED.secondLine);
  }

  /** A "Label: …" line right after a flow: kept in its details. */
  private readDetailLine(lineNumber: number, line: string): boolean {
    const flow = this.lastFlow;
    if (flow === null || line.length > MAX_DETAIL_LENGTH || !DETAIL_LINE.test(line)) return false;
    if (flow.details === NO_DETAILS) flow.details = [line];
    else (flow.details as string[]).push(line);
    this.log.structure(lineNumber);
    return true;
  }

  /** Reads a flow's first line into `pending`; null when it was one, else what is wrong with it. */
  private readFirstLine(lineNumber: number, lineStart: number, start: number, end: number): string | null {
    const text = this.text;
    const tokens = this.tokens;
    const count = scanTokens(text, start, end, tokens, 8);
    if (count !== 8) return count < 8 ? `Not a flow line: ${count} fields instead of 8` : 'Not a flow line: more than 8 fields';
    const prStart = tokens[8]!, prEnd = tokens[9]!;
    const tosStart = tokens[10]!, tosEnd = tokens[11]!;
    const flagsStart = tokens[12]!, flagsEnd = tokens[13]!;
    const pktsStart = tokens[14]!, pktsEnd = tokens[15]!;
    const protocol = prEnd - prStart <= 2 ? parseHex(text, prStart, prEnd) : -1;
    if (protocol < 0) return `Protocol "${text.slice(prStart, prEnd)}" is not a hex byte`;
    const tos = tosEnd - tosStart <= 2 ? parseHex(text, tosStart, tosEnd) : -1;
    if (tos < 0) return `TOS "${text.slice(tosStart, tosEnd)}" is not a hex byte`;
    const flags = flagsEnd - flagsStart <= 2 ? parseHex(text, flagsStart, flagsEnd) : -1;
    if (flags < 0) return `TCP flags "${text.slice(flagsStart, flagsEnd)}" are not a hex byte`;
    const packets = parseCount(text, pktsStart, pktsEnd);
    if (packets < 0) return `Packet count "${text.slice(pktsStart, pktsEnd)}" is not a number`;

    const srcAddrStart = tokens[2]!, srcAddrEnd = tokens[3]!;
    const dstAddrStart = tokens[6]!, dstAddrEnd = tokens[7]!;
    const srcValue = parseIpv4(text, srcAddrStart, srcAddrEnd);
    const dstValue = parseIpv4(text, dstAddrStart, dstAddrEnd);
    this.lastFlow = null;
    this.pending = {
      line: lineNumber,
      text: text.slice(lineStart, end),
      srcIf: this.interfaceNames.slice(text, tokens[0]!, tokens[1]!),
      srcAddr: this.addresses.get(text, srcAddrStart, srcAddrEnd, srcValue),
      dstIf: this.interfaceNames.slice(text, tokens[4]!, tokens[5]!),
      dstAddr: this.addresses.get(text, dstAddrStart, dstAddrEnd, dstValue),
      srcNotNumeric: srcValue === NOT_NUMERIC,
      dstNotNumeric: dstValue === NOT_NUMERIC,
      protocol,
      protocolHex: this.protocolHexes.get(text, prStart, prEnd, protocol),
      tos,
      flags,
      packets,
      roundedPackets: countMultiplier(text.charCodeAt(pktsEnd - 1)) === 1 ? null : text.slice(pktsStart, pktsEnd),
    };
    return null;
  }

  /** Reads the second line of the pending flow and records the flow; null when it was one, else what is wrong. */
  private readSecondLine(lineNumber: number, start: number, end: number): string | null {
    const text = this.text;
    const tokens = this.tokens;
    const count = scanTokens(text, start, end, tokens, 9);
    if (count !== 9) return count < 9 ? `${count} fields instead of 9` : 'more than 9 fields';
    const srcPortStart = tokens[0]!, srcPortEnd = tokens[1]!;
    const dstPortStart = tokens[6]!, dstPortEnd = tokens[7]!;
    const srcPort = srcPortEnd - srcPortStart <= 4 ? parseHex(text, srcPortStart, srcPortEnd) : -1;
    if (srcPort < 0) return `source port "${text.slice(srcPortStart, srcPortEnd)}" is not 1 to 4 hex digits`;
    const dstPort = dstPortEnd - dstPortStart <= 4 ? parseHex(text, dstPortStart, dstPortEnd) : -1;
    if (dstPort < 0) return `destination port "${text.slice(dstPortStart, dstPortEnd)}" is not 1 to 4 hex digits`;
    const srcMask = parseMask(text, tokens[2]!, tokens[3]!);
    if (srcMask < 0) return `source mask "${text.slice(tokens[2]!, tokens[3]!)}" is not /0 to /32`;
    const dstMask = parseMask(text, tokens[8]!, tokens[9]!);
    if (dstMask < 0) return `destination mask "${text.slice(tokens[8]!, tokens[9]!)}" is not /0 to /32`;
    const srcAs = parseAs(text, tokens[4]!, tokens[5]!);
    if (srcAs < 0) return `source AS "${text.slice(tokens[4]!, tokens[5]!)}" is not an AS number`;
    const dstAs = parseAs(text, tokens[10]!, tokens[11]!);
    if (dstAs < 0) return `destination AS "${text.slice(tokens[10]!, tokens[11]!)}" is not an AS number`;
    const bytesPerPacket = parseDecimal(text, tokens[14]!, tokens[15]!);
    if (bytesPerPacket < 0) return `B/Pk "${text.slice(tokens[14]!, tokens[15]!)}" is not a number`;
    const activeText = text.slice(tokens[16]!, tokens[17]!);
    if (!ACTIVE_SECONDS.test(activeText)) return `Active "${activeText}" is not a number of seconds`;
    const nextHopStart = tokens[12]!, nextHopEnd = tokens[13]!;

    const first = this.pending!;
    this.pending = null;
    const { protocol, packets } = first;
    const flow: VerboseFlow = {
      line: first.line,
      srcIf: first.srcIf,
      srcAddr: first.srcAddr,
      dstIf: first.dstIf,
      dstAddr: first.dstAddr,
      protocol,
      protocolHex: first.protocolHex,
      protocolName: protocolNameOf(protocol),
      srcPort,
      srcPortHex: this.portHexes.get(text, srcPortStart, srcPortEnd, srcPort),
      srcService: serviceName(srcPort, protocol),
      dstPort,
      dstPortHex: this.portHexes.get(text, dstPortStart, dstPortEnd, dstPort),
      dstService: serviceName(dstPort, protocol),
      packets,
      bytes: packets * bytesPerPacket,
      tos: first.tos,
      flags: first.flags,
      srcMask,
      dstMask,
      srcAs,
      dstAs,
      nextHop: this.addresses.get(text, nextHopStart, nextHopEnd, parseIpv4(text, nextHopStart, nextHopEnd)),
      activeSec: Number(activeText),
      marks: addressMarks(first.srcNotNumeric, first.dstNotNumeric),
      bytesPerPacket,
      details: NO_DETAILS,
    };
    this.records.push(flow);
    this.lastFlow = flow;
    this.log.structure(lineNumber);
    if (first.roundedPackets !== null) this.log.report(first.line, 'info', roundedCountMessage(first.roundedPackets, packets), first.text);
    return null;
  }
}

/** "/24" → 24; -1 for anything else ("24", "/33", "/"). */
function parseMask(text: string, start: number, end: number): number {
  if (end - start < 2 || end - start > 3 || text.charCodeAt(start) !== 47) return -1;
  const mask = parseDecimal(text, start + 1, end);
  return mask <= 32 ? mask : -1;
}

/** An AS number in plain notation, 0 to 4294967295; -1 for anything else. */
function parseAs(text: string, start: number, end: number): number {
  if (end - start > 10) return -1;
  const as = parseDecimal(text, start, end);
  return as <= 4294967295 ? as : -1;
}
