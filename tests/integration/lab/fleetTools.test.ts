// The lab fleet's psexec, pslist and pskill as real child processes (argv arrays, no shell): found on PATH, printing
// what FlowPivot's parsers read cleanly, failing with the real messages and codes, waiting, hanging, and killing.
import { spawn } from 'node:child_process';
import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_STATE_ENV, startLabFleet, type LabFleet } from '../../../src/main/lab/fleet/labFleet';
import { parseFleetState, serializeFleetState } from '../../../src/main/lab/fleet/fleetState';
import { SEED_DC_ACCOUNT, SEED_DC_HOST, SEED_HOST, SEED_SUSPECT_PID } from '../../../src/main/lab/scenarios/seedFleet';
import { findParser } from '../../../src/shared/parsers/registry';
import { withTempDir } from '../../support/tempDir';

interface ToolRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let fleet: LabFleet;
let scratch: { path: string; remove: () => Promise<void> };
let pristine: string;
let copies = 0;

beforeAll(async () => {
  scratch = await withTempDir();
  fleet = await startLabFleet({ scenario: 'seed', dir: join(scratch.path, 'lab') });
  pristine = await readFile(fleet.stateFile, 'utf8');
});

afterAll(async () => {
  await fleet.dispose();
  await scratch.remove();
});

/** A copy of the seed fleet's state of its own, for a test that changes it or tunes a host. */
async function stateCopy(change?: (state: ReturnType<typeof parseFleetState>) => void): Promise<string> {
  const path = join(scratch.path, `state-${(copies += 1)}.json`);
  const state = parseFleetState(pristine, path);
  change?.(state);
  await writeFile(path, serializeFleetState(state));
  return path;
}

