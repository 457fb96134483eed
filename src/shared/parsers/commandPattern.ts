// Matches a command as an engineer types it (IOS abbreviations, any case, output modifiers) against a pattern.

/**
 * One word of a pattern: `required` must be typed, `optional` may follow it (IOS accepts any unambiguous prefix).
 * A placeholder (`{name}` in the pattern, for a name the engineer chose such as a flow monitor's) stands for any one
 * word: its `required` and `optional` are empty, so a literal word of the same length is more specific.
 */
export interface CommandWord {
  required: string;
  optional: string;
  /** The placeholder's name ("name" for `{name}`); absent for a literal word. */
  placeholder?: string;
}

const WORD = /^([^[\]\s{}]+)(?:\[\[([^[\]\s{}]+)\]\])?$/;
const PLACEHOLDER = /^\{([a-z][a-z0-9-]*)\}$/;

/**
 * Compiles `sh[[ow]] ip cac[[he]] fl[[ow]]` or `sh[[ow]] fl[[ow]] mon[[itor]] {name} cac[[he]]`; throws on a malformed
 * pattern (a programming error, caught by tests).
 */
export function compileCommandPattern(pattern: string): CommandWord[] {
  const words = pattern.trim().split(/\s+/);
  return words.map((word) => {
    const placeholder = PLACEHOLDER.exec(word);
    if (placeholder) return { required: '', optional: '', placeholder: placeholder[1]! };
    const match = WORD.exec(word);
    if (!match) throw new Error(`Malformed command pattern word "${word}" in "${pattern}"`);
    return { required: match[1]!.toLowerCase(), optional: (match[2] ?? '').toLowerCase() };
  });
}

/**
 * The words of a typed command: lower case, whitespace collapsed, an output modifier (`| include …`) left out because
 * it filters the output without changing which command produced it.
 */
export function commandWords(typed: string): string[] {
  const pipe = typed.indexOf('|');
  const command = (pipe === -1 ? typed : typed.slice(0, pipe)).trim().toLowerCase();
  return command === '' ? [] : command.split(/\s+/);
}

export function matchesCommandWords(pattern: readonly CommandWord[], words: readonly string[]): boolean {
  if (words.length !== pattern.length) return false;
  for (let i = 0; i < words.length; i++) {
    const typed = words[i]!;
    const { required, optional, placeholder } = pattern[i]!;
    if (placeholder !== undefined) continue;
    if (typed.length < required.length || !(required + optional).startsWith(typed)) return false;
  }
  return true;
}

/** An IOS CLI prompt: `Router#`, `edge-1>`, `R1(config)#`. */
const PROMPT = String.raw`[A-Za-z0-9][A-Za-z0-9._\-/:]{0,63}(?:\([A-Za-z0-9-]+\))?[>#]`;

/** A CLI prompt such as `Router#`, `edge-1>` or `R1(config)#`, alone on its line. */
export const PROMPT_LINE = new RegExp(`^${PROMPT}$`);

const PROMPT_THEN_COMMAND = new RegExp(String.raw`^(?:${PROMPT})?\s*(\S.*)$`);

/** What was typed after the prompt (`show ip cache flow` in `Router#show ip cache flow`); the line itself without one. */
export function commandAfterPrompt(line: string): string | undefined {
  return PROMPT_THEN_COMMAND.exec(line)?.[1];
}

/** True when a line is the echo of a command matching one of the patterns, with or without the prompt before it. */
export function isCommandEcho(line: string, patterns: readonly (readonly CommandWord[])[]): boolean {
  const command = commandAfterPrompt(line.trim());
  if (command === undefined) return false;
  const words = commandWords(command);
  return patterns.some((pattern) => matchesCommandWords(pattern, words));
}
