// legacyOnly: the lab offers only what old IOS offers, so clients must opt in to the legacy algorithms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import { Client, type Algorithms } from '../../../src/main/ssh/ssh2';
import { connectToLab, crlf, execOnLab } from './labTerminal';
import { baseSshArgs, generateUserKey, runSsh } from './openSsh';

let lab: LabRouter;
let userKey: Awaited<ReturnType<typeof generateUserKey>>;

// @types/ssh2 wants all of append/prepend/remove; ssh2 itself takes any of them.
const LEGACY_APPENDED: Algorithms = {
  kex: { append: ['diffie-hellman-group1-sha1'], prepend: [], remove: [] },
  cipher: { append: ['aes128-cbc'], prepend: [], remove: [] },
  serverHostKey: { append: ['ssh-rsa'], prepend: [], remove: [] },
};

beforeAll(async () => {
  userKey = await generateUserKey();
  lab = await startLabRouter({ scenario: 'seed', legacyOnly: true, authMethods: ['password', 'publickey'], authorizedKeys: [userKey.publicKeyLine] });
});

afterAll(async () => {
  await lab.close();
});

describe('legacy-only lab router', () => {
  it('is refused by a client with default algorithms: no matching key exchange', async () => {
    const error = await connectToLab(lab).then(
      ({ client }) => {
        client.end();
        return undefined;
      },
      (failure: Error & { level?: string }) => failure,
    );
    expect(error?.level).toBe('handshake');
    expect(error?.message).toMatch(/no matching key exchange/i);
  });

  it('lets a client with the legacy algorithms appended connect and run commands', async () => {
    const { client } = await connectToLab(lab, { algorithms: LEGACY_APPENDED });
    const result = await execOnLab(client, 'show ip cache flow');
    expect(result.stdout).toBe(crlf(seedShowIpCacheFlowLines()));
  });

  it('negotiates exactly the old IOS algorithms', async () => {
    const client = new Client();
    const negotiated = await new Promise<{ kex: string; serverHostKey: string; cs: { cipher: string; mac: string } }>((resolve, reject) => {
      client.on('handshake', (result) => resolve(result as unknown as { kex: string; serverHostKey: string; cs: { cipher: string; mac: string } }));
      client.on('error', reject);
      client.connect({ host: lab.host, port: lab.port, username: lab.username, password: lab.password, algorithms: LEGACY_APPENDED });
    });
    client.end();
    expect(negotiated.kex).toBe('diffie-hellman-group1-sha1');
    expect(negotiated.serverHostKey).toBe('ssh-rsa');
    expect(negotiated.cs.cipher).toBe('aes128-cbc');
    expect(negotiated.cs.mac).toBe('hmac-sha1');
  });

  it('is refused by OpenSSH without the legacy options and accepted with them', async () => {
    const identity = ['-i', userKey.privateKeyPath, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'];
    // OpenSSH reports the failed negotiation at INFO; the first -o for an option wins over baseSshArgs' LogLevel=ERROR.
    const refused = await runSsh([...identity, '-o', 'LogLevel=INFO', ...baseSshArgs(lab), 'show clock']);
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/no matching key exchange method found/);
    const legacy = ['-o', 'KexAlgorithms=+diffie-hellman-group1-sha1', '-o', 'HostKeyAlgorithms=+ssh-rsa', '-o', 'Ciphers=+aes128-cbc'];
    const accepted = await runSsh([...identity, ...legacy, ...baseSshArgs(lab), 'show ip cache flow']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toBe(crlf(seedShowIpCacheFlowLines()));
  });
});
