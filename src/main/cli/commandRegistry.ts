// The list of flowpivot subcommands: adding one is a module in ./commands and a line here.
import type { CliCommand } from './cliCommand';
import { labCommand } from './commands/labCommand';

export const CLI_COMMANDS: readonly CliCommand[] = [labCommand];
