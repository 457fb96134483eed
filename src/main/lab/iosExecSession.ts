// One IOS exec session on a vty: prompt, enable/disable, terminal settings and the show commands, over any terminal (shell) or a single exec request.
import { execCommandTree, parseCommandLine, type CommandNode, type IosCommandId } from './iosCommandLine';
import { applyOutputModifier, splitOutputModifier, type OutputModifier } from './outputModifier';
import {
  MOTD_LINES,
  SHOW_IP_CACHE_LINES,
  showClockLines,
  showTerminalLines,
  showUsersLines,
  showVersionLines,
  type VtyLine,
} from './iosTexts';
import type { ReplayableOutput } from './replayableOutput';
import type { LabScenario } from './scenarios/labScenario';
import { TerminalClosedError, type TerminalInput } from './terminalInput';
import { sendCommandOutput, type OutputFaults, type TerminalOutput } from './terminalOutput';

/** The router-wide settings a session runs with. */
export interface IosRouterSettings {
  hostname: string;
  username: string;
  enablePassword: string;
  scenario: LabScenario;
  /** The scenario's `show ip cache flow`, at the router's flow count: rendered on the first send, replayed after. */
  showIpCacheFlow: ReplayableOutput;
  faults: OutputFaults;
  rejectTerminalLength: boolean;
  /** The router's uptime at `startedAt`; `show version` adds the time since. */
  uptimeSecondsAtStart: number;
  startedAt: number;
}

/** The vty the session talks to. */
export interface IosTerminal {
  input: TerminalInput;
  output: TerminalOutput;
  /** Rows the client's pty reported (0 without a pty); the default page length follows it until `terminal length` is set. */
  rows(): number;
  remoteAddress: string;
  /** Cuts the TCP connection once what was written has left. */
  dropConnection(): Promise<void>;
  /** Records a line the user typed at the prompt (or the exec request's command). */
  logCommand(command: string): void;
}

type Outcome = { end: boolean; ok: boolean };

const CONTINUE_OK: Outcome = { end: false, ok: true };
const CONTINUE_REJECTED: Outcome = { end: false, ok: false };
const DEFAULT_ROWS = 24;
const HISTORY_SIZE = 10;
/** Wrong enable passwords in a row before IOS says "% Bad secrets" instead of "% Access denied". */
const ENABLE_ATTEMPTS = 3;

export class IosExecSession {
  private privileged = false;
  private terminalLength: number | undefined;
  private terminalWidth = 80;
  private failedEnables = 0;
  private readonly history: string[] = [];
  private readonly commands: readonly CommandNode[];

  constructor(
    private readonly router: IosRouterSettings,
    private readonly terminal: IosTerminal,
  ) {
    this.commands = execCommandTree({ terminalLength: !router.rejectTerminalLength });
  }

  private get prompt(): string {
    return `${this.router.hostname}${this.privileged ? '#' : '>'}`;
  }

  /** The interactive shell: MOTD, then prompt / line / output until exit or until the client goes. */
  async runShell(): Promise<void> {
    await this.writeLines(MOTD_LINES);
    for (;;) {
      await this.terminal.output.write(this.prompt);
      const line = await this.terminal.input.readLine({ echo: true, write: (text) => this.terminal.output.write(text) });
      if (line === null) return;
      this.terminal.logCommand(line);
      const outcome = await this.execute(line, { interactive: true });
      if (outcome.end) return;
    }
  }

  /** An exec request (`ssh router "show ip cache flow"`): the output alone, no echo, prompt or pager. Returns the exit status. */
  async runExec(command: string): Promise<number> {
    this.terminal.logCommand(command);
    const outcome = await this.execute(command, { interactive: false });
    return outcome.ok ? 0 : 1;
  }

