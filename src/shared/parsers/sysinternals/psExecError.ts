// Parses what Sysinternals PsExec says when it cannot run a command on a host, as typed failures.
//
// PsExec reports a failed step as a header ending in ":" and Windows' own sentence on the next line:
//   Couldn't access 192.168.50.70:                     PsExec could not start cmd.exe on wkstn-2:
//   Access is denied.                                  The system cannot find the file specified.
// (web copies join the two: "Could not start PSEXESVC service on files02.corp.com: Access is denied.").
//
// Rules the fixtures hold it to:
// - Header and sentence make one record (line..endLine; the sentence's line is also listed as structural, so it is
//   accounted for by number). Only a line shaped like Windows' messages is taken as the sentence; markup or noise
//   under a header is reported and the header kept without a reason.
// - The kind comes from the sentence when it names a problem reaching or logging on to the host (access denied,
//   logon failure, network path not found, host unreachable), whichever step failed — the analyst's fix is the same;
//   otherwise from the step: the PSEXESVC service steps are service-start-failed, and starting the command with
//   "The system cannot find the file specified." is command-not-found. Anything else is "other", with PsExec's
//   sentence verbatim in `message`.
// - PsExec's progress lines ("Connecting to HOST...", "Starting PSEXESVC service on HOST...", "Connecting with PsExec
//   service on HOST...", "Starting netstat on HOST...") are structural; on a console PsExec overwrites them with "\r",
//   so a captured line may hold several, and an error may follow the dots on the same line
//   ("Connecting to 10.104.137.66...Timeout accessing 10.104.137.66."). Each piece is read.
// - "netstat exited on HOST with error code N." is the remote command's exit code: sections { command, host,
//   exitCode }, structural, not a failure of PsExec.
// - Other lines are the remote command's own output (or noise): info diagnostics, for that command's parser to read.
// - A last line with no line break after it is trusted only if its sentence is complete (ends in ".", ":" or "…").
import type { ParseResult, PsExecError, PsExecErrorKind } from '../../domain';
import { detectionHead, detectionScore } from '../detection';
import { forEachLine, type TextLine } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { isConsoleSpace } from '../whitespace';
import { collapseSpaces, MAX_SENTENCE_LENGTH } from './consoleLines';
import { isBannerLine, isBarePrompt, isCommandEcho, readToolLine } from './psToolsBanner';
import { classifySentence, isReason, printedErrorCode } from './windowsErrorSentences';

export const id = 'psexec-error';
export const version = '1.0.0';
export const commands = ['psexec'] as const;

/** The step of PsExec's work that failed, as its header names it. */
export type PsExecStep = 'access' | 'install-service' | 'start-service' | 'communicate' | 'start-command' | 'connect';

/** One failure; `endLine` is the line of Windows' sentence under the header (the header's own line if none). */
export type PsExecFailure = PsExecError & {
  endLine: number;
  step: PsExecStep | null;
  /** The command PsExec could not start, as printed ("cmd.exe"); null for the other steps. */
  command: string | null;
};

export interface PsExecSections {
  tool: string | null;
  toolVersion: string | null;
  /** The host PsExec worked on, from its progress, failure or exit lines; verbatim. */
  host: string | null;
  /** From "netstat exited on HOST with error code 0." (or "Starting netstat on HOST..."). */
  command: string | null;
  /** The remote command's exit code; null when PsExec did not print one. */
  exitCode: number | null;
}

export type PsExecResult = ParseResult<PsExecFailure, PsExecSections>;

const EXPECTED = {
  line: 'a PsExec line: banner, progress ("Connecting to HOST..."), a failure header ending in ":" with its reason, or "<command> exited on HOST with error code N."',
  completeLine: 'a complete sentence (ending in ".", ":" or "…") or a line break after the line',
} as const;

