// IOS's output modifiers on show commands (`show ip cache flow | include 01BD`): the line is cut at the first `|`, the
// keyword (by unique prefix) picks the filter, and the rest of the line is a case-sensitive regular expression matched
// against each output line, as IOS does.

export type OutputModifierKind = 'include' | 'exclude' | 'begin';

export interface OutputModifier {
  kind: OutputModifierKind;
  /** The expression as typed (spaces inside it are part of it, as on IOS). */
  expression: string;
  pattern: RegExp;
}

export type SplitCommandLine =
  | { kind: 'plain'; command: string }
  | { kind: 'modified'; command: string; modifier: OutputModifier }
  /** IOS puts its caret under line[offset]. */
  | { kind: 'invalid'; offset: number }
  | { kind: 'incomplete' };

const KEYWORDS: readonly OutputModifierKind[] = ['begin', 'exclude', 'include'];

/** Splits `command | keyword expression`; a line without `|` is plain. */
export function splitOutputModifier(line: string): SplitCommandLine {
  const bar = line.indexOf('|');
  if (bar === -1) return { kind: 'plain', command: line };
  const command = line.slice(0, bar);
  const rest = line.slice(bar + 1);
  const keywordMatch = /^(\s*)(\S*)/.exec(rest)!;
  const typed = keywordMatch[2]!;
  const keywordOffset = bar + 1 + keywordMatch[1]!.length;
  if (typed === '') return { kind: 'incomplete' };
  const matches = KEYWORDS.filter((keyword) => keyword.startsWith(typed.toLowerCase()));
  if (matches.length !== 1) return { kind: 'invalid', offset: keywordOffset + commonPrefixLength(typed.toLowerCase(), KEYWORDS) };
  // IOS takes everything after the keyword and its one separating space as the expression, spaces included.
  const afterKeyword = rest.slice(keywordMatch[0].length);
  const expression = afterKeyword.replace(/^\s/, '').replace(/\s+$/, '');
  if (expression.trim() === '') return { kind: 'incomplete' };
  let pattern: RegExp;
  try {
    pattern = new RegExp(expression);
  } catch {
    return { kind: 'invalid', offset: keywordOffset + typed.length + 1 };
  }
  return { kind: 'modified', command, modifier: { kind: matches[0]!, expression, pattern } };
}

function commonPrefixLength(word: string, keywords: readonly string[]): number {
  let best = 0;
  for (const keyword of keywords) {
    let length = 0;
    while (length < word.length && length < keyword.length && word[length] === keyword[length]) length += 1;
    best = Math.max(best, length);
  }
  return best;
}

/** The output lines the modifier lets through, pulled lazily (a million-line output is never held twice). */
export function* applyOutputModifier(lines: Iterable<string>, modifier: OutputModifier): Generator<string> {
  const { pattern } = modifier;
  let begun = false;
  for (const line of lines) {
    switch (modifier.kind) {
      case 'include':
        if (pattern.test(line)) yield line;
        break;
      case 'exclude':
        if (!pattern.test(line)) yield line;
        break;
      case 'begin':
        if (!begun && pattern.test(line)) begun = true;
        if (begun) yield line;
        break;
    }
  }
}
