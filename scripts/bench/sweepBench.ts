// The sweep section of `npm run bench`: "collect from many hosts" at fleet scale through the window's own path (the
// contract's hosts.collectMany → CollectManyService → HostService → the Sysinternals collector → real child processes
// found on PATH), against simulated hosts answering after a seeded mean ± jitter; and the sweep engine alone on timers.
// Alone: node --expose-gc --import tsx scripts/bench/sweepBench.ts [--hosts N] [--concurrency N] [--mean-ms N] [--jitter-ms N] [--runs N]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServices, type Services } from '../../src/main/api/createServices';
import { configPaths } from '../../src/main/config/configDir';
import { HostProfileFile, type StoredHost } from '../../src/main/config/hostProfiles';
import { MemorySecretStore } from '../../src/main/config/secretStore';
import { LaunchedToolRunner } from '../../src/main/hosts/process/launchedRunner';
import { psexecNetstatArgs } from '../../src/main/hosts/sysinternals/sysinternalsArgv';
import { runSweep } from '../../src/main/sweep/sweepEngine';
import type { Envelope, EventName, Events, MethodInput } from '../../src/shared/contract';
import type { CollectManySummary } from '../../src/shared/sweep/collectMany';
import { below, formatCount, formatSeconds, median, NO_TARGET, runSectionIfMain, timeRuns, type BenchRow, type TargetCheck } from './benchTable';
import { builtToolLauncher } from './appBuild';
import { processesWithMarker, startSimulatedHosts, type SimulatedHosts } from './simulatedHosts';

export interface SweepBenchOptions {
  hosts: number;
  concurrency: number;
  meanMs: number;
  jitterMs: number;
  runs: number;
}

/** Overhead and cancel targets of the benchmarks issue (point 4). */
const OVERHEAD_TARGET_PERCENT = 5;
const CANCEL_TARGET_S = 1;
/** Generous: a host of the bench never takes a second; a timeout would mean the bench is broken, not slow. */
const HOST_TIMEOUT_MS = 30_000;

/** What the window's subscription sees of one collection: the per-host events, counted. */
interface EventTally {
  running: number;
  outcomes: number;
  /** Hosts with exactly one outcome event. */
  reported: Set<string>;
  twice: number;
  progress: number;
  finished: boolean;
}

/** The zero-cost makespan of these delays on `concurrency` workers taking the next host when free: the floor any pool has. */
function packingFloorMs(delaysMs: readonly number[], concurrency: number): number {
  const free = new Array<number>(Math.min(concurrency, delaysMs.length)).fill(0);
  for (const delay of delaysMs) {
    let earliest = 0;
    for (let worker = 1; worker < free.length; worker += 1) if (free[worker]! < free[earliest]!) earliest = worker;
    free[earliest]! += delay;
  }
  return Math.max(...free);
}

function overheadPercent(seconds: number, idealSeconds: number): number {
  return (seconds / idealSeconds - 1) * 100;
}

/** The services the window's main process runs, on a config folder whose host list already holds the fleet. */
async function fleetServices(configDir: string, addresses: readonly string[]): Promise<{ services: Services; ids: string[] }> {
  const hosts: StoredHost[] = addresses.map((address) => ({ id: randomUUID(), address, label: '', via: 'psexec', os: 'windows', username: '', port: 22, privateKeyPath: null, timeoutMs: HOST_TIMEOUT_MS, isLab: false }));
  // As a previous session left it: adding 2,500 hosts one by one would rewrite the file 2,500 times.
  await new HostProfileFile(configPaths(configDir).hosts).save({ version: 1, hosts, toolPaths: { psexec: null, pslist: null, pskill: null } });
  // The tools are started as the app ships starting them: by the tool launcher's bundle (plain Node).
  const services = await createServices({ configDir, secrets: new MemorySecretStore(), mode: 'preview', collectors: { runner: new LaunchedToolRunner(builtToolLauncher()) } });
  return { services, ids: hosts.map((host) => host.id) };
}

/**
 * Listens as the window's adapter does — every event serialized, as the preview's WebSocket sends it — and counts
 * the collection's per-host events.
 */
