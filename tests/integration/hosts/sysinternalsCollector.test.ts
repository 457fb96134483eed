// PsExec, PsList and PsKill run for real as child processes — the lab fleet's simulated tools — through both runners:
// plain pipes and a console (node-pty). What the analyst gets back: parsed records, evidence, and typed errors.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostCommandRecord } from '../../../src/shared/domain';
import { AppError } from '../../../src/shared/errors';
import type { HostTarget } from '../../../src/main/hosts/hostCollector';
import { ConsoleToolRunner } from '../../../src/main/hosts/process/consoleRunner';
import { PipeToolRunner } from '../../../src/main/hosts/process/pipeRunner';
import { LaunchedToolRunner } from '../../../src/main/hosts/process/launchedRunner';
import { locateTool } from '../../../src/main/hosts/process/toolLocator';
import type { ToolRunner } from '../../../src/main/hosts/process/toolRunner';
import { PSEXEC_VERSION, toolVersionProbe } from '../../../src/main/hosts/process/toolVersion';
import { SysinternalsCollector } from '../../../src/main/hosts/sysinternals/sysinternalsCollector';
import { startLabFleet, type LabFleet } from '../../../src/main/lab/fleet/labFleet';

const SEED_HOST = '10.xx.50.81';

function target(address: string, overrides: Partial<HostTarget> = {}): HostTarget {
  return { hostId: null, address, via: 'psexec', os: 'windows', username: '', password: null, port: 22, privateKey: null, privateKeyPath: null, passphrase: null, timeoutMs: 20_000, ...overrides };
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the operation to fail');
}

describe.each([
  ['pipes', () => new PipeToolRunner()],
  ['pipes from the tool launcher', () => new LaunchedToolRunner()],
  ['a console (node-pty)', () => new ConsoleToolRunner()],
] as [string, () => ToolRunner][])('Sysinternals collection through %s', (_name, makeRunner) => {
  let fleet: LabFleet;
  let records: HostCommandRecord[];
  let runner: ToolRunner;

  const collector = (host: HostTarget) =>
    new SysinternalsCollector(host, {
      runner,
      locate: (tool) => locateTool(tool, join(fleet.binDir, tool)),
      onRecord: (record) => records.push(record),
      psexecVersion: (location) => toolVersionProbe(runner)(location, PSEXEC_VERSION),
    });

  beforeEach(async () => {
    fleet = await startLabFleet({ scenario: 'seed' });
    records = [];
    runner = makeRunner();
  });
  afterEach(async () => {
    await fleet.dispose();
  });

  it("collects the seed host's connections with their PIDs, and keeps the run as evidence", async () => {
    const result = await collector(target(SEED_HOST)).collectConnections();
    const beacon = result.result.records.filter((connection) => connection.pid === 3756);
    expect(beacon.length).toBeGreaterThanOrEqual(7);
    expect(beacon.every((connection) => connection.remoteAddr === '10.xx.50.241' && connection.remotePort === 8080 && connection.state === 'ESTABLISHED')).toBe(true);
    expect(result.result.diagnostics).toEqual([]);
    const record = result.command;
    expect(record).toMatchObject({ host: SEED_HOST, tool: 'psexec', exitCode: 0, outcome: 'ok', toolVersion: '2.43' });
    expect(record.argv.slice(1)).toEqual([`\\\\${SEED_HOST}`, '-accepteula', '-nobanner', 'netstat', '-ano']);
    expect(record.stdout).toContain('\r\n');
    expect(Date.parse(record.finishedAt)).toBeGreaterThanOrEqual(Date.parse(record.startedAt));
    expect(records).toEqual([record]);
  });

  it('names each socket\'s executable with netstat -anob when asked', async () => {
    const result = await collector(target(SEED_HOST)).collectConnections({ withOwners: true });
    expect(result.command.argv.at(-1)).toBe('-anob');
    expect(result.result.diagnostics).toEqual([]);
    const beacon = result.result.records.filter((connection) => connection.pid === 3756);
    expect(beacon.length).toBeGreaterThan(0);
    expect(new Set(beacon.map((connection) => connection.process)).size).toBe(1);
    expect(beacon[0]!.process).toMatch(/\.exe$/i);
  });

  it("collects the seed host's processes with PsList's version", async () => {
    const result = await collector(target(SEED_HOST)).collectProcesses();
    expect(result.result.records.find((process) => process.pid === 3756)).toBeTruthy();
    expect(result.result.diagnostics).toEqual([]);
    expect(result.command.toolVersion).toMatch(/^\d+\.\d+/);
  });

  it.each([
    ['192.168.20.17', 'host-unreachable'],
    ['192.168.20.18', 'service-start-failed'],
    ['192.168.20.19', 'host-unreachable'],
    ['10.bb.50.64', 'access-denied'],
    ['no-such-host.lab', 'network-path-not-found'],
  ])('reports %s as a typed error naming the host (%s)', async (address, reason) => {
    const error = await failureOf(collector(target(address)).collectConnections());
    expect(error.data).toMatchObject({ kind: 'host-tool-failed', host: address, tool: 'psexec', reason });
    expect(error.message).toContain(address);
    expect(records).toHaveLength(1);
    expect(records[0]!.outcome).toBe('failed');
  });

  it('reports a wrong password as a logon failure and never keeps the password', async () => {
    const account = fleet.hosts.find((host) => host.accounts.length > 0 && !host.currentLogon);
    expect(account, 'the seed fleet has a host that needs an account').toBeTruthy();
    const password = 'Wr0ng-S3cret!';
    const error = await failureOf(collector(target(account!.address, { username: account!.accounts[0]!.user, password })).collectConnections());
    expect(error.data).toMatchObject({ kind: 'host-tool-failed', reason: 'logon-failure' });
    expect(JSON.stringify(records)).not.toContain(password);
    expect(records[0]!.argv).toContain('********');
    expect(error.message).not.toContain(password);
  });

  it('stops a tool that hangs at the timeout and says so', async () => {
    const started = Date.now();
    const error = await failureOf(collector(target('192.168.20.16', { timeoutMs: 1500 })).collectConnections());
    expect(error.data).toMatchObject({ kind: 'host-command-timeout', host: '192.168.20.16', tool: 'psexec', timeoutMs: 1500 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(records[0]!.outcome).toBe('timeout');
  });

  it('cancels a slow collection when the analyst asks', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const error = await failureOf(collector(target('192.168.20.15')).collectConnections({ signal: controller.signal }));
    expect(error.data).toMatchObject({ kind: 'host-command-cancelled', host: '192.168.20.15' });
    expect(records[0]!.outcome).toBe('cancelled');
  });

  it('kills a process by PID, checks it is gone, and a second kill finds nothing', async () => {
    const host = collector(target(SEED_HOST));
    const killed = await host.kill(3756);
    expect(killed.outcome).toBe('killed');
    expect(killed.commands.map((command) => command.tool)).toEqual(['pskill', 'pslist']);
    const connections = await host.collectConnections();
    expect(connections.result.records.some((connection) => connection.pid === 3756)).toBe(false);
    expect((await host.kill(3756)).outcome).toBe('not-found');
  });

  it('reports access denied when the process cannot be stopped', async () => {
    const result = await collector(target(SEED_HOST)).kill(4);
    expect(result.outcome).toBe('access-denied');
    expect(result.message).toContain(SEED_HOST);
  });
});
