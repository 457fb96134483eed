// The commands FlowPivot runs on a Linux or Windows host, alike over SSH and on this machine: fixed arguments (a checked
// PID is the only variable part), which parser reads each, what kill and taskkill answered, and the kill's sentence.
import type { Connection, HostOs, KillResult, ParseResult, ProcessEntry } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { parsePid } from '../../../shared/hostAddress';
import * as linuxPs from '../../../shared/parsers/linux/ps';
import * as linuxSs from '../../../shared/parsers/linux/ss';
import * as winNetstat from '../../../shared/parsers/windows/netstat';
import * as tasklistCsv from '../../../shared/parsers/windows/tasklistCsv';
import type { ToolRunOutcome } from '../process/toolRunner';

export type HostTool = 'ss' | 'ps' | 'kill' | 'netstat' | 'tasklist' | 'taskkill';

/** One command: the tool, then arguments that are literals of this module or a PID that passed checkPid. */
export interface HostCommand {
  tool: HostTool;
  args: readonly string[];
  /** Set for the run: LC_ALL=C on Linux, so dates and error messages are the ones the parsers and readers know. */
  env: Readonly<Record<string, string>>;
}

const C_LOCALE: Readonly<Record<string, string>> = Object.freeze({ LC_ALL: 'C' });
const NO_ENV: Readonly<Record<string, string>> = Object.freeze({});

/** The columns the linux-ps parser reads, in its order. */
export const PS_COLUMNS = 'pid,ppid,user,lstart,etimes,comm,args';

/** Sockets with their owning PIDs: `ss -tunap` (needs root for other users' processes) or `netstat -ano`. */
export function connectionsCommand(os: HostOs): HostCommand {
  return os === 'linux' ? { tool: 'ss', args: ['-tunap'], env: C_LOCALE } : { tool: 'netstat', args: ['-ano'], env: NO_ENV };
}

/** Every process: `ps -eo pid,ppid,user,lstart,etimes,comm,args` or `tasklist /v /fo csv`. */
export function processesCommand(os: HostOs): HostCommand {
  return os === 'linux' ? { tool: 'ps', args: ['-eo', PS_COLUMNS], env: C_LOCALE } : { tool: 'tasklist', args: ['/v', '/fo', 'csv'], env: NO_ENV };
}

/** Stops one process: `kill -TERM PID` (or -KILL), or `taskkill /PID N /F` (Windows has no polite form that works for console programs). */
export function stopCommand(os: HostOs, pid: number, signal: 'TERM' | 'KILL'): HostCommand {
  return os === 'linux' ? { tool: 'kill', args: [`-${signal}`, String(pid)], env: C_LOCALE } : { tool: 'taskkill', args: ['/PID', String(pid), '/F'], env: NO_ENV };
}

/** Asks whether a process still exists: `kill -0 PID`, or `tasklist /fi "PID eq N" /fo csv /nh`. */
export function aliveCommand(os: HostOs, pid: number): HostCommand {
  return os === 'linux' ? { tool: 'kill', args: ['-0', String(pid)], env: C_LOCALE } : { tool: 'tasklist', args: ['/fi', `PID eq ${pid}`, '/fo', 'csv', '/nh'], env: NO_ENV };
}

export function parseConnections(os: HostOs, text: string): ParseResult<Connection, unknown> {
  return os === 'linux' ? linuxSs.parse(text) : winNetstat.parse(text);
}

export function parseProcesses(os: HostOs, text: string): ParseResult<ProcessEntry, unknown> {
  return os === 'linux' ? linuxPs.parse(text) : tasklistCsv.parse(text);
}

/** The highest PID a Linux kernel hands out (PID_MAX_LIMIT, 2^22). */
export const LINUX_PID_MAX = 4194304;

/**
 * The PID to act on, or the AppError that refuses it. On Linux a larger number is refused because procps `kill`
 * reads it as a 32-bit int: 4294967295 becomes -1 (every process the account may signal) and 4294966296 the process
 * group 1000. Process 1 is init: stopping it stops the host.
 */
export function checkPid(host: string, os: HostOs, pid: number | string): number {
  const value = parsePid(pid);
  if (value === null) throw new AppError({ kind: 'invalid-pid', host, pid: String(pid) });
  if (os === 'linux' && value > LINUX_PID_MAX) {
    throw new AppError({ kind: 'kill-refused', host, pid: value, reason: `Linux process ids end at ${LINUX_PID_MAX}, and kill would read a larger number as a process group or as "every process"` });
  }
  if (os === 'linux' && value === 1) throw new AppError({ kind: 'kill-refused', host, pid: value, reason: 'process 1 is the host\'s init, and stopping it stops the host' });
  return value;
}

/** What a stop command answered. */
export type StopAnswer = { kind: 'sent' } | { kind: 'not-found' | 'access-denied' | 'error'; detail: string };

/** Both streams, in the order a terminal would mostly show them; a console run has its stderr inside stdout already. */
function outputText(outcome: ToolRunOutcome): string {
  return outcome.stderr ? `${outcome.stderr}\n${outcome.stdout}` : outcome.stdout;
}

