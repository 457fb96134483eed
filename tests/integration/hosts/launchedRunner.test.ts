// The tool launcher: tools start from its small process (never from main), a cancel stops a tool and what it started,
// a tool that cannot start says why, and a launcher that dies fails its runs in words and is started anew.
import { describe, expect, it } from 'vitest';
import { LaunchedToolRunner } from '../../../src/main/hosts/process/launchedRunner';
import { ToolStartError } from '../../../src/main/hosts/process/toolRunner';
import { alive, waitFor } from '../../support/processes';

const node = process.execPath;

describe('LaunchedToolRunner', () => {
  it('starts each tool from the launcher process, with main\'s environment as it is at each run', async () => {
    const runner = new LaunchedToolRunner();
    try {
      process.env.FLOWPIVOT_LAUNCHER_PROBE = 'set after the launcher may have started';
      const outcome = await runner.run({ executable: node, args: ['-e', 'console.log(process.ppid, process.env.FLOWPIVOT_LAUNCHER_PROBE)'], timeoutMs: 10_000 });
      const [parent, ...probe] = outcome.stdout.trim().split(' ');
      expect(outcome).toMatchObject({ ending: 'exited', exitCode: 0, stderr: '' });
      expect(Number(parent)).not.toBe(process.pid);
      expect(probe.join(' ')).toBe('set after the launcher may have started');
      delete process.env.FLOWPIVOT_LAUNCHER_PROBE;
      const again = await runner.run({ executable: node, args: ['-e', "console.log(process.env.FLOWPIVOT_LAUNCHER_PROBE ?? 'unset')"], timeoutMs: 10_000 });
      expect(again.stdout.trim()).toBe('unset');
    } finally {
      delete process.env.FLOWPIVOT_LAUNCHER_PROBE;
      runner.dispose();
    }
  });

  it('stops a cancelled tool and the processes it started, and reports output as it arrives', async () => {
    const runner = new LaunchedToolRunner();
    const controller = new AbortController();
    let childPid = 0;
    let received = 0;
    try {
      const run = runner.run({
        executable: '/bin/sh',
        args: ['-c', 'sleep 30 & echo $!; wait'],
        timeoutMs: 60_000,
        signal: controller.signal,
        onOutput: (characters) => (received = characters),
      });
      await waitFor(() => received > 0);
      const started = Date.now();
      controller.abort();
      const outcome = await run;
      childPid = Number(outcome.stdout.trim());
      expect(outcome.ending).toBe('cancelled');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(childPid).toBeGreaterThan(0);
      await waitFor(() => !alive(childPid));
    } finally {
      runner.dispose();
    }
  });

  it('says why a tool cannot start', async () => {
    const runner = new LaunchedToolRunner();
    try {
      const error = await runner.run({ executable: '/nonexistent/psexec', args: [], timeoutMs: 5000 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolStartError);
      expect(error).toMatchObject({ code: 'ENOENT', executable: '/nonexistent/psexec' });
      expect((error as Error).message).toBe('cannot start /nonexistent/psexec: spawn /nonexistent/psexec ENOENT');
    } finally {
      runner.dispose();
    }
  });

  it('fails the runs of a launcher that dies, in words, and starts a new one for the next run', async () => {
    const runner = new LaunchedToolRunner();
    try {
      const probe = await runner.run({ executable: node, args: ['-e', 'console.log(process.ppid)'], timeoutMs: 10_000 });
      const launcherPid = Number(probe.stdout.trim());
      const long = runner.run({ executable: '/bin/sleep', args: ['30'], timeoutMs: 60_000 }).catch((caught: unknown) => caught);
      process.kill(launcherPid, 'SIGKILL');
      const error = await long;
      expect(error).toBeInstanceOf(ToolStartError);
      expect((error as Error).message).toBe('cannot start /bin/sleep: the tool launcher stopped (SIGKILL) while it ran');
      const again = await runner.run({ executable: node, args: ['-e', 'console.log(process.ppid)'], timeoutMs: 10_000 });
      expect(again.exitCode).toBe(0);
      expect(Number(again.stdout.trim())).not.toBe(launcherPid);
    } finally {
      runner.dispose();
    }
  });
});
