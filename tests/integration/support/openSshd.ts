// A real OpenSSH sshd (Debian's openssh-server) on 127.0.0.1 for integration tests: a throwaway host key, key-only
// login as the user running the tests, its own folder, stopped and removed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { sha256Fingerprint } from '../../../src/main/ssh/hostKeyFingerprint';
import { withTempDir } from '../../support/tempDir';
import { generateEd25519Key } from '../../support/sshKeys';

export const SSHD_PATH = '/usr/sbin/sshd';

/** Why the sshd-backed tests cannot run on this machine, in words; null when they can. */
export function sshdUnavailable(): string | null {
  return existsSync(SSHD_PATH) ? null : `${SSHD_PATH} is absent (install Debian's openssh-server)`;
}

export interface TestSshdOptions {
  /** Encrypts the client key with this passphrase; unencrypted by default. */
  clientKeyPassphrase?: string;
  /** More keys allowed to log in, each with its authorized_keys options (`environment="PATH=…"`, `command="…"`). */
  extraClientKeys?: Array<{ publicKey: string; options?: string[] }>;
}

/**
 * Given to every key: bash reads ~/.bashrc for commands sshd starts unless it is a nested shell (SHLVL ≥ 2 once it
 * counts itself), and a developer's .bashrc (pyenv, nvm, conda) can take seconds per command.
 */
const SESSION_OPTIONS = ['environment="SHLVL=1"'];

function authorizedKeyLine(publicKey: string, options: readonly string[] = []): string {
  return `${[...SESSION_OPTIONS, ...options].join(',')} ${publicKey.trim()}`;
}

export interface TestSshd {
  host: '127.0.0.1';
  port: number;
  /** The user running the tests: the only one this sshd can log in. */
  username: string;
  /** The host key as the server presents it (SSH wire format), and its OpenSSH fingerprint. */
  hostKeyBlob: Buffer;
  hostFingerprint: string;
  /** The host's private key file, for tools that read it (`ssh-keygen -l`). */
  hostKeyPath: string;
  /** A client key pair in authorized_keys (OpenSSH private key format). */
  clientKey: { private: string; public: string };
  /** The server's folder (config, keys); removed by stop(). */
  dir: string;
  /** What sshd printed on stderr (-e), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** An ed25519 key pair from ssh2, so the tests need no ssh-keygen. */
export function generateKey(passphrase?: string): { private: string; public: string } {
  return generateEd25519Key(passphrase);
}

export async function startTestSshd(options: TestSshdOptions = {}): Promise<TestSshd> {
  const temp = await withTempDir();
  const dir = temp.path;
  const hostKey = generateKey();
  const hostKeyPath = join(dir, 'host_ed25519');
  const clientKey = generateKey(options.clientKeyPassphrase);
  await writeFile(hostKeyPath, hostKey.private, { mode: 0o600 });
  const keyLines = [authorizedKeyLine(clientKey.public), ...(options.extraClientKeys ?? []).map((key) => authorizedKeyLine(key.publicKey, key.options))];
  await writeFile(join(dir, 'authorized_keys'), keyLines.join('\n') + '\n', { mode: 0o600 });
  await chmod(dir, 0o700);
  const port = await freePort();
  await writeFile(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyPath}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitUserEnvironment yes',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'LogLevel ERROR',
    ].join('\n') + '\n',
  );
  try {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // the privilege-separation folder, absent without systemd
  } catch {
    // Not root: sshd runs unprivileged and does not need it.
  }
  const sshd = spawn(SSHD_PATH, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  sshd.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, sshd, () => stderr);
  } catch (error) {
    sshd.kill('SIGKILL');
    await temp.remove();
    throw error;
  }
  const hostKeyBlob = Buffer.from(hostKey.public.split(' ')[1]!, 'base64');
  return {
    host: '127.0.0.1',
    port,
    username: userInfo().username,
    hostKeyBlob,
    hostFingerprint: sha256Fingerprint(hostKeyBlob),
    hostKeyPath,
    clientKey,
    dir,
    log: () => stderr,
    stop: async () => {
      await stopProcess(sshd);
      await temp.remove();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}: ${log()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
