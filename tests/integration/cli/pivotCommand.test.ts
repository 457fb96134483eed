// `flowpivot pivot` on real saved outputs: the JSON and CSV it prints, what it says on stderr, and the exit code and
// sentence for each command line or file it cannot use.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/main/cli/cliCommand';
import { pivotCommand } from '../../../src/main/cli/commands/pivotCommand';
import { withTempDir } from '../../support/tempDir';
import { runCli } from '../support/flowpivotCli';

const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const FLOWS = path('captures/investigation-lab/router-show-ip-cache-flow.txt');
const WS_NETSTAT = path('fixtures/win-netstat/seed-psexec.txt');
const WS_PSLIST = path('captures/investigation-lab/ws5081-pslist.txt');
const PRX_NETSTAT = path('captures/investigation-lab/prx5241-netstat-ano.txt');
const GARBLED_NETSTAT = path('fixtures/win-netstat/garbage-and-truncated.txt');
const PSKILL = path('fixtures/pskill/seed.txt');

const FIELDS = ['srcAddr', 'srcPort', 'dstAddr', 'dstPort', 'protocol', 'host', 'localAddr', 'localPort', 'remoteAddr', 'remotePort', 'state', 'pid', 'processName', 'match'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command with a context over the real file system; standard input is `stdin`. */
async function pivot(args: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    readStdin: async () => stdin,
    readFile: (file) => readFile(file, 'utf8'),
    waitForStop: () => new Promise<string>(() => undefined),
    stderrIsTTY: false,
    promptSecret: async () => null,
  };
  const code = await pivotCommand.run(args, context);
  return { code, stdout, stderr };
}

/** The whitespace-separated fields of the first line of `file` that contains `needle` (runs of spaces read as one). */
function rowWith(file: string, needle: string): string[] {
  const line = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((candidate) => candidate.trim().replace(/\s+/g, ' '))
    .find((candidate) => candidate.includes(needle));
  if (line === undefined) throw new Error(`no line with "${needle}" in ${file}`);
  return line.split(' ');
}

/** The name PsList printed in the row of `pid`. */
function pslistName(file: string, pid: number): string {
  const row = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[1] === String(pid));
  if (row === undefined) throw new Error(`no PID ${pid} in ${file}`);
  return row[0]!;
}

const SEED_HOSTS = ['--host', `WS5081=${WS_NETSTAT},${WS_PSLIST}`, '--host', `PRX5241=${PRX_NETSTAT}`];

let scratch: { path: string; remove: () => Promise<void> };
let prose: string;

beforeAll(async () => {
  scratch = await withTempDir();
  prose = join(scratch.path, 'letter.txt');
  await writeFile(prose, 'Dear analyst,\nplease find attached the outputs you asked for.\n');
});

afterAll(async () => {
  await scratch.remove();
});