  private async execute(line: string, mode: { interactive: boolean }): Promise<Outcome> {
    const split = splitOutputModifier(line);
    const commandText = split.kind === 'plain' || split.kind === 'modified' ? split.command : line.slice(0, line.indexOf('|'));
    const parsed = parseCommandLine(commandText, this.commands);
    if (parsed.kind !== 'empty' || split.kind !== 'plain') this.remember(line);
    const invalidAt = async (offset: number) => {
      const promptLength = mode.interactive ? this.prompt.length : 0;
      await this.writeLines([`${' '.repeat(promptLength + offset)}^`, "% Invalid input detected at '^' marker.", '']);
      return CONTINUE_REJECTED;
    };
    // The command before the bar is read first, as IOS does: its own errors come before the modifier's.
    if (parsed.kind === 'command' && split.kind !== 'plain') {
      // Only show commands take output modifiers: IOS's caret goes under the bar.
      if (!parsed.command.startsWith('show ')) return invalidAt(line.indexOf('|'));
      if (split.kind === 'invalid') return invalidAt(split.offset);
      if (split.kind === 'incomplete') {
        await this.writeLines(['% Incomplete command.', '']);
        return CONTINUE_REJECTED;
      }
    }
    switch (parsed.kind) {
      case 'empty':
        return split.kind === 'plain' ? CONTINUE_OK : invalidAt(line.indexOf('|'));
      case 'invalid':
        return invalidAt(parsed.offset);
      case 'ambiguous':
        await this.writeLines([`% Ambiguous command:  "${line.trim()}"`]);
        return CONTINUE_REJECTED;
      case 'incomplete':
        await this.writeLines(['% Incomplete command.', '']);
        return CONTINUE_REJECTED;
      case 'command':
        return this.run(parsed.command, parsed.numbers, { ...mode, modifier: split.kind === 'modified' ? split.modifier : null });
    }
  }

  private async run(command: IosCommandId, numbers: number[], mode: { interactive: boolean; modifier: OutputModifier | null }): Promise<Outcome> {
    switch (command) {
      case 'exit':
        return { end: true, ok: true };
      case 'disable':
        this.privileged = false;
        return CONTINUE_OK;
      case 'enable':
        return this.enable();
      case 'terminal length':
        this.terminalLength = numbers[0];
        return CONTINUE_OK;
      case 'terminal width':
        this.terminalWidth = numbers[0] ?? this.terminalWidth;
        return CONTINUE_OK;
      case 'show clock':
      case 'show clock detail':
        return this.show(showClockLines(new Date(), command === 'show clock detail'), mode);
      case 'show history':
        return this.show(this.history.map((entry) => `  ${entry}`), mode);
      case 'show ip cache':
        return this.show(SHOW_IP_CACHE_LINES, mode);
      case 'show ip cache flow':
        return this.show(this.router.showIpCacheFlow, mode);
      case 'show terminal':
        return this.show(showTerminalLines(this.vty()), mode);
      case 'show users':
        return this.show(showUsersLines(this.vty()), mode);
      case 'show version': {
        const uptime = this.router.uptimeSecondsAtStart + (Date.now() - this.router.startedAt) / 1000;
        return this.show(showVersionLines(this.router.hostname, uptime), mode);
      }
    }
  }

  /** `enable`: a hidden password prompt; a wrong password is refused and, the third time in a row, IOS gives up with "% Bad secrets". */
  private async enable(): Promise<Outcome> {
    if (this.privileged) return CONTINUE_OK;
    if (this.router.enablePassword === '') {
      await this.writeLines(['% No password set', '']);
      return CONTINUE_REJECTED;
    }
    await this.terminal.output.write('Password: ');
    const typed = await this.terminal.input.readLine({ echo: false, write: (text) => this.terminal.output.write(text) });
    if (typed === null) throw new TerminalClosedError();
    if (typed === this.router.enablePassword) {
      this.privileged = true;
      this.failedEnables = 0;
      return CONTINUE_OK;
    }
    this.failedEnables += 1;
    const giveUp = this.failedEnables >= ENABLE_ATTEMPTS;
    if (giveUp) this.failedEnables = 0;
    await this.writeLines([giveUp ? '% Bad secrets' : '% Access denied', '']);
    return CONTINUE_REJECTED;
  }

  private async show(lines: Iterable<string>, mode: { interactive: boolean; modifier: OutputModifier | null }): Promise<Outcome> {
    await sendCommandOutput(mode.modifier ? applyOutputModifier(lines, mode.modifier) : lines, {
      output: this.terminal.output,
      input: this.terminal.input,
      pageLength: mode.interactive ? this.pageLength() : 0,
      faults: this.router.faults,
      dropConnection: () => this.terminal.dropConnection(),
    });
    return CONTINUE_OK;
  }

  private pageLength(): number {
    return this.terminalLength ?? (this.terminal.rows() > 0 ? this.terminal.rows() : DEFAULT_ROWS);
  }

  private vty(): VtyLine {
    return { username: this.router.username, remoteAddress: this.terminal.remoteAddress, length: this.pageLength(), width: this.terminalWidth };
  }

  private remember(line: string): void {
    this.history.push(line.trim());
    if (this.history.length > HISTORY_SIZE) this.history.shift();
  }

  private async writeLines(lines: readonly string[]): Promise<void> {
    await this.terminal.output.write(lines.map((line) => `${line}\r\n`).join(''));
  }
}