function listen(services: Services): { tally: (sweepId: string) => EventTally; stop: () => void } {
  const tallies = new Map<string, EventTally>();
  const tallyOf = (sweepId: string) => {
    let tally = tallies.get(sweepId);
    if (!tally) {
      tally = { running: 0, outcomes: 0, reported: new Set(), twice: 0, progress: 0, finished: false };
      tallies.set(sweepId, tally);
    }
    return tally;
  };
  const stop = services.events.subscribe(<E extends EventName>(event: E, payload: Events[E]) => {
    JSON.stringify({ type: 'event', event, payload });
    if (event === 'collectMany.host') {
      const host = payload as Events['collectMany.host'];
      const tally = tallyOf(host.sweepId);
      if (host.state === 'running') tally.running += 1;
      else {
        tally.outcomes += 1;
        if (tally.reported.has(host.hostId)) tally.twice += 1;
        tally.reported.add(host.hostId);
      }
    } else if (event === 'collectMany.progress') {
      const progress = payload as Events['collectMany.progress'];
      const tally = tallyOf(progress.sweepId);
      tally.progress += 1;
      tally.finished ||= progress.finished;
    }
  });
  return { tally: tallyOf, stop };
}

/**
 * The same child processes with no FlowPivot code: spawned as the pipe runner spawns them (argv array, pipes, own
 * process group), both pipes read, `concurrency` at a time. Also how long each spawn() call held the event loop.
 */
async function spawnAlone(binDir: string, addresses: readonly string[], concurrency: number): Promise<{ spawnMs: number[] }> {
  const executable = join(binDir, 'psexec');
  const spawnMs: number[] = [];
  const one = (address: string) =>
    new Promise<void>((resolve, reject) => {
      const before = performance.now();
      const child = spawn(executable, psexecNetstatArgs(address, null, false), { shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      spawnMs.push(performance.now() - before);
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.once('error', reject);
      child.once('close', (code) => {
        Buffer.concat(chunks).toString('latin1');
        if (code === 0) resolve();
        else reject(new Error(`psexec for ${address} exited with ${code}`));
      });
    });
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, addresses.length) }, async () => {
    while (next < addresses.length) await one(addresses[next++]!);
  }));
  return { spawnMs };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

