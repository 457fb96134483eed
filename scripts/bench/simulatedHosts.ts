// Cheap simulated Windows hosts for the fleet-sweep bench: a `psexec` and a `pslist` on PATH that wait a host's seeded
// delay, then print what the lab fleet's own tools print for that host (stdout, stderr, exit code), byte for byte.
//
// The lab fleet's tools are Node + tsx scripts costing ~0.3 s of CPU per run: 2,500 of them cannot fit in the ~7.8 s
// a 2,500-host sweep should take on 2 cores. So each host's answers are rendered once, in this process, by the fleet's
// own tool code (runFleetTool), and the executables only replay them: a small C program (simulatedTool.c) built with
// the machine's cc, one process per run like the real tools; Perl where there is no compiler. A POSIX sh script would
// need sleep and two cats, four processes per run. Measured on 2 cores, 2,500 runs 64 at a time from a plain Node loop
// (~95 MB): native +4% over the ideal, Perl +12%; from a ~60 MB loop, sh with sleep and cat +12.5% where Perl took +7%.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { psexecNetstatArgs, pslistArgs } from '../../src/main/hosts/sysinternals/sysinternalsArgv';
import { FLEET_STATE_FORMAT, FLEET_STATE_VERSION, serializeFleetState, type FleetHost, type FleetState } from '../../src/main/lab/fleet/fleetState';
import { runFleetTool } from '../../src/main/lab/fleet/fleetToolMain';
import type { FleetToolName } from '../../src/main/lab/fleet/psToolsTexts';
import { WindowsHostBuilder } from '../../src/main/lab/fleet/windowsHostBuilder';
import { randomInt, seededRandom } from '../../src/main/lab/scenarios/seededRandom';

const execFileAsync = promisify(execFile);

export interface SimulatedHostsOptions {
  hosts: number;
  /** Each host answers after meanMs ± jitterMs (uniform, seeded). */
  meanMs: number;
  jitterMs: number;
  seed?: number;
  /** 'perl' skips the compiler (to compare the two). Default: native when cc is found. */
  tool?: 'native' | 'perl';
}

export interface SimulatedHosts {
  /** Holds psexec and pslist: put it first on PATH. */
  binDir: string;
  toolKind: SimulatedToolKind;
  addresses: string[];
  /** Each host's delay, in the order of `addresses`. */
  delaysMs: number[];
  /**
   * An environment entry ("NAME=value") every tool process started from this process inherits once `markChildren`
   * set it: how the bench finds them all, whoever their parent is now.
   */
  marker: string;
  markChildren(): void;
  dispose(): Promise<void>;
}

