// Small, separately testable steps that turn what a router's CLI sends into the text of one command's output.

// eslint-disable-next-line no-control-regex -- terminals send ESC sequences; matching them is the point
const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;

/** Removes ANSI/VT100 escape sequences (colour, cursor moves) a CLI may send. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

/**
 * Removes IOS pager artefacts: the ` --More-- ` marker and the sequence that erases it after a key press
 * (backspaces, spaces, backspaces — or a carriage return, spaces, carriage return on some images).
 */
// eslint-disable-next-line no-control-regex -- IOS erases the pager marker with backspaces
const PAGER_MARKER = / ?--More-- ?(?:\x08+ *\x08*|\r *\r)?/g;

export function stripPager(text: string): string {
  return text.replace(PAGER_MARKER, '');
}

/** True when the text ends with a pager prompt waiting for a key. */
export function endsWithPager(tail: string): boolean {
  return /--More--\s*$/.test(tail);
}

/** Normalises CRLF (and stray lone CRs a pty emits before LF) to LF. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r+\n/g, '\n');
}

export interface CliPrompt {
  hostname: string;
  /** `>` user EXEC, `#` privileged EXEC. */
  mode: '>' | '#';
  /** e.g. "config" in `Router(config)#`, else null. */
  submode: string | null;
  text: string;
}

const PROMPT = /(?:^|\n)([A-Za-z0-9][A-Za-z0-9._\-/:]{0,63})(?:\(([A-Za-z0-9-]+)\))?([>#]) ?$/;

/** Finds an IOS-style prompt (`Router>`, `edge-1#`, `Router(config)#`) at the very end of the text. */
export function findPromptAtEnd(tail: string): CliPrompt | null {
  // A prompt can only be the last line (PROMPT holds no line break): only that line is read, so a command's whole
  // output (80 MB for a million flows) costs no more to check than a short tail.
  const match = PROMPT.exec(tail.slice(tail.lastIndexOf('\n') + 1).replace(/\r/g, ''));
  if (!match) return null;
  const [, hostname, submode, mode] = match;
  return { hostname: hostname!, mode: mode as '>' | '#', submode: submode ?? null, text: `${hostname}${submode ? `(${submode})` : ''}${mode}` };
}

/** True when the text ends with exactly the given hostname's prompt, in any mode. */
export function endsWithPromptOf(tail: string, hostname: string): CliPrompt | null {
  const prompt = findPromptAtEnd(tail);
  return prompt && prompt.hostname === hostname ? prompt : null;
}

/** IOS's answer to a command it does not know, e.g. "% Invalid input detected at '^' marker." */
export function findCliRejection(output: string): string | null {
  // Every complaint starts "% ": a flow table without one is not searched line by line.
  if (!output.includes('% ')) return null;
  const match = /^% (?:Invalid input detected at '\^' marker\.|Incomplete command\.|Ambiguous command: .*|Unknown command.*|Unrecognized command.*)$/m.exec(output);
  return match ? match[0] : null;
}

/**
 * Cuts one command's output out of what the CLI sent after the command was typed:
 * drops the echoed command line and the trailing prompt, removes pager and ANSI artefacts, and normalises newlines.
 */
export function extractCommandOutput(received: string, command: string, promptText: string): string {
  // Newlines are normalised last, after the echo and prompt are cut off (which it does not change: the cuts are just
  // after a "\n" and before a prompt, which holds none), so the output is the fresh string of that replace rather than
  // a slice of the received text: the parsers read a flat string faster than a slice of an 80 MB one.
  let text = stripPager(stripAnsi(received));
  const firstNewline = text.indexOf('\n');
  const firstLine = firstNewline === -1 ? text : text.slice(0, firstNewline);
  if (firstLine.trim().endsWith(command.trim())) text = firstNewline === -1 ? '' : text.slice(firstNewline + 1);
  if (text.endsWith(promptText)) text = text.slice(0, text.length - promptText.length);
  else if (text.endsWith(`${promptText} `)) text = text.slice(0, text.length - promptText.length - 1);
  return normaliseNewlines(text);
}
