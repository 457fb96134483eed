// `flowpivot case …` and `--case FILE` as child processes: raw files imported into a case, counts, verification that
// names what another tool altered, exports; and a live collection and kill on the lab recorded as the window would.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findParser } from '../../../src/shared/parsers/registry';
import { startLabFleet, type LabFleet } from '../../../src/main/lab/fleet/labFleet';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { SEED_HOST } from '../../../src/main/lab/scenarios/seedFleet';
import { withTempDir } from '../../support/tempDir';
import { runCli } from '../support/flowpivotCli';

const execFileAsync = promisify(execFile);
const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const FLOWS = fixture('ios-ip-cache-flow/seed.txt');
const NETSTAT = fixture('win-netstat/seed-psexec.txt');
const PSLIST = fixture('pslist/dmx-one-process.txt');

function sqlite3Missing(): string | null {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'the sqlite3 command-line tool is not installed (apt-get install sqlite3)';
  }
}

function recordCount(path: string, format: string): number {
  return findParser(format)!.parse(readFileSync(path, 'utf8')).records.length;
}

let home: Awaited<ReturnType<typeof withTempDir>>;

beforeAll(async () => {
  home = await withTempDir();
});

afterAll(async () => {
  await home.remove();
});

describe('flowpivot case', () => {
  it('imports raw files into a new case, counts them, verifies, and exports HTML, CSV and JSON', async () => {
    const casePath = join(home.path, 'imported.flowpivot');
    const imported = await runCli(['case', 'import', casePath, FLOWS, NETSTAT, PSLIST, join(home.path, 'missing.txt')], home.path);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain('missing.txt: no such file');

    const ok = await runCli(['case', 'import', casePath, FLOWS, NETSTAT, PSLIST], home.path);
    expect(ok.stderr).not.toContain('Internal error');
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('ios-ip-cache-flow');

    const described = await runCli(['case', 'info', casePath], home.path);
    expect(described.stdout).toMatch(/^Case: +imported$/m);

    const info = await runCli(['case', 'info', casePath, '--json'], home.path);
    expect(info.code).toBe(0);
    const counts = JSON.parse(info.stdout) as Record<string, number>;
    expect(Object.keys(counts)).toEqual(['schemaVersion', 'collections', 'flows', 'connections', 'processes', 'auditEntries']);
    expect(counts).toMatchObject({ collections: 3, flows: recordCount(FLOWS, 'ios-ip-cache-flow'), connections: recordCount(NETSTAT, 'win-netstat'), processes: recordCount(PSLIST, 'pslist') });
    expect(counts.auditEntries).toBeGreaterThanOrEqual(4);

    expect((await runCli(['case', 'verify', casePath], home.path)).code).toBe(0);

    const html = join(home.path, 'report.html');
    expect((await runCli(['case', 'export', casePath, '--html', html], home.path)).code).toBe(0);
    const report = await readFile(html, 'utf8');
    expect(report).not.toMatch(/<script/i);
    expect(report).toContain(execFileSync('sha256sum', [FLOWS]).toString().split(' ')[0]);

    const csvDir = join(home.path, 'csv');
    expect((await runCli(['case', 'export', casePath, '--csv', csvDir], home.path)).code).toBe(0);
    const flowsCsv = (await readFile(join(csvDir, 'flows.csv'), 'utf8')).trimEnd().split('\r\n');
    expect(flowsCsv).toHaveLength(counts.flows! + 1);
    expect(flowsCsv[0]).toMatch(/^collectionId,device,line,srcIf,srcAddr/);

    const json = join(home.path, 'case.json');
    expect((await runCli(['case', 'export', casePath, '--json', json], home.path)).code).toBe(0);
    const whole = JSON.parse(await readFile(json, 'utf8')) as { collections: { raw: string; importedFrom: string }[] };
    expect(whole.collections.find((collection) => collection.importedFrom === FLOWS)?.raw).toBe(readFileSync(FLOWS, 'utf8'));
  });

  it.skipIf(sqlite3Missing() !== null)('exits 3 naming the collection whose raw output another tool altered', async () => {
    const casePath = join(home.path, 'tampered.flowpivot');
    expect((await runCli(['case', 'import', casePath, NETSTAT], home.path)).code).toBe(0);
    const triggers = execFileSync('sqlite3', [casePath, "SELECT name FROM sqlite_master WHERE type = 'trigger'"]).toString().trim().split('\n').filter(Boolean);
    const sql = [...triggers.map((name) => `DROP TRIGGER "${name}";`), "UPDATE collections SET raw = replace(raw, 'LISTENING', 'LISTENINg');"].join(' ');
    await execFileAsync('sqlite3', [casePath, sql]);
    const verify = await runCli(['case', 'verify', casePath], home.path);
    expect(verify.code).toBe(3);
    expect(verify.stdout).toMatch(/^ALTERED collection .*/m);
    expect(verify.stdout).toContain('seed-psexec');
  });

  it.skipIf(sqlite3Missing() !== null)('re-reads raw outputs read by an older parser version, leaving the raw untouched and the chain whole', async () => {
    const casePath = join(home.path, 'reparse.flowpivot');
    expect((await runCli(['case', 'import', casePath, FLOWS, NETSTAT], home.path)).code).toBe(0);
    const upToDate = await runCli(['case', 'reparse', casePath], home.path);
    expect(upToDate.code).toBe(0);
    expect((JSON.parse(upToDate.stdout) as { to: string | null }[]).map((result) => result.to)).toEqual([null, null]);

    // As if the flows had been read by an older parser: only that collection is read again.
    await execFileAsync('sqlite3', [casePath, "UPDATE collections SET parser_version = '0.9.0' WHERE parser_id = 'ios-ip-cache-flow'"]);
    const reparsed = await runCli(['case', 'reparse', casePath], home.path);
    expect(reparsed.code).toBe(0);
    const results = JSON.parse(reparsed.stdout) as { from: string | null; to: string | null; records: number }[];
    expect(results.filter((result) => result.to !== null)).toEqual([expect.objectContaining({ from: '0.9.0', to: findParser('ios-ip-cache-flow')!.version, records: recordCount(FLOWS, 'ios-ip-cache-flow') })]);
    expect((await runCli(['case', 'verify', casePath], home.path)).code).toBe(0);
    const json = join(home.path, 'reparse.json');
    await runCli(['case', 'export', casePath, '--json', json], home.path);
    const whole = JSON.parse(await readFile(json, 'utf8')) as { audit: { action: string }[]; collections: { raw: string; importedFrom: string }[] };
    expect(whole.audit.filter((entry) => entry.action === 'reparse')).toHaveLength(1);
    expect(whole.collections.find((collection) => collection.importedFrom === FLOWS)?.raw).toBe(readFileSync(FLOWS, 'utf8'));
  });

  it('exits 2 for a file that is not a case, and for a missing one', async () => {
    const notACase = await runCli(['case', 'info', FLOWS], home.path);
    expect(notACase.code).toBe(2);
    expect(notACase.stderr).toContain(FLOWS);
    const missing = await runCli(['case', 'verify', join(home.path, 'nope.flowpivot')], home.path);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such case file');
  });
});

