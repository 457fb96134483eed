// Collecting from many hosts through the contract, as the window does, on the lab fleet's real tool processes: each
// host's state and sentence as events, results in the log and the live case as one host's are, cancel and timeouts
// that stop the tools, and the refusals.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { recordsOfContents } from '../../../src/shared/case/caseModel';
import type { Events } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';
import { useLabServices } from '../../support/labServices';
import { waitFor } from '../../support/processes';

const { ok, fails, hostId, services } = useLabServices();

const SEED_HOST = '10.xx.50.81';
const PROXY_HOST = '10.xx.50.241';
const DENIED_HOST = '10.bb.50.64';
const SLOW_HOST = '192.168.20.15';
const HUNG_HOST = '192.168.20.16';
const OFF_HOST = '192.168.20.17';
const BLOCKED_SERVICE_HOST = '192.168.20.18';
const NO_RPC_HOST = '192.168.20.19';

type HostEvent = Events['collectMany.host'];

/** Every collectMany event from now on. */
function recordEvents(): { hosts: HostEvent[]; progress: Events['collectMany.progress'][] } {
  const seen = { hosts: [] as HostEvent[], progress: [] as Events['collectMany.progress'][] };
  services().events.subscribe((event, payload) => {
    if (event === 'collectMany.host') seen.hosts.push(payload as HostEvent);
    if (event === 'collectMany.progress') seen.progress.push(payload as Events['collectMany.progress']);
  });
  return seen;
}

/** The host's one last event (anything but 'running'); fails when there is none or more than one. */
function lastOf(events: readonly HostEvent[], id: string): HostEvent {
  const ends = events.filter((event) => event.hostId === id && event.state !== 'running');
  expect(ends).toHaveLength(1);
  return ends[0]!;
}

/** PIDs of live processes started from the lab fleet's bin folder (its tools are `node BIN/psexec …`). */
async function fleetToolProcesses(binDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes(binDir)) pids.push(Number(entry));
  }
  return pids;
}

