// The SSH section of the bench: the lab router (another process) prints the large scenario's flows over SSH on
// 127.0.0.1 and RouterService.collectFlows, the product path, collects and parses them; time from command to rows.
// Alone: node --expose-gc --import tsx scripts/bench/sshBench.ts [--flows N] [--runs N] [--lab-cpu-prof DIR]
// (profile the client with `node --cpu-prof …` on this script; --lab-cpu-prof writes the lab router's profile to DIR).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { routerInputSchema } from '../../src/shared/contract';
import type { CollectedFlows } from '../../src/shared/domain';
import { AppError } from '../../src/shared/errors';
import { parseColumns } from '../../src/shared/parsers/cisco/showIpCacheFlow';
import { MemoryDocument } from '../../src/main/config/configFiles';
import type { StoredRouter } from '../../src/main/config/routerProfiles';
import { MemorySecretStore } from '../../src/main/config/secretStore';
import { EventBus } from '../../src/main/services/eventBus';
import { HostKeyDecisions } from '../../src/main/services/hostKeyDecisions';
import { LogBook } from '../../src/main/services/logBook';
import { RouterService } from '../../src/main/services/routerService';
import { KnownHostsFile } from '../../src/main/ssh/knownHosts';
import { atLeast, formatCount, formatShort, median, runSectionIfMain, timeRuns, type BenchRow } from './benchTable';
import { startLabProcess, type LabRouterAddress } from './labProcess';

export interface SshBenchOptions {
  /** Flows the lab router prints (default 1,000,000). */
  flows?: number;
  /** Timed collections (default 5). */
  runs?: number;
  /** Write the lab router's CPU profile (node --cpu-prof) into this folder when it stops. */
  labCpuProfileDir?: string;
}

/** The rows a collection holds: the one place that knows where a collection keeps its flow table. */
export function flowRowsOf(collection: CollectedFlows): number {
  return collection.result.table.length;
}

/** Seconds from one ISO time to another (CommandRecord's startedAt and finishedAt, millisecond precision). */
function secondsBetween(startedAt: string, finishedAt: string): number {
  return (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
}

/** The parse of the collected output into columns alone (median of 3), for the note: how much of the time is the parse. */
async function timeParse(output: string): Promise<number> {
  return (await timeRuns(3, () => parseColumns(output).columns.length)).seconds;
}

/** Where a collection's time goes, and which part limits it: the SSH transfer, the output's cleaning, or the parse. */
function timeSplit(total: number, transfer: number, parse: number, megabytes: number): string {
  const cleaning = Math.max(0, total - transfer - parse);
  const parts: Array<[string, number]> = [
    [`command → prompt (SSH, the CLI receiving) ${transfer.toFixed(2)} s = ${(megabytes / transfer).toFixed(0)} MB/s`, transfer],
    [`cleaning the output and the rest ${cleaning.toFixed(2)} s`, cleaning],
    [`parse into columns ${parse.toFixed(2)} s`, parse],
  ];
  const limit = parts.reduce((largest, part) => (part[1] > largest[1] ? part : largest));
  return `${parts.map(([words]) => words).join(', ')}: limited by the ${limit === parts[0] ? 'transfer' : limit === parts[1] ? 'cleaning' : 'parse'}`;
}

/**
 * A RouterService as `flowpivot collect router` builds one (cliServices.ts): profiles and secrets in memory, host keys
 * decided by HostKeyDecisions against a known_hosts file of its own, which starts empty.
 */
function routerService(knownHostsPath: string): RouterService {
  const events = new EventBus();
  const log = new LogBook(events);
  const hostKeys = new HostKeyDecisions(new KnownHostsFile(knownHostsPath), log);
  return new RouterService(new MemoryDocument<StoredRouter[]>([]), new MemorySecretStore(), hostKeys, events, log);
}

/**
 * Connects as the window does the first time: the unknown key is refused, the analyst compares its fingerprint with the
 * one the lab printed and accepts exactly that key, which lands in known_hosts; then the connection is verified against it.
 */
async function connectTrustingLabKey(routers: RouterService, id: string, lab: LabRouterAddress): Promise<void> {
  try {
    await routers.connect(id);
    throw new Error('the lab router connected with an empty known_hosts: its host key was not checked');
  } catch (error) {
    if (!(error instanceof AppError) || error.data.kind !== 'host-key-unknown') throw error;
    if (error.data.fingerprint !== lab.fingerprint) throw new Error(`the router presented ${error.data.fingerprint}, the lab printed ${lab.fingerprint}`);
  }
  await routers.acceptHostKey(id, lab.fingerprint);
  await routers.connect(id);
}

export async function sshBench(options: SshBenchOptions = {}): Promise<BenchRow[]> {
  const flows = options.flows ?? 1_000_000;
  const runs = options.runs ?? 5;
  const dir = await mkdtemp(join(tmpdir(), 'flowpivot-bench-ssh-'));
  try {
    const nodeArgs = options.labCpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.labCpuProfileDir];
    const lab = await startLabProcess(['--scenario', 'large', '--flow-count', String(flows)], join(dir, 'lab-home'), nodeArgs);
    const routers = routerService(join(dir, 'known_hosts'));
    try {
      return [await timeCollections(routers, lab.router, flows, runs)];
    } finally {
      routers.disposeAll();
      await lab.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Logs in once, warms the lab with one collection, then times `runs` collections through RouterService.collectFlows. */
async function timeCollections(routers: RouterService, lab: LabRouterAddress, flows: number, runs: number): Promise<BenchRow> {
  const router = await routers.add(
    routerInputSchema.parse({ name: 'lab-large', host: lab.host, port: lab.port, username: lab.username, password: lab.password, enablePassword: lab.enablePassword, commandTimeoutMs: 600_000 }),
  );
  await connectTrustingLabKey(routers, router.id, lab);
  const status = routers.status(router.id);
  // The lab renders a million lines on the first request and replays their bytes after: warm it, untimed.
  await routers.collectFlows(router.id);
  const transfers: number[] = [];
  const timed = await timeRuns(runs, async () => {
    const collection = await routers.collectFlows(router.id);
    transfers.push(secondsBetween(collection.command.startedAt, collection.command.finishedAt));
    return collection;
  });
  const collection = timed.last;
  const megabytes = collection.command.raw.length / 1e6;
  const rows = flowRowsOf(collection);
  const rate = megabytes / timed.seconds;
  const parsing = await timeParse(collection.command.output);
  return {
    area: 'ssh',
    benchmark: 'collect show ip cache flow over SSH (RouterService.collectFlows: command → parsed rows)',
    input: `${formatCount(flows)} flows from the lab router (another process) on 127.0.0.1, ${megabytes.toFixed(1)} MB raw`,
    runs,
    seconds: timed.seconds,
    rate: `${rate.toFixed(1)} MB/s · ${formatShort(rows / timed.seconds)} rows/s`,
    ...atLeast(rate, 50, 'MB/s'),
    note: `${formatCount(rows)} rows; ${timeSplit(timed.seconds, median(transfers), parsing, megabytes)}; ${status.algorithms?.cipher ?? '?'}; logged in and one untimed collection first (the lab renders once, then replays those bytes)`,
  };
}

await runSectionIfMain(import.meta.url, () => {
  const { values } = parseArgs({ options: { flows: { type: 'string' }, runs: { type: 'string' }, 'lab-cpu-prof': { type: 'string' } } });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return sshBench({ flows: number(values.flows), runs: number(values.runs), labCpuProfileDir: values['lab-cpu-prof'] });
});
