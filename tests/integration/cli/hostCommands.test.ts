// `flowpivot collect host` and `flowpivot kill` as child processes: over SSH to a real OpenSSH sshd on 127.0.0.1 with
// a throwaway key, on this machine directly, and through the lab fleet's simulated PsExec/PsList/PsKill. The target is
// a real process the test started, listening on a loopback port: found by its socket, refused when the name does not
// match, stopped by PID and checked gone.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, KillResult, ParseResult, ProcessEntry } from '../../../src/shared/domain';
import { findParser } from '../../../src/shared/parsers/registry';
import { startLabFleet, type LabFleet } from '../../../src/main/lab/fleet/labFleet';
import { SEED_HOST } from '../../../src/main/lab/scenarios/seedFleet';
import { withTempDir } from '../../support/tempDir';
import { runCli } from '../support/flowpivotCli';
import { loopbackListeners, type LoopbackListener } from '../support/loopbackListener';
import { generateKey, sshdUnavailable, startTestSshd, type TestSshd } from '../support/openSshd';
import { alive } from '../../support/processes';

const execFileAsync = promisify(execFile);
const unavailable = sshdUnavailable();
const PASSPHRASE_VAR = 'FP_TEST_KEY_PASSPHRASE';
const PASSPHRASE = `key-passphrase-${process.pid}-do-not-print`;

let home: Awaited<ReturnType<typeof withTempDir>>;
const listeners = loopbackListeners();

beforeAll(async () => {
  home = await withTempDir();
});

afterEach(async () => {
  await listeners.stopAll();
});

afterAll(async () => {
  await home.remove();
});

/** The listener's own socket among the printed connections (its port on 127.0.0.1, LISTEN). */
function listenerSocket(stdout: string, listener: LoopbackListener): Connection | undefined {
  const printed = JSON.parse(stdout) as ParseResult<Connection, unknown>;
  return printed.records.find((socket) => socket.localPort === listener.port && socket.localAddr === '127.0.0.1');
}

