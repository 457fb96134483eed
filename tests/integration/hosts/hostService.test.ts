// Hosts through the contract dispatcher, as the renderer calls them: the lab fleet listed, collection with progress
// and evidence in the log, a kill refused when the PID names another image, cancel, and passwords kept out of files.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Events } from '../../../src/shared/contract';
import { withTempDir } from '../../support/tempDir';
import { startLoopbackListener } from '../support/loopbackListener';
import { sshdUnavailable, startTestSshd } from '../support/openSshd';
import { useLabServices } from '../../support/labServices';

const { ok, fails, hostId: labHost, services, configDir } = useLabServices('seed');

describe('hosts through the API', () => {
  it("lists the lab fleet and collects the seed host's sockets and processes, with progress and the raw runs in the log", async () => {
    const lab = await ok('lab.status', {});
    expect(lab?.fleet?.hosts).toContain('10.xx.50.81');
    const hosts = await ok('hosts.list', {});
    expect(hosts.filter((host) => host.isLab).map((host) => host.id).sort()).toEqual([...lab!.fleet!.hostIds].sort());

    const progress: Events['host.progress'][] = [];
    services().events.subscribe((event, payload) => {
      if (event === 'host.progress') progress.push(payload as Events['host.progress']);
    });
    const id = await labHost('10.xx.50.81');
    const connections = await ok('hosts.collectConnections', { id });
    expect(connections.result.records.filter((connection) => connection.pid === 3756).length).toBeGreaterThanOrEqual(7);
    const processes = await ok('hosts.collectProcesses', { id });
    expect(processes.result.records.some((process) => process.pid === 3756)).toBe(true);

    expect(progress.filter((event) => event.hostId === id).map((event) => `${event.operation}:${event.stage}`)).toEqual([
      'connections:started',
      'connections:running',
      'connections:finished',
      'processes:started',
      'processes:running',
      'processes:finished',
    ]);
    const logged = (await ok('log.list', {})).filter((entry) => entry.kind === 'command' && entry.device?.includes('10.xx.50.81'));
    expect(logged.map((entry) => entry.command?.split(' ')[0])).toEqual(['psexec', 'pslist']);
    expect(logged[0]!.detail).toBe(connections.command.stdout + (connections.command.stderr ? `\n--- stderr ---\n${connections.command.stderr}` : ''));
  });

  it('refuses to kill when the PID now names another image, and kills when it matches', async () => {
    const id = await labHost('10.xx.50.81');
    const processes = await ok('hosts.collectProcesses', { id });
    const target = processes.result.records.find((process) => process.pid === 3756)!;
    const refused = await fails('hosts.kill', { id, pid: 3756, expectName: 'notepad.exe' });
    expect(refused).toMatchObject({ kind: 'kill-refused', pid: 3756 });
    const killed = await ok('hosts.kill', { id, pid: 3756, expectName: target.name });
    expect(killed.outcome).toBe('killed');
    expect(killed.commands.map((command) => command.tool)).toEqual(['pslist', 'pskill', 'pslist']);
  });

  it('cancels a hanging collection on request', async () => {
    const id = await labHost('192.168.20.16');
    const pending = fails('hosts.collectConnections', { id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await ok('hosts.cancel', { id });
    expect(await pending).toMatchObject({ kind: 'host-command-cancelled', host: '192.168.20.16' });
  });

  it('refuses a host that could be read as an option, and keeps passwords out of the host file', async () => {
    const refused = await fails('hosts.add', { address: '-s' });
    expect(refused.kind).toBe('invalid-input');
    const added = await ok('hosts.add', { address: 'ws-57.corp.example', username: 'CORP\\ir', password: 'Sup3r-Secret' });
    expect(added).toMatchObject({ via: 'psexec', os: 'windows', timeoutMs: 30_000, hasPassword: true });
    const file = await readFile(join(configDir(), 'hosts.json'), 'utf8');
    expect(file).toContain('ws-57.corp.example');
    expect(file).not.toContain('Sup3r-Secret');
  });

  it('says where each Sysinternals tool would be found, and refuses a configured path that is not there', async () => {
    const statuses = await ok('tools.status', {});
    expect(statuses.map((status) => status.tool)).toEqual(['psexec', 'pslist', 'pskill']);
    const missing = await ok('tools.setPath', { tool: 'psexec', path: join(configDir(), 'PsExec64.exe') });
    expect(missing).toMatchObject({ resolvedPath: null });
    expect(missing.problem).toContain('PsExec64.exe');
  });
});

describe('hosts over SSH and this machine, through the API', () => {
  const unavailable = sshdUnavailable();

  it.skipIf(unavailable !== null)(`asks for an unknown SSH host key, then collects and kills a listener over SSH${unavailable ? ` (skipped: ${unavailable})` : ''}`, async () => {
    const sshd = await startTestSshd();
    const listener = await startLoopbackListener();
    const keyDir = await withTempDir();
    try {
      const keyPath = join(keyDir.path, 'id_ed25519');
      await writeFile(keyPath, sshd.clientKey.private, { mode: 0o600 });
      const host = await ok('hosts.add', { address: sshd.host, port: sshd.port, via: 'ssh', os: 'linux', username: sshd.username, privateKeyPath: keyPath });
      const unknown = await fails('hosts.collectConnections', { id: host.id });
      expect(unknown).toMatchObject({ kind: 'host-key-unknown', fingerprint: sshd.hostFingerprint });
      await ok('hostKeys.accept', { id: host.id, fingerprint: sshd.hostFingerprint });
      const connections = await ok('hosts.collectConnections', { id: host.id });
      expect(connections.result.records.find((connection) => connection.localPort === listener.port)).toMatchObject({ pid: listener.pid, state: 'LISTEN' });
      const killed = await ok('hosts.kill', { id: host.id, pid: listener.pid, expectName: 'node' });
      expect(killed.outcome).toBe('killed');
      expect(await listener.exited).toMatchObject({ signal: 'SIGTERM' });
    } finally {
      await listener.stop();
      await sshd.stop();
      await keyDir.remove();
    }
  });

  it('collects the sockets and processes of this machine', async () => {
    const listener = await startLoopbackListener();
    try {
      const host = await ok('hosts.add', { address: 'local', via: 'local', os: 'linux' });
      const connections = await ok('hosts.collectConnections', { id: host.id });
      expect(connections.result.records.find((connection) => connection.localPort === listener.port)?.pid).toBe(listener.pid);
      expect(connections.command.toolVersion).toMatch(/^iproute2/);
      const processes = await ok('hosts.collectProcesses', { id: host.id });
      expect(processes.result.records.find((process) => process.pid === listener.pid)?.commandLine).toContain(listener.marker);
      expect(processes.command.toolVersion).toMatch(/^procps/);
    } finally {
      await listener.stop();
    }
  });
});
