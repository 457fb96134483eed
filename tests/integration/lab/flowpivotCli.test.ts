// `flowpivot lab` as a real child process: started through bin/flowpivot.mjs, reached over SSH, stopped with SIGINT.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabRouter } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import { withTempDir } from '../../support/tempDir';
import { startCli, waitForOutput, type RunningCli } from '../support/flowpivotCli';
import { connectToLab, crlf, execOnLab } from './labTerminal';

let home: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  home = await withTempDir();
});

afterAll(async () => {
  await home.remove();
});

/** `flowpivot <args>` on this file's FlowPivot home. */
function flowpivot(args: string[]): RunningCli {
  return startCli(args, home.path);
}

/** Waits for the one JSON line `flowpivot lab --json` prints once it is ready. */
async function readyLine(cli: RunningCli): Promise<{
  router: { host: string; port: number; username: string; password: string; enablePassword: string; fingerprint: string };
  fleet: { binDir: string; stateFile: string; hosts: { address: string }[] };
}> {
  await waitForOutput(cli, (stdout) => stdout.includes('\n'));
  return JSON.parse(cli.stdout()) as Awaited<ReturnType<typeof readyLine>>;
}

function asLab(router: Awaited<ReturnType<typeof readyLine>>['router']): LabRouter {
  return { ...router, hostKeyType: 'ssh-rsa', scenario: 'seed', commandLog: [], info: () => ({ ...router, scenario: 'seed', routerId: null }), close: async () => undefined };
}

describe('flowpivot lab', () => {
  it('prints one JSON line when ready, answers SSH, keeps its host key, and exits 0 on SIGINT', async () => {
    const cli = flowpivot(['lab', '--json', '--scenario', 'seed']);
    const ready = await readyLine(cli);
    expect(Object.keys(ready)).toEqual(['router', 'fleet']);
    expect(Object.keys(ready.router)).toEqual(['host', 'port', 'username', 'password', 'enablePassword', 'fingerprint']);
    expect(Object.keys(ready.fleet)).toEqual(['binDir', 'stateFile', 'hosts']);
    expect(ready.fleet.hosts.map((host) => host.address)).toContain('10.xx.50.81');
    expect(ready.router).toMatchObject({ host: '127.0.0.1', username: 'analyst' });
    expect(ready.router.fingerprint).toMatch(/^SHA256:/);

    const { client } = await connectToLab(asLab(ready.router));
    const result = await execOnLab(client, 'show ip cache flow');
    expect(result.stdout).toBe(crlf(seedShowIpCacheFlowLines()));

    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout().split('\n').filter(Boolean)).toHaveLength(1);
    expect((await stat(join(home.path, 'lab', 'router_host_key'))).mode & 0o777).toBe(0o600);

    const again = flowpivot(['lab', '--json']);
    const second = await readyLine(again);
    expect(second.router.fingerprint).toBe(ready.router.fingerprint);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('prints the connection details and a legacy ssh example for people', async () => {
    const cli = flowpivot(['lab', '--legacy-only', '--scenario', 'office']);
    await waitForOutput(cli, (stdout) => stdout.includes('Press Ctrl+C'));
    const port = /Port: +(\d+)/.exec(cli.stdout())?.[1];
    expect(cli.stdout()).toContain('Password:         lab-password');
    expect(cli.stdout()).toContain('Enable password:  lab-enable');
    expect(cli.stdout()).toMatch(/Host key: +ssh-rsa SHA256:/);
    expect(cli.stdout()).toContain(`ssh -o KexAlgorithms=+diffie-hellman-group1-sha1 -o HostKeyAlgorithms=+ssh-rsa -o Ciphers=+aes128-cbc -p ${port} analyst@127.0.0.1`);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });

  it('refuses unknown commands and options with exit code 2', async () => {
    const unknownCommand = flowpivot(['frobnicate']);
    expect((await unknownCommand.exited).code).toBe(2);
    expect(unknownCommand.stderr()).toContain('unknown command "frobnicate"');
    const unknownOption = flowpivot(['lab', '--bogus']);
    expect((await unknownOption.exited).code).toBe(2);
    expect(unknownOption.stderr()).toContain("Unknown option '--bogus'");
    const notLoopback = flowpivot(['lab', '--host', '0.0.0.0']);
    expect((await notLoopback.exited).code).toBe(2);
    expect(notLoopback.stderr()).toContain('only on loopback');
  });

  it('serves the large scenario to an ssh2 client in another process (throughput)', async () => {
    const cli = flowpivot(['lab', '--json', '--scenario', 'large', '--flow-count', '200000']);
    const ready = await readyLine(cli);
    try {
      const { client } = await connectToLab(asLab(ready.router));
      const started = performance.now();
      const { stdout, code } = await execOnLab(client, 'show ip cache flow');
      const seconds = (performance.now() - started) / 1000;
      const megabytes = stdout.length / 1e6;
      console.log(`large scenario, 200k flows, lab in its own process: ${megabytes.toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(megabytes / seconds).toFixed(1)} MB/s`);
      expect(code).toBe(0);
      expect(megabytes).toBeGreaterThan(16);
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });
});
