// The lines every PsTools program prints around its output: the banner, and the cmd.exe / PowerShell prompt and
// echoed command of an interactive capture.
//
// Banners as the tools print them (and as web copies mangle them):
//   pslist v1.28 - Sysinternals PsList                PsList v1.4 - Process information lister
//   PsList 1.26 - Process Information Lister          PsKill v1.12 - Terminates processes on local or remote systems
//   PsExec v1.94 - Execute processes remotely         PsExec v2.43 - Execute processes remotely Copyright (C) … (collapsed)
//   Copyright (C) 1999-2016  Mark Russinovich         Copyright © 2000-2004 Mark Russinovich (any sign: copies mangle it)
//   Sysinternals - www.sysinternals.com               Sysinternals
import { MAX_SENTENCE_LENGTH } from './consoleLines';

export type PsTool = 'pslist' | 'pskill' | 'psexec';

/** What the tool's own first banner line says. */
export interface ToolBanner {
  /** The line as printed, e.g. "PsKill v1.12 - Terminates processes on local or remote systems". */
  tool: string;
  /** "1.12"; null when the line names no version. */
  version: string | null;
}

const TOOL_LINE: Record<PsTool, RegExp> = {
  pslist: /^ps ?list(?:64)?(?:\s+v?(\d+(?:\.\d+)*))?\s+-\s+\S/i,
  pskill: /^ps ?kill(?:64)?(?:\s+v?(\d+(?:\.\d+)*))?\s+-\s+\S/i,
  psexec: /^ps ?exec(?:64)?(?:\s+v?(\d+(?:\.\d+)*))?\s+-\s+\S/i,
};

/** The tool's banner line ("PsKill v1.12 - …"), or null. */
export function readToolLine(line: string, tool: PsTool): ToolBanner | null {
  if (line.length > MAX_SENTENCE_LENGTH) return null;
  const match = TOOL_LINE[tool].exec(line);
  if (match === null) return null;
  return { tool: line, version: match[1] ?? null };
}

/** "Copyright … 1999-2016 Mark Russinovich" and "Sysinternals - www.sysinternals.com": banner lines with no data. */
export function isBannerLine(line: string): boolean {
  if (line.length > MAX_SENTENCE_LENGTH) return false;
  return /^Copyright\b/i.test(line) || /^Sysinternals(?:\s+-\s+\S+)?$/i.test(line);
}

// A prompt is cmd.exe's "C:\Users>" (any drive and path, spaces included), "PSTools>" or a bare ">", or PowerShell's
// "PS C:\temp>" / "PS temp>". The part before ">" is bounded so a long line costs nothing.
const PROMPT = /^(?:PS [^<>|\r\n]{0,260}|[A-Za-z]:\\[^<>|"*?\r\n]{0,260}|[A-Za-z]:|[A-Za-z0-9_.-]{0,64})>/;
const TOOL_NAMES: Record<PsTool, string> = { pslist: 'pslist', pskill: 'pskill', psexec: 'psexec' };

/** A prompt alone on its line: the shell waiting after the output. */
export function isBarePrompt(line: string): boolean {
  if (line.length > 300) return false;
  const match = PROMPT.exec(line);
  return match !== null && match[0].length === line.length && line !== '>';
}

/**
 * The echo of a command after a prompt ("C:\Program Files\SysinternalsSuite>pslist firefox -x", ">pslist -dmx 5556",
 * "C:\Users\cbridges>C:\Sysinternals\PsExec64.exe \\wkstn-2 cmd.exe"): true when the command runs one of `tools`.
 */
export function isCommandEcho(line: string, tools: readonly PsTool[]): boolean {
  if (line.length > MAX_SENTENCE_LENGTH) return false;
  const prompt = PROMPT.exec(line);
  if (prompt === null) return false;
  const rest = line.slice(prompt[0].length).trimStart();
  // The program as typed: quoted when its path has spaces ("C:\Program Files\PSTools\psexec.exe"), else one word.
  const program = rest.startsWith('"') ? rest.slice(1, rest.indexOf('"', 1) === -1 ? rest.length : rest.indexOf('"', 1)) : (/^\S*/.exec(rest)?.[0] ?? '');
  const base = program
    .slice(program.lastIndexOf('\\') + 1)
    .toLowerCase()
    .replace(/\.exe$/, '')
    .replace(/64$/, '');
  return tools.some((tool) => base === TOOL_NAMES[tool]);
}

/**
 * What a line around a PsTools program's output is: the tool's banner line (its name and version), 'frame' for the
 * other lines around the output (echoed command, bare prompt, copyright and site lines), or null. An echo is tried
 * before the banner: a prompt may itself read like a banner.
 */
export function readFrameLine(line: string, tool: PsTool): ToolBanner | 'frame' | null {
  if (isCommandEcho(line, [tool]) || isBarePrompt(line)) return 'frame';
  const banner = readToolLine(line, tool);
  if (banner !== null) return banner;
  return isBannerLine(line) ? 'frame' : null;
}