describe('flowpivot pivot', () => {
  it('prints {"format":"pivot","records":[…]} with the fields in order, and says each file\'s format on stderr', async () => {
    const { code, stdout, stderr } = await pivot(['--flows', FLOWS, ...SEED_HOSTS]);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output)).toEqual(['format', 'records']);
    expect(output.format).toBe('pivot');
    for (const record of output.records) expect(Object.keys(record)).toEqual(FIELDS);
    for (const [file, format] of [[FLOWS, 'ios-ip-cache-flow'], [WS_NETSTAT, 'win-netstat'], [WS_PSLIST, 'pslist'], [PRX_NETSTAT, 'win-netstat']]) {
      expect(stderr).toContain(`${file}: detected format ${format}`);
    }

    // The SMB session to the seed host (flow 10.bb.50.64 → 10.xx.50.81 port 01BD): netstat's socket, PID 4, PsList's name.
    const flow = rowWith(FLOWS, '10.bb.50.64 Tu0 10.xx.50.81');
    const socket = rowWith(WS_NETSTAT, '10.xx.50.81:445 10.bb.50.64:1826');
    const smb = output.records.filter((record: { srcAddr: string; srcPort: number; dstPort: number }) => record.srcAddr === flow[1] && record.srcPort === parseInt(flow[5]!, 16) && record.dstPort === parseInt(flow[6]!, 16));
    expect(smb.map((record: { match: string }) => record.match)).toEqual(['exact', 'listener']);
    expect(smb[0]).toMatchObject({ host: 'WS5081', localAddr: '10.xx.50.81', localPort: 445, remotePort: 1826, state: socket[3], pid: Number(socket[4]), processName: pslistName(WS_PSLIST, Number(socket[4])) });

    // Port 8080: the seed host's PID 3756 at one end, the proxy at the other; no process list for the proxy.
    const proxied = output.records.filter((record: { srcPort: number; dstPort: number }) => record.srcPort === 1822 && record.dstPort === 8080);
    expect(proxied.map((record: { host: string; match: string }) => `${record.match} ${record.host}`)).toEqual(['exact PRX5241', 'exact WS5081', 'listener PRX5241']);
    expect(proxied[1]).toMatchObject({ pid: Number(rowWith(WS_NETSTAT, '10.xx.50.81:1822 10.xx.50.241:8080')[4]), processName: pslistName(WS_PSLIST, 3756) });
    expect(proxied[0]).toMatchObject({ pid: Number(rowWith(PRX_NETSTAT, '10.xx.50.241:8080 10.xx.50.81:1822')[4]), processName: null });

    // A flow of the seed's own capture no host saw: once, all socket fields null.
    const icmp = output.records.filter((record: { srcAddr: string }) => record.srcAddr === '10.aa.20.254');
    expect(icmp).toHaveLength(1);
    expect(FIELDS.slice(5).map((field) => icmp[0][field])).toEqual(FIELDS.slice(5).map(() => null));
  });

  it('prints the same as `npx flowpivot pivot` in a process of its own', async () => {
    const inProcess = await pivot(['--flows', FLOWS, ...SEED_HOSTS, '--csv']);
    const child = await runCli(['pivot', '--flows', FLOWS, ...SEED_HOSTS, '--csv'], scratch.path);
    expect(child).toEqual({ code: 0, stdout: inProcess.stdout, stderr: inProcess.stderr });
  });

  it('prints the same records as CSV under a header of the field names', async () => {
    const json = JSON.parse((await pivot(['--flows', FLOWS, ...SEED_HOSTS, '--json'])).stdout);
    const { code, stdout } = await pivot(['--flows', FLOWS, ...SEED_HOSTS, '--csv']);
    expect(code).toBe(0);
    expect(stdout.endsWith('\r\n')).toBe(true);
    const rows = stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe(FIELDS.join(','));
    expect(rows).toHaveLength(json.records.length + 1);
    const smb = rows.find((row) => row.startsWith('10.bb.50.64,1826,10.xx.50.81,445,6,WS5081,10.xx.50.81,'))!.split(',');
    expect(smb[FIELDS.indexOf('processName')]).toBe(pslistName(WS_PSLIST, Number(smb[FIELDS.indexOf('pid')])));
    expect(smb[FIELDS.indexOf('match')]).toBe('exact');
    expect(rows.find((row) => row.startsWith('10.aa.20.254,'))).toBe(`10.aa.20.254,0,10.bb.21.1,0,1${','.repeat(9)}`);
  });

  it('puts parser diagnostics on stderr as FILE:LINE: severity: message and still joins', async () => {
    const { code, stdout, stderr } = await pivot(['--flows', FLOWS, '--host', `BROKEN=${GARBLED_NETSTAT}`]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).records.length).toBeGreaterThan(0);
    expect(stderr).toMatch(new RegExp(`^${GARBLED_NETSTAT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: (error|warning|info): `, 'm'));
  });

  it('reads one of the files from standard input with "-"', async () => {
    const { code, stdout, stderr } = await pivot(['--flows', '-', ...SEED_HOSTS], readFileSync(FLOWS, 'utf8'));
    expect(code).toBe(0);
    expect(stderr).toContain('-: detected format ios-ip-cache-flow');
    expect(JSON.parse(stdout).records.some((record: { match: string | null }) => record.match === 'exact')).toBe(true);
  });

  it('exits 2 with the sentence that says what the command line lacks', async () => {
    const cases: [string[], string][] = [
      [[...SEED_HOSTS], 'give the router\'s flows with --flows FILE'],
      [['--flows', FLOWS], 'give at least one host with --host NAME=NETSTAT_FILE[,PROCESS_FILE]'],
      [['--flows', FLOWS, '--host', WS_NETSTAT], `--host needs NAME=NETSTAT_FILE or NAME=NETSTAT_FILE,PROCESS_FILE, got "${WS_NETSTAT}"`],
      [['--flows', FLOWS, '--host', `=${WS_NETSTAT}`], '--host needs NAME=NETSTAT_FILE or NAME=NETSTAT_FILE,PROCESS_FILE'],
      [['--flows', FLOWS, '--host', `WS=${WS_NETSTAT},${WS_PSLIST},${WS_PSLIST}`], '--host needs NAME=NETSTAT_FILE or NAME=NETSTAT_FILE,PROCESS_FILE'],
      [['--flows', FLOWS, '--host', `WS=${WS_NETSTAT}`, '--host', `WS=${PRX_NETSTAT}`], 'the host name "WS" is given twice'],
      [['--flows', FLOWS, ...SEED_HOSTS, '--json', '--csv'], 'give at most one of --json, --csv'],
      [['--flows', FLOWS, ...SEED_HOSTS, WS_NETSTAT], `unexpected argument "${WS_NETSTAT}"`],
      [['--flows', '-', '--host', 'WS=-'], 'standard input ("-") can be only one of the files'],
      [['--flows', FLOWS, ...SEED_HOSTS, '--format', 'win-netstat'], "Unknown option '--format'"],
    ];
    for (const [args, sentence] of cases) {
      const run = await pivot(args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toContain(sentence);
    }
  });

  it('exits 2 naming a file that is missing or of no known format', async () => {
    const missing = await pivot(['--flows', FLOWS, '--host', 'WS=/nonexistent/netstat.txt']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('cannot read /nonexistent/netstat.txt: no such file.');
    const unknown = await pivot(['--flows', prose, ...SEED_HOSTS]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain(`cannot tell the format of ${prose}: --flows expects a router flow capture (ios-ip-cache-flow,`);
  });

  it('exits 2 when a file is not the kind of output its option expects', async () => {
    const cases: [string[], string][] = [
      [['--flows', WS_NETSTAT, ...SEED_HOSTS], `${WS_NETSTAT} is a connection listing (win-netstat), but --flows expects a router flow capture (`],
      [['--flows', FLOWS, '--host', `WS=${WS_PSLIST}`], `${WS_PSLIST} is a process listing (pslist), but --host WS=NETSTAT_FILE expects a connection listing (`],
      [['--flows', FLOWS, '--host', `WS=${WS_NETSTAT},${PRX_NETSTAT}`], `${PRX_NETSTAT} is a connection listing (win-netstat), but --host WS=…,PROCESS_FILE expects a process listing (`],
      [['--flows', FLOWS, '--host', `WS=${PSKILL}`], `${PSKILL} is pskill output, but --host WS=NETSTAT_FILE expects a connection listing (`],
    ];
    for (const [args, sentence] of cases) {
      const run = await pivot(args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toContain(sentence);
    }
  });

  it('documents every option with an example in its help', () => {
    const help = pivotCommand.help();
    for (const option of ['--flows FILE', '--host NAME=NETSTAT_FILE[,PROCESS_FILE]', '--json', '--csv']) expect(help).toContain(option);
    expect(help).toMatch(/Example:\n\s+flowpivot pivot --flows \S+/);
  });
});
