// The list of flowpivot subcommands: adding one is a module in ./commands and a line here.
import type { CliCommand } from './cliCommand';
import { caseCommand } from './commands/caseCommand';
import { collectCommand } from './commands/collectCommand';
import { formatsCommand } from './commands/formatsCommand';
import { killCommand } from './commands/killCommand';
import { labCommand } from './commands/labCommand';
import { listenCommand } from './commands/listenCommand';
import { parseCommand } from './commands/parseCommand';
import { sweepCommand } from './commands/sweepCommand';
import { pivotCommand } from './commands/pivotCommand';
import { watchCommand } from './commands/watchCommand';
import { terminalCommand } from './commands/terminalCommand';

export const CLI_COMMANDS: readonly CliCommand[] = [labCommand, collectCommand, killCommand, pivotCommand, sweepCommand, caseCommand, parseCommand, formatsCommand, listenCommand, watchCommand, terminalCommand];
