// FlowPivot's SSH layer against a real OpenSSH sshd on loopback: host-key checks, fingerprints as ssh-keygen prints them, key auth.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { writeFileSync, chmodSync, readFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSshConnection, type SshConnectOptions } from '../../src/main/ssh/sshConnection';
import { utils } from '../../src/main/ssh/ssh2';
import { AppError } from '../../src/shared/errors';
import { withTempDir } from '../support/tempDir';

const SSHD = '/usr/sbin/sshd';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('sshd did not start listening');
}

describe.runIf(process.getuid?.() === 0)('against a real OpenSSH sshd on 127.0.0.1', () => {
  let dir: Awaited<ReturnType<typeof withTempDir>>;
  let sshd: ChildProcess;
  let port: number;
  let hostFingerprint: string;
  let clientKey: { private: string; public: string };

  beforeAll(async () => {
    dir = await withTempDir();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir.path, 'host_ed25519')]);
    hostFingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir.path, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1]!;
    clientKey = utils.generateKeyPairSync('ed25519', { passphrase: 'client-passphrase', cipher: 'aes256-ctr', rounds: 16 });
    writeFileSync(join(dir.path, 'authorized_keys'), `${clientKey.public}\n`);
    chmodSync(dir.path, 0o700);
    port = await freePort();
    writeFileSync(
      join(dir.path, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir.path, 'host_ed25519')}`,
        `AuthorizedKeysFile ${join(dir.path, 'authorized_keys')}`,
        `PidFile ${join(dir.path, 'sshd.pid')}`,
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
      ].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege-separation folder, absent without systemd
    sshd = spawn(SSHD, ['-D', '-e', '-f', join(dir.path, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitForPort(port, sshd);
  });

  afterAll(async () => {
    sshd?.kill('SIGTERM');
    await dir?.remove();
  });

  function options(overrides: Partial<SshConnectOptions>): SshConnectOptions {
    return {
      device: `sshd (127.0.0.1:${port})`,
      host: '127.0.0.1',
      port,
      username: userInfo().username,
      auth: 'private-key',
      privateKey: Buffer.from(clientKey.private),
      passphrase: 'client-passphrase',
      legacyAlgorithms: false,
      verifyHostKey: async () => ({ status: 'trusted' }),
      ...overrides,
    };
  }

  it('computes the host key fingerprint exactly as ssh-keygen -l prints it', async () => {
    let presented = '';
    const connection = await openSshConnection(options({ verifyHostKey: async (key) => ((presented = key.fingerprint), { status: 'trusted' }) }));
    connection.client.end();
    expect(presented).toBe(hostFingerprint);
    expect(connection.hostKey.keyType).toBe('ssh-ed25519');
    expect(readFileSync(join(dir.path, 'host_ed25519.pub'), 'utf8')).toContain(connection.hostKey.blob.toString('base64'));
  });

  it('logs in with a passphrase-protected key and runs a command', async () => {
    const connection = await openSshConnection(options({}));
    const output = await new Promise<string>((resolve, reject) => {
      connection.client.exec('echo flowpivot-was-here', (error, stream) => {
        if (error) return reject(error);
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
        stream.on('close', () => resolve(text));
      });
    });
    connection.client.end();
    expect(output.trim()).toBe('flowpivot-was-here');
  });

  it('refuses an unknown host key before authenticating', async () => {
    const error = await openSshConnection(options({ verifyHostKey: async () => ({ status: 'unknown' }) })).catch((caught: AppError) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).data).toEqual({ kind: 'host-key-unknown', device: `sshd (127.0.0.1:${port})`, keyType: 'ssh-ed25519', fingerprint: hostFingerprint });
  });

  it('names a wrong passphrase as an unreadable private key', async () => {
    const error = await openSshConnection(options({ passphrase: 'wrong' })).catch((caught: AppError) => caught);
    expect((error as AppError).data.kind).toBe('private-key-unreadable');
  });
});
