// FlowPivot's SSH layer against a real OpenSSH sshd on loopback: host-key checks, fingerprints as ssh-keygen prints them, key auth.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSshConnection, type SshConnectOptions } from '../../src/main/ssh/sshConnection';
import { errorOf } from '../support/appError';
import { sshdUnavailable, startTestSshd, type TestSshd } from './support/openSshd';

const unavailable = sshdUnavailable();
const CLIENT_PASSPHRASE = 'client-passphrase';

describe.skipIf(unavailable !== null)(unavailable ? `against a real OpenSSH sshd (skipped: ${unavailable})` : 'against a real OpenSSH sshd on 127.0.0.1', () => {
  let sshd: TestSshd;

  beforeAll(async () => {
    sshd = await startTestSshd({ clientKeyPassphrase: CLIENT_PASSPHRASE });
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  function options(overrides: Partial<SshConnectOptions>): SshConnectOptions {
    return {
      device: `sshd (127.0.0.1:${sshd.port})`,
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      auth: 'private-key',
      privateKey: Buffer.from(sshd.clientKey.private),
      passphrase: CLIENT_PASSPHRASE,
      legacyAlgorithms: false,
      verifyHostKey: async () => ({ status: 'trusted' }),
      ...overrides,
    };
  }

  it('computes the host key fingerprint exactly as ssh-keygen -l prints it', async () => {
    const keygenFingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', sshd.hostKeyPath], { encoding: 'utf8' }).split(' ')[1]!;
    let presented = '';
    const connection = await openSshConnection(options({ verifyHostKey: async (key) => ((presented = key.fingerprint), { status: 'trusted' }) }));
    connection.client.end();
    expect(presented).toBe(keygenFingerprint);
    expect(connection.hostKey.keyType).toBe('ssh-ed25519');
    expect(connection.hostKey.blob.equals(sshd.hostKeyBlob)).toBe(true);
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
    const error = await errorOf(openSshConnection(options({ verifyHostKey: async () => ({ status: 'unknown' }) })));
    expect(error.data).toEqual({ kind: 'host-key-unknown', device: `sshd (127.0.0.1:${sshd.port})`, keyType: 'ssh-ed25519', fingerprint: sshd.hostFingerprint });
  });

  it('names a wrong passphrase as an unreadable private key', async () => {
    const error = await errorOf(openSshConnection(options({ passphrase: 'wrong' })));
    expect(error.data.kind).toBe('private-key-unreadable');
  });
});