/** The first non-blank line of the output, cut to a sentence's length: the tool's own words for the analyst. */
export function firstLine(outcome: ToolRunOutcome): string {
  const line = outputText(outcome).split(/\r?\n/).map((text) => text.trim()).find((text) => text !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * `kill -TERM PID` under LC_ALL=C: procps ("kill: (123): No such process"), util-linux ("kill: sending signal to 123
 * failed: No such process") and the sh/bash builtins all use strerror's words.
 */
export function readKillAnswer(outcome: ToolRunOutcome): StopAnswer {
  if (outcome.exitCode === 0) return { kind: 'sent' };
  const text = outputText(outcome);
  if (/No such process/i.test(text)) return { kind: 'not-found', detail: firstLine(outcome) };
  if (/Operation not permitted/i.test(text)) return { kind: 'access-denied', detail: firstLine(outcome) };
  return { kind: 'error', detail: firstLine(outcome) };
}

/**
 * `taskkill /PID N /F`, in Microsoft's words: "SUCCESS: The process with PID N has been terminated." (exit 0);
 * `ERROR: The process "N" not found.` (exit 128); "ERROR: The process with PID N could not be terminated." with
 * "Reason: Access is denied." (exit 1) or another reason below it. Exit codes decide where the words are translated.
 */
export function readTaskkillAnswer(outcome: ToolRunOutcome): StopAnswer {
  const text = outputText(outcome);
  const reason = /^\s*Reason: (.+?)\s*$/m.exec(text)?.[1];
  if (/^\s*SUCCESS: /m.test(text) || (outcome.exitCode === 0 && !/^\s*ERROR: /m.test(text))) return { kind: 'sent' };
  if (/^\s*ERROR: The process "\d+" not found\./m.test(text) || (reason !== undefined && /no running instance of the task/i.test(reason))) {
    return { kind: 'not-found', detail: firstLine(outcome) };
  }
  if (reason !== undefined && /^Access is denied\.?$/i.test(reason)) return { kind: 'access-denied', detail: reason };
  if (reason === undefined && outcome.exitCode === 128) return { kind: 'not-found', detail: firstLine(outcome) };
  return { kind: 'error', detail: reason ?? firstLine(outcome) };
}

/** What the alive check said: the process is there, it is gone, or the answer could not be read. */
export type AliveAnswer = 'alive' | 'gone' | 'unknown';

/**
 * `kill -0 PID`: success or "Operation not permitted" (it exists, owned by another account) is alive, "No such
 * process" gone. `tasklist /fi "PID eq N" /fo csv /nh`: a row with the PID is alive; no row, exit 0 and nothing
 * unreadable (the INFO sentence, in any language) is gone.
 */
export function readAliveAnswer(os: HostOs, pid: number, outcome: ToolRunOutcome): AliveAnswer {
  if (os === 'linux') {
    if (outcome.exitCode === 0) return 'alive';
    const text = outputText(outcome);
    if (/No such process/i.test(text)) return 'gone';
    if (/Operation not permitted/i.test(text)) return 'alive';
    return 'unknown';
  }
  if (outcome.exitCode !== 0) return 'unknown';
  const result = tasklistCsv.parse(outcome.stdout);
  if (result.records.some((record) => record.pid === pid)) return 'alive';
  if (result.records.length === 0 && result.diagnostics.every((diagnostic) => diagnostic.severity !== 'error')) return 'gone';
  return 'unknown';
}

/** How a kill ended, with what the sentence needs. */
export type KillEnding =
  | { outcome: 'killed'; how: 'term' | 'escalated' | 'taskkill'; escalateAfterMs: number | null }
  | { outcome: 'not-found' | 'access-denied' | 'error'; detail: string }
  | { outcome: 'still-running'; waitedMs: number; escalated: boolean }
  | { outcome: 'unverified'; detail: string };

/** The analyst's sentence for a kill: the one place it is written. */
export function killSentence(host: string, pid: number, ending: KillEnding): { outcome: KillResult['outcome']; message: string } {
  switch (ending.outcome) {
    case 'killed': {
      const how =
        ending.how === 'term'
          ? 'stopped with TERM'
          : ending.how === 'escalated'
            ? `did not stop on TERM within ${seconds(ending.escalateAfterMs ?? 0)} and was stopped with KILL`
            : 'stopped with taskkill /F';
      return { outcome: 'killed', message: `Process ${pid} on ${host} ${how}; a check afterwards confirmed it is gone.` };
    }
    case 'not-found':
      return { outcome: 'not-found', message: `No process ${pid} on ${host}: it had already ended or never existed ("${ending.detail}").` };
    case 'access-denied':
      return { outcome: 'access-denied', message: `${host} refused to stop process ${pid} ("${ending.detail}"): the account needs the rights of the process's owner, or root / administrator.` };
    case 'error':
      return { outcome: 'error', message: `Stopping process ${pid} on ${host} failed: "${ending.detail}".` };
    case 'still-running':
      return {
        outcome: 'still-running',
        message: ending.escalated
          ? `Process ${pid} on ${host} is still running ${seconds(ending.waitedMs)} after KILL (a process stuck in the kernel, or a zombie whose parent has not collected it).`
          : `Process ${pid} on ${host} was sent TERM but is still running after ${seconds(ending.waitedMs)}; stop it again with escalation to KILL.`,
      };
    case 'unverified':
      return { outcome: 'error', message: `Process ${pid} on ${host} was signalled, but the check whether it is gone could not be read ("${ending.detail}").` };
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
