// `flowpivot lab` as a real child process: started through bin/flowpivot.mjs, reached over SSH, stopped with SIGINT.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabRouter } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import { connectToLab, crlf, execOnLab } from './labTerminal';

const BIN = fileURLToPath(new URL('../../../bin/flowpivot.mjs', import.meta.url));

interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'flowpivot-home-'));
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

function startCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, FLOWPIVOT_HOME: home }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the one JSON line `flowpivot lab --json` prints once it is ready. */
async function readyLine(cli: RunningCli): Promise<{
  router: { host: string; port: number; username: string; password: string; enablePassword: string; fingerprint: string };
  fleet: { binDir: string; stateFile: string; hosts: { address: string }[] };
}> {
  const deadline = Date.now() + 30_000;
  while (!cli.stdout().includes('\n')) {
    if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`no ready line; stderr: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return JSON.parse(cli.stdout()) as Awaited<ReturnType<typeof readyLine>>;
}

function asLab(router: Awaited<ReturnType<typeof readyLine>>['router']): LabRouter {
  return { ...router, hostKeyType: 'ssh-rsa', scenario: 'seed', commandLog: [], info: () => ({ ...router, scenario: 'seed', routerId: null }), close: async () => undefined };
}

describe('flowpivot lab', () => {
  it('prints one JSON line when ready, answers SSH, keeps its host key, and exits 0 on SIGINT', async () => {
    const cli = startCli(['lab', '--json']);
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
    expect((await stat(join(home, 'lab', 'router_host_key'))).mode & 0o777).toBe(0o600);

    const again = startCli(['lab', '--json']);
    const second = await readyLine(again);
    expect(second.router.fingerprint).toBe(ready.router.fingerprint);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('prints the connection details and a legacy ssh example for people', async () => {
    const cli = startCli(['lab', '--legacy-only', '--scenario', 'office']);
    const deadline = Date.now() + 30_000;
    while (!cli.stdout().includes('Press Ctrl+C')) {
      if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`not ready; stderr: ${cli.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const port = /Port: +(\d+)/.exec(cli.stdout())?.[1];
    expect(cli.stdout()).toContain('Password:         lab-password');
    expect(cli.stdout()).toContain('Enable password:  lab-enable');
    expect(cli.stdout()).toMatch(/Host key: +ssh-rsa SHA256:/);
    expect(cli.stdout()).toContain(`ssh -o KexAlgorithms=+diffie-hellman-group1-sha1 -o HostKeyAlgorithms=+ssh-rsa -o Ciphers=+aes128-cbc -p ${port} analyst@127.0.0.1`);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });

  it('refuses unknown commands and options with exit code 2', async () => {
    const unknownCommand = startCli(['frobnicate']);
    expect((await unknownCommand.exited).code).toBe(2);
    expect(unknownCommand.stderr()).toContain('unknown command "frobnicate"');
    const unknownOption = startCli(['lab', '--bogus']);
    expect((await unknownOption.exited).code).toBe(2);
    expect(unknownOption.stderr()).toContain("Unknown option '--bogus'");
    const notLoopback = startCli(['lab', '--host', '0.0.0.0']);
    expect((await notLoopback.exited).code).toBe(2);
    expect(notLoopback.stderr()).toContain('only on loopback');
  });

  it('serves the large scenario to an ssh2 client in another process (throughput)', async () => {
    const cli = startCli(['lab', '--json', '--scenario', 'large', '--flow-count', '200000']);
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
