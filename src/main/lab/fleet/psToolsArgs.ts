// The command lines of the simulated PsExec, PsList and PsKill, read the way the real tools read them: options are
// case-insensitive and start with "-" (or "/"), the computer is "\\NAME", and PsExec's options end at the command.

/** Options the real tools have that the simulation does not act on: accepted and ignored. */
const PSEXEC_IGNORED_FLAGS = new Set(['accepteula', 'h', 's', 'e', 'l', 'x', 'low', 'belownormal', 'abovenormal', 'high', 'realtime', 'background']);
const PSEXEC_IGNORED_WITH_VALUE = new Set(['r', 'w']);

export interface Logon {
  user: string | null;
  /** Null with a user: the tool prompts for it on the console. */
  password: string | null;
}

export interface PsExecArgs extends Logon {
  /** As typed after \\; null to run on the local machine. */
  computer: string | null;
  noBanner: boolean;
  /** -n: seconds to wait for the remote computer. */
  connectTimeoutSeconds: number | null;
  command: string;
  commandArgs: string[];
}

export interface PsListArgs extends Logon {
  computer: string | null;
  noBanner: boolean;
  tree: boolean;
  /** -e: the name must match whole, not as a prefix. */
  exact: boolean;
  /** A process name (prefix) or PID to show; null for all. */
  filter: string | null;
}

export interface PsKillArgs extends Logon {
  computer: string | null;
  noBanner: boolean;
  tree: boolean;
  target: { pid: number } | { name: string };
}

/** A command line the tool cannot read: it prints its usage. `unsupported` names a real option the lab does not simulate. */
export interface ArgsProblem {
  problem: 'usage' | 'unsupported';
  detail: string;
}

export type ArgsReading<T> = { args: T } | ArgsProblem;

function optionName(arg: string): string | null {
  return /^[-/][A-Za-z]+$/.test(arg) ? arg.slice(1).toLowerCase() : null;
}

function computerName(arg: string): string | null | undefined {
  if (!arg.startsWith('\\\\')) return undefined;
  const name = arg.slice(2);
  return name === '' || /[\s\\]/.test(name) ? null : name;
}

/** The arguments in order; an option such as -u takes the next one as its value. */
class ArgWalker {
  private index = 0;
  constructor(private readonly argv: readonly string[]) {}

  /** The next argument; undefined when the command line ends. */
  next(): string | undefined {
    return this.argv[this.index++];
  }

  peek(): string | undefined {
    return this.argv[this.index];
  }

  /** Everything not read yet (the command's own arguments, for PsExec). */
  rest(): string[] {
    const rest = this.argv.slice(this.index);
    this.index = this.argv.length;
    return rest;
  }
}

function usage(detail: string): ArgsProblem {
  return { problem: 'usage', detail };
}

/** Reads the computer, -u, -p and -nobanner common to the three tools; true when `arg` was one of them. */
function readCommon(walker: ArgWalker, arg: string, into: { computer: string | null; user: string | null; password: string | null; noBanner: boolean }): true | false | ArgsProblem {
  const computer = computerName(arg);
  if (computer !== undefined) {
    if (computer === null) return usage(`"${arg}" names no computer`);
    if (into.computer !== null) return usage(`a second computer "${arg}"`);
    into.computer = computer;
    return true;
  }
  const option = optionName(arg);
  if (option === 'nobanner') {
    into.noBanner = true;
    return true;
  }
  if (option === 'u' || option === 'p') {
    const value = walker.next();
    if (value === undefined) return usage(`-${option} needs a value`);
    if (option === 'u') into.user = value;
    else into.password = value;
    return true;
  }
  return false;
}

export function readPsExecArgs(argv: readonly string[]): ArgsReading<PsExecArgs> {
  const walker = new ArgWalker(argv);
  const args: Omit<PsExecArgs, 'command' | 'commandArgs'> = { computer: null, user: null, password: null, noBanner: false, connectTimeoutSeconds: null };
  for (let arg = walker.next(); arg !== undefined; arg = walker.next()) {
    const common = readCommon(walker, arg, args);
    if (common === true) continue;
    if (common !== false) return common;
    const option = optionName(arg);
    if (option === null) {
      if (arg.startsWith('-') || arg.startsWith('/')) return usage(`unknown option "${arg}"`);
      return { args: { ...args, command: arg, commandArgs: walker.rest() } };
    }
    if (PSEXEC_IGNORED_FLAGS.has(option)) continue;
    if (option === 'i') {
      if (/^\d+$/.test(walker.peek() ?? '')) walker.next();
      continue;
    }
    if (PSEXEC_IGNORED_WITH_VALUE.has(option)) {
      if (walker.next() === undefined) return usage(`-${option} needs a value`);
      continue;
    }
    if (option === 'n') {
      const seconds = walker.next();
      if (seconds === undefined || !/^\d{1,6}$/.test(seconds)) return usage('-n needs a number of seconds');
      args.connectTimeoutSeconds = Number(seconds);
      continue;
    }
    if (['d', 'c', 'f', 'v', 'a'].includes(option)) return { problem: 'unsupported', detail: `-${option}` };
    return usage(`unknown option "${arg}"`);
  }
  return usage('no command to run');
}

export function readPsListArgs(argv: readonly string[]): ArgsReading<PsListArgs> {
  const walker = new ArgWalker(argv);
  const args: PsListArgs = { computer: null, user: null, password: null, noBanner: false, tree: false, exact: false, filter: null };
  for (let arg = walker.next(); arg !== undefined; arg = walker.next()) {
    const common = readCommon(walker, arg, args);
    if (common === true) continue;
    if (common !== false) return common;
    const option = optionName(arg);
    if (option === 'accepteula') continue;
    if (option === 't') args.tree = true;
    else if (option === 'e') args.exact = true;
    else if (option !== null && ['d', 'm', 'x', 's', 'r', 'dmx'].includes(option)) return { problem: 'unsupported', detail: `-${option}` };
    else if (option !== null || arg.startsWith('-')) return usage(`unknown option "${arg}"`);
    else if (args.filter !== null) return usage(`a second process "${arg}"`);
    else args.filter = arg;
  }
  return { args };
}

export function readPsKillArgs(argv: readonly string[]): ArgsReading<PsKillArgs> {
  const walker = new ArgWalker(argv);
  const args: Omit<PsKillArgs, 'target'> = { computer: null, user: null, password: null, noBanner: false, tree: false };
  let target: string | null = null;
  for (let arg = walker.next(); arg !== undefined; arg = walker.next()) {
    const common = readCommon(walker, arg, args);
    if (common === true) continue;
    if (common !== false) return common;
    const option = optionName(arg);
    if (option === 'accepteula' || arg === '-') continue;
    if (option === 't') args.tree = true;
    else if (option !== null || arg.startsWith('-')) return usage(`unknown option "${arg}"`);
    else if (target !== null) return usage(`a second process "${arg}"`);
    else target = arg;
  }
  if (target === null) return usage('no process ID or name');
  return { args: { ...args, target: /^\d{1,10}$/.test(target) ? { pid: Number(target) } : { name: target } } };
}
