// Runs the real OpenSSH client against the lab router: the same `ssh` an analyst would type.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LabRouter } from '../../../src/main/lab/labRouter';

const execFileAsync = promisify(execFile);

export interface SshResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Options every test run needs: no known_hosts state, no agent, no user config, quiet. */
export function baseSshArgs(lab: LabRouter): string[] {
  return [
    '-F', '/dev/null',
    '-p', String(lab.port),
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'LogLevel=ERROR',
    '-o', 'ConnectTimeout=10',
    `${lab.username}@${lab.host}`,
  ];
}

/** An ed25519 key pair made by ssh-keygen in a fresh directory. */
export async function generateUserKey(): Promise<{ privateKeyPath: string; publicKeyLine: string; directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'flowpivot-lab-ssh-'));
  const privateKeyPath = join(directory, 'id_ed25519');
  await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lab-test', '-f', privateKeyPath]);
  const publicKeyLine = (await readFile(`${privateKeyPath}.pub`, 'utf8')).trim();
  return { privateKeyPath, publicKeyLine, directory };
}

/** An SSH_ASKPASS program that answers every prompt with `secret`. */
export async function writeAskpass(directory: string, secret: string): Promise<string> {
  const path = join(directory, 'askpass.sh');
  await writeFile(path, `#!/bin/sh\nprintf '%s\\n' '${secret.replace(/'/g, `'\\''`)}'\n`, { mode: 0o700 });
  return path;
}

export function runSsh(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString('latin1');
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString('latin1');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ssh ${args.join(' ')} timed out; stdout ${JSON.stringify(stdout.slice(-300))}, stderr ${JSON.stringify(stderr)}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
    if (options.input !== undefined) child.stdin.write(options.input);
    child.stdin.end();
  });
}
