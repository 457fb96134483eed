// The host commands FlowPivot runs on Linux and Windows (locally and over SSH): their argv, the PIDs they accept, and
// how kill, taskkill and the alive checks' answers are read.
import { describe, expect, it } from 'vitest';
import type { HostOs } from '../../../src/shared/domain';
import { AppError } from '../../../src/shared/errors';
import { findParserForCommand } from '../../../src/shared/parsers/registry';
import {
  aliveCommand,
  checkPid,
  connectionsCommand,
  killSentence,
  LINUX_PID_MAX,
  processesCommand,
  readAliveAnswer,
  readKillAnswer,
  readTaskkillAnswer,
  stopCommand,
} from '../../../src/main/hosts/os/osCommands';
import type { ToolRunOutcome } from '../../../src/main/hosts/process/toolRunner';

function ran(exitCode: number | null, stdout: string, stderr: string | null = ''): ToolRunOutcome {
  return { ending: 'exited', exitCode, signal: null, stdout, stderr, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:00.100Z' };
}

function refusal(run: () => unknown): AppError['data'] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).data;
  }
  throw new Error('expected a refusal');
}

describe('host commands', () => {
  it('lists sockets with ss -tunap on Linux and netstat -ano on Windows', () => {
    expect(connectionsCommand('linux')).toEqual({ tool: 'ss', args: ['-tunap'], env: { LC_ALL: 'C' } });
    expect(connectionsCommand('windows')).toEqual({ tool: 'netstat', args: ['-ano'], env: {} });
  });

  it('lists processes with ps -eo in the linux-ps columns, and tasklist /v /fo csv', () => {
    expect(processesCommand('linux')).toEqual({ tool: 'ps', args: ['-eo', 'pid,ppid,user,lstart,etimes,comm,args'], env: { LC_ALL: 'C' } });
    expect(processesCommand('windows')).toEqual({ tool: 'tasklist', args: ['/v', '/fo', 'csv'], env: {} });
  });

  it('stops with kill -TERM or -KILL, and with taskkill /PID N /F', () => {
    expect(stopCommand('linux', 4242, 'TERM')).toEqual({ tool: 'kill', args: ['-TERM', '4242'], env: { LC_ALL: 'C' } });
    expect(stopCommand('linux', 4242, 'KILL').args).toEqual(['-KILL', '4242']);
    expect(stopCommand('windows', 3756, 'TERM')).toEqual({ tool: 'taskkill', args: ['/PID', '3756', '/F'], env: {} });
  });

  it('checks a process is gone with kill -0, and with a tasklist filter on its PID', () => {
    expect(aliveCommand('linux', 4242)).toEqual({ tool: 'kill', args: ['-0', '4242'], env: { LC_ALL: 'C' } });
    expect(aliveCommand('windows', 3756)).toEqual({ tool: 'tasklist', args: ['/fi', 'PID eq 3756', '/fo', 'csv', '/nh'], env: {} });
  });

  it.each<[HostOs, string]>([
    ['linux', 'linux-ss'],
    ['windows', 'win-netstat'],
  ])('runs a connections command the %s parser registry gives to %s', (os, parser) => {
    const command = connectionsCommand(os);
    expect(findParserForCommand([command.tool, ...command.args].join(' '))?.id).toBe(parser);
  });

  it.each<[HostOs, string]>([
    ['linux', 'linux-ps'],
    ['windows', 'win-tasklist-csv'],
  ])('runs a processes command the %s parser registry gives to %s', (os, parser) => {
    const command = processesCommand(os);
    expect(findParserForCommand([command.tool, ...command.args].join(' '))?.id).toBe(parser);
  });
});

