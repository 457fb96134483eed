// `flowpivot sweep` as a real child process against the lab's simulated Windows fleet: the sockets found and the
// processes named as the fleet's own netstat and PsList show them, failing hosts as records, bad lines, timeouts, Ctrl+C.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, ProcessEntry } from '../../../src/shared/domain';
import { AppError } from '../../../src/shared/errors';
import * as psExecError from '../../../src/shared/parsers/sysinternals/psExecError';
import * as psList from '../../../src/shared/parsers/sysinternals/psList';
import * as winNetstat from '../../../src/shared/parsers/windows/netstat';
import type { SocketSweepRecord } from '../../../src/shared/sweep/sweepRecords';
import { withTempDir } from '../../support/tempDir';
import { runCli, startCli, waitForOutput, type RunningCli } from '../support/flowpivotCli';

const execFileAsync = promisify(execFile);

const SEED_HOST = '10.xx.50.81';
const PROXY_HOST = '10.xx.50.241';
const BROWSING_HOST = '10.bb.50.200';
const DENIED_HOST = '10.bb.50.64';
const HUNG_HOST = '192.168.20.16';
const OFF_HOST = '192.168.20.17';
const NO_RPC_HOST = '192.168.20.19';

let home: { path: string; remove: () => Promise<void> };
let lab: RunningCli;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await withTempDir();
  lab = startCli(['lab', '--json'], home.path);
  await waitForOutput(lab, (stdout) => stdout.includes('\n'));
  const ready = JSON.parse(lab.stdout()) as { fleet: { binDir: string; hosts: { address: string; reachability: string; hang: boolean }[] } };
  env = { PATH: `${ready.fleet.binDir}:${process.env.PATH ?? ''}` };
  // The hosts these tests rely on are in the fleet, failing the way the tests expect.
  const fleet = new Map(ready.fleet.hosts.map((host) => [host.address, host]));
  expect(fleet.get(DENIED_HOST)?.reachability).toBe('access-denied');
  expect(fleet.get(OFF_HOST)?.reachability).toBe('unreachable');
  expect(fleet.get(HUNG_HOST)?.hang).toBe(true);
});

afterAll(async () => {
  lab.child.kill('SIGINT');
  await lab.exited;
  await home.remove();
});

/** A fleet tool run as the app runs it, by name with the fleet first on PATH; a failure is output too. */
async function fleetTool(name: string, args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  try {
    const { stdout, stderr } = await execFileAsync(name, args, { env: { ...process.env, ...env }, encoding: 'latin1' });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, exitCode: failed.code };
  }
}

/** The records a sweep for TCP `port` should give for `host`, from the fleet's own netstat -ano and PsList. */
async function expectedFound(host: string, port: number): Promise<SocketSweepRecord[]> {
  const netstat = await fleetTool('psexec', [`\\\\${host}`, '-accepteula', '-nobanner', 'netstat', '-ano']);
  const sockets = (winNetstat.parse(netstat.stdout).records as Connection[]).filter((row) => row.proto === 'TCP' && (row.localPort === port || row.remotePort === port));
  if (sockets.length === 0) return [{ host, status: 'none', protocol: null, localAddr: null, localPort: null, remoteAddr: null, remotePort: null, state: null, pid: null, processName: null, error: null }];
  const listing = await fleetTool('pslist', [`\\\\${host}`, '-accepteula']);
  const processes = psList.parse(`${listing.stderr}${listing.stdout}`).records as ProcessEntry[];
  return sockets.map((row) => ({
    host, status: 'found', protocol: 'tcp', localAddr: row.localAddr, localPort: row.localPort, remoteAddr: row.remoteAddr, remotePort: row.remotePort,
    state: row.state, pid: row.pid, processName: processes.find((process) => process.pid === row.pid)?.name ?? null, error: null,
  }));
}

/** The sentence for a host whose psexec fails, from what the fleet's psexec prints for it. */
async function expectedFailure(host: string): Promise<string> {
  const run = await fleetTool('psexec', [`\\\\${host}`, '-accepteula', '-nobanner', 'netstat', '-ano']);
  const failure = psExecError.parse(run.stderr).records[0]!;
  return new AppError({ kind: 'host-tool-failed', host, tool: 'psexec', reason: failure.kind, detail: failure.message, exitCode: run.exitCode }).message;
}

