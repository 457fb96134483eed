// The real ssh2 client against the lab router over 127.0.0.1: auth kinds, enable, paging, algorithms, host keys, failures.
import { afterEach, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter, type LabRouterOptions } from '../../src/main/lab/labRouter';
import { RouterSession } from '../../src/main/ssh/routerSession';
import { AppError, type AppErrorData } from '../../src/shared/errors';
import { parse } from '../../src/shared/parsers/cisco/showIpCacheFlow';
import { openLabSession, sessionOptions } from '../support/routerSessions';
import { seedShowIpCacheFlow } from '../support/seed';
import { generateEd25519Key } from '../support/sshKeys';

const labs: LabRouter[] = [];
const sessions: RouterSession[] = [];

async function lab(options: LabRouterOptions = {}): Promise<LabRouter> {
  const started = await startLabRouter({ scenario: 'seed', ...options });
  labs.push(started);
  return started;
}

async function open(router: LabRouter, overrides: Parameters<typeof openLabSession>[1] = {}): Promise<RouterSession> {
  const session = await openLabSession(router, overrides);
  sessions.push(session);
  return session;
}

async function failure(promise: Promise<unknown>): Promise<AppErrorData> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.data;
    throw error;
  }
  throw new Error('expected the call to fail');
}

afterEach(async () => {
  sessions.splice(0).forEach((session) => session.close());
  await Promise.all(labs.splice(0).map((router) => router.close()));
});