describe('--case FILE on collect and kill', () => {
  let lab: LabRouter;
  let fleet: LabFleet;
  const PASSWORD_VAR = 'FP_CASE_TEST_PASSWORD';

  beforeAll(async () => {
    lab = await startLabRouter({ scenario: 'seed' });
    fleet = await startLabFleet({ scenario: 'seed' });
  });

  afterAll(async () => {
    await lab?.close();
    await fleet?.dispose();
  });

  it('records the collection and the kill exactly as the window would; the password never reaches the case file', async () => {
    const casePath = join(home.path, 'live.flowpivot');
    const env = { [PASSWORD_VAR]: lab.password, PATH: `${fleet.binDir}:${process.env.PATH ?? ''}` };
    const knownHosts = join(home.path, 'case_known_hosts');
    const flows = await runCli(['collect', 'router', `ssh://${lab.username}@${lab.host}:${lab.port}`, '--password-env', PASSWORD_VAR, '--known-hosts', knownHosts, '--accept-new-host-key', '--case', casePath], home.path, env);
    expect(flows.stderr).not.toContain('NOT kept');
    expect(flows.code).toBe(0);
    const sockets = await runCli(['collect', 'host', SEED_HOST, '--via', 'psexec', '--what', 'connections', '--case', casePath], home.path, env);
    expect(sockets.code).toBe(0);
    const killed = await runCli(['kill', SEED_HOST, '3968', '--via', 'psexec', '--expect-name', 'ctfmon.exe', '--reason', 'beacon', '--case', casePath], home.path, env);
    expect(killed.code).toBe(0);
    const refused = await runCli(['kill', SEED_HOST, '4', '--via', 'psexec', '--expect-name', 'System', '--case', casePath], home.path, env);
    expect(refused.code).toBe(1);

    const json = join(home.path, 'live.json');
    expect((await runCli(['case', 'export', casePath, '--json', json], home.path)).code).toBe(0);
    const whole = JSON.parse(await readFile(json, 'utf8')) as { collections: { command: string; raw: string; kind: string }[]; audit: { action: string; detail: Record<string, unknown> }[]; devices: { hostKeyFingerprint: string | null }[] };
    const flowCollection = whole.collections.find((collection) => collection.kind === 'flows')!;
    expect(flowCollection.command).toBe('show ip cache flow');
    expect(flowCollection.raw).toContain('SrcIf');
    expect(whole.devices.some((device) => device.hostKeyFingerprint === lab.fingerprint)).toBe(true);
    const kills = whole.audit.filter((entry) => entry.action === 'kill');
    expect(kills).toHaveLength(2);
    expect(kills[0]!.detail).toMatchObject({ pid: 3968, outcome: 'killed', reason: 'beacon' });
    expect(kills[1]!.detail).toMatchObject({ pid: 4, outcome: 'error' });
    expect((await runCli(['case', 'verify', casePath], home.path)).code).toBe(0);

    for (const file of [casePath, `${casePath}-wal`, json]) {
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(lab.password))).toBe(false);
    }
  });
});
