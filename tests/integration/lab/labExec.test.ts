// Exec requests (`ssh router "show ip cache flow"`) and the real OpenSSH client against the lab router.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import { connectToLab, crlf, execOnLab } from './labTerminal';
import { baseSshArgs, generateUserKey, runSsh, writeAskpass } from './openSsh';

let lab: LabRouter;
let userKey: Awaited<ReturnType<typeof generateUserKey>>;

beforeAll(async () => {
  userKey = await generateUserKey();
  lab = await startLabRouter({ scenario: 'seed', authMethods: ['publickey', 'password', 'keyboard-interactive'], authorizedKeys: [userKey.publicKeyLine] });
});

afterAll(async () => {
  await lab.close();
  await rm(userKey.directory, { recursive: true, force: true });
});

describe('lab router exec requests', () => {
  it('answers an exec request with the output alone, exit status 0, and then closes the connection', async () => {
    const { client } = await connectToLab(lab);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const result = await execOnLab(client, 'show ip cache flow');
    expect(result).toEqual({ stdout: crlf(seedShowIpCacheFlowLines()), stderr: '', code: 0 });
    await closed; // IOS runs one exec per connection
    expect(lab.commandLog.at(-1)?.command).toBe('show ip cache flow');
  });

  it('never pages exec output, even on a pty', async () => {
    const { client } = await connectToLab(lab);
    const stdout = await new Promise<string>((resolve, reject) => {
      client.exec('sh ip cache flow', { pty: { rows: 5, cols: 80 } }, (error, stream) => {
        if (error) return reject(error);
        let text = '';
        stream.on('data', (data: Buffer) => (text += data.toString('latin1')));
        stream.on('close', () => resolve(text));
      });
    });
    client.end();
    expect(stdout).toBe(crlf(seedShowIpCacheFlowLines()));
  });

  it('prints IOS\'s error and exits 1 for an invalid exec command', async () => {
    const { client } = await connectToLab(lab);
    const result = await execOnLab(client, 'show ip cache flwo');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${' '.repeat(16)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
  });
});

describe('lab router with the OpenSSH client', () => {
  it('runs show ip cache flow as an OpenSSH exec with public key authentication', async () => {
    const result = await runSsh([
      '-i', userKey.privateKeyPath, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'PreferredAuthentications=publickey',
      ...baseSshArgs(lab), 'show ip cache flow',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(crlf(seedShowIpCacheFlowLines()));
  });

  it('logs in over OpenSSH keyboard-interactive, answering "Password: " through SSH_ASKPASS', async () => {
    const askpass = await writeAskpass(userKey.directory, lab.password);
    const result = await runSsh(
      ['-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=keyboard-interactive', '-o', 'NumberOfPasswordPrompts=1', ...baseSshArgs(lab), 'show clock'],
      { env: { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\*\d\d:\d\d:\d\d\.\d{3} UTC .*\r\n$/);
  });

  it('is refused over OpenSSH keyboard-interactive with a wrong password', async () => {
    const askpass = await writeAskpass(userKey.directory, 'wrong-password');
    const result = await runSsh(
      ['-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=keyboard-interactive', '-o', 'NumberOfPasswordPrompts=1', ...baseSshArgs(lab), 'show clock'],
      { env: { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' } },
    );
    expect(result.code).toBe(255);
    expect(result.stderr).toContain('Permission denied');
  });

  it('works as an interactive OpenSSH session on a forced pty', async () => {
    const result = await runSsh(
      ['-tt', '-i', userKey.privateKeyPath, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', ...baseSshArgs(lab)],
      { input: 'terminal length 0\rshow ip cache flow\rexit\r' },
    );
    expect(result.stdout).toContain(`Router>terminal length 0\r\nRouter>show ip cache flow\r\n${crlf(seedShowIpCacheFlowLines())}Router>exit\r\n`);
  });
});
