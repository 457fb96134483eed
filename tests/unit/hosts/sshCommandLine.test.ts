// The line an SSH server's shell runs for each host command: FlowPivot's fixed words and a PID, quoted for the shell,
// and nothing else ever.
import { describe, expect, it } from 'vitest';
import type { HostOs } from '../../../src/shared/domain';
import { AppError } from '../../../src/shared/errors';
import { aliveCommand, connectionsCommand, LINUX_PID_MAX, processesCommand, stopCommand } from '../../../src/main/hosts/os/osCommands';
import { commandLine, commandWords } from '../../../src/main/hosts/ssh/sshCommandLine';

describe('SSH command lines', () => {
  it('puts the Linux environment in front through env, which every login shell runs alike', () => {
    expect(commandWords(connectionsCommand('linux'), 'linux')).toEqual(['env', 'LC_ALL=C', 'ss', '-tunap']);
    expect(commandLine(commandWords(processesCommand('linux'), 'linux'), 'linux')).toBe('env LC_ALL=C ps -eo pid,ppid,user,lstart,etimes,comm,args');
    expect(commandLine(commandWords(stopCommand('linux', 4242, 'KILL'), 'linux'), 'linux')).toBe('env LC_ALL=C kill -KILL 4242');
  });

  it('sends the Windows commands as typed, the tasklist filter in double quotes for cmd.exe and PowerShell', () => {
    expect(commandLine(commandWords(connectionsCommand('windows'), 'windows'), 'windows')).toBe('netstat -ano');
    expect(commandLine(commandWords(processesCommand('windows'), 'windows'), 'windows')).toBe('tasklist /v /fo csv');
    expect(commandLine(commandWords(stopCommand('windows', 3756, 'TERM'), 'windows'), 'windows')).toBe('taskkill /PID 3756 /F');
    expect(commandLine(commandWords(aliveCommand('windows', 3756), 'windows'), 'windows')).toBe('tasklist /fi "PID eq 3756" /fo csv /nh');
  });

  it('single-quotes a word with spaces for a POSIX shell', () => {
    expect(commandLine(['tasklist', '/fi', 'PID eq 3756'], 'linux')).toBe("tasklist /fi 'PID eq 3756'");
  });

  it.each<[HostOs, number]>([
    ['linux', 2],
    ['linux', LINUX_PID_MAX],
    ['windows', 4],
    ['windows', 4294967295],
  ])('renders every %s command for PID %d', (os, pid) => {
    for (const command of [connectionsCommand(os), processesCommand(os), stopCommand(os, pid, 'TERM'), stopCommand(os, pid, 'KILL'), aliveCommand(os, pid)]) {
      expect(() => commandLine(commandWords(command, os), os)).not.toThrow();
    }
  });

  it.each(['; reboot', '$(id)', '`id`', 'a|b', 'a&b', 'a>b', '"x"', "it's", '%PATH%', '^', 'a\nb', 'a\tb', 'a  b', ' a', 'a ', '', '*', '~root', 'é'])(
    'refuses to send %j to a shell',
    (word) => {
      for (const os of ['linux', 'windows'] as const) {
        let error: unknown;
        try {
          commandLine(['ps', word], os);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).data.kind).toBe('internal');
      }
    },
  );
});
