// Turns one of FlowPivot's fixed host commands into the line an SSH server's shell runs. The words are FlowPivot's own
// (literals and a checked PID); the line refuses anything else, so no text from a host, a flow or a form reaches a shell.
import type { HostOs } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { HostCommand } from '../os/osCommands';

/** A word, or words separated by single spaces, of letters, digits and , . / : = _ - (the only ones the commands use). */
const SAFE_WORD = /^[A-Za-z0-9,./:=_-]+(?: [A-Za-z0-9,./:=_-]+)*$/;

/**
 * The command's words as sent. On Linux its environment goes in front through `env` (`env LC_ALL=C ps -eo …`): that
 * works under any login shell (sh, bash, zsh, fish, csh), where `LC_ALL=C ps` is a syntax error in some, and runs the
 * kill program rather than a shell builtin whose messages vary.
 */
export function commandWords(command: HostCommand, os: HostOs): string[] {
  const assignments = Object.entries(command.env).map(([name, value]) => `${name}=${value}`);
  return os === 'linux' && assignments.length > 0 ? ['env', ...assignments, command.tool, ...command.args] : [command.tool, ...command.args];
}

/**
 * The words joined into one line: a word with spaces quoted, in single quotes for POSIX shells and double quotes for
 * cmd.exe and PowerShell (Windows OpenSSH's default shells). Throws an internal AppError for a word outside SAFE_WORD.
 */
export function commandLine(words: readonly string[], os: HostOs): string {
  return words
    .map((word) => {
      if (!SAFE_WORD.test(word)) throw new AppError({ kind: 'internal', detail: `refused to send ${JSON.stringify(word)} to a host's shell: host commands are made of fixed words and PIDs` });
      if (!word.includes(' ')) return word;
      return os === 'linux' ? `'${word}'` : `"${word}"`;
    })
    .join(' ');
}