/** What one tool run printed. */
interface Answer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** 10.77.x.y, x from 0, y from 1 to 250: a valid, distinct address per host. */
function benchAddress(index: number): string {
  return `10.77.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

/** A Windows 10 host as the large lab fleet builds them, with a few client connections of its own. */
function benchHost(index: number): FleetHost {
  const address = benchAddress(index);
  const hostname = `WS-BENCH-${String(index).padStart(4, '0')}`;
  const builder = new WindowsHostBuilder({ address, hostname, aliases: [hostname], edition: 'win10', seed: 0x5eed0000 + index });
  const random = seededRandom(0xbe7c0000 + index);
  const browser = builder.addProcess({ name: 'msedge', parent: 'explorer' });
  for (let socket = 0; socket < randomInt(random, 2, 12); socket += 1) {
    builder.socket({ proto: 'TCP', local: `${address}:${randomInt(random, 49152, 65535)}`, remote: `203.0.113.${randomInt(random, 1, 254)}:443`, pid: browser.pid });
  }
  return builder.build();
}

/** Runs the lab fleet's own tool on a state file holding only `host`, capturing what it prints. */
async function fleetAnswer(tool: FleetToolName, argv: readonly string[], stateFile: string): Promise<Answer> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runFleetTool(tool, argv, {
    stateFile,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readLine: async () => null,
  });
  // As a POSIX exit status, which keeps the low 8 bits (fleetToolMain does the same).
  return { stdout, stderr, exitCode: exitCode & 0xff };
}

/**
 * The fallback where no C compiler is found: the same replay in Perl (Debian's perl-base is always installed), one
 * process per run too, but about twice the cost of the native tool per run.
 */
const PERL_TOOL = [
  '#!/usr/bin/perl',
  '# FlowPivot bench: the simulated psexec / pslist of the sweep bench (see scripts/bench/simulatedTool.c, which it stands in for).',
  'use strict;',
  'my ($bin, $tool) = $0 =~ m{^(.*)/([^/]+)$} or die "run me by my path\\n";',
  'my $answers = "$bin/../answers";',
  'sub slurp { my ($path) = @_; open(my $file, "<:raw", $path) or return undef; local $/; my $text = <$file>; return defined $text ? $text : ""; }',
  'my $from;',
  'if (@ARGV == 0) {',
  '  $from = "$answers/$tool-probe";',
  '} else {',
  '  my ($unc, @rest) = @ARGV;',
  '  my ($host) = $unc =~ /^\\\\\\\\([0-9.]+)$/;',
  '  my $expected = slurp("$answers/$tool.args");',
  '  if (!defined $host || !defined $expected || join(" ", @rest) ne $expected) { print STDERR "FlowPivot bench: $tool was not prepared for these arguments\\r\\n"; exit 1; }',
  '  my $delay = slurp("$answers/$host/delay-ms");',
  '  if (!defined $delay) { print STDERR "FlowPivot bench: $tool has no such simulated host\\r\\n"; exit 53; }',
  '  select(undef, undef, undef, $delay / 1000);',
  '  $from = "$answers/$host/$tool";',
  '}',
  'binmode(STDOUT); binmode(STDERR);',
  'print STDOUT slurp("$from.out");',
  'print STDERR slurp("$from.err");',
  'exit(slurp("$from.exit") + 0);',
  '',
].join('\n');

/** Which tool the bench could build: native (static when the C library allows) or the Perl fallback. */
export type SimulatedToolKind = 'native, static' | 'native' | 'perl';

/** Builds psexec and pslist in `binDir`: the C tool when a compiler is found, else the Perl one. */
async function buildTools(binDir: string, wanted: 'native' | 'perl'): Promise<SimulatedToolKind> {
  const source = fileURLToPath(new URL('./simulatedTool.c', import.meta.url));
  const built = join(binDir, 'psexec');
  let kind: SimulatedToolKind | null = null;
  for (const [flags, candidate] of wanted === 'perl' ? [] : ([[['-static'], 'native, static'], [[], 'native']] as const)) {
    try {
      await execFileAsync('cc', ['-O2', ...flags, '-o', built, source], { timeout: 60_000 });
      kind = candidate;
      break;
    } catch {
      // No compiler, or no static C library: try the next way.
    }
  }
  if (kind === null) {
    await writeFile(built, PERL_TOOL);
    kind = 'perl';
  }
  await chmod(built, 0o755);
  await copyFile(built, join(binDir, 'pslist'));
  await chmod(join(binDir, 'pslist'), 0o755);
  return kind;
}

async function writeAnswer(path: string, answer: Answer): Promise<void> {
  await writeFile(`${path}.out`, answer.stdout, 'latin1');
  await writeFile(`${path}.err`, answer.stderr, 'latin1');
  await writeFile(`${path}.exit`, String(answer.exitCode));
}

/** Writes the hosts' answers and the two tools into a new temporary folder. */
export async function startSimulatedHosts(options: SimulatedHostsOptions): Promise<SimulatedHosts> {
  const dir = await mkdtemp(join(tmpdir(), 'flowpivot-bench-hosts-'));
  const binDir = join(dir, 'bin');
  const answersDir = join(dir, 'answers');
  const stateFile = join(dir, 'one-host-state.json');
  const random = seededRandom(options.seed ?? 0x5a11);
  const addresses: string[] = [];
  const delaysMs: number[] = [];
  let toolKind: SimulatedToolKind = 'perl';
  try {
    await mkdir(binDir, { recursive: true });
    await mkdir(answersDir, { recursive: true });
    for (let index = 0; index < options.hosts; index += 1) {
      const host = benchHost(index);
      const state: FleetState = { format: FLEET_STATE_FORMAT, version: FLEET_STATE_VERSION, scenario: 'sweep-bench', localHost: host.address, unknownHost: 'network-path-not-found', hosts: [host], elapsedAsOfMs: Date.now() };
      // A scratch file read back at once: no need for the lab's atomic, flushed write.
      await writeFile(stateFile, serializeFleetState(state));
      const hostDir = join(answersDir, host.address);
      await mkdir(hostDir);
      await writeAnswer(join(hostDir, 'psexec'), await fleetAnswer('psexec', psexecNetstatArgs(host.address, null, false), stateFile));
      await writeAnswer(join(hostDir, 'pslist'), await fleetAnswer('pslist', pslistArgs(host.address, null, false), stateFile));
      const delay = options.meanMs + (random() * 2 - 1) * options.jitterMs;
      await writeFile(join(hostDir, 'delay-ms'), delay.toFixed(1));
      addresses.push(host.address);
      delaysMs.push(Number(delay.toFixed(1)));
    }
    for (const tool of ['psexec', 'pslist'] as const) {
      await writeAnswer(join(answersDir, `${tool}-probe`), await fleetAnswer(tool, tool === 'psexec' ? [] : ['-?'], stateFile));
      // The arguments after \\HOST, exactly as the Sysinternals collector builds them.
      const expected = (tool === 'psexec' ? psexecNetstatArgs('0.0.0.0', null, false) : pslistArgs('0.0.0.0', null, false)).slice(1);
      await writeFile(join(answersDir, `${tool}.args`), expected.join(' '));
    }
    toolKind = await buildTools(binDir, options.tool ?? 'native');
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const name = 'FLOWPIVOT_SWEEP_BENCH';
  const token = randomUUID();
  return {
    binDir,
    toolKind,
    addresses,
    delaysMs,
    marker: `${name}=${token}`,
    markChildren: () => {
      process.env[name] = token;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * PIDs of the live processes whose environment carries `marker` (Linux /proc), the tool launcher aside: every tool process the bench's
 * services started and that has not ended, orphans included. This process itself never shows it (/proc shows the
 * environment a process started with).
 */
export async function processesWithMarker(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environment = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (!environment.split('\0').includes(marker)) continue;
      // The tool launcher carries the environment main had when it started it, but it is no tool: it stays.
      if ((await readFile(`/proc/${entry}/cmdline`, 'latin1')).includes('toolLauncher')) continue;
      found.push(Number(entry));
    } catch {
      // Ended meanwhile, or another user's: not ours.
    }
  }
  return found;
}