/** Runs a tool by name, found through PATH as FlowPivot finds it. */
function run(tool: string, args: string[], options: { state?: string; input?: string; killAfterMs?: number } = {}): Promise<ToolRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fleet.binDir}:${process.env.PATH ?? ''}` };
  if (options.state !== undefined) env[FLEET_STATE_ENV] = options.state;
  const started = performance.now();
  const child = spawn(tool, args, { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  if (options.killAfterMs !== undefined) setTimeout(() => child.kill('SIGTERM'), options.killAfterMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
  });
}

function parse(format: string, text: string) {
  const parser = findParser(format);
  if (parser === null) throw new Error(`no parser ${format}`);
  return parser.parse(text) as { records: Record<string, unknown>[]; sections: Record<string, unknown>; diagnostics: unknown[] };
}

const BANNER = '\r\nPsExec v2.43 - Execute processes remotely\r\nCopyright (C) 2001-2023 Mark Russinovich\r\nSysinternals - www.sysinternals.com\r\n\r\n';

describe('the fleet tools on disk', () => {
  it('are executable Node scripts named exactly psexec, pslist and pskill, each naming its state file', async () => {
    const names = (await readdir(fleet.binDir)).filter((name) => name !== 'package.json').sort();
    expect(names).toEqual(['psexec', 'pskill', 'pslist']);
    for (const name of names) {
      const path = join(fleet.binDir, name);
      expect((await stat(path)).mode & 0o111).toBe(0o111);
      const script = await readFile(path, 'utf8');
      expect(script.startsWith('#!/usr/bin/env node\n')).toBe(true);
      expect(script).toContain(JSON.stringify(fleet.stateFile));
    }
    expect(fleet.hosts.map((host) => host.address)).toContain(SEED_HOST);
  });

  it('start fast enough to run per host (median of 5 runs printed)', async () => {
    await run('pslist', ['-nobanner']);
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) times.push((await run('pslist', ['\\\\10.xx.50.81', '-nobanner'])).ms);
    const median = times.sort((a, b) => a - b)[2]!;
    console.log(`fleet tool start-up and run, median of 5: ${median.toFixed(0)} ms`);
    expect(median).toBeLessThan(5000);
  });
});

describe('psexec \\\\HOST netstat -ano', () => {
  it('prints the seed\'s rows on stdout and PsExec\'s banner, progress and exit line on stderr, all parsed cleanly', async () => {
    const result = await run('psexec', ['\\\\10.xx.50.81', '-accepteula', 'netstat', '-ano']);
    expect(result.code).toBe(0);
    expect(result.stderr.startsWith(BANNER)).toBe(true);
    expect(result.stderr.endsWith('netstat exited on 10.xx.50.81 with error code 0.\r\n')).toBe(true);
    expect(result.stdout.split('\r\n').at(-1)).toBe('');
    expect(result.stdout.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const table = parse('win-netstat', result.stdout);
    expect(table.diagnostics).toEqual([]);
    expect(table.records).toHaveLength(19);
    expect(table.records.filter((record) => record.pid === SEED_SUSPECT_PID)).toHaveLength(7);
    const frame = parse('psexec-error', result.stderr);
    expect(frame.diagnostics).toEqual([]);
    expect(frame.records).toEqual([]);
    expect(frame.sections).toMatchObject({ host: '10.xx.50.81', command: 'netstat', exitCode: 0, toolVersion: '2.43' });

    // As a console shows it (2>&1): banner and progress, the table, the exit line.
    const trailer = result.stderr.lastIndexOf('netstat exited');
    const combined = parse('win-netstat', result.stderr.slice(0, trailer) + result.stdout + result.stderr.slice(trailer));
    expect(combined.diagnostics).toEqual([]);
    expect(combined.sections).toMatchObject({ launcher: 'PsExec v2.43 - Execute processes remotely', host: '10.xx.50.81', exitCode: 0 });
  });

  it('prints owners with -anob, read cleanly by win-netstat-b', async () => {
    const result = await run('psexec', ['\\\\WS5081', '-accepteula', '-nobanner', 'netstat', '-anob']);
    expect(result.code).toBe(0);
    const table = parse('win-netstat-b', result.stdout);
    expect(table.diagnostics).toEqual([]);
    expect(table.records.find((record) => record.pid === SEED_SUSPECT_PID)).toMatchObject({ process: 'winupd.exe' });
  });

  it('leaves the banner out with -nobanner', async () => {
    const result = await run('psexec', ['\\\\10.xx.50.81', '-accepteula', '-nobanner', 'netstat', '-ano']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('PsExec v2.43');
    expect(result.stderr.startsWith('Connecting to 10.xx.50.81...\rStarting PSEXESVC service on 10.xx.50.81...\r')).toBe(true);
  });

  it('runs netstat on this machine without \\\\HOST', async () => {
    const result = await run('psexec', ['-accepteula', '-nobanner', 'netstat', '-ano']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('netstat exited with error code 0.\r\n');
    expect(parse('win-netstat', result.stdout).records.some((record) => record.localAddr === '10.xx.50.10')).toBe(true);
  });

  it.each([
    ['an unknown host', '10.99.0.1', 53, 'network-path-not-found', "Couldn't access 10.99.0.1:\r\nThe network path was not found.\r\n"],
    ['a host refusing everyone', '10.bb.50.64', 5, 'access-denied', "Couldn't access 10.bb.50.64:\r\nAccess is denied.\r\n"],
    ['a host where the current logon is no administrator', SEED_DC_HOST, 5, 'access-denied', `Couldn't access ${SEED_DC_HOST}:\r\nAccess is denied.\r\n`],
    ['a host that does not answer', '192.168.20.17', 1460, 'host-unreachable', 'Connecting to 192.168.20.17...Timeout accessing 192.168.20.17.\r\n'],
    ['a host with RPC blocked', '192.168.20.19', 1722, 'host-unreachable', "Couldn't access 192.168.20.19:\r\nThe RPC server is unavailable.\r\n"],
    ['a host whose PsExec service cannot start', '192.168.20.18', 1053, 'service-start-failed', 'Could not start PSEXESVC service on 192.168.20.18:\r\nThe service did not respond to the start or control request in a timely fashion.\r\n'],
  ])('fails on %s with Windows\' sentence and code', async (_what, host, windowsCode, kind, text) => {
    const result = await run('psexec', [`\\\\${host}`, '-accepteula', 'netstat', '-ano']);
    // A POSIX exit status keeps the low 8 bits of the Windows code.
    expect(result.code).toBe(windowsCode & 0xff);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith(text)).toBe(true);
    const failure = parse('psexec-error', result.stderr);
    expect(failure.diagnostics).toEqual([]);
    expect(failure.records).toEqual([expect.objectContaining({ kind, host })]);
  });

  it('refuses a wrong password (1326) and accepts the right one, also typed at the prompt', async () => {
    const wrong = await run('psexec', [`\\\\${SEED_DC_HOST}`, '-u', SEED_DC_ACCOUNT.user, '-p', 'guess', '-accepteula', 'netstat', '-ano']);
    expect(wrong.code).toBe(1326 & 0xff);
    expect(wrong.stderr.endsWith(`Couldn't access ${SEED_DC_HOST}:\r\nThe user name or password is incorrect.\r\n`)).toBe(true);
    expect(parse('psexec-error', wrong.stderr).records).toEqual([expect.objectContaining({ kind: 'logon-failure' })]);

    const right = await run('psexec', [`\\\\${SEED_DC_HOST}`, '-u', SEED_DC_ACCOUNT.user.toUpperCase(), '-p', SEED_DC_ACCOUNT.password, '-accepteula', '-nobanner', 'netstat', '-ano']);
    expect(right.code).toBe(0);
    expect(parse('win-netstat', right.stdout).records).toContainEqual(expect.objectContaining({ localAddr: SEED_DC_HOST, localPort: 1026, remoteAddr: SEED_HOST, remotePort: 1222 }));

    const prompted = await run('psexec', [`\\\\${SEED_DC_HOST}`, '-u', SEED_DC_ACCOUNT.user, '-accepteula', '-nobanner', 'netstat', '-ano'], { input: `${SEED_DC_ACCOUNT.password}\n` });
    expect(prompted.code).toBe(0);
    expect(prompted.stderr.startsWith('Password: \r\nConnecting to')).toBe(true);
  });

  it('says when the command does not exist on the host (2), and passes netstat\'s own usage error through', async () => {
    const missing = await run('psexec', ['\\\\10.xx.50.81', '-accepteula', '-nobanner', 'ipconfig', '/all']);
    expect(missing.code).toBe(2);
    expect(parse('psexec-error', missing.stderr).records).toEqual([expect.objectContaining({ kind: 'command-not-found', command: 'ipconfig' })]);
    const badNetstat = await run('psexec', ['\\\\10.xx.50.81', '-accepteula', '-nobanner', 'netstat', '-r']);
    expect(badNetstat.code).toBe(1);
    expect(badNetstat.stdout).toContain('NETSTAT [-a] [-b]');
    expect(badNetstat.stderr.endsWith('netstat exited on 10.xx.50.81 with error code 1.\r\n')).toBe(true);
  });

  it('waits out a slow host\'s delay before answering', async () => {
    const state = await stateCopy((fleetState) => {
      fleetState.hosts.find((host) => host.address === SEED_HOST)!.delayMs = 700;
    });
    const result = await run('psexec', ['\\\\10.xx.50.81', '-accepteula', '-nobanner', 'netstat', '-ano'], { state });
    expect(result.code).toBe(0);
    expect(result.ms).toBeGreaterThanOrEqual(700);
    expect(parse('win-netstat', result.stdout).records).toHaveLength(19);
  });

  it('never answers for a hanging host until killed, and gives up after -n seconds', async () => {
    const hung = await run('psexec', ['\\\\192.168.20.16', '-accepteula', 'netstat', '-ano'], { killAfterMs: 1500 });
    expect(hung.signal).toBe('SIGTERM');
    expect(hung.stdout).toBe('');
    expect(hung.stderr.endsWith('Connecting to 192.168.20.16...')).toBe(true);

    const limited = await run('psexec', ['\\\\192.168.20.16', '-n', '1', '-accepteula', '-nobanner', 'netstat', '-ano']);
    expect(limited.code).toBe(1460 & 0xff);
    expect(limited.ms).toBeGreaterThanOrEqual(1000);
    expect(limited.stderr).toBe('Connecting to 192.168.20.16...Timeout accessing 192.168.20.16.\r\n');
  });

  it('prints its usage for a command line it cannot read', async () => {
    for (const args of [[], ['\\\\10.xx.50.81'], ['\\\\10.xx.50.81', '-bogus', 'netstat'], ['\\\\', 'netstat']]) {
      const result = await run('psexec', args);
      expect(result.code, args.join(' ')).toBe(255);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Usage: psexec [\\\\computer');
    }
  });
});