describe('router sessions against the lab router', () => {
  it('logs in with a password, enables, and collects the seed output byte for byte', async () => {
    const router = await lab({ scenario: 'seed' });
    const session = await open(router);
    expect(session.prompt).toBe('Router#');
    expect(session.privileged).toBe(true);
    expect(session.pagingDisabled).toBe(true);
    const outcome = await session.run('show ip cache flow', 10_000);
    expect(outcome.outcome).toBe('ok');
    expect(outcome.output).toBe(seedShowIpCacheFlow());
    expect(outcome.raw).toContain('\r\n');
    expect(outcome.raw.endsWith('Router#')).toBe(true);
    expect(parse(outcome.output).records).toHaveLength(11);
  });

  it('logs in with keyboard-interactive auth', async () => {
    const router = await lab({ authMethods: ['keyboard-interactive'] });
    const session = await open(router, { auth: 'keyboard-interactive' });
    expect(session.prompt).toBe('Router#');
  });

  it('logs in with a passphrase-protected private key', async () => {
    const pair = generateEd25519Key('key-passphrase', 'aes256-cbc');
    const router = await lab({ authMethods: ['publickey'], authorizedKeys: [pair.public] });
    const session = await open(router, { auth: 'private-key', privateKey: Buffer.from(pair.private), passphrase: 'key-passphrase', password: undefined });
    expect(session.prompt).toBe('Router#');
  });

  it('stays in user mode without an enable password', async () => {
    const router = await lab();
    const session = await open(router, { enablePassword: undefined });
    expect(session.prompt).toBe('Router>');
    expect(session.privileged).toBe(false);
  });

  it('names the wrong login password as an authentication failure', async () => {
    const router = await lab();
    const error = await failure(openLabSession(router, { password: 'wrong' }));
    expect(error).toMatchObject({ kind: 'auth-failed', username: router.username });
  });

  it('names a wrong enable password as an enable failure', async () => {
    const router = await lab();
    const error = await failure(openLabSession(router, { enablePassword: 'wrong' }));
    expect(error.kind).toBe('enable-failed');
  });

  it('answers --More-- when the router refuses terminal length 0, and loses no line', async () => {
    const paged = await lab({ scenario: 'office', rejectTerminalLength: true });
    const unpaged = await lab({ scenario: 'office' });
    const pagedSession = await open(paged);
    expect(pagedSession.pagingDisabled).toBe(false);
    const pagedOutcome = await pagedSession.run('show ip cache flow', 20_000);
    const plainOutcome = await (await open(unpaged)).run('show ip cache flow', 20_000);
    expect(pagedOutcome.pagerPrompts).toBeGreaterThan(3);
    expect(pagedOutcome.raw).toContain('--More--');
    expect(pagedOutcome.output).toBe(plainOutcome.output);
    expect(parse(pagedOutcome.output).diagnostics).toEqual([]);
  });

  it('reports a command the router rejects with its own words', async () => {
    const session = await open(await lab());
    const outcome = await session.run('show ip cach foo', 5_000);
    expect(outcome.outcome).toBe('rejected');
    expect(outcome.rejection).toBe("% Invalid input detected at '^' marker.");
  });

  it('offers legacy algorithms only when the profile opts in', async () => {
    const router = await lab({ legacyOnly: true });
    const refused = await failure(openLabSession(router));
    expect(refused).toMatchObject({ kind: 'no-matching-algorithm', category: 'key exchange', legacyEnabled: false });
    expect((refused as { detail: string }).detail).toContain('diffie-hellman-group1-sha1');
    const session = await open(router, { legacyAlgorithms: true });
    expect(session.algorithms.kex).toMatch(/^diffie-hellman-group(1|14)-sha1$/);
    expect(session.algorithms.cipher).toMatch(/cbc$/);
    expect(session.algorithms.serverHostKey).toBe('ssh-rsa');
  });

  it('refuses an unknown host key before sending any credential', async () => {
    const router = await lab();
    const error = await failure(openLabSession(router, { verifyHostKey: async () => ({ status: 'unknown' }) }));
    expect(error).toEqual({ kind: 'host-key-unknown', device: `lab (${router.host}:${router.port})`, keyType: 'ssh-rsa', fingerprint: router.fingerprint });
    expect(router.commandLog).toEqual([]);
  });

  it('refuses a changed host key and names both fingerprints', async () => {
    const router = await lab();
    const error = await failure(openLabSession(router, { verifyHostKey: async () => ({ status: 'changed', expectedFingerprint: 'SHA256:previous', expectedKeyType: 'ssh-rsa' }) }));
    expect(error).toMatchObject({ kind: 'host-key-changed', expectedFingerprint: 'SHA256:previous', actualFingerprint: router.fingerprint });
  });

  it('times out a command that never returns to the prompt, keeping what arrived', async () => {
    const router = await lab({ scenario: 'office', hangAfterBytes: 2000 });
    const session = await open(router);
    const outcome = await session.run('show ip cache flow', 1_500);
    expect(outcome.outcome).toBe('timeout');
    expect(outcome.raw.length).toBeGreaterThanOrEqual(2000);
    expect(session.isOpen).toBe(false);
  });

  it('reports a connection dropped mid-output, keeping the partial output', async () => {
    const router = await lab({ scenario: 'office', dropAfterBytes: 3000 });
    const session = await open(router);
    const outcome = await session.run('show ip cache flow', 10_000);
    expect(outcome.outcome).toBe('connection-lost');
    expect(outcome.raw.length).toBeGreaterThan(1000);
    const partial = parse(outcome.output);
    expect(partial.records.length).toBeGreaterThan(0);
  });

  it('runs sessions to several routers at once', async () => {
    const routers = await Promise.all([lab({ scenario: 'seed' }), lab({ scenario: 'office' }), lab({ scenario: 'seed', hostname: 'edge-2' })]);
    const outcomes = await Promise.all(routers.map(async (router) => (await open(router)).run('show ip cache flow', 20_000)));
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(outcomes[0]!.output).toBe(seedShowIpCacheFlow());
    expect(outcomes[2]!.raw.endsWith('edge-2#')).toBe(true);
  });

  it('disconnects cleanly', async () => {
    const router = await lab();
    const session = await RouterSession.open(sessionOptions(router));
    session.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(session.isOpen).toBe(false);
    await expect(session.run('show clock', 1000)).rejects.toThrow(/not connected/);
  });
});
