// Parses Sysinternals PsKill (`pskill [-t] [\\HOST] <pid | name>`): what happened to each process it was asked to stop.
//
// Rules the fixtures hold it to:
// - "Process 3968 on 10.xx.50.81 killed." (the seed prints "killed…." with a Unicode ellipsis), "Process 1234
//   killed." and "7 processes descended from and including 10480 killed." (-t) are kills; the PID (or the name, when
//   PsKill was given one) is taken as printed, never inferred.
// - A failure is a header ending in ":" ("Unable to kill process 1234:") followed by Windows' own sentence on the
//   next line ("Access is denied."); both lines make one record (line..endLine) whose outcome comes from the
//   sentence, and the reason's line is also listed as structural so it is accounted for by number. Only a line shaped
//   like Windows' messages is taken as the reason; anything else under a header (markup, noise) is reported.
//   "The parameter is incorrect." is what Windows answers for a PID that does not exist: not-found.
// - Banner, echoed command and prompt are structural lines; anything else is a diagnostic.
// - A last line with no line break after it is trusted only if its sentence is complete (ends in "." or ":"): a
//   capture cut inside "Process 39" must not name PID 39.
import type { KillOutcome, ParseResult } from '../../domain';
import { detectionHead, detectionScore } from '../detection';
import { forEachLine, type TextLine } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { isConsoleSpace } from '../whitespace';
import { collapseSpaces, MAX_SENTENCE_LENGTH } from './consoleLines';
import { isBannerLine, isBarePrompt, isCommandEcho, readToolLine } from './psToolsBanner';
import { classifySentence, isReason } from './windowsErrorSentences';

export const id = 'pskill';
export const version = '1.0.0';
export const commands = ['pskill', 'pskill -t'] as const;

/** One outcome; `endLine` is the last line of its message (the Windows sentence under a failure header). */
export type PsKillOutcome = KillOutcome & {
  endLine: number;
  /** -t: how many processes PsKill says it killed (the tree from `pid` down); null where not printed. */
  killedCount: number | null;
};

export interface PsKillSections {
  tool: string | null;
  toolVersion: string | null;
}

export type PsKillResult = ParseResult<PsKillOutcome, PsKillSections>;

const EXPECTED = {
  line: 'a PsKill line: banner, "Process <pid> [on <host>] killed.", "Unable to kill process <pid>:" with the reason below it',
  completeLine: 'a complete sentence (ending in "." or ":") or a line break after the line',
} as const;