async function collectMany(services: Services, input: MethodInput<'hosts.collectMany'>): Promise<CollectManySummary> {
  const envelope = (await services.dispatch('hosts.collectMany', input)) as Envelope<CollectManySummary>;
  if (!envelope.ok) throw new Error(`hosts.collectMany failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

/** Resolves once no tool process of the bench is alive; how long that took after `since` (performance.now()). */
async function toolProcessesGone(fleet: SimulatedHosts, since: number): Promise<number> {
  for (;;) {
    if ((await processesWithMarker(fleet.marker)).length === 0) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function problems(summary: CollectManySummary): string {
  const { failed, timeout, cancelled } = summary.counts;
  return failed + timeout + cancelled === 0 ? '' : `; NOT all collected: ${failed} failed, ${timeout} timed out, ${cancelled} cancelled`;
}

/** The sweep rows: the window's path against the ideal, its per-host events, cancel, and the engine alone. */
export async function sweepBench(options: SweepBenchOptions): Promise<BenchRow[]> {
  const { hosts, concurrency, meanMs, jitterMs, runs } = options;
  // Other work on this shared machine shows in every row with processes: say how busy it was before this section.
  const loadAtStart = loadavg()[0]!;
  const idealSeconds = (hosts * meanMs) / 1000 / concurrency;
  const fleet = await startSimulatedHosts({ hosts, meanMs, jitterMs });
  const floorSeconds = packingFloorMs(fleet.delaysMs, concurrency) / 1000;
  const floorNote = `packing floor of these delays ${formatSeconds(floorSeconds)} (+${overheadPercent(floorSeconds, idealSeconds).toFixed(1)}%)`;
  const size = `${formatCount(hosts)} simulated hosts, ${meanMs} ± ${jitterMs} ms, concurrency ${concurrency}`;
  const configDir = await mkdtemp(join(tmpdir(), 'flowpivot-bench-config-'));
  const savedPath = process.env.PATH;
  process.env.PATH = `${fleet.binDir}:${savedPath ?? ''}`;
  fleet.markChildren();
  const rows: BenchRow[] = [];
  try {
    const { services, ids } = await fleetServices(configDir, fleet.addresses);
    const events = listen(services);
    try {
      // ---- The window's path, whole sweeps.
      const request = (sweepId: string): MethodInput<'hosts.collectMany'> => ({ sweepId, ids, what: 'connections', concurrency, timeoutMs: HOST_TIMEOUT_MS, retries: 0 });
      // One host first: the PsExec version probe runs once per executable, not per sweep.
      await collectMany(services, { ...request(randomUUID()), ids: ids.slice(0, 1) });
      let firstSweepId = '';
      let lastSummary: CollectManySummary | null = null;
      // The window's path and the same processes alone, run in turns, so both meet the same load on this shared machine.
      const busy: number[] = [];
      const fullSamples: number[] = [];
      const aloneSamples: number[] = [];
      /** Process CPU (user + system) per host of each, the tool processes not included. */
      const fullCpuMs: number[] = [];
      const aloneCpuMs: number[] = [];
      let spawnCosts: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        const sweepId = randomUUID();
        if (run === 0) firstSweepId = sweepId;
        let cpu = process.cpuUsage();
        const loop = performance.eventLoopUtilization();
        const once = await timeRuns(1, () => collectMany(services, request(sweepId)));
        busy.push(performance.eventLoopUtilization(loop).utilization * 100);
        let used = process.cpuUsage(cpu);
        fullCpuMs.push((used.user + used.system) / 1000 / hosts);
        fullSamples.push(once.seconds);
        lastSummary = once.last;
        // ---- The same child processes with no FlowPivot code, from this same process (same memory to fork).
        cpu = process.cpuUsage();
        const alone = await timeRuns(1, () => spawnAlone(fleet.binDir, fleet.addresses, concurrency));
        used = process.cpuUsage(cpu);
        aloneCpuMs.push((used.user + used.system) / 1000 / hosts);
        aloneSamples.push(alone.seconds);
        spawnCosts = alone.last.spawnMs;
      }
      const full = { seconds: median(fullSamples), samples: fullSamples };
      const alone = { seconds: median(aloneSamples), samples: aloneSamples };
      const fullOverhead = overheadPercent(full.seconds, idealSeconds);
      const aloneOverhead = overheadPercent(alone.seconds, idealSeconds);
      const rssMb = process.memoryUsage().rss / 1e6;
      rows.push({
        area: 'sweep',
        benchmark: 'collect from many hosts (window path: HostService, psexec netstat -ano child processes)',
        input: size,
        runs,
        seconds: full.seconds,
        rate: `ideal ${formatSeconds(idealSeconds)} · overhead ${fullOverhead.toFixed(1)}% (best run ${overheadPercent(Math.min(...full.samples), idealSeconds).toFixed(1)}%)`,
        ...below(fullOverhead, OVERHEAD_TARGET_PERCENT, '%'),
        note:
          `the tools are started by the tool launcher (out/main/toolLauncher.js), so main's ${rssMb.toFixed(0)} MB are never forked; main's thread is busy ` +
          `${median(busy).toFixed(0)}% of the sweep, ${median(fullCpuMs).toFixed(2)} ms of CPU per host (collector, parse, log, events, the launcher's messages); the same processes ` +
          `spawned straight from main take +${aloneOverhead.toFixed(1)}% (next row, runs taken in turns with these); ${floorNote}; simulated tool ${fleet.toolKind}; ` +
          `load average ${loadAtStart.toFixed(1)} before the section; runs ${full.samples.map((seconds) => formatSeconds(seconds)).join(', ')}${problems(lastSummary!)}`,
      });
      rows.push({
        area: 'sweep',
        benchmark: 'the same child processes spawned straight from main (read pipes, wait; no FlowPivot code)',
        input: size,
        runs,
        seconds: alone.seconds,
        rate: `ideal ${formatSeconds(idealSeconds)} · overhead ${aloneOverhead.toFixed(1)}% (best run ${overheadPercent(Math.min(...alone.samples), idealSeconds).toFixed(1)}%)`,
        // A comparison, not the product: what starting the tools from main itself would cost.
        ...NO_TARGET,
        note:
          `each spawn() holds the event loop ${mean(spawnCosts).toFixed(2)} ms (median ${median(spawnCosts).toFixed(2)}): Node forks this ${rssMb.toFixed(0)} MB process and waits for the child's exec, ` +
          `${formatSeconds((mean(spawnCosts) * hosts) / 1000)} of the main thread per sweep; ${median(aloneCpuMs).toFixed(2)} ms of CPU per host; runs ${alone.samples.map((seconds) => formatSeconds(seconds)).join(', ')}`,
      });

      // ---- The per-host events the window's subscription saw of the first sweep.
      const tally = events.tally(firstSweepId);
      const everyHost = tally.reported.size === hosts && tally.twice === 0 && tally.finished;
      const eventsCheck: TargetCheck = { target: 'every host reports once, and the end', verdict: everyHost ? 'met' : `missed: ${hosts - tally.reported.size} hosts silent, ${tally.twice} twice` };
      rows.push({
        area: 'sweep',
        benchmark: 'per-host progress events (collectMany.host)',
        input: size,
        runs: 1,
        seconds: null,
        rate: `${formatCount(tally.running + tally.outcomes)} host events (${formatCount(tally.running)} attempts started, ${formatCount(tally.outcomes)} outcomes) · ${formatCount(tally.progress)} progress reports`,
        ...eventsCheck,
        note: `${formatCount(tally.reported.size)} of ${formatCount(hosts)} hosts reported an outcome; counts every 250 ms at most`,
      });

      // ---- Cancel mid-sweep: from the call to the sweep settled and every tool process gone.
      const latencies: number[] = [];
      const settledAfter: number[] = [];
      let cancelledHosts = 0;
      for (let run = 0; run < runs; run += 1) {
        const sweepId = randomUUID();
        const pending = collectMany(services, request(sweepId));
        // Mid-sweep: the pool full and a few rounds of hosts done.
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, idealSeconds * 250)));
        const cancelledAt = performance.now();
        await services.dispatch('hosts.cancelCollectMany', { sweepId });
        const summary = await pending;
        settledAfter.push(performance.now() - cancelledAt);
        latencies.push(await toolProcessesGone(fleet, cancelledAt));
        cancelledHosts = summary.counts.cancelled;
      }
      const cancelSeconds = median(latencies) / 1000;
      rows.push({
        area: 'sweep',
        benchmark: 'cancel mid-sweep (settled and every child process gone)',
        input: size,
        runs,
        seconds: cancelSeconds,
        rate: `call settled after ${formatSeconds(median(settledAfter) / 1000)}`,
        ...below(cancelSeconds, CANCEL_TARGET_S, 's'),
        note: `${formatCount(cancelledHosts)} hosts cancelled (running and queued); runs ${latencies.map((ms) => formatSeconds(ms / 1000)).join(', ')}`,
      });
    } finally {
      events.stop();
      await services.dispose();
    }

    // ---- The engine alone: the same delays on timers, no processes, no services.
    const engine = await timeRuns(runs, () =>
      runSweep(
        fleet.delaysMs,
        (delay, signal) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delay);
            signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
          }),
        { concurrency, timeoutMs: HOST_TIMEOUT_MS, retries: 0, progressIntervalMs: 250, onProgress: () => undefined, onResult: () => undefined },
      ),
    );
    const engineOverhead = overheadPercent(engine.seconds, idealSeconds);
    rows.push({
      area: 'sweep',
      benchmark: 'sweep engine alone (in-process hosts on timers)',
      input: size,
      runs,
      seconds: engine.seconds,
      rate: `ideal ${formatSeconds(idealSeconds)} · overhead ${engineOverhead.toFixed(1)}%`,
      ...below(engineOverhead, OVERHEAD_TARGET_PERCENT, '%'),
      note: `${floorNote}: what is left is the engine's own cost`,
    });
  } finally {
    process.env.PATH = savedPath;
    await rm(configDir, { recursive: true, force: true });
    await fleet.dispose();
  }
  return rows;
}

/** The section's options from its own command line (defaults: the benchmarks issue's sizes). */
function optionsFromArgs(args: string[]): SweepBenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      hosts: { type: 'string', default: '2500' },
      concurrency: { type: 'string', default: '64' },
      'mean-ms': { type: 'string', default: '200' },
      'jitter-ms': { type: 'string', default: '50' },
      runs: { type: 'string', default: '3' },
    },
  });
  return { hosts: Number(values.hosts), concurrency: Number(values.concurrency), meanMs: Number(values['mean-ms']), jitterMs: Number(values['jitter-ms']), runs: Number(values.runs) };
}

void runSectionIfMain(import.meta.url, () => sweepBench(optionsFromArgs(process.argv.slice(2))));