describe('PIDs', () => {
  it('accepts whole numbers from 1, as numbers or digits', () => {
    expect(checkPid('web1', 'linux', 4242)).toBe(4242);
    expect(checkPid('web1', 'linux', '4242')).toBe(4242);
    expect(checkPid('ws-57', 'windows', 4294967295)).toBe(4294967295);
    expect(checkPid('web1', 'linux', LINUX_PID_MAX)).toBe(LINUX_PID_MAX);
  });

  it.each<[number | string]>([[0], [-1], [1.5], ['12a'], [''], ['-9'], ['1 2'], [Number.NaN], [4294967296]])('refuses %j as a PID', (pid) => {
    expect(refusal(() => checkPid('web1', 'linux', pid))).toEqual({ kind: 'invalid-pid', host: 'web1', pid: String(pid) });
  });

  it('refuses on Linux what kill would read as a process group or as every process (2^32 - 1 is -1)', () => {
    for (const pid of [LINUX_PID_MAX + 1, 2147483648, 4294966296, 4294967295]) {
      expect(refusal(() => checkPid('web1', 'linux', pid))).toMatchObject({ kind: 'kill-refused', host: 'web1', pid });
    }
  });

  it("refuses Linux's init, and says why", () => {
    const data = refusal(() => checkPid('web1', 'linux', 1));
    expect(new AppError(data).message).toBe("Did not stop process 1 on web1: process 1 is the host's init, and stopping it stops the host.");
    expect(checkPid('ws-57', 'windows', 1)).toBe(1);
  });
});

describe("kill's answers (LC_ALL=C)", () => {
  it('reads exit 0 as sent', () => {
    expect(readKillAnswer(ran(0, ''))).toEqual({ kind: 'sent' });
  });

  it.each([
    ['procps', 'kill: (4242): No such process\n'],
    ['util-linux', 'kill: sending signal to 4242 failed: No such process\n'],
    ['bash', 'bash: line 1: kill: (4242) - No such process\n'],
    ['dash', 'sh: 1: kill: No such process\n'],
  ])('reads %s "No such process" as not found', (_kill, stderr) => {
    expect(readKillAnswer(ran(1, '', stderr))).toEqual({ kind: 'not-found', detail: stderr.trim() });
  });

  it('reads "Operation not permitted" as access denied', () => {
    expect(readKillAnswer(ran(1, '', '/usr/bin/kill: (1): Operation not permitted\n'))).toEqual({ kind: 'access-denied', detail: '/usr/bin/kill: (1): Operation not permitted' });
  });

  it('keeps any other failure as an error with the tool\'s first line', () => {
    expect(readKillAnswer(ran(127, '', 'sh: 1: kill: not found\nmore\n'))).toEqual({ kind: 'error', detail: 'sh: 1: kill: not found' });
  });

  it('reads a console run, whose stderr is inside stdout', () => {
    expect(readKillAnswer(ran(1, 'kill: (4242): No such process\r\n', null)).kind).toBe('not-found');
  });
});

describe("taskkill's answers (Microsoft's wording)", () => {
  it('reads SUCCESS as sent, forced or not', () => {
    expect(readTaskkillAnswer(ran(0, 'SUCCESS: The process with PID 3756 has been terminated.\r\n'))).toEqual({ kind: 'sent' });
    expect(readTaskkillAnswer(ran(0, 'SUCCESS: Sent termination signal to the process with PID 3756.\r\n'))).toEqual({ kind: 'sent' });
  });

  it('reads a process that is not there as not found', () => {
    expect(readTaskkillAnswer(ran(128, '', 'ERROR: The process "3756" not found.\r\n'))).toEqual({ kind: 'not-found', detail: 'ERROR: The process "3756" not found.' });
    const gone = ran(1, '', 'ERROR: The process with PID 6924 (child process of PID 6736) could not be terminated.\r\nReason: There is no running instance of the task.\r\n');
    expect(readTaskkillAnswer(gone).kind).toBe('not-found');
  });

  it('reads "Reason: Access is denied." as access denied', () => {
    const denied = ran(1, '', 'ERROR: The process with PID 3756 could not be terminated.\r\nReason: Access is denied.\r\n');
    expect(readTaskkillAnswer(denied)).toEqual({ kind: 'access-denied', detail: 'Access is denied.' });
  });

  it("keeps another reason as an error in Windows' words", () => {
    const critical = ran(1, '', 'ERROR: The process with PID 4 could not be terminated.\r\nReason: This is critical system process. Taskkill cannot end this process.\r\n');
    expect(readTaskkillAnswer(critical)).toEqual({ kind: 'error', detail: 'This is critical system process. Taskkill cannot end this process.' });
  });

  it('falls back on exit codes where the sentences are translated', () => {
    expect(readTaskkillAnswer(ran(0, '成功: 已终止 PID 为 3756 的进程。\r\n')).kind).toBe('sent');
    expect(readTaskkillAnswer(ran(128, '', '错误: 没有找到进程 "3756"。\r\n')).kind).toBe('not-found');
    expect(readTaskkillAnswer(ran(1, '', '错误: 无法终止 PID 为 3756 的进程。\r\n原因: 拒绝访问。\r\n'))).toEqual({ kind: 'error', detail: '错误: 无法终止 PID 为 3756 的进程。' });
  });
});