const KILLED = /^Process (.+) killed(?:\u2026|\.\.\.)?\.?$/;
const TREE_KILLED = /^(\d{1,9}) process(?:es)? descended from and including (.+) killed(?:\u2026|\.\.\.)?\.?$/;
const UNABLE = /^Unable to kill process (.+?):(?:\s+(\S.*))?$/;
const NOT_FOUND = /^Process (.+?) (?:not found|does not exist|was not found)(?: on (\S+))?\.?$/i;
const NO_SUCH_PROCESS = /^Process does not exist\.?$/i;
const NO_ACCESS = /^(?:Couldn't|Could not|Unable to) (?:access|connect to) (.+?):(?:\s+(\S.*))?$/;

/** Parses PsKill output. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): PsKillResult {
  return new PsKillParser(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like PsKill output. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  let score = 0;
  if (/^[ \t]*ps ?kill(?:64)? v?\d+(?:\.\d+)* +- /im.test(head)) score += 0.6;
  if (/^[ \t]*Process \S.* killed/m.test(head)) score += 0.4;
  if (/^[ \t]*\d+ process(?:es)? descended from and including /m.test(head)) score += 0.5;
  if (/^[ \t]*Unable to kill process /m.test(head)) score += 0.5;
  return detectionScore(score);
}

/** What PsKill names a process by: a PID when the text is digits only, else the name as given. */
function subjectOf(printed: string): { pid: number | null; name: string | null; host: string | null } {
  let subject = printed.trim();
  let host: string | null = null;
  const on = subject.lastIndexOf(' on ');
  if (on > 0 && !/\s/.test(subject.slice(on + 4)) && subject.length > on + 4) {
    host = subject.slice(on + 4);
    subject = subject.slice(0, on);
  }
  if (/^\d{1,10}$/.test(subject)) return { pid: Number(subject), name: null, host };
  return { pid: null, name: subject, host };
}

/** A failure header waiting for the reason on the next line. */
interface PendingFailure {
  line: number;
  header: string;
  pid: number | null;
  name: string | null;
  host: string | null;
  /** 'kill': "Unable to kill process …:"; 'access': the host itself could not be reached. */
  step: 'kill' | 'access';
}

class PsKillParser {
  private readonly records: PsKillOutcome[] = [];
  private readonly log: ParseLog;
  private readonly sections: PsKillSections = { tool: null, toolVersion: null };
  private pending: PendingFailure | null = null;

  constructor(private readonly text: string) {
    this.log = new ParseLog(text);
  }

  run(): PsKillResult {
    forEachLine(this.text, isConsoleSpace, (line) => this.readLine(line));
    this.flushPending();
    return this.log.result(id, version, this.records, this.sections);
  }

  private readLine(line: TextLine): void {
    if (line.end - line.start > MAX_SENTENCE_LENGTH) {
      this.flushPending();
      this.log.reportLine(line, 'warning', 'Not a PsKill line (far too long for one)', EXPECTED.line);
      return;
    }
    const text = collapseSpaces(this.text.slice(line.start, line.end));
    if (!line.terminated && !/[.:\u2026]$/.test(text)) {
      this.flushPending();
      this.log.reportLine(line, 'error', 'The output ends inside this line (no line break after it, no end of sentence): the capture may have been cut, so the line is not trusted', EXPECTED.completeLine);
      return;
    }
    if (this.readStructure(line, text)) return;
    if (this.readOutcome(line, text)) return;
    if (this.pending !== null && isReason(text)) {
      // The reason under a failure header, in Windows' words: part of the header's record (line..endLine).
      this.recordFailure(this.pending, line.number, text);
      this.pending = null;
      this.log.structure(line.number);
      return;
    }
    this.flushPending();
    const kind = classifySentence(text);
    if (kind !== null || /^the parameter is incorrect\.?$/i.test(text)) {
      // Windows' sentence without the header above it: still the answer the analyst must see.
      this.pushRecord(line.number, line.number, outcomeOf(text, 'kill'), null, null, null, text, null);
      return;
    }
    this.log.reportLine(line, 'warning', 'Not a PsKill line', EXPECTED.line);
  }

  private readStructure(line: TextLine, text: string): boolean {
    const banner = readToolLine(text, 'pskill');
    const structural = banner !== null || isBannerLine(text) || isCommandEcho(text, ['pskill']) || isBarePrompt(text);
    if (!structural) return false;
    this.flushPending();
    if (banner !== null) {
      this.sections.tool ??= banner.tool;
      this.sections.toolVersion ??= banner.version;
    }
    this.log.structure(line.number);
    return true;
  }

  /** Kill and failure sentences; true when the line was one. */
  private readOutcome(line: TextLine, text: string): boolean {
    let match: RegExpExecArray | null;
    if ((match = TREE_KILLED.exec(text)) !== null) {
      this.flushPending();
      const subject = subjectOf(match[2]!);
      this.pushRecord(line.number, line.number, 'killed', subject.pid, subject.name, subject.host, text, Number(match[1]));
      return true;
    }
    if ((match = KILLED.exec(text)) !== null) {
      this.flushPending();
      const subject = subjectOf(match[1]!);
      this.pushRecord(line.number, line.number, 'killed', subject.pid, subject.name, subject.host, text, null);
      return true;
    }
    if (NO_SUCH_PROCESS.test(text)) {
      this.flushPending();
      this.pushRecord(line.number, line.number, 'not-found', null, null, null, text, null);
      return true;
    }
    if ((match = NOT_FOUND.exec(text)) !== null) {
      this.flushPending();
      const subject = subjectOf(match[1]!);
      this.pushRecord(line.number, line.number, 'not-found', subject.pid, subject.name, match[2] ?? subject.host, text, null);
      return true;
    }
    const unable = UNABLE.exec(text);
    const noAccess = unable === null ? NO_ACCESS.exec(text) : null;
    if (unable !== null || noAccess !== null) {
      this.flushPending();
      const step = unable !== null ? 'kill' : 'access';
      const found = (unable ?? noAccess)!;
      const subject = step === 'kill' ? subjectOf(found[1]!) : { pid: null, name: null, host: found[1]! };
      const header = found[2] === undefined ? text : text.slice(0, text.length - found[2].length).trimEnd();
      const pending: PendingFailure = { line: line.number, header, ...subject, step };
      if (found[2] !== undefined) this.recordFailure(pending, line.number, found[2]);
      else this.pending = pending;
      return true;
    }
    return false;
  }

  private recordFailure(failure: PendingFailure, endLine: number, reason: string): void {
    this.pushRecord(failure.line, endLine, outcomeOf(reason, failure.step), failure.pid, failure.name, failure.host, `${failure.header} ${reason}`, null);
  }

  /** A failure header with nothing under it: the reason is unknown. */
  private flushPending(): void {
    const failure = this.pending;
    if (failure === null) return;
    this.pending = null;
    this.pushRecord(failure.line, failure.line, 'error', failure.pid, failure.name, failure.host, failure.header, null);
  }

  private pushRecord(line: number, endLine: number, outcome: KillOutcome['outcome'], pid: number | null, name: string | null, host: string | null, message: string, killedCount: number | null): void {
    this.records.push({ line, endLine, outcome, pid, name, host, message, killedCount });
  }
}

/** The outcome Windows' reason stands for. */
function outcomeOf(reason: string, step: 'kill' | 'access'): KillOutcome['outcome'] {
  const kind = classifySentence(reason);
  if (kind === 'access-denied') return 'access-denied';
  // OpenProcess answers ERROR_INVALID_PARAMETER (87) for a PID no process has.
  if (step === 'kill' && /^the parameter is incorrect\.?$/i.test(collapseSpaces(reason))) return 'not-found';
  return 'error';
}
