// The list of flowpivot subcommands: adding one is a module in ./commands and a line here.
import type { CliCommand } from './cliCommand';
import { formatsCommand } from './commands/formatsCommand';
import { labCommand } from './commands/labCommand';
import { parseCommand } from './commands/parseCommand';

export const CLI_COMMANDS: readonly CliCommand[] = [labCommand, parseCommand, formatsCommand];
