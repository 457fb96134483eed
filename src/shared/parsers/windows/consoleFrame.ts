// What a Windows console puts around a command's output: the prompt with the echoed command, Sysinternals banners,
// PsExec's progress messages and its "<program> exited on <host> with error code <n>." trailer.
import { commandWords, matchesCommandWords, type CommandWord } from '../commandPattern';

/** "PsExec v1.94 - Execute processes remotely", "TCPView v2.54 - …", "Tcpvcon v4.19 - …" and the two lines after them. */
export function isSysinternalsBannerLine(line: string): boolean {
  return SYSINTERNALS_TOOL_BANNER.test(line) || COPYRIGHT.test(line) || SYSINTERNALS_SITE.test(line);
}

/** The first banner line of a Sysinternals tool ("PsExec v2.43 - Execute processes remotely"), any case. */
export function sysinternalsToolBanner(line: string): string | null {
  const match = SYSINTERNALS_TOOL_BANNER.exec(line);
  return match === null ? null : match[1]!;
}

const SYSINTERNALS_TOOL_BANNER = /^((?:PsExec|TCPView|Tcpvcon)(?:64a?)? v\d[\w.]*)\b/i;
const COPYRIGHT = /^Copyright (?:\(C\)|©)/i;
const SYSINTERNALS_SITE = /^Sysinternals(?: - www\.sysinternals\.com)?$/i;

/** PsExec's progress lines; it ends each with a CR, so several may share one line of a capture. */
const PSEXEC_PROGRESS = ['Connecting to ', 'Starting PSEXESVC service on ', 'Connecting with PsExec service on ', 'Starting '];
const PROGRESS_END = '...';

/**
 * Where the text after PsExec's progress messages starts in text[start, end): `start` itself when the line does not
 * open with one, `end` when the line is nothing else. A message counts only when it ends with "..." before its CR.
 */
export function skipPsExecProgress(text: string, start: number, end: number): number {
  let position = start;
  for (;;) {
    if (!PSEXEC_PROGRESS.some((prefix) => text.startsWith(prefix, position))) return position;
    const cr = text.indexOf('\r', position);
    const segmentEnd = cr === -1 || cr >= end ? end : cr;
    let last = segmentEnd;
    while (last > position && text.charCodeAt(last - 1) === 32) last--;
    if (last - position < PROGRESS_END.length || !text.startsWith(PROGRESS_END, last - PROGRESS_END.length)) return position;
    if (segmentEnd === end) return end;
    position = segmentEnd + 1;
    while (position < end && text.charCodeAt(position) <= 32) position++;
    if (position === end) return end;
  }
}

export interface ExitTrailer {
  program: string;
  /** null for the local form "netstat exited with error code 0." */
  host: string | null;
  exitCode: number;
}

const EXIT_ON_HOST = /^(\S+) exited on (\S+) with error code (-?\d{1,10})\.$/;
const EXIT_LOCAL = /^(\S+) exited with error code (-?\d{1,10})\.$/;

/** PsExec's last line, "netstat exited on 10.xx.50.81 with error code 0."; null for any other line. */
export function readExitTrailer(line: string): ExitTrailer | null {
  if (line.length > 400 || !line.includes(' exited ')) return null;
  const onHost = EXIT_ON_HOST.exec(line);
  if (onHost !== null) return { program: onHost[1]!, host: onHost[2]!, exitCode: Number(onHost[3]) };
  const local = EXIT_LOCAL.exec(line);
  if (local !== null) return { program: local[1]!, host: null, exitCode: Number(local[2]) };
  return null;
}

/**
 * True when the line is the command itself as the console echoed it: `C:\>netstat -ano`, `PS C:\> netstat -ano | findstr
 * 445`, `psexec \\HOST netstat -ano`, `SHELL> tcpvcon -a -c`. The words from `program` on must match one of the
 * patterns; whatever stands before them must be a prompt (ending in ">", "$" or "#") or a PsExec invocation.
 */
export function isCommandEcho(line: string, program: string, patterns: readonly (readonly CommandWord[])[]): boolean {
  if (line.length > 1000) return false;
  const lower = line.toLowerCase();
  let at = lower.indexOf(program);
  while (at !== -1) {
    const before = at === 0 ? 32 : lower.charCodeAt(at - 1);
    const after = lower.charCodeAt(at + program.length);
    const startsWord = before <= 32 || before === 62 || before === 92 || before === 47; // space, ">", "\", "/"
    const endsWord = Number.isNaN(after) || after <= 32 || after === 46 || (after >= 48 && after <= 57); // ".exe", "64"
    if (startsWord && endsWord && precedesCommand(lower.slice(0, at)) && matchesAny(line.slice(at), patterns)) return true;
    at = lower.indexOf(program, at + 1);
  }
  return false;
}

function precedesCommand(prefix: string): boolean {
  // The program's folder ("C:\Tools\tcpvcon.exe") belongs to the program word, not to what precedes it.
  let end = prefix.length;
  const last = prefix.charCodeAt(end - 1);
  if (last === 92 || last === 47) {
    while (end > 0 && prefix.charCodeAt(end - 1) > 32 && prefix.charCodeAt(end - 1) !== 62) end--;
  }
  const before = prefix.slice(0, end).trimEnd();
  if (before === '') return true;
  const ending = before.charCodeAt(before.length - 1);
  return ending === 62 || ending === 36 || ending === 35 || before.includes('psexec'); // ">", "$", "#"
}

function matchesAny(command: string, patterns: readonly (readonly CommandWord[])[]): boolean {
  const words = commandWords(command);
  return patterns.some((pattern) => matchesCommandWords(pattern, words));
}

/** Every order of a set of option letters ("ano" → ["ano", "aon", "nao", "noa", "oan", "ona"]): Windows tools take any. */
export function letterOrders(letters: string): string[] {
  if (letters.length <= 1) return [letters];
  return [...letters].flatMap((letter, i) => letterOrders(letters.slice(0, i) + letters.slice(i + 1)).map((rest) => letter + rest));
}
