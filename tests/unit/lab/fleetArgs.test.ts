// The simulated PsTools' command lines, read as the real tools read them.
import { describe, expect, it } from 'vitest';
import { readPsExecArgs, readPsKillArgs, readPsListArgs } from '../../../src/main/lab/fleet/psToolsArgs';

describe('psexec command line', () => {
  it('reads the computer, logon and options up to the command, and the rest as the command\'s arguments', () => {
    expect(readPsExecArgs(['\\\\10.xx.50.81', '-u', 'CORP\\ir-admin', '-p', 'secret', '-accepteula', '-nobanner', 'netstat', '-ano'])).toEqual({
      args: { computer: '10.xx.50.81', user: 'CORP\\ir-admin', password: 'secret', noBanner: true, connectTimeoutSeconds: null, command: 'netstat', commandArgs: ['-ano'] },
    });
    expect(readPsExecArgs(['-AcceptEula', '\\\\WKS-057', '-n', '5', '-h', '-s', 'netstat', '-u', 'x'])).toEqual({
      args: { computer: 'WKS-057', user: null, password: null, noBanner: false, connectTimeoutSeconds: 5, command: 'netstat', commandArgs: ['-u', 'x'] },
    });
    expect(readPsExecArgs(['-i', '1', 'netstat'])).toMatchObject({ args: { computer: null, command: 'netstat' } });
  });

  it('prints usage for what it cannot read', () => {
    expect(readPsExecArgs([])).toEqual({ problem: 'usage', detail: 'no command to run' });
    expect(readPsExecArgs(['\\\\10.xx.50.81'])).toMatchObject({ problem: 'usage' });
    expect(readPsExecArgs(['\\\\', 'netstat'])).toMatchObject({ problem: 'usage', detail: '"\\\\" names no computer' });
    expect(readPsExecArgs(['\\\\a b', 'netstat'])).toMatchObject({ problem: 'usage' });
    expect(readPsExecArgs(['\\\\a', '\\\\b', 'netstat'])).toMatchObject({ problem: 'usage' });
    expect(readPsExecArgs(['\\\\a', '-u'])).toMatchObject({ problem: 'usage', detail: '-u needs a value' });
    expect(readPsExecArgs(['\\\\a', '-n', 'soon', 'netstat'])).toMatchObject({ problem: 'usage' });
    expect(readPsExecArgs(['\\\\a', '-bogus', 'netstat'])).toMatchObject({ problem: 'usage', detail: 'unknown option "-bogus"' });
    expect(readPsExecArgs(['\\\\a', '-d', 'netstat'])).toEqual({ problem: 'unsupported', detail: '-d' });
  });
});

describe('pslist command line', () => {
  it('reads the computer, logon, -t, -e and a process name or PID in any order', () => {
    expect(readPsListArgs(['\\\\10.xx.50.81', '-accepteula', '-nobanner', '-t'])).toEqual({
      args: { computer: '10.xx.50.81', user: null, password: null, noBanner: true, tree: true, exact: false, filter: null },
    });
    expect(readPsListArgs(['winupd', '-e', '\\\\h', '-u', 'u', '-p', 'p'])).toEqual({
      args: { computer: 'h', user: 'u', password: 'p', noBanner: false, tree: false, exact: true, filter: 'winupd' },
    });
  });

  it('prints usage for what it cannot read, and says which real options the lab does not simulate', () => {
    expect(readPsListArgs(['-q'])).toMatchObject({ problem: 'usage' });
    expect(readPsListArgs(['a', 'b'])).toMatchObject({ problem: 'usage', detail: 'a second process "b"' });
    expect(readPsListArgs(['-x'])).toEqual({ problem: 'unsupported', detail: '-x' });
  });
});

describe('pskill command line', () => {
  it('takes a PID or a name anywhere, as the seed types it (pskill 3968 \\\\10.xx.50.81)', () => {
    expect(readPsKillArgs(['3968', '\\\\10.xx.50.81'])).toEqual({
      args: { computer: '10.xx.50.81', user: null, password: null, noBanner: false, tree: false, target: { pid: 3968 } },
    });
    expect(readPsKillArgs(['-t', '-nobanner', '-accepteula', 'notepad.exe'])).toEqual({
      args: { computer: null, user: null, password: null, noBanner: true, tree: true, target: { name: 'notepad.exe' } },
    });
  });

  it('prints usage without a target, with two, or with an unknown option', () => {
    expect(readPsKillArgs(['\\\\h'])).toEqual({ problem: 'usage', detail: 'no process ID or name' });
    expect(readPsKillArgs(['1', '2'])).toMatchObject({ problem: 'usage' });
    expect(readPsKillArgs(['-z', '1'])).toMatchObject({ problem: 'usage' });
  });
});