describe.skipIf(unavailable !== null)(unavailable ? `flowpivot host commands over SSH (skipped: ${unavailable})` : 'flowpivot collect host / kill --via ssh against a real sshd', () => {
  let sshd: TestSshd;
  let keyPath: string;
  let knownHosts: string;

  beforeAll(async () => {
    sshd = await startTestSshd({ clientKeyPassphrase: PASSPHRASE });
    keyPath = join(home.path, 'client_key');
    await writeFile(keyPath, sshd.clientKey.private, { mode: 0o600 });
    knownHosts = join(home.path, 'ssh_known_hosts');
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  const sshArgs = () => ['--via', 'ssh', '--user', sshd.username, '--port', String(sshd.port), '--key', keyPath, '--passphrase-env', PASSPHRASE_VAR, '--known-hosts', knownHosts];
  const env = { [PASSPHRASE_VAR]: PASSPHRASE };

  it('finds the listener\'s socket and process, refuses a kill under another name, then stops it and proves it gone', async () => {
    const listener = await listeners.start();
    const connections = await runCli(['collect', 'host', sshd.host, '--what', 'connections', '--accept-new-host-key', ...sshArgs()], home.path, env);
    expect(connections.stderr).not.toContain('Internal error');
    expect(connections.code).toBe(0);
    expect(listenerSocket(connections.stdout, listener)).toMatchObject({ state: 'LISTEN', pid: listener.pid });
    expect(await readFile(knownHosts, 'utf8')).toContain(`[${sshd.host}]:${sshd.port} ssh-ed25519 `);

    const processes = await runCli(['collect', 'host', sshd.host, '--what', 'processes', '--csv', ...sshArgs()], home.path, env);
    expect(processes.code).toBe(0);
    const row = processes.stdout.split('\n').find((line) => line.includes(listener.marker));
    expect(row).toContain(String(listener.pid));

    const refused = await runCli(['kill', sshd.host, String(listener.pid), '--expect-name', 'python3', ...sshArgs()], home.path, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Did not stop process ${listener.pid}`);
    expect(refused.stderr).toMatch(/is now "node", not "python3"/);
    expect(alive(listener.pid)).toBe(true);

    const killed = await runCli(['kill', sshd.host, String(listener.pid), '--expect-name', 'node', '--reason', 'listener on a loopback port', ...sshArgs()], home.path, env);
    expect(killed.stderr).not.toContain('Internal error');
    expect(killed.code).toBe(0);
    const result = JSON.parse(killed.stdout) as KillResult;
    expect(result).toMatchObject({ outcome: 'killed', pid: listener.pid, reason: 'listener on a loopback port' });
    // Listed again before the kill, then the kill and its check that the PID is gone.
    expect(result.commands[0]?.tool).toBe('ps');
    expect(result.commands.slice(1).map((command) => command.tool)).toContain('kill');
    expect(await listener.exited).toMatchObject({ signal: expect.stringMatching(/SIGTERM|SIGKILL/) });

    for (const run of [connections, processes, refused, killed]) {
      expect(run.stdout + run.stderr).not.toContain(PASSPHRASE);
    }
  });

  it('refuses a host whose key changed, naming both fingerprints, even with --accept-new-host-key', async () => {
    const other = generateKey();
    const otherBlob = other.public.split(' ')[1]!;
    const changed = join(home.path, 'changed_known_hosts');
    await writeFile(changed, `[${sshd.host}]:${sshd.port} ssh-ed25519 ${otherBlob}\n`);
    const run = await runCli(['collect', 'host', sshd.host, '--what', 'connections', ...sshArgs().slice(0, -2), '--known-hosts', changed, '--accept-new-host-key'], home.path, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CHANGED');
    expect(run.stderr).toContain(sshd.hostFingerprint);
    expect(run.stderr).toMatch(/Expected SHA256:[A-Za-z0-9+/]{43}/);
    expect(await readFile(changed, 'utf8')).toBe(`[${sshd.host}]:${sshd.port} ssh-ed25519 ${otherBlob}\n`);
  });
});

describe('flowpivot collect host / kill --via local', () => {
  it('finds the listener on this machine and stops it by PID once the name matches', async () => {
    const listener = await listeners.start();
    const connections = await runCli(['collect', 'host', 'local', '--via', 'local', '--what', 'connections'], home.path);
    expect(connections.code).toBe(0);
    expect(listenerSocket(connections.stdout, listener)?.pid).toBe(listener.pid);

    const refused = await runCli(['kill', 'local', String(listener.pid), '--via', 'local', '--expect-name', 'sshd'], home.path);
    expect(refused.code).toBe(1);
    expect(alive(listener.pid)).toBe(true);

    const killed = await runCli(['kill', 'local', String(listener.pid), '--via', 'local', '--expect-name', 'node'], home.path);
    expect(killed.code).toBe(0);
    expect((JSON.parse(killed.stdout) as KillResult).outcome).toBe('killed');
    await listener.exited;
    expect(alive(listener.pid)).toBe(false);
  });

  it('exits 2 for command lines it cannot use', async () => {
    const cases: [string[], string][] = [
      [['kill', 'local', '12x', '--via', 'local', '--expect-name', 'node'], '"12x" is not a PID'],
      [['kill', 'local', '1234', '--via', 'local'], '--expect-name NAME is required'],
      [['collect', 'host', 'WS-1', '--via', 'local', '--what', 'connections'], 'with --via local the host is "local"'],
      [['collect', 'host', 'WS-1', '--via', 'telnet', '--what', 'connections'], '--via must be one of psexec, ssh, local'],
      [['collect', 'host', 'WS 1', '--via', 'psexec', '--what', 'connections'], 'a host name or IP address (it contains spaces'],
      [['collect', 'host', 'WS-1', '--via', 'ssh', '--what', 'connections'], '--via ssh needs --user'],
      [['collect', 'host', 'WS-1', '--via', 'psexec', '--what', 'sockets'], '--what must be one of connections, processes'],
      [['collect', 'switch', 'WS-1'], 'collect what? "router" or "host"'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, home.path);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain(message);
    }
  });
});

describe('flowpivot collect host / kill --via psexec on the lab fleet', () => {
  let fleet: LabFleet;
  let toolEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fleet = await startLabFleet({ scenario: 'seed' });
    toolEnv = { PATH: `${fleet.binDir}:${process.env.PATH ?? ''}` };
  });

  afterAll(async () => {
    await fleet?.dispose();
  });

  it('prints what PsExec\'s netstat says, and kills ctfmon by PID only after PsList still names it so', async () => {
    const connections = await runCli(['collect', 'host', SEED_HOST, '--via', 'psexec', '--what', 'connections'], home.path, toolEnv);
    expect(connections.code).toBe(0);
    const direct = await execFileAsync('psexec', [`\\\\${SEED_HOST}`, '-accepteula', '-nobanner', 'netstat', '-ano'], { env: { ...process.env, ...toolEnv } });
    expect((JSON.parse(connections.stdout) as ParseResult<Connection, unknown>).records).toEqual(findParser('win-netstat')!.parse(direct.stdout).records);

    const processes = await runCli(['collect', 'host', SEED_HOST, '--via', 'psexec', '--what', 'processes'], home.path, toolEnv);
    const ctfmon = (JSON.parse(processes.stdout) as ParseResult<ProcessEntry, unknown>).records.find((process) => process.name === 'ctfmon');
    expect(ctfmon?.pid).toBe(3968);

    const mismatch = await runCli(['kill', SEED_HOST, '3968', '--via', 'psexec', '--expect-name', 'notepad.exe', '--force'], home.path, toolEnv);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('PID 3968 is now "ctfmon", not "notepad.exe"');

    const protectedOne = await runCli(['kill', SEED_HOST, '4', '--via', 'psexec', '--expect-name', 'System'], home.path, toolEnv);
    expect(protectedOne.code).toBe(1);
    expect(protectedOne.stderr).toContain('override');

    const killed = await runCli(['kill', SEED_HOST, '3968', '--via', 'psexec', '--expect-name', 'ctfmon.exe'], home.path, toolEnv);
    expect(killed.code).toBe(0);
    const after = await execFileAsync('pslist', [`\\\\${SEED_HOST}`, '-accepteula'], { env: { ...process.env, ...toolEnv } });
    expect((findParser('pslist')!.parse(after.stdout).records as ProcessEntry[]).map((process) => process.pid)).not.toContain(3968);

    const again = await runCli(['kill', SEED_HOST, '3968', '--via', 'psexec', '--expect-name', 'ctfmon.exe'], home.path, toolEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no longer exists');
  });
});