describe('alive checks', () => {
  it('reads kill -0: success and EPERM are alive, "No such process" gone, anything else unknown', () => {
    expect(readAliveAnswer('linux', 4242, ran(0, ''))).toBe('alive');
    expect(readAliveAnswer('linux', 4242, ran(1, '', 'kill: (4242): Operation not permitted\n'))).toBe('alive');
    expect(readAliveAnswer('linux', 4242, ran(1, '', 'kill: (4242): No such process\n'))).toBe('gone');
    expect(readAliveAnswer('linux', 4242, ran(null, ''))).toBe('unknown');
  });

  it('reads the tasklist filter: a row with the PID is alive, the INFO sentence (in any language) gone', () => {
    const row = '"beacon.exe","3756","Services","0","1,204,880 K"\r\n';
    expect(readAliveAnswer('windows', 3756, ran(0, row))).toBe('alive');
    expect(readAliveAnswer('windows', 3756, ran(0, '\r\nINFO: No tasks are running which match the specified criteria.\r\n'))).toBe('gone');
    expect(readAliveAnswer('windows', 3756, ran(0, '信息: 没有运行的任务匹配指定标准。\r\n'))).toBe('gone');
  });

  it('reads a failed or unreadable tasklist as unknown', () => {
    expect(readAliveAnswer('windows', 3756, ran(1, '', 'ERROR: Invalid query\r\n'))).toBe('unknown');
    expect(readAliveAnswer('windows', 3756, ran(0, '"beacon.exe","37x6","Services","0","1 K"\r\n'))).toBe('unknown');
  });
});

describe("the kill's sentence", () => {
  it('says how the process was stopped and that a check confirmed it', () => {
    expect(killSentence('web1', 4242, { outcome: 'killed', how: 'term', escalateAfterMs: null })).toEqual({ outcome: 'killed', message: 'Process 4242 on web1 stopped with TERM; a check afterwards confirmed it is gone.' });
    expect(killSentence('web1', 4242, { outcome: 'killed', how: 'escalated', escalateAfterMs: 5000 }).message).toBe(
      'Process 4242 on web1 did not stop on TERM within 5 s and was stopped with KILL; a check afterwards confirmed it is gone.',
    );
    expect(killSentence('ws-57', 3756, { outcome: 'killed', how: 'taskkill', escalateAfterMs: null }).message).toBe('Process 3756 on ws-57 stopped with taskkill /F; a check afterwards confirmed it is gone.');
  });

  it('names the outcome the analyst can act on', () => {
    expect(killSentence('web1', 4242, { outcome: 'still-running', waitedMs: 2000, escalated: false })).toEqual({
      outcome: 'still-running',
      message: 'Process 4242 on web1 was sent TERM but is still running after 2 s; stop it again with escalation to KILL.',
    });
    expect(killSentence('web1', 4242, { outcome: 'access-denied', detail: 'kill: (4242): Operation not permitted' }).message).toBe(
      'web1 refused to stop process 4242 ("kill: (4242): Operation not permitted"): the account needs the rights of the process\'s owner, or root / administrator.',
    );
    expect(killSentence('web1', 4242, { outcome: 'unverified', detail: 'odd' })).toEqual({ outcome: 'error', message: 'Process 4242 on web1 was signalled, but the check whether it is gone could not be read ("odd").' });
  });
});
