// What a flowpivot subcommand is, and what it may touch of the process: output streams, environment and the stop signal.

/** The process as a command sees it; tests and other hosts can provide their own. */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The whole of standard input, for commands that read `-`. */
  readStdin(): Promise<string>;
  /** Reads a file as UTF-8 text. */
  readFile(path: string): Promise<string>;
  /** Resolves with the signal's name when the user asks the command to stop (Ctrl+C, SIGTERM). */
  waitForStop(): Promise<string>;
  /** Whether stderr is a terminal: progress is one redrawn line there, plain lines otherwise. */
  stderrIsTTY: boolean;
  /** Asks for a secret on the terminal without echoing it; null when there is no terminal to ask on. */
  promptSecret(question: string): Promise<string | null>;
  /** The terminal itself in raw mode, for `flowpivot terminal`; null (or absent) when stdin is not a terminal. */
  rawTerminal?(): CliRawTerminal | null;
}

/** The analyst's terminal, keys as typed (raw mode), until restored. */
export interface CliRawTerminal {
  onInput(listener: (data: string) => void): void;
  write(data: string): void;
  size(): { cols: number; rows: number };
  onResize(listener: () => void): void;
  /** Leaves raw mode and stops listening. */
  restore(): void;
}

export interface CliCommand {
  name: string;
  /** One line for `flowpivot --help`. */
  summary: string;
  /** Full text for `flowpivot <name> --help`. */
  help(): string;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(args: readonly string[], context: CliContext): Promise<number>;
}

/** Exit code for a command line the command cannot understand, as most Unix tools use. */
export const EXIT_USAGE = 2;
