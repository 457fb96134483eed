// `flowpivot collect router` as a child process against the embedded lab router (a real SSH server on 127.0.0.1):
// host keys trusted only on purpose and never when changed, passwords only from the environment and never printed,
// and the same output as `flowpivot parse` of the router's own text.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRsaHostKey } from '../../../src/main/lab/hostKey';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlow } from '../../support/seed';
import { withTempDir } from '../../support/tempDir';
import { runCli } from '../support/flowpivotCli';

let lab: LabRouter;
let home: Awaited<ReturnType<typeof withTempDir>>;
const PASSWORD_VAR = 'FP_TEST_ROUTER_PASSWORD';

beforeAll(async () => {
  lab = await startLabRouter({ scenario: 'seed' });
  home = await withTempDir();
});

afterAll(async () => {
  await lab.close();
  await home.remove();
});

function routerUrl(router: LabRouter = lab): string {
  return `ssh://${router.username}@${router.host}:${router.port}`;
}

/** A known_hosts file of the test's own, so each test decides what is trusted. */
async function knownHostsFile(name: string, content = ''): Promise<string> {
  const path = join(home.path, name);
  await writeFile(path, content);
  return path;
}

/** The value with every line-number field left out (the session's output starts with the command's echo). */
function withoutLineNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLineNumbers);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !['line', 'endLine', 'structuralLines'].includes(key)).map(([key, inner]) => [key, withoutLineNumbers(inner)]));
}

function collect(args: string[], env: NodeJS.ProcessEnv = { [PASSWORD_VAR]: lab.password }) {
  return runCli(['collect', 'router', ...args], home.path, env);
}

describe('flowpivot collect router', () => {
  it('refuses a host key it has never seen, says its fingerprint, and stores nothing', async () => {
    const knownHosts = await knownHostsFile('unknown_known_hosts');
    const run = await collect([routerUrl(), '--password-env', PASSWORD_VAR, '--known-hosts', knownHosts]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(lab.fingerprint);
    expect(run.stderr).toContain('--accept-new-host-key');
    expect(await readFile(knownHosts, 'utf8')).toBe('');
    expect(lab.commandLog.map((entry) => entry.command)).not.toContain('show ip cache flow');
  });

  it('with --accept-new-host-key stores the key and prints what `flowpivot parse` prints of the same text; the password never shows', async () => {
    const knownHosts = await knownHostsFile('accepted_known_hosts');
    const run = await collect([routerUrl(), '--password-env', PASSWORD_VAR, '--known-hosts', knownHosts, '--accept-new-host-key']);
    expect(run.stderr).not.toContain('Internal error');
    expect(run.code).toBe(0);
    expect(await readFile(knownHosts, 'utf8')).toContain(`[${lab.host}]:${lab.port} ssh-rsa `);

    const printed = JSON.parse(run.stdout) as { format: string; records: { dstPortHex: string; dstPort: number }[] };
    await writeFile(join(home.path, 'seed.txt'), seedShowIpCacheFlow());
    const parsed = await runCli(['parse', join(home.path, 'seed.txt')], home.path);
    // The same result as parsing the scenario's text, up to line numbers (the session's output starts with the echo).
    expect(withoutLineNumbers(printed)).toEqual(withoutLineNumbers(JSON.parse(parsed.stdout)));
    expect(printed.records.some((flow) => flow.dstPortHex === '01BD' && flow.dstPort === 445)).toBe(true);
    expect(run.stderr).toMatch(/"show ip cache flow" gave \d+ flows/);
    for (const output of [run.stdout, run.stderr]) expect(output).not.toContain(lab.password);

    // Trusted now: the same file lets the next run in without the flag, as CSV this time.
    const again = await collect([routerUrl(), '--password-env', PASSWORD_VAR, '--known-hosts', knownHosts, '--csv']);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toMatch(/^line,srcIf,srcAddr,dstIf,dstAddr,protocol,/);
    expect(again.stdout.trim().split('\n').length - 1).toBe(printed.records.length);
  });

  it('refuses a changed host key even with --accept-new-host-key, naming both fingerprints', async () => {
    const impostor = await startLabRouter({ hostKey: await generateRsaHostKey() });
    try {
      // The file trusts the seed lab's key for the impostor's address, as if the device had been replaced.
      const trusted = await knownHostsFile('trusted_known_hosts');
      await collect([routerUrl(), '--password-env', PASSWORD_VAR, '--known-hosts', trusted, '--accept-new-host-key']);
      const line = (await readFile(trusted, 'utf8')).trim().replace(`[${lab.host}]:${lab.port}`, `[${impostor.host}]:${impostor.port}`);
      const knownHosts = await knownHostsFile('changed_known_hosts', `${line}\n`);
      const run = await collect([routerUrl(impostor), '--password-env', PASSWORD_VAR, '--known-hosts', knownHosts, '--accept-new-host-key'], { [PASSWORD_VAR]: impostor.password });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('CHANGED');
      expect(run.stderr).toContain(lab.fingerprint);
      expect(run.stderr).toContain(impostor.fingerprint);
      expect(impostor.commandLog).toEqual([]);
      expect(await readFile(knownHosts, 'utf8')).toBe(`${line}\n`);
    } finally {
      await impostor.close();
    }
  });

  it('says the router rejected a command it does not know, and never sends commands FlowPivot cannot read', async () => {
    const knownHosts = await knownHostsFile('commands_known_hosts');
    const rejected = await collect([routerUrl(), '--password-env', PASSWORD_VAR, '--known-hosts', knownHosts, '--accept-new-host-key', '--command', 'show ip cache verbose flow']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/rejected "show ip cache verbose flow"/);

    const before = lab.commandLog.length;
    const refused = await collect([routerUrl(), '--password-env', PASSWORD_VAR, '--known-hosts', knownHosts, '--command', 'reload']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Did not send "reload"');
    expect(refused.stderr).toContain('show flow monitor NAME cache format table');
    expect(lab.commandLog.slice(before).map((entry) => entry.command)).not.toContain('reload');
  });

  it('exits 2 for command lines it cannot use, before connecting', async () => {
    const before = lab.commandLog.length;
    const inUrl = await collect([`ssh://${lab.username}:${lab.password}@${lab.host}:${lab.port}`]);
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toContain('never put a password in the router address');
    expect(inUrl.stderr).not.toContain(lab.password);

    const unset = await collect([routerUrl(), '--password-env', 'FP_TEST_NOT_SET'], {});
    expect(unset).toMatchObject({ code: 2 });
    expect(unset.stderr).toContain('--password-env FP_TEST_NOT_SET: that environment variable is not set');

    const noPassword = await collect([routerUrl()], {});
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('give --password-env VAR or --key FILE');

    const notSsh = await collect(['telnet://router1'], {});
    expect(notSsh.code).toBe(2);
    expect(notSsh.stderr).toContain('expected ssh://USER@HOST[:PORT]');
    expect(lab.commandLog.length).toBe(before);
  });
});