describe('pslist', () => {
  it('lists the seed host\'s processes, read cleanly by the pslist parser', async () => {
    const result = await run('pslist', ['\\\\10.xx.50.81', '-accepteula']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('\r\nPsList v1.4 - Process information lister\r\nCopyright (C) 2000-2016 Mark Russinovich\r\nSysinternals - www.sysinternals.com\r\n\r\n');
    for (const text of [result.stdout, result.stderr + result.stdout]) {
      const listing = parse('pslist', text);
      expect(listing.diagnostics).toEqual([]);
      expect(listing.sections.host).toBe('10.xx.50.81');
      expect(listing.records.find((record) => record.pid === SEED_SUSPECT_PID)).toMatchObject({ name: 'winupd' });
      expect(listing.records).toHaveLength(36);
    }
  });

  it('prints the tree with -t, read cleanly by pslist-tree', async () => {
    const result = await run('pslist', ['\\\\10.xx.50.81', '-accepteula', '-nobanner', '-t']);
    expect(result.code).toBe(0);
    const tree = parse('pslist-tree', result.stdout);
    expect(tree.diagnostics).toEqual([]);
    expect(tree.records.find((record) => record.pid === SEED_SUSPECT_PID)).toMatchObject({ ppid: 3676, depth: 1 });
  });

  it('lists this machine by its computer name without \\\\HOST, and says when a name matches nothing', async () => {
    const local = await run('pslist', ['-nobanner']);
    expect(local.stdout.startsWith('Process information for IT-ANALYST:\r\n')).toBe(true);
    const missing = await run('pslist', ['\\\\10.xx.50.81', '-nobanner', 'notepad']);
    expect(missing.code).toBe(1);
    expect(parse('pslist', missing.stdout).sections.notFound).toEqual([{ line: 3, name: 'notepad', host: '10.xx.50.81' }]);
  });

  it('fails on unreachable hosts with the PsTools\' message, and prints usage for a bad command line', async () => {
    const failed = await run('pslist', ['\\\\10.bb.50.64', '-nobanner']);
    expect(failed.code).toBe(1);
    expect(parse('psexec-error', failed.stderr).records).toEqual([expect.objectContaining({ kind: 'access-denied', host: '10.bb.50.64' })]);
    const usage = await run('pslist', ['-q']);
    expect(usage.code).toBe(255);
    expect(usage.stderr).toContain('Usage: pslist');
  });
});

describe('pskill', () => {
  it('kills the process: its row and its sockets are gone from later pslist and netstat runs', async () => {
    const state = await stateCopy();
    const killed = await run('pskill', ['\\\\10.xx.50.81', '-accepteula', String(SEED_SUSPECT_PID)], { state });
    expect(killed.code).toBe(0);
    expect(killed.stdout).toBe(`Process ${SEED_SUSPECT_PID} on 10.xx.50.81 killed.\r\n`);
    const outcome = parse('pskill', killed.stderr + killed.stdout);
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.records).toEqual([expect.objectContaining({ outcome: 'killed', pid: SEED_SUSPECT_PID, host: '10.xx.50.81' })]);

    const listing = parse('pslist', (await run('pslist', ['\\\\10.xx.50.81', '-nobanner'], { state })).stdout);
    expect(listing.records.some((record) => record.pid === SEED_SUSPECT_PID)).toBe(false);
    const sockets = parse('win-netstat', (await run('psexec', ['\\\\10.xx.50.81', '-nobanner', 'netstat', '-ano'], { state })).stdout);
    expect(sockets.records).toHaveLength(12);
    expect(sockets.records.some((record) => record.pid === SEED_SUSPECT_PID)).toBe(false);
    // The shared state of the other tests is untouched.
    expect(await readFile(fleet.stateFile, 'utf8')).toBe(pristine);
  });

  it('kills the tree with -t and says how many, as the seed types it (PID before \\\\HOST)', async () => {
    const state = await stateCopy();
    const result = await run('pskill', ['3676', '\\\\10.xx.50.81', '-t', '-nobanner'], { state });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('7 processes descended from and including 3676 on 10.xx.50.81 killed.\r\n');
    expect(parse('pskill', result.stdout).records).toEqual([expect.objectContaining({ outcome: 'killed', pid: 3676, killedCount: 7 })]);
    const tree = parse('pslist-tree', (await run('pslist', ['\\\\10.xx.50.81', '-nobanner', '-t'], { state })).stdout);
    expect(tree.records.some((record) => record.pid === 3968 || record.pid === 3676)).toBe(false);
  });

  it('is refused System (access denied) and names an unknown PID or name as PsKill does', async () => {
    const state = await stateCopy();
    const system = await run('pskill', ['\\\\10.xx.50.81', '-nobanner', '4'], { state });
    expect(system.code).toBe(1);
    expect(system.stderr).toBe('Unable to kill process 4:\r\nAccess is denied.\r\n');
    expect(parse('pskill', system.stderr).records).toEqual([expect.objectContaining({ outcome: 'access-denied', pid: 4 })]);
    const unknown = await run('pskill', ['\\\\10.xx.50.81', '-nobanner', '1234'], { state });
    expect(unknown.code).toBe(1);
    expect(parse('pskill', unknown.stderr).records).toEqual([expect.objectContaining({ outcome: 'not-found', pid: 1234 })]);
    const name = await run('pskill', ['\\\\10.xx.50.81', '-nobanner', 'notepad.exe'], { state });
    expect(name.stderr).toBe('Process does not exist.\r\n');
    expect(await readFile(state, 'utf8')).toBe(pristine);
  });

  it('loses no kill when many run at once on the same host', async () => {
    const state = await stateCopy();
    const victims = parseFleetState(pristine, 'pristine').hosts.find((host) => host.address === SEED_HOST)!.processes.filter((process) => !process.protected && process.ppid !== 0).map((process) => process.pid).slice(-16);
    const results = await Promise.all(victims.map((pid) => run('pskill', ['\\\\10.xx.50.81', '-nobanner', String(pid)], { state })));
    expect(results.map((result) => result.code)).toEqual(victims.map(() => 0));
    const left = parseFleetState(await readFile(state, 'utf8'), state).hosts.find((host) => host.address === SEED_HOST)!;
    expect(left.processes.filter((process) => victims.includes(process.pid))).toEqual([]);
    expect(left.processes).toHaveLength(36 - victims.length);
    // No lock or temporary file is left behind.
    expect((await readdir(scratch.path)).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp'))).toEqual([]);
  });

  it('fails on an unreachable host and prints usage without a target', async () => {
    const failed = await run('pskill', ['\\\\10.99.0.1', '-nobanner', '55']);
    expect(failed.code).toBe(1);
    expect(parse('pskill', failed.stderr).diagnostics).toEqual([]);
    expect(failed.stderr).toBe("Couldn't access 10.99.0.1:\r\nThe network path was not found.\r\n");
    const usage = await run('pskill', ['\\\\10.xx.50.81']);
    expect(usage.code).toBe(255);
    expect(usage.stderr).toContain('Usage: pskill');
  });
});

describe('a lab fleet\'s life', () => {
  it('is removed whole by dispose, and a second dispose does nothing', async () => {
    const other = await startLabFleet({ scenario: 'office' });
    const folder = join(other.binDir, '..');
    expect((await stat(folder)).isDirectory()).toBe(true);
    await copyFile(other.stateFile, `${other.stateFile}.bak`);
    await other.dispose();
    await expect(stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });
    await other.dispose();
  });

  it('in a folder the caller gave, removes only what it wrote', async () => {
    const dir = await withTempDir();
    try {
      await writeFile(join(dir.path, 'notes.txt'), 'mine');
      const inside = await startLabFleet({ scenario: 'large', dir: dir.path, flowCount: 1000 });
      expect(inside.hosts.length).toBeGreaterThan(10);
      await inside.dispose();
      expect(await readdir(dir.path)).toEqual(['notes.txt']);
    } finally {
      await dir.remove();
    }
  });

  it('refuses an unknown scenario', async () => {
    await expect(startLabFleet({ scenario: 'moon' })).rejects.toThrow(/unknown scenario "moon"/);
  });
});