describe('collecting from many hosts', () => {
  it('collects from many lab hosts at once: each host’s state and sentence, the results in the log and the live case', async () => {
    const live = await ok('case.create', { name: 'many hosts' });
    const ids = { seed: await hostId(SEED_HOST), proxy: await hostId(PROXY_HOST), denied: await hostId(DENIED_HOST), off: await hostId(OFF_HOST), blocked: await hostId(BLOCKED_SERVICE_HOST), noRpc: await hostId(NO_RPC_HOST) };
    const seen = recordEvents();

    const summary = await ok('hosts.collectMany', { sweepId: 'many-1', ids: Object.values(ids), concurrency: 3, timeoutMs: 20_000, retries: 1 });
    expect(summary).toMatchObject({ sweepId: 'many-1', total: 6, cancelled: false, counts: { queued: 0, running: 0, done: 2, failed: 4, timeout: 0, cancelled: 0 } });

    // Every host started with attempt 1 and ended once; never more than 3 at a time.
    for (const id of Object.values(ids)) expect(seen.hosts.find((event) => event.hostId === id)).toMatchObject({ state: 'running', attempt: 1 });
    let running = 0;
    let peak = 0;
    const started = new Set<string>();
    for (const event of seen.hosts) {
      if (event.state === 'running' && !started.has(event.hostId)) {
        started.add(event.hostId);
        running += 1;
      } else if (event.state !== 'running') running -= 1;
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(3);

    const seed = lastOf(seen.hosts, ids.seed);
    expect(seed).toMatchObject({ state: 'done', attempt: 1, reason: null, errorKind: null });
    expect(seed.connections!.result.records.filter((socket) => socket.pid === 3756 && socket.remotePort === 8080)).toHaveLength(7);
    expect(seed.processes!.result.records.some((process) => process.pid === 3756)).toBe(true);
    expect(lastOf(seen.hosts, ids.proxy)).toMatchObject({ state: 'done' });

    // The same sentence a single collection gives; a failure that may pass (no answer) is tried again, a refusal is not.
    const singleFailure = async (id: string) => new AppError(await fails('hosts.collectConnections', { id })).message;
    expect(lastOf(seen.hosts, ids.denied)).toMatchObject({ state: 'failed', attempt: 1, errorKind: 'host-tool-failed', reason: await singleFailure(ids.denied), connections: null, processes: null });
    expect(lastOf(seen.hosts, ids.off)).toMatchObject({ state: 'failed', attempt: 2, errorKind: 'host-tool-failed', reason: await singleFailure(ids.off) });
    expect(seen.hosts.some((event) => event.hostId === ids.off && event.state === 'running' && event.attempt === 2)).toBe(true);
    expect(lastOf(seen.hosts, ids.noRpc)).toMatchObject({ state: 'failed', reason: await singleFailure(ids.noRpc) });
    // PsExec's service is blocked there, PsList still answers: the host failed, and its processes came all the same.
    const blocked = lastOf(seen.hosts, ids.blocked);
    expect(blocked).toMatchObject({ state: 'failed', attempt: 1, reason: await singleFailure(ids.blocked), connections: null });
    expect(blocked.processes!.result.records.length).toBeGreaterThan(10);

    // Counts as they changed, and the end once everything had stopped.
    const last = seen.progress.at(-1)!;
    expect(last).toMatchObject({ sweepId: 'many-1', finished: true, counts: summary.counts });
    expect(seen.progress.filter((progress) => progress.finished)).toHaveLength(1);

    // Where one host's collection lands: the runs in the log, the collections in the live case, verbatim.
    const toolsRun = async (address: string) => (await ok('log.list', {})).filter((entry) => entry.kind === 'command' && entry.device?.includes(address)).map((entry) => entry.command?.split(' ')[0]);
    expect(await toolsRun(SEED_HOST)).toEqual(['psexec', 'pslist']);
    // A host that did not answer is not asked for its processes as well; one whose PsExec service is blocked is (the
    // last psexec of each: the single collection above).
    expect(await toolsRun(OFF_HOST)).toEqual(['psexec', 'psexec', 'psexec']);
    expect(await toolsRun(BLOCKED_SERVICE_HOST)).toEqual(['psexec', 'pslist', 'psexec']);
    const contents = await ok('case.contents', { handle: live.handle });
    const kept = contents.collections.filter((collection) => collection.device.includes(SEED_HOST));
    expect(kept.map((collection) => collection.kind).sort()).toEqual(['connections', 'processes']);
    const keptConnections = kept.find((collection) => collection.kind === 'connections')!;
    expect(recordsOfContents(keptConnections)).toHaveLength(seed.connections!.result.records.length);
    expect(keptConnections.rawSha256).toBe(createHash('sha256').update(seed.connections!.command.stdout).digest('hex'));
    expect(contents.collections.some((collection) => collection.device.includes(BLOCKED_SERVICE_HOST) && collection.kind === 'processes')).toBe(true);
  });

  it('cancels a collection within a second: the hung host’s tool is killed, the queued host never starts', async () => {
    const fleet = (await ok('lab.status', {}))!.fleet!;
    const hung = await hostId(HUNG_HOST);
    const slow = await hostId(SLOW_HOST);
    const seed = await hostId(SEED_HOST);
    const seen = recordEvents();
    const pending = ok('hosts.collectMany', { sweepId: 'many-2', ids: [hung, slow, seed], concurrency: 2 });
    await waitFor(() => seen.hosts.filter((event) => event.state === 'running').length === 2);
    // Both tools are running by now: the hung one waits forever, the slow one 2.5 s; the seed host waits for a worker.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await fleetToolProcesses(fleet.binDir)).not.toHaveLength(0);

    const cancelledAt = Date.now();
    await ok('hosts.cancelCollectMany', { sweepId: 'many-2' });
    const summary = await pending;
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect(summary.cancelled).toBe(true);
    expect(await fleetToolProcesses(fleet.binDir)).toEqual([]);

    expect(lastOf(seen.hosts, hung)).toMatchObject({ state: 'cancelled', attempt: 1, reason: `The sweep was cancelled while ${HUNG_HOST} was being swept; its tool runs were stopped.` });
    expect(lastOf(seen.hosts, slow)).toMatchObject({ state: 'cancelled', attempt: 1, connections: null, processes: null });
    expect(lastOf(seen.hosts, seed)).toMatchObject({ state: 'cancelled', attempt: 0, reason: `The sweep was cancelled before ${SEED_HOST} was reached.` });
    expect(seen.hosts.some((event) => event.hostId === seed && event.state === 'running')).toBe(false);
    expect(summary.counts).toMatchObject({ cancelled: 3, queued: 0, running: 0 });
    // Nothing is left running: another collection may take the same hosts.
    await ok('hosts.cancelCollectMany', { sweepId: 'many-2' });
    expect(seen.progress.at(-1)).toMatchObject({ finished: true, counts: summary.counts });
  });

  it('gives up on a host at the timeout and stops its tool run', async () => {
    const fleet = (await ok('lab.status', {}))!.fleet!;
    const hung = await hostId(HUNG_HOST);
    const seen = recordEvents();
    const summary = await ok('hosts.collectMany', { sweepId: 'many-3', ids: [hung], timeoutMs: 1000, retries: 0 });
    expect(summary.counts).toMatchObject({ timeout: 1, done: 0 });
    expect(lastOf(seen.hosts, hung)).toMatchObject({ state: 'timeout', attempt: 1, reason: `${HUNG_HOST} gave no answer within 1 s; its tool runs were stopped.` });
    expect(await fleetToolProcesses(fleet.binDir)).toEqual([]);
  });

  it('refuses an unknown host, bad options, an id in use and a host another collection is working on', async () => {
    const hung = await hostId(HUNG_HOST);
    const seed = await hostId(SEED_HOST);
    expect(await fails('hosts.collectMany', { sweepId: 'x', ids: [seed, 'no-such-host'] })).toMatchObject({ kind: 'not-found', what: 'host', id: 'no-such-host' });
    expect(await fails('hosts.collectMany', { sweepId: 'x', ids: [] })).toMatchObject({ kind: 'invalid-input', issues: [expect.stringMatching(/^ids: /)] });
    expect(await fails('hosts.collectMany', { sweepId: 'x', ids: [seed], concurrency: 0 })).toMatchObject({ kind: 'invalid-input', issues: [expect.stringMatching(/^concurrency: /)] });
    expect(await fails('hosts.collectMany', { sweepId: 'not an id', ids: [seed] })).toMatchObject({ kind: 'invalid-input' });

    const seen = recordEvents();
    const first = ok('hosts.collectMany', { sweepId: 'busy', ids: [hung] });
    await waitFor(() => seen.hosts.some((event) => event.hostId === hung && event.state === 'running'));
    expect(await fails('hosts.collectMany', { sweepId: 'busy', ids: [seed] })).toMatchObject({ kind: 'invalid-input', issues: [expect.stringContaining('"busy" is running')] });
    expect(await fails('hosts.collectMany', { sweepId: 'other', ids: [seed, hung] })).toMatchObject({ kind: 'invalid-input', issues: [expect.stringContaining('1 of these hosts is being collected from by another')] });
    // Unknown ids cancel nothing and say nothing.
    await ok('hosts.cancelCollectMany', { sweepId: 'never-started' });
    await ok('hosts.cancelCollectMany', { sweepId: 'busy' });
    expect((await first).counts.cancelled).toBe(1);
    expect((await ok('hosts.collectMany', { sweepId: 'other', ids: [seed], what: 'connections' })).counts.done).toBe(1);
    expect(lastOf(seen.hosts.filter((event) => event.sweepId === 'other'), seed)).toMatchObject({ processes: null, connections: expect.objectContaining({ host: SEED_HOST }) });
  });
});