async function hostsFile(name: string, lines: string[]): Promise<string> {
  const path = join(home.path, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

const jsonLines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as SocketSweepRecord);
const byHost = (records: SocketSweepRecord[]) => [...records].sort((a, b) => a.host.localeCompare(b.host) || (a.localPort ?? 0) - (b.localPort ?? 0) || (a.remotePort ?? 0) - (b.remotePort ?? 0));

describe('flowpivot sweep', () => {
  it('finds TCP 445 with its PID and process on the hosts that answer, and the failing hosts as error records', async () => {
    const file = await hostsFile('branch.txt', ['# seed host and the ones that fail', SEED_HOST, '', `${DENIED_HOST}   # other domain`, OFF_HOST, NO_RPC_HOST]);
    const swept = await runCli(['sweep', '--hosts', file, '--via', 'psexec', '--find', 'tcp:445', '--json'], home.path, env);
    expect(swept.code, swept.stderr).toBe(0);
    const records = jsonLines(swept.stdout);

    const seed = records.filter((record) => record.host === SEED_HOST);
    expect(seed).toContainEqual(expect.objectContaining({ status: 'found', protocol: 'tcp', localAddr: '0.0.0.0', localPort: 445, state: 'LISTENING', pid: 4, processName: 'System' }));
    expect(byHost(seed)).toEqual(byHost(await expectedFound(SEED_HOST, 445)));

    for (const host of [DENIED_HOST, OFF_HOST, NO_RPC_HOST]) {
      expect(records.filter((record) => record.host === host)).toEqual([
        { host, status: 'error', protocol: null, localAddr: null, localPort: null, remoteAddr: null, remotePort: null, state: null, pid: null, processName: null, error: await expectedFailure(host) },
      ]);
    }
    expect(records.find((record) => record.host === DENIED_HOST)?.error).toContain('access was denied');
    expect(swept.stderr).toMatch(/flowpivot sweep: tcp:445 on 4 hosts in \d+\.\d s: 1 with 2 matching sockets, 0 without, 3 failed, 0 timed out, 0 cancelled\.\n$/);
  });

  it('matches the port at the remote end too, and says which hosts have no such socket, in a table', async () => {
    const file = await hostsFile('proxy.txt', [SEED_HOST, PROXY_HOST, BROWSING_HOST]);
    const json = await runCli(['sweep', '--hosts', file, '--via', 'psexec', '--find', 'TCP:8080', '--json', '--concurrency', '2'], home.path, env);
    expect(json.code, json.stderr).toBe(0);
    const expected = [...(await expectedFound(SEED_HOST, 8080)), ...(await expectedFound(PROXY_HOST, 8080)), ...(await expectedFound(BROWSING_HOST, 8080))];
    expect(byHost(jsonLines(json.stdout))).toEqual(byHost(expected));
    // The seed host's seven connections to the proxy, its winupd (PID 3756) at the client end.
    expect(expected.filter((record) => record.host === SEED_HOST && record.remotePort === 8080 && record.processName === 'winupd')).toHaveLength(7);
    expect(expected.find((record) => record.host === BROWSING_HOST)?.status).toBe('none');

    const table = await runCli(['sweep', '--hosts', file, '--via', 'psexec', '--find', 'tcp:8080'], home.path, env);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOST +STATUS +PROTO +LOCAL +REMOTE +STATE +PID +PROCESS +ERROR$/);
    expect(lines).toHaveLength(1 + expected.length);
    // In the file's order, columns aligned.
    expect(lines.slice(1).map((line) => line.split(/ +/)[0])).toEqual(expected.map((record) => record.host));
    expect(lines.find((line) => line.startsWith(BROWSING_HOST))).toMatch(new RegExp(`^${BROWSING_HOST.replace(/\./g, '\\.')} +none$`));
    const statusColumn = lines[0]!.indexOf('STATUS');
    for (const line of lines.slice(1)) expect(line.slice(statusColumn)).toMatch(/^(found|none)\b/);
  });

  it('refuses a line that is not a host, naming FILE:LINE, before sweeping anything', async () => {
    const file = await hostsFile('bad.txt', [SEED_HOST, '# fine so far', '10.0.0.1 10.0.0.2']);
    const swept = await runCli(['sweep', '--hosts', file, '--via', 'psexec', '--find', 'tcp:445'], home.path, env);
    expect(swept.code).toBe(2);
    expect(swept.stdout).toBe('');
    expect(swept.stderr).toContain(`${file}:3: refused "10.0.0.1 10.0.0.2": address: a host name or IP address (it contains spaces or control characters). Nothing was swept.`);
  });

  it('refuses a command line it cannot use with exit code 2', async () => {
    const file = await hostsFile('one.txt', [SEED_HOST]);
    for (const args of [['--via', 'psexec', '--find', 'tcp:445'], ['--hosts', file, '--via', 'local', '--find', 'tcp:445'], ['--hosts', file, '--via', 'psexec', '--find', 'icmp:8'], ['--hosts', join(home.path, 'missing.txt'), '--via', 'psexec', '--find', 'tcp:445']]) {
      const swept = await runCli(['sweep', ...args], home.path, env);
      expect(swept.code, args.join(' ')).toBe(2);
      expect(swept.stderr).toMatch(/^flowpivot sweep: /);
    }
  });

  it('gives up on a hung host at the timeout and goes on', async () => {
    const file = await hostsFile('hung.txt', [HUNG_HOST, SEED_HOST]);
    const started = Date.now();
    const swept = await runCli(['sweep', '--hosts', file, '--via', 'psexec', '--find', 'tcp:445', '--json', '--timeout', '2'], home.path, env);
    expect(swept.code, swept.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    const records = jsonLines(swept.stdout);
    expect(records.find((record) => record.host === HUNG_HOST)).toMatchObject({ status: 'timeout', pid: null, error: `${HUNG_HOST} gave no answer within 2 s; its tool runs were stopped.` });
    expect(records.filter((record) => record.host === SEED_HOST && record.status === 'found').length).toBeGreaterThan(0);
  });

  it('exits 1 when no host answers', async () => {
    const file = await hostsFile('down.txt', [OFF_HOST, DENIED_HOST]);
    const swept = await runCli(['sweep', '--hosts', file, '--via', 'psexec', '--find', 'tcp:445', '--json'], home.path, env);
    expect(swept.code).toBe(1);
    expect(jsonLines(swept.stdout).map((record) => record.status)).toEqual(['error', 'error']);
  });

  it('stops within moments on Ctrl+C, printing what finished and the rest as cancelled', async () => {
    const file = await hostsFile('cancel.txt', [SEED_HOST, HUNG_HOST, DENIED_HOST]);
    const sweep = startCli(['sweep', '--hosts', file, '--via', 'psexec', '--find', 'tcp:445', '--json', '--concurrency', '2'], home.path, env);
    // The seed host and the denied one answer; the hung one holds its worker until the sweep is cancelled.
    await waitForOutput(sweep, (stdout) => stdout.includes(`"host":"${SEED_HOST}"`) && stdout.includes(`"host":"${DENIED_HOST}"`));
    const interrupted = Date.now();
    sweep.child.kill('SIGINT');
    const exit = await sweep.exited;
    expect(Date.now() - interrupted).toBeLessThan(2000);
    expect(exit).toEqual({ code: 1, signal: null });
    const records = jsonLines(sweep.stdout());
    expect(records.find((record) => record.host === HUNG_HOST)).toMatchObject({ status: 'cancelled', error: `The sweep was cancelled while ${HUNG_HOST} was being swept; its tool runs were stopped.` });
    expect(records.find((record) => record.host === SEED_HOST)?.status).toBe('found');
    expect(sweep.stderr()).toMatch(/tcp:445 on 3 hosts in \d+\.\d s \(cancelled by SIGINT\)/);
  });

  it('documents every option with an example', async () => {
    const help = await runCli(['sweep', '--help'], home.path);
    expect(help.code).toBe(0);
    for (const option of ['--hosts', '--via', '--find', '--concurrency', '--timeout', '--retries', '--json', '--user', '--port', '--os', '--password-env', '--key', '--passphrase-env', '--known-hosts', '--accept-new-host-key']) {
      expect(help.stdout).toContain(`  ${option} `);
    }
    expect(help.stdout).toContain('Examples: flowpivot sweep --hosts');
  });
});
