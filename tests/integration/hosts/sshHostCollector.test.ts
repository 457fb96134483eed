// SshHostCollector against a real OpenSSH sshd on 127.0.0.1: a listener the test started is found by its socket and
// process over SSH, stopped by PID and checked gone; host keys, timeouts, cancels and failures as the analyst meets them.
// Hanging and failing commands come from the server itself: two more keys log in with a folder of stand-in `ss` and
// `ps` programs first on PATH (authorized_keys environment=), so FlowPivot still sends its own fixed commands.
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostCommandRecord } from '../../../src/shared/domain';
import type { HostTarget } from '../../../src/main/hosts/hostCollector';
import { SshHostCollector, type SshHostDeps } from '../../../src/main/hosts/ssh/sshHostCollector';
import { KnownHostsFile } from '../../../src/main/ssh/knownHosts';
import { errorOf } from '../../support/appError';
import { withTempDir } from '../../support/tempDir';
import { loopbackListeners } from '../support/loopbackListener';
import { generateKey, sshdUnavailable, startTestSshd, type TestSshd } from '../support/openSshd';

const unavailable = sshdUnavailable();
/** What the stand-in tools of the hanging key run: a command line no other process has, so the test can find it. */
const HANGING_COMMAND = ['sleep', '29.517'];

