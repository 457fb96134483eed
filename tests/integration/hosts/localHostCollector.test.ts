// LocalHostCollector on this Linux machine, for real: a listener the test started is found by its socket and process
// with the system's own ss and ps, stopped by PID with kill and checked gone; refusals, timeout and cancel as well.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostCommandRecord } from '../../../src/shared/domain';
import { LocalHostCollector, localHostTarget, type LocalHostDeps } from '../../../src/main/hosts/local/localHostCollector';
import { errorOf } from '../../support/appError';
import { withTempDir } from '../../support/tempDir';
import { loopbackListeners } from '../support/loopbackListener';

describe.runIf(process.platform === 'linux')('LocalHostCollector on this Linux machine', () => {
  const records: HostCommandRecord[] = [];
  const listeners = loopbackListeners();
  let tools: Awaited<ReturnType<typeof withTempDir>>;
  let hangingSs: string;

  beforeAll(async () => {
    tools = await withTempDir();
    hangingSs = join(tools.path, 'ss');
    await writeFile(hangingSs, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
  });

  afterEach(async () => {
    await listeners.stopAll();
    records.length = 0;
  });

  afterAll(async () => {
    await tools?.remove();
  });

  function collector(deps: Partial<LocalHostDeps> = {}): LocalHostCollector {
    return new LocalHostCollector(localHostTarget(10_000), { onRecord: (record) => records.push(record), ...deps });
  }

  it('finds a listener the test started by its socket and its process, with PID and name', async () => {
    const started = await listeners.start();
    const host = collector();

    const connections = await host.collectConnections();
    expect(connections.result.records.find((record) => record.localPort === started.port && record.pid === started.pid)).toMatchObject({
      proto: 'TCP',
      localAddr: '127.0.0.1',
      state: 'LISTEN',
      process: 'node',
    });
    expect(connections).toMatchObject({ hostId: null, host: 'local' });
    expect(connections.command).toMatchObject({ host: 'local', via: 'local', tool: 'ss', exitCode: 0, outcome: 'ok', stderr: '' });
    expect(connections.command.argv.slice(1)).toEqual(['-tunap']);
    expect(connections.command.argv[0]).toMatch(/\/ss$/);
    expect(connections.command.toolPath).toBe(connections.command.argv[0]);

    const processes = await host.collectProcesses();
    const entry = processes.result.records.find((record) => record.pid === started.pid);
    expect(entry).toMatchObject({ name: 'node', ppid: process.pid });
    expect(entry?.commandLine).toContain(started.marker);
    expect(processes.command.argv.slice(1)).toEqual(['-eo', 'pid,ppid,user,lstart,etimes,comm,args']);
    expect(records.map((record) => record.tool)).toEqual(['ss', 'ps']);
  });

  it('kills the listener by PID, counts it killed once kill -0 says it is gone, and a second kill finds nothing', async () => {
    const started = await listeners.start();
    const host = collector();

    const result = await host.kill(started.pid);
    expect(result.outcome).toBe('killed');
    expect(result.message).toContain(`Process ${started.pid} on local`);
    expect(result.commands[0]!.argv.slice(1)).toEqual(['-TERM', String(started.pid)]);
    expect(result.commands.at(-1)!.argv.slice(1)).toEqual(['-0', String(started.pid)]);
    expect(result.commands.at(-1)!.stderr).toMatch(/No such process/);
    expect(await started.exited).toEqual({ code: null, signal: 'SIGTERM' });

    const gone = await host.collectProcesses();
    expect(gone.result.records.some((record) => record.pid === started.pid)).toBe(false);
    const again = await host.kill(started.pid);
    expect(again.outcome).toBe('not-found');
    expect(again.commands).toHaveLength(1);
  });

  it("refuses FlowPivot's own process and PIDs kill would misread, before anything runs", async () => {
    const host = collector();
    expect((await errorOf(host.kill(process.pid))).data).toEqual({ kind: 'kill-refused', host: 'local', pid: process.pid, reason: 'it is FlowPivot itself', because: 'not-allowed' });
    expect((await errorOf(host.kill(4294967295))).data).toMatchObject({ kind: 'kill-refused', pid: 4294967295 });
    expect((await errorOf(host.kill(1))).data).toMatchObject({ kind: 'kill-refused', pid: 1 });
    expect((await errorOf(host.kill(-5))).data).toEqual({ kind: 'invalid-pid', host: 'local', pid: '-5' });
    expect(records).toEqual([]);
  });

  it('stops a configured tool that hangs at the timeout, and on cancel, keeping each run', async () => {
    const host = collector({ toolPaths: { ss: hangingSs } });
    const started = Date.now();
    const timeout = await errorOf(host.collectConnections({ timeoutMs: 300 }));
    expect(timeout.data).toEqual({ kind: 'host-command-timeout', host: 'local', tool: 'ss', timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const cancelled = await errorOf(host.collectConnections({ signal: controller.signal }));
    expect(cancelled.data).toEqual({ kind: 'host-command-cancelled', host: 'local', tool: 'ss' });
    expect(records.map((record) => [record.toolPath, record.outcome, record.signal])).toEqual([
      [hangingSs, 'timeout', 'SIGTERM'],
      [hangingSs, 'cancelled', 'SIGTERM'],
    ]);
  });

  it('says which tool is missing when a configured path does not exist', async () => {
    const host = collector({ toolPaths: { ps: join(tools.path, 'no-such-ps') } });
    const error = await errorOf(host.collectProcesses());
    expect(error.data).toEqual({ kind: 'tool-not-found', tool: 'ps', searched: `the configured path ${join(tools.path, 'no-such-ps')}` });
  });
});
