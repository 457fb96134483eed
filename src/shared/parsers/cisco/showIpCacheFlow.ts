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
import type { Flow, ShowIpCacheFlowResult } from '../../domain';
import { serviceName } from '../../iana';
import { compileCommandPattern, isCommandEcho } from '../commandPattern';
import { detectionHead, detectionScore } from '../detection';
import { LineWalker } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { SliceCache } from '../sliceCache';
import { isIosSpace as isSpace } from '../whitespace';
import { AddressStrings, addressMarks, countMultiplier, HexStrings, NOT_NUMERIC, parseCount, parseHex, parseIpv4, protocolNameOf } from './flowFields';
import { IosFrame } from './iosCommandOutput';
import { IpCacheSummaryReader, roundedCountMessage } from './ipCacheSummary';

export const id = 'ios-ip-cache-flow';
export const version = '1.0.0';
export const commands = ['sh[[ow]] ip cac[[he]] fl[[ow]]'] as const;

const commandPatterns = commands.map(compileCommandPattern);

/** The flow table's column names, in order; any other header is a different table. */
const FLOW_COLUMNS = ['SrcIf', 'SrcIPaddress', 'DstIf', 'DstIPaddress', 'Pr', 'SrcP', 'DstP', 'Pkts'] as const;

const EXPECTED = {
  flowRow: 'a flow row of 8 fields: SrcIf SrcIPaddress DstIf DstIPaddress Pr SrcP DstP Pkts (Pr, SrcP and DstP in hex)',
  flowHeader: `the flow table header: ${FLOW_COLUMNS.join(' ')}`,
  section: 'a section of show ip cache flow: packet size distribution, flow cache statistics, protocol table or flow table',
  completeLine: 'a line ending with a line break',
} as const;

// Where in the output the parser is. The summary sections (packet sizes, cache statistics, protocol table) are read
// by IpCacheSummaryReader, shared with show ip cache verbose flow.
const NONE = 0;
const SUMMARY = 1;
const FLOWS = 2;
/** After a table header we do not know (e.g. `show ip cache verbose flow`): its rows are not ours to read. */
const UNKNOWN_TABLE = 3;

/** Parses the text of `show ip cache flow`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): ShowIpCacheFlowResult {
  const parser = new ShowIpCacheFlowParser(typeof text === 'string' ? text : '');
  return parser.run();
}

/** 0..1: how much the start of the text looks like `show ip cache flow` output. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  // `show ip cache verbose flow` shares the first sections but its flow table is another format.
  if (/SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+TOS\s+Flgs\s+Pkts/.test(head)) return 0.3;
  // The flow table header alone is enough (an analyst may paste just the table); the summary sections add up to it.
  let score = 0;
  if (head.includes('IP packet size distribution')) score += 0.3;
  if (head.includes('IP Flow Switching Cache')) score += 0.2;
  if (/^[ \t]*Protocol[ \t]+Total[ \t]+Flows/m.test(head)) score += 0.1;
  if (/SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+SrcP\s+DstP\s+Pkts/.test(head)) score += 0.6;
  return detectionScore(score);
}

function splitWords(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** One pass over the text; holds the section being read and what has been found so far. */
class ShowIpCacheFlowParser {
  private readonly records: Flow[] = [];
  private readonly log: ParseLog;
  private readonly summary: IpCacheSummaryReader;

  private section = NONE;
  private readonly frame: IosFrame;
  /** Token boundaries of the current flow row: start, end, start, end… (9 tokens: one more than a row has). */
  private readonly tokens = new Int32Array(18);
  // Per parse, so strings of one capture never keep another alive.
  private readonly interfaceNames = new SliceCache(256);
  private readonly addresses = new AddressStrings(16384);
  private readonly protocolHexes = new HexStrings(2);
  private readonly portHexes = new HexStrings(4);

  constructor(private readonly text: string) {
    this.log = new ParseLog(text);
    this.summary = new IpCacheSummaryReader(this.log);
    // No length limits here, unlike IosCommandOutput: this parser has always tried every line as echo and prompt.
    this.frame = new IosFrame(this.log, { isEcho: (line) => isCommandEcho(line, commandPatterns), expectedOutput: EXPECTED.section, maxEchoLength: Infinity, maxPromptLength: Infinity });
  }

  run(): ShowIpCacheFlowResult {
    const lines = new LineWalker(this.text, isSpace);
    while (lines.next()) {
      const { lineNumber, lineStart, contentStart: start, contentEnd: end, terminated } = lines;
      if (start < end) {
        // The hot path: most lines of a big capture are flow rows.
        if (!(this.section === FLOWS && terminated && !this.frame.promptPending && this.readFlowRow(lineNumber, lineStart, start, end) === null)) {
          this.readLine(lineNumber, lineStart, start, end, terminated);
        }
      }
    }
    this.finish();
    const sections = this.summary.sections();
    return this.log.result(id, version, this.records, sections);
  }

  private finish(): void {
    this.summary.finish();
    this.frame.finish();
  }

  /** Any line that is not a well-formed flow row inside the flow table. */
  private readLine(lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean): void {
    const raw = this.text.slice(lineStart, end);
    const line = this.text.slice(start, end);

    if (this.frame.read(lineNumber, raw, line, terminated)) return;
    if (!terminated) {
      this.log.report(lineNumber, 'error', 'The output ends inside this line (no line break after it): the connection may have dropped, so the line is not trusted', raw, EXPECTED.completeLine);
      return;
    }

    if (this.startsSection(lineNumber, raw, line)) {
      this.log.structure(lineNumber);
      return;
    }

    switch (this.section) {
      case SUMMARY:
        this.summary.readLine(lineNumber, raw, line);
        return;
      case FLOWS: {
        const problem = this.readFlowRow(lineNumber, lineStart, start, end);
        if (problem !== null) this.log.report(lineNumber, 'error', problem, raw, EXPECTED.flowRow);
        return;
      }
      case UNKNOWN_TABLE:
        this.log.report(lineNumber, 'warning', 'Row of a table this parser does not read', raw, EXPECTED.flowHeader);
        return;
      default:
        this.log.report(lineNumber, 'warning', 'Not part of any section of show ip cache flow', raw, EXPECTED.section);
    }
  }

  /** Recognises section headers wherever they appear; true when the line was one. */
  private startsSection(lineNumber: number, raw: string, line: string): boolean {
    const text = line;
    if (this.summary.startsSection(lineNumber, raw, line)) {
      this.section = SUMMARY;
      return true;
    }
    if (text.startsWith('SrcIf')) {
      this.summary.leave();
      const words = splitWords(text);
      const known = words.length === FLOW_COLUMNS.length && words.every((word, i) => word === FLOW_COLUMNS[i]);
      // IOS prints the flow table header once per table (ingress, egress): a repeat is normal.
      if (known) {
        this.section = FLOWS;
      } else {
        this.section = UNKNOWN_TABLE;
        this.log.report(lineNumber, 'error', 'Table header with other columns than show ip cache flow prints: its rows are not read', raw, EXPECTED.flowHeader);
      }
      return true;
    }
    return false;
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
    const marks = addressMarks(srcAddrValue === NOT_NUMERIC, dstAddrValue === NOT_NUMERIC);

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
    this.log.report(lineNumber, 'info', roundedCountMessage(printed, value), raw);
  }
}
