// Who may log in to the lab router, where it listens, and the host key it presents.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { fingerprintOf, labScenarios, startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { utils } from '../../../src/main/ssh/ssh2';
import { connectToLab, LabTerminal } from './labTerminal';
import { generateEd25519Key } from '../../support/sshKeys';

let lab: LabRouter;
let directory: string;
const authorizedKey = generateEd25519Key();
const strangerKey = generateEd25519Key();

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'flowpivot-lab-auth-'));
  lab = await startLabRouter({ authMethods: ['password', 'keyboard-interactive', 'publickey'], authorizedKeys: [authorizedKey.public] });
});

afterAll(async () => {
  await lab.close();
  await rm(directory, { recursive: true, force: true });
});

async function loginFails(config: Parameters<typeof connectToLab>[1], answerKeyboard?: Parameters<typeof connectToLab>[2]): Promise<Error> {
  try {
    const { client } = await connectToLab(lab, config, answerKeyboard);
    client.end();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the login succeeded');
}

describe('lab router authentication', () => {
  it('accepts the configured username and password', async () => {
    const { client } = await connectToLab(lab);
    client.end();
  });

  it('refuses a wrong password and a wrong username alike', async () => {
    expect((await loginFails({ password: 'guess' })).message).toMatch(/authentication methods failed/);
    expect((await loginFails({ username: 'admin' })).message).toMatch(/authentication methods failed/);
  });

  it('asks "Password: " without echo over keyboard-interactive and accepts only the password', async () => {
    const prompts: Array<{ prompt: string; echo?: boolean }> = [];
    const { client } = await connectToLab(lab, { password: undefined, tryKeyboard: true }, (asked) => {
      prompts.push(...asked);
      return [lab.password];
    });
    client.end();
    expect(prompts).toEqual([{ prompt: 'Password: ', echo: false }]);
    const error = await loginFails({ password: undefined, tryKeyboard: true }, () => ['not-it']);
    expect(error.message).toMatch(/authentication methods failed/);
  });

  it('hangs up after three wrong passwords, like IOS\'s default authentication-retries: the right one comes too late', async () => {
    let attempts = 0;
    const error = await loginFails({
      password: undefined,
      authHandler: (_methodsLeft, _partialSuccess, next) => {
        attempts += 1;
        next({ type: 'password', username: lab.username, password: attempts <= 3 ? `guess-${attempts}` : lab.password });
      },
    });
    expect(error.message).toMatch(/closed the connection before login completed|ECONNRESET|authentication methods failed/);
    expect(attempts).toBeGreaterThanOrEqual(3);
  });

  it('accepts an authorized public key and refuses any other', async () => {
    const { client } = await connectToLab(lab, { password: undefined, privateKey: authorizedKey.private });
    client.end();
    const error = await loginFails({ password: undefined, privateKey: strangerKey.private });
    expect(error.message).toMatch(/authentication methods failed/);
  });

  it('refuses to listen anywhere but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'localhost']) {
      const refused = await startLabRouter({ host }).then(
        async (router) => {
          await router.close();
          return undefined;
        },
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).message).toContain('only on loopback');
    }
  });

  it('listens on another loopback address when asked', async () => {
    const other = await startLabRouter({ host: '127.0.0.2' });
    try {
      expect(other.info()).toMatchObject({ host: '127.0.0.2', scenario: 'investigation', routerId: null });
      const terminal = await LabTerminal.open(other);
      terminal.end();
    } finally {
      await other.close();
    }
  });

  it('identifies itself as Cisco IOS in the SSH version exchange', async () => {
    const ident = await new Promise<string>((resolve, reject) => {
      const socket = connect(lab.port, lab.host);
      let received = '';
      socket.on('data', (data) => {
        received += data.toString('latin1');
        if (received.includes('\r\n')) {
          socket.destroy();
          resolve(received.slice(0, received.indexOf('\r\n')));
        }
      });
      socket.on('error', reject);
    });
    expect(ident).toBe('SSH-2.0-Cisco-1.25');
  });

  it('keeps its host key across restarts when given a hostKeyPath, in a file only the owner can read', async () => {
    const hostKeyPath = join(directory, 'lab', 'router_host_key');
    const first = await startLabRouter({ hostKeyPath });
    await first.close();
    const second = await startLabRouter({ hostKeyPath });
    await second.close();
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(first.hostKeyType).toBe('ssh-rsa');
    expect((await stat(hostKeyPath)).mode & 0o777).toBe(0o600);
  });

  it('presents the given host key, with its OpenSSH fingerprint', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const keyed = await startLabRouter({ hostKey: privateKey });
    try {
      let presented: Buffer | undefined;
      const { client } = await connectToLab(keyed, {
        hostVerifier: (key: Buffer) => {
          presented = key;
          return true;
        },
      });
      client.end();
      const expected = utils.parseKey(privateKey);
      if (expected instanceof Error || Array.isArray(expected)) throw new Error('test key did not parse');
      expect(presented?.equals(expected.getPublicSSH())).toBe(true);
      expect(keyed.fingerprint).toBe(fingerprintOf(expected.getPublicSSH()));
      expect(keyed.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    } finally {
      await keyed.close();
    }
  });

  it('ends open sessions on close', async () => {
    const router = await startLabRouter();
    const terminal = await LabTerminal.open(router);
    await router.close();
    await terminal.waitForClose();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(router.port, router.host);
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
      socket.on('connect', () => resolve('connected'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('reports a port in use with the EADDRINUSE code, so a caller can fall back to another port', async () => {
    const failure = await startLabRouter({ port: lab.port }).then(
      async (router) => {
        await router.close();
        return undefined;
      },
      (error: unknown) => error as AppError & { code?: string },
    );
    expect(failure).toBeInstanceOf(AppError);
    expect(failure?.code).toBe('EADDRINUSE');
  });

  it('lists its scenarios with descriptions and refuses an unknown one', async () => {
    expect(labScenarios().map((scenario) => scenario.name)).toEqual(['investigation', 'seed', 'office', 'large', 'beacon']);
    expect(labScenarios().every((scenario) => scenario.description.length > 20)).toBe(true);
    await expect(startLabRouter({ scenario: 'nope' })).rejects.toThrow(/unknown lab scenario "nope"/);
  });
});