/** A folder of executable shell scripts, by name. */
async function standInTools(dir: string, scripts: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, body] of Object.entries(scripts)) await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** PIDs of processes whose command line is exactly `words` (read from /proc, as the server's own user sees them). */
function processesRunning(words: string[]): number[] {
  const wanted = words.join('\0') + '\0';
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readFileSync(join('/proc', name, 'cmdline'), 'utf8') === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe.skipIf(unavailable !== null)(unavailable ? `SshHostCollector against a real sshd (skipped: ${unavailable})` : 'SshHostCollector against a real OpenSSH sshd on 127.0.0.1', () => {
  let sshd: TestSshd;
  let knownHostsDir: Awaited<ReturnType<typeof withTempDir>>;
  let toolsDir: Awaited<ReturnType<typeof withTempDir>>;
  let knownHosts: KnownHostsFile;
  const hangingKey = generateKey();
  const failingKey = generateKey();
  const records: HostCommandRecord[] = [];
  const collectors: SshHostCollector[] = [];
  const listeners = loopbackListeners();

  beforeAll(async () => {
    toolsDir = await withTempDir();
    const hangingTools = await standInTools(join(toolsDir.path, 'hanging'), { ss: `exec ${HANGING_COMMAND.join(' ')}`, ps: `exec ${HANGING_COMMAND.join(' ')}` });
    const failingTools = await standInTools(join(toolsDir.path, 'failing'), { ps: 'echo "ps: cannot read /proc" >&2; exit 3' });
    sshd = await startTestSshd({
      extraClientKeys: [
        { publicKey: hangingKey.public, options: [`environment="PATH=${hangingTools}:/usr/bin:/bin"`] },
        { publicKey: failingKey.public, options: [`environment="PATH=${failingTools}:/usr/bin:/bin"`] },
      ],
    });
    knownHostsDir = await withTempDir();
    knownHosts = new KnownHostsFile(join(knownHostsDir.path, 'known_hosts'));
    await knownHosts.add(sshd.host, sshd.port, sshd.hostKeyBlob);
  });

  afterEach(async () => {
    await listeners.stopAll();
    await Promise.all(collectors.splice(0).map((collector) => collector.dispose()));
    // A stand-in the server failed to stop must not make the next test pass or fail.
    for (const pid of processesRunning(HANGING_COMMAND)) process.kill(pid, 'SIGKILL');
    records.length = 0;
  });

  afterAll(async () => {
    await sshd?.stop();
    await knownHostsDir?.remove();
    await toolsDir?.remove();
  });

  function collector(overrides: Partial<HostTarget> = {}, verifyHostKey?: SshHostDeps['verifyHostKey']): SshHostCollector {
    const target: HostTarget = {
      hostId: 'linux-1',
      address: sshd.host,
      via: 'ssh',
      os: 'linux',
      username: sshd.username,
      password: null,
      port: sshd.port,
      privateKey: Buffer.from(sshd.clientKey.private),
      privateKeyPath: null,
      passphrase: null,
      timeoutMs: 10_000,
      ...overrides,
    };
    const created = new SshHostCollector(target, {
      verifyHostKey: verifyHostKey ?? ((key) => knownHosts.verify(sshd.host, sshd.port, key.blob)),
      onRecord: (record) => records.push(record),
    });
    collectors.push(created);
    return created;
  }

  it('finds a listener the test started by its socket and its process, with PID and name, over SSH', async () => {
    const started = await listeners.start();
    const host = collector();

    const connections = await host.collectConnections();
    const socket = connections.result.records.find((record) => record.localPort === started.port && record.pid === started.pid);
    expect(socket).toMatchObject({ proto: 'TCP', localAddr: '127.0.0.1', state: 'LISTEN', pid: started.pid, process: 'node' });
    expect(connections).toMatchObject({ hostId: 'linux-1', host: '127.0.0.1' });
    expect(connections.command).toMatchObject({
      host: '127.0.0.1',
      via: 'ssh',
      tool: 'ss',
      toolPath: `${sshd.username}@127.0.0.1:${sshd.port}`,
      argv: ['env', 'LC_ALL=C', 'ss', '-tunap'],
      exitCode: 0,
      outcome: 'ok',
    });
    expect(connections.command.toolVersion).toMatch(/^OpenSSH_\d/);
    expect(connections.command.stdout).toContain(`127.0.0.1:${started.port}`);

    const processes = await host.collectProcesses();
    const entry = processes.result.records.find((record) => record.pid === started.pid);
    expect(entry).toMatchObject({ name: 'node', ppid: process.pid, user: sshd.username });
    expect(entry?.commandLine).toContain(started.marker);
    expect(processes.command.argv).toEqual(['env', 'LC_ALL=C', 'ps', '-eo', 'pid,ppid,user,lstart,etimes,comm,args']);
    expect(processes.result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(records.map((record) => record.tool)).toEqual(['ss', 'ps']);
  });

  it('kills the listener by PID, counts it killed only once a check says it is gone, and a second kill finds nothing', async () => {
    const started = await listeners.start();
    const host = collector();

    const result = await host.kill(started.pid);
    expect(result.outcome).toBe('killed');
    expect(result.message).toContain(`Process ${started.pid} on 127.0.0.1`);
    expect(result.message).toBe(`Process ${started.pid} on 127.0.0.1 stopped with TERM; a check afterwards confirmed it is gone.`);
    expect(result.commands[0]).toMatchObject({ tool: 'kill', argv: ['env', 'LC_ALL=C', 'kill', '-TERM', String(started.pid)], exitCode: 0, outcome: 'ok' });
    const check = result.commands.at(-1)!;
    expect(check).toMatchObject({ tool: 'kill', argv: ['env', 'LC_ALL=C', 'kill', '-0', String(started.pid)], exitCode: 1, outcome: 'ok' });
    expect(check.stderr).toMatch(/No such process/);
    expect(await started.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(records).toEqual(result.commands);

    const after = await host.collectProcesses();
    expect(after.result.records.some((record) => record.pid === started.pid)).toBe(false);

    const again = await host.kill(started.pid);
    expect(again.outcome).toBe('not-found');
    expect(again.message).toMatch(new RegExp(`^No process ${started.pid} on 127\\.0\\.0\\.1: it had already ended or never existed \\(".*No such process"\\)\\.$`));
    expect(again.commands).toHaveLength(1);
    expect(again.commands[0]).toMatchObject({ exitCode: 1, outcome: 'failed' });
  });

  it('says still running when a process ignores TERM, and stops it with KILL when asked to escalate', async () => {
    const stubborn = await listeners.start({ ignoreTerm: true });
    const host = collector();

    const patient = await host.kill(stubborn.pid);
    expect(patient.outcome).toBe('still-running');
    expect(patient.message).toBe(`Process ${stubborn.pid} on 127.0.0.1 was sent TERM but is still running after 2 s; stop it again with escalation to KILL.`);
    expect(patient.commands.slice(1).every((record) => record.argv.includes('-0') && record.exitCode === 0)).toBe(true);

    const forced = await host.kill(stubborn.pid, { escalateAfterMs: 300 });
    expect(forced.outcome).toBe('killed');
    expect(forced.message).toBe(`Process ${stubborn.pid} on 127.0.0.1 did not stop on TERM within 0.3 s and was stopped with KILL; a check afterwards confirmed it is gone.`);
    expect(forced.commands.map((record) => record.argv.slice(3).join(' '))).toContain(`-KILL ${stubborn.pid}`);
    expect(await stubborn.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('refuses an unknown host key, naming its fingerprint, and runs nothing', async () => {
    const empty = new KnownHostsFile(join(knownHostsDir.path, 'empty_known_hosts'));
    const host = collector({}, (key) => empty.verify(sshd.host, sshd.port, key.blob));
    const error = await errorOf(host.collectConnections());
    expect(error.data).toEqual({ kind: 'host-key-unknown', device: `127.0.0.1:${sshd.port}`, keyType: 'ssh-ed25519', fingerprint: sshd.hostFingerprint });
    expect(records).toEqual([]);
  });

  it('names the host and port when nothing listens there', async () => {
    const closed = collector({ port: 1 });
    const error = await errorOf(closed.collectProcesses());
    expect(error.data).toMatchObject({ kind: 'connect-failed', device: '127.0.0.1:1' });
    expect(error.message).toBe('Cannot reach 127.0.0.1:1: connection refused (nothing listens on that port).');
  });

  // OpenSSH refuses to signal a root login's commands ("session signalling requires privilege separation"), so what the
  // server does with the stand-in is not asserted: FlowPivot's side is. afterEach stops a stand-in left behind.
  it('stops waiting for a command that hangs at its timeout and keeps the run as evidence', async () => {
    const hanging = collector({ privateKey: Buffer.from(hangingKey.private) });
    const started = Date.now();
    const error = await errorOf(hanging.collectConnections({ timeoutMs: 400 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.data).toEqual({ kind: 'host-command-timeout', host: '127.0.0.1', tool: 'ss', timeoutMs: 400 });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ tool: 'ss', argv: ['env', 'LC_ALL=C', 'ss', '-tunap'], outcome: 'timeout', exitCode: null });
  });

  it('cancels a command that hangs when its AbortSignal fires', async () => {
    // A root login's commands can outlive a stop (OpenSSH signals only unprivileged sessions): wait for a stand-in
    // this test started, not one an earlier test left running.
    const earlier = new Set(processesRunning(HANGING_COMMAND));
    const hanging = collector({ privateKey: Buffer.from(hangingKey.private) });
    const controller = new AbortController();
    const running = hanging.collectProcesses({ signal: controller.signal });
    expect(await waitFor(() => processesRunning(HANGING_COMMAND).some((pid) => !earlier.has(pid)), 5000)).toBe(true);
    controller.abort();
    const error = await errorOf(running);
    expect(error.data).toEqual({ kind: 'host-command-cancelled', host: '127.0.0.1', tool: 'ps' });
    expect(records.map((record) => record.outcome)).toEqual(['cancelled']);
  });

  it('cancels while the connection is still being opened, before anything runs', async () => {
    const host = collector();
    const controller = new AbortController();
    const running = host.collectConnections({ signal: controller.signal });
    controller.abort();
    expect((await errorOf(running)).data).toEqual({ kind: 'host-command-cancelled', host: '127.0.0.1', tool: 'ss' });
    expect(records).toEqual([]);
  });

  it('reports a command that fails with its own words and exit code, and keeps the failed run', async () => {
    const failing = collector({ privateKey: Buffer.from(failingKey.private) });
    const error = await errorOf(failing.collectProcesses());
    expect(error.data).toEqual({ kind: 'host-tool-failed', host: '127.0.0.1', tool: 'ps', reason: 'exit-code', detail: 'ps: cannot read /proc', exitCode: 3 });
    expect(error.message).toBe('ps on 127.0.0.1 failed: the tool reported a failure — "ps: cannot read /proc" (exit code 3).');
    expect(records[0]).toMatchObject({ outcome: 'failed', exitCode: 3, stderr: 'ps: cannot read /proc\n', stdout: '' });
  });

  it('refuses a PID that Linux kill would read as a process group or as every process, before any command runs', async () => {
    const host = collector();
    expect((await errorOf(host.kill(4294967295))).data).toMatchObject({ kind: 'kill-refused', pid: 4294967295 });
    expect((await errorOf(host.kill(4294966296))).data).toMatchObject({ kind: 'kill-refused' });
    expect((await errorOf(host.kill(0))).data).toEqual({ kind: 'invalid-pid', host: '127.0.0.1', pid: '0' });
    expect(records).toEqual([]);
  });
});
