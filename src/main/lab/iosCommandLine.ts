// IOS's exec command parser in miniature: keywords match by unique prefix, case-insensitively, and errors are reported where IOS reports them.

export type IosCommandId =
  | 'disable'
  | 'enable'
  | 'exit'
  | 'show clock'
  | 'show clock detail'
  | 'show history'
  | 'show ip cache'
  | 'show ip cache flow'
  | 'show terminal'
  | 'show users'
  | 'show version'
  | 'terminal length'
  | 'terminal width';

export interface CommandNode {
  keyword: string;
  /** Present when the words up to this keyword form a complete command. */
  command?: IosCommandId;
  /** The keyword takes a number, e.g. `terminal length <0-512>`; the number completes `command`. */
  number?: { min: number; max: number; command: IosCommandId };
  children?: readonly CommandNode[];
}

export type ParsedCommandLine =
  | { kind: 'empty' }
  | { kind: 'command'; command: IosCommandId; numbers: number[] }
  /** IOS puts its caret under line[offset]. */
  | { kind: 'invalid'; offset: number }
  | { kind: 'ambiguous' }
  | { kind: 'incomplete' };

export interface ExecCommandTreeOptions {
  /** False simulates an image or privilege level that refuses `terminal length`. */
  terminalLength: boolean;
}

/** The exec commands the lab router knows, in user and privileged mode alike. */
export function execCommandTree(options: ExecCommandTreeOptions): readonly CommandNode[] {
  const terminalChildren: CommandNode[] = [{ keyword: 'width', number: { min: 0, max: 512, command: 'terminal width' } }];
  if (options.terminalLength) terminalChildren.unshift({ keyword: 'length', number: { min: 0, max: 512, command: 'terminal length' } });
  return [
    { keyword: 'disable', command: 'disable' },
    { keyword: 'enable', command: 'enable' },
    { keyword: 'exit', command: 'exit' },
    { keyword: 'logout', command: 'exit' },
    { keyword: 'quit', command: 'exit' },
    {
      keyword: 'show',
      children: [
        { keyword: 'clock', command: 'show clock', children: [{ keyword: 'detail', command: 'show clock detail' }] },
        { keyword: 'history', command: 'show history' },
        {
          keyword: 'ip',
          children: [{ keyword: 'cache', command: 'show ip cache', children: [{ keyword: 'flow', command: 'show ip cache flow' }] }],
        },
        { keyword: 'terminal', command: 'show terminal' },
        { keyword: 'users', command: 'show users' },
        { keyword: 'version', command: 'show version' },
      ],
    },
    { keyword: 'terminal', children: terminalChildren },
  ];
}

interface Word {
  text: string;
  offset: number;
}

function splitWords(line: string): Word[] {
  const words: Word[] = [];
  for (const match of line.matchAll(/\S+/g)) words.push({ text: match[0], offset: match.index });
  return words;
}

/** Length of the longest prefix `word` shares with any of the keywords: IOS's caret stops where no keyword can continue. */
function matchedLength(word: string, keywords: readonly string[]): number {
  let best = 0;
  for (const keyword of keywords) {
    let length = 0;
    while (length < word.length && length < keyword.length && word[length] === keyword[length]) length += 1;
    best = Math.max(best, length);
  }
  return best;
}

function parseNumber(word: Word, range: { min: number; max: number }): number | { invalidAt: number } {
  const firstNonDigit = word.text.search(/\D/);
  if (firstNonDigit !== -1) return { invalidAt: word.offset + firstNonDigit };
  const value = Number(word.text);
  if (value < range.min || value > range.max) return { invalidAt: word.offset };
  return value;
}

export function parseCommandLine(line: string, tree: readonly CommandNode[]): ParsedCommandLine {
  const words = splitWords(line);
  if (words.length === 0) return { kind: 'empty' };
  let choices: readonly CommandNode[] = tree;
  let node: CommandNode | undefined;
  let command: IosCommandId | undefined;
  let awaitingNumber = false;
  const numbers: number[] = [];
  for (const word of words) {
    if (awaitingNumber && node?.number) {
      const value = parseNumber(word, node.number);
      if (typeof value !== 'number') return { kind: 'invalid', offset: value.invalidAt };
      numbers.push(value);
      command = node.number.command;
      awaitingNumber = false;
      choices = [];
      continue;
    }
    const typed = word.text.toLowerCase();
    const exact = choices.find((choice) => choice.keyword === typed);
    const matches = exact ? [exact] : choices.filter((choice) => choice.keyword.startsWith(typed));
    if (matches.length === 0) {
      return { kind: 'invalid', offset: word.offset + matchedLength(typed, choices.map((choice) => choice.keyword)) };
    }
    if (matches.length > 1) return { kind: 'ambiguous' };
    node = matches[0] as CommandNode;
    command = node.command;
    awaitingNumber = node.number !== undefined;
    choices = node.children ?? [];
  }
  if (awaitingNumber || command === undefined) return { kind: 'incomplete' };
  return { kind: 'command', command, numbers };
}