const PROGRESS: readonly (readonly [RegExp, boolean])[] = [
  // [pattern, whether group 1 is a command (then group 2 is the host)]
  [/^Connecting to (\S+?)\.\.\.(.*)$/, false],
  [/^Starting PSEXESVC service on (\S+?)\.\.\.(.*)$/, false],
  [/^Copying authentication key to (\S+?)\.\.\.(.*)$/, false],
  [/^Connecting with PsExec service on (\S+?)\.\.\.(.*)$/, false],
  [/^Starting (.+?) on (\S+?)\.\.\.(.*)$/, true],
];
const EXITED_ON = /^(.+?) exited on (\S+) with error code (-?\d{1,10})\.?$/;
const EXITED = /^(.+?) exited with error code (-?\d{1,10})\.?$/;
const TIMEOUT = /^Timeout accessing (\S+?)\.$/;
/** Failure headers, each with its step; group 1 the host (if any), group 2 the reason when printed on the same line. */
const HEADERS: readonly (readonly [RegExp, PsExecStep])[] = [
  [/^Couldn't access (.+?):(?:\s+(\S.*))?$/, 'access'],
  [/^Could not start PSEXESVC service on (.+?):(?:\s+(\S.*))?$/, 'start-service'],
  [/^(?:Couldn't|Could not) install PSEXESVC service(?: on (.+?))?:(?:\s+(\S.*))?$/, 'install-service'],
  [/^Error establishing communication with PsExec service(?: on (.+?))?(?::(?:\s+(\S.*))?|\.)$/, 'communicate'],
];
const START_COMMAND = 'PsExec could not start ';

/** Parses PsExec failures. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): PsExecResult {
  return new PsExecParser(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like a PsExec failure (a successful run scores below 0.5). */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  let score = 0;
  if (/^[ \t]*ps ?exec(?:64)? v?\d+(?:\.\d+)* +- /im.test(head)) score += 0.3;
  if (/^[ \t]*(?:Couldn't access |Could not start PSEXESVC|(?:Couldn't|Could not) install PSEXESVC|Error establishing communication with PsExec|PsExec could not start |Timeout accessing )/m.test(head)) score += 0.6;
  if (/(?:^|\.\.\.)(?:Connecting to|Starting PSEXESVC service on|Connecting with PsExec service on) \S+\.\.\./m.test(head)) score += 0.2;
  if (/^[ \t]*\S.* exited on \S+ with error code -?\d+/m.test(head)) score += 0.1;
  return detectionScore(score);
}

/** A failure header waiting for its reason. */
interface PendingFailure {
  line: number;
  header: string;
  step: PsExecStep;
  host: string | null;
  command: string | null;
}

/** What one piece of a line turned out to be. */
const STRUCTURE = 0;
const RECORD = 1;
const UNKNOWN = 2;
/** The reason under a header on an earlier line: listed as structural, so the line is accounted for by number too. */
const REASON = 3;

class PsExecParser {
  private readonly records: PsExecFailure[] = [];
  private readonly log: ParseLog;
  private readonly sections: PsExecSections = { tool: null, toolVersion: null, host: null, command: null, exitCode: null };
  private pending: PendingFailure | null = null;

  constructor(private readonly text: string) {
    this.log = new ParseLog(text);
  }

  run(): PsExecResult {
    forEachLine(this.text, isConsoleSpace, (line) => this.readLine(line));
    this.flushPending();
    return this.log.result(id, version, this.records, this.sections);
  }

  private readLine(line: TextLine): void {
    if (line.end - line.start > MAX_SENTENCE_LENGTH) {
      this.flushPending();
      this.log.reportLine(line, 'info', 'Not a PsExec line (far too long for one): output of the remote command?', EXPECTED.line);
      return;
    }
    // PsExec overwrites its progress with "\r": each piece between carriage returns is a line of its own making.
    const pieces = this.text
      .slice(line.start, line.end)
      .split('\r')
      .map(collapseSpaces)
      .filter((piece) => piece !== '');
    const last = pieces[pieces.length - 1]!;
    if (!line.terminated && !/[.:\u2026]$/.test(last)) {
      this.flushPending();
      this.log.reportLine(line, 'error', 'The output ends inside this line (no line break after it, no end of sentence): the capture may have been cut, so the line is not trusted', EXPECTED.completeLine);
      return;
    }
    let structure = false;
    let record = false;
    let unknown = false;
    for (const piece of pieces) {
      let rest: string | null = piece;
      while (rest !== null && rest !== '') {
        const [what, remainder] = this.readPiece(line, rest);
        if (what === STRUCTURE || what === REASON) structure = true;
        else if (what === RECORD) record = true;
        else unknown = true;
        rest = remainder;
      }
    }
    if (unknown) this.log.reportLine(line, 'info', 'Not a PsExec message: output of the remote command, for its own parser to read', EXPECTED.line);
    // A line holding only a reason is the end of a record that starts above it: structural, so it is counted too.
    if (structure && !record && !unknown) this.log.structure(line.number);
  }

  /** Reads one piece; returns what it was and any text after it on the same line still to read. */
  private readPiece(line: TextLine, piece: string): [number, string | null] {
    for (const [pattern, withCommand] of PROGRESS) {
      const match = pattern.exec(piece);
      if (match === null) continue;
      this.flushPending();
      const host = withCommand ? match[2]! : match[1]!;
      this.sections.host ??= host;
      if (withCommand) this.sections.command ??= match[1]!;
      return [STRUCTURE, withCommand ? match[3]! : match[2]!];
    }
    if (this.readStructure(piece)) return [STRUCTURE, null];
    if (this.readHeader(line, piece)) return [RECORD, null];
    const timeout = TIMEOUT.exec(piece);
    if (timeout !== null) {
      this.flushPending();
      this.sections.host ??= timeout[1]!;
      this.pushRecord(line.number, line.number, 'host-unreachable', 'connect', timeout[1]!, null, piece);
      return [RECORD, null];
    }
    if (this.pending !== null) {
      const failure = this.pending;
      this.pending = null;
      if (isReason(piece)) {
        // The reason under a failure header, in Windows' words: part of the header's record (line..endLine).
        this.pushFailure(failure, line.number, piece);
        return [failure.line === line.number ? RECORD : REASON, null];
      }
      this.flushFailure(failure);
    }
    const kind = classifySentence(piece);
    if (kind !== null) {
      // Windows' sentence without a header above it: still the answer the analyst must see.
      this.pushRecord(line.number, line.number, kind, null, null, null, piece);
      return [RECORD, null];
    }
    return [UNKNOWN, null];
  }

  /** Banner, echo, prompt and the exit-code line. */
  private readStructure(piece: string): boolean {
    const banner = readToolLine(piece, 'psexec');
    if (banner !== null) {
      this.flushPending();
      this.sections.tool ??= banner.tool;
      this.sections.toolVersion ??= banner.version;
      return true;
    }
    if (isBannerLine(piece) || isCommandEcho(piece, ['psexec']) || isBarePrompt(piece)) {
      this.flushPending();
      return true;
    }
    const exitedOn = EXITED_ON.exec(piece);
    const exited = exitedOn === null ? EXITED.exec(piece) : null;
    if (exitedOn !== null || exited !== null) {
      this.flushPending();
      this.sections.command = (exitedOn ?? exited)![1]!;
      if (exitedOn !== null) this.sections.host = exitedOn[2]!;
      this.sections.exitCode = Number(exitedOn !== null ? exitedOn[3] : exited![2]);
      return true;
    }
    return false;
  }

  /** A failure header, with its reason when printed on the same line. */
  private readHeader(line: TextLine, piece: string): boolean {
    let failure: PendingFailure | null = null;
    let reason: string | undefined;
    for (const [pattern, step] of HEADERS) {
      const match = pattern.exec(piece);
      if (match === null) continue;
      reason = match[2];
      failure = { line: line.number, header: reason === undefined ? piece : piece.slice(0, piece.length - reason.length).trimEnd(), step, host: match[1] ?? null, command: null };
      break;
    }
    if (failure === null && piece.startsWith(START_COMMAND)) {
      // "PsExec could not start cmd.exe on wkstn-2:" — the command may hold a drive colon, so the header ends at the
      // first colon followed by a space or the end.
      const colon = /:(?=\s|$)/.exec(piece.slice(START_COMMAND.length));
      if (colon !== null) {
        const end = START_COMMAND.length + colon.index;
        const subject = piece.slice(START_COMMAND.length, end).trimEnd();
        const on = subject.lastIndexOf(' on ');
        const hasHost = on > 0 && !/\s/.test(subject.slice(on + 4));
        const after = piece.slice(end + 1).trim();
        reason = after === '' ? undefined : after;
        failure = { line: line.number, header: piece.slice(0, end + 1), step: 'start-command', host: hasHost ? subject.slice(on + 4) : null, command: hasHost ? subject.slice(0, on) : subject };
      }
    }
    if (failure === null) return false;
    this.flushPending();
    if (failure.host !== null) this.sections.host ??= failure.host;
    if (reason !== undefined) this.pushFailure(failure, line.number, reason);
    else this.pending = failure;
    return true;
  }

  private pushFailure(failure: PendingFailure, endLine: number, reason: string): void {
    this.pushRecord(failure.line, endLine, kindOf(failure.step, reason), failure.step, failure.host, failure.command, `${failure.header} ${reason}`);
  }

  /** A header with no reason under it. */
  private flushPending(): void {
    const failure = this.pending;
    if (failure === null) return;
    this.pending = null;
    this.flushFailure(failure);
  }

  private flushFailure(failure: PendingFailure): void {
    this.pushRecord(failure.line, failure.line, kindOf(failure.step, null), failure.step, failure.host, failure.command, failure.header);
  }

  private pushRecord(line: number, endLine: number, kind: PsExecErrorKind, step: PsExecStep | null, host: string | null, command: string | null, message: string): void {
    this.records.push({ line, endLine, kind, host, message, errorCode: printedErrorCode(message), step, command });
  }
}

/** The kind of a failure: the reason's when it is about reaching the host, else the step's. */
function kindOf(step: PsExecStep, reason: string | null): PsExecErrorKind {
  const said = reason === null ? null : classifySentence(reason);
  if (said === 'access-denied' || said === 'logon-failure' || said === 'network-path-not-found' || said === 'host-unreachable') return said;
  switch (step) {
    case 'install-service':
    case 'start-service':
    case 'communicate':
      return 'service-start-failed';
    case 'start-command':
      return said === 'command-not-found' ? 'command-not-found' : 'other';
    case 'connect':
      return 'host-unreachable';
    default:
      return said ?? 'other';
  }
}
