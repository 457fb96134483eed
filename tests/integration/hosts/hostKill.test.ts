// The safe kill through the contract dispatcher, on the lab's real fleet tools and on this machine: the process listed
// again first, PID reuse (another image, or the same image started later) refused, protected processes refused unless
// the analyst overrides on purpose, the kill verified by a new listing, and every attempt one audited log entry.
import { afterEach, describe, expect, it } from 'vitest';
import type { KillRecord } from '../../../src/main/services/killAudit';
import type { LogEntry, ProcessCollection } from '../../../src/shared/domain';
import { processStartedAt } from '../../../src/shared/processIdentity';
import { useLabServices } from '../../support/labServices';
import { loopbackListeners } from '../support/loopbackListener';

const { ok, fails, hostId, services } = useLabServices();
const listeners = loopbackListeners();

afterEach(async () => {
  await listeners.stopAll();
});

/** The process as the analyst saw it in a listing: its name, and its start time worked out from that listing. */
function seen(collection: ProcessCollection, pid: number): { expectName: string; expectStartedAt: string } {
  const process = collection.result.records.find((candidate) => candidate.pid === pid);
  if (!process) throw new Error(`PID ${pid} not listed`);
  const startedAt = processStartedAt(process, collection.command.finishedAt);
  if (startedAt === null) throw new Error(`no start time for PID ${pid}`);
  return { expectName: process.name, expectStartedAt: startedAt };
}

async function actions(): Promise<LogEntry[]> {
  return (await ok('log.list', {})).filter((entry) => entry.kind === 'action');
}

function recordOf(entry: LogEntry): KillRecord {
  return JSON.parse(entry.detail!) as KillRecord;
}

describe('killing a process of a lab host', () => {
  it('kills ctfmon 3968 as listed, verifies with a new PsList, and audits who, what, why and every command', async () => {
    expect((await ok('lab.status', {}))?.scenario).toBe('investigation');
    const id = await hostId('10.xx.50.81');
    const before = await ok('hosts.collectProcesses', { id });
    const expected = seen(before, 3968);
    // The lab's clock runs: a start time worked out a while later is the same one.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const killed = await ok('hosts.kill', { id, pid: 3968, ...expected, reason: 'flow 10.xx.50.81:1822 → 10.xx.50.241:8080' });
    expect(killed).toMatchObject({ hostId: id, host: '10.xx.50.81', pid: 3968, outcome: 'killed', reason: 'flow 10.xx.50.81:1822 → 10.xx.50.241:8080' });
    expect(killed.process).toMatchObject({ pid: 3968, name: 'ctfmon' });
    expect(killed.commands.map((command) => command.tool)).toEqual(['pslist', 'pskill', 'pslist']);
    expect(killed.requestedBy).toMatch(/\S/);
    expect(Date.parse(killed.requestedAt)).toBeLessThanOrEqual(Date.parse(killed.commands[0]!.startedAt));

    const after = await ok('hosts.collectProcesses', { id });
    expect(after.result.records.some((process) => process.pid === 3968)).toBe(false);

    const [entry, ...others] = await actions();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ level: 'info', kind: 'action', device: 'WS5081 (10.xx.50.81)', command: 'kill 3968' });
    expect(entry!.message).toContain(`${killed.requestedBy} asked to stop process 3968 (ctfmon) on WS5081 (10.xx.50.81)`);
    expect(entry!.message).toContain('reason: "flow 10.xx.50.81:1822 → 10.xx.50.241:8080"');
    expect(entry!.message).toContain(': done.');
    const record = recordOf(entry!);
    expect(record).toEqual({ ...killed, checks: expect.any(Array), error: null });
    expect(record.commands.map((command) => command.argv.slice(1))).toEqual(killed.commands.map((command) => command.argv.slice(1)));
    expect(record.commands[1]!.stdout).toContain('Process 3968 on 10.xx.50.81 killed.');
    expect(record.checks).toEqual(expect.arrayContaining(['image name "ctfmon" as expected', expect.stringMatching(/^start time \S+Z as expected/), 'not a protected process']));
  });

  it('refuses when the PID names another image, kills nothing, and audits the refusal with the listing it ran', async () => {
    const id = await hostId('10.xx.50.81');
    const refused = await fails('hosts.kill', { id, pid: 3968, expectName: 'notepad.exe' });
    expect(refused).toMatchObject({ kind: 'kill-refused', pid: 3968, host: 'WS5081 (10.xx.50.81)' });
    expect((refused as { reason: string }).reason).toContain('"ctfmon"');
    expect((refused as { reason: string }).reason).toContain('"notepad.exe"');
    expect((await ok('hosts.collectProcesses', { id })).result.records.some((process) => process.pid === 3968)).toBe(true);

    const [entry] = await actions();
    expect(entry).toMatchObject({ level: 'warning', kind: 'action' });
    expect(entry!.message).toContain(': refused.');
    const record = recordOf(entry!);
    expect(record).toMatchObject({ outcome: 'error', pid: 3968, process: { name: 'ctfmon' }, error: { kind: 'kill-refused' } });
    expect(record.commands.map((command) => command.tool)).toEqual(['pslist']);
  });

  it('refuses after the lab reuses the PID for another image, naming both names and both start times', async () => {
    const id = await hostId('10.xx.50.81');
    const expected = seen(await ok('hosts.collectProcesses', { id }), 3968);
    expect(await ok('lab.simulatePidReuse', { host: '10.xx.50.81', pid: 3968 })).toEqual({ host: '10.xx.50.81', pid: 3968, previousName: 'ctfmon', newName: 'notepad' });

    const refused = await fails('hosts.kill', { id, pid: 3968, ...expected });
    expect(refused.kind).toBe('kill-refused');
    const reason = (refused as { reason: string }).reason;
    expect(reason).toContain('"notepad"');
    expect(reason).toContain('"ctfmon"');
    expect(reason).toContain(expected.expectStartedAt);
    expect(reason).toMatch(/PID was reused/);
    const listed = (await ok('hosts.collectProcesses', { id })).result.records.find((process) => process.pid === 3968);
    expect(listed?.name).toBe('notepad');
  });

  it('refuses a PID reused by the same image started later, on its start time alone', async () => {
    const id = await hostId('10.xx.50.81');
    const expected = seen(await ok('hosts.collectProcesses', { id }), 3968);
    await services().lab.simulatePidReuse('10.xx.50.81', 3968, { image: 'ctfmon.exe' });
    const refused = await fails('hosts.kill', { id, pid: 3968, ...expected });
    expect(refused.kind).toBe('kill-refused');
    const reason = (refused as { reason: string }).reason;
    expect(reason).not.toContain('"ctfmon"');
    expect(reason).toMatch(/^PID 3968 is now started at \S+Z, not started at \S+Z as listed before/);
    const record = recordOf((await actions())[0]!);
    expect(record.checks).toContain('image name "ctfmon" as expected');
  });

  it('refuses lsass as protected, then stops it on the deliberate override; System still answers access denied', async () => {
    const id = await hostId('10.xx.50.81');
    const refused = await fails('hosts.kill', { id, pid: 608, expectName: 'lsass' });
    expect(refused).toMatchObject({ kind: 'kill-refused', pid: 608 });
    expect((refused as { reason: string }).reason).toMatch(/lsass is a protected system process.*override/);

    // The lab's lsass, unlike Idle, System and csrss, gives way to an administrator's PsKill.
    const overridden = await ok('hosts.kill', { id, pid: 608, expectName: 'lsass', allowProtected: true });
    expect(overridden.outcome).toBe('killed');
    const system = await ok('hosts.kill', { id, pid: 4, expectName: 'System', allowProtected: true });
    expect(system.outcome).toBe('access-denied');
    expect(system.message).toContain('Access is denied');
    expect(system.commands.map((command) => command.tool)).toEqual(['pslist', 'pskill']);

    const entries = await actions();
    expect(entries.map((entry) => entry.level)).toEqual(['warning', 'info', 'error']);
    expect(recordOf(entries[1]!).checks).toContainEqual(expect.stringMatching(/^protected process stopped on the analyst's deliberate override/));
    expect(entries[2]!.message).toContain(': access-denied.');
  });

  it('says a PID that is gone was not found, without running PsKill', async () => {
    const id = await hostId('10.xx.50.81');
    const gone = await ok('hosts.kill', { id, pid: 9996, expectName: 'ctfmon' });
    expect(gone).toMatchObject({ outcome: 'not-found', process: null });
    expect(gone.commands.map((command) => command.tool)).toEqual(['pslist']);
    expect((await actions())[0]).toMatchObject({ level: 'warning' });
  });

  it('refuses a start time that is not a time before anything runs', async () => {
    const id = await hostId('10.xx.50.81');
    expect(await fails('hosts.kill', { id, pid: 3968, expectStartedAt: 'yesterday' })).toMatchObject({ kind: 'invalid-input' });
    expect((await ok('log.list', {})).filter((entry) => entry.kind === 'command')).toEqual([]);
  });

  it('simulates PID reuse only on a running lab, and only for a process that runs', async () => {
    expect(await fails('lab.simulatePidReuse', { host: '10.xx.50.81', pid: 9996 })).toMatchObject({ kind: 'not-found' });
    expect(await fails('lab.simulatePidReuse', { host: '10.99.99.99', pid: 3968 })).toMatchObject({ kind: 'not-found' });
    await ok('lab.stop', {});
    expect(await fails('lab.simulatePidReuse', { host: '10.xx.50.81', pid: 3968 })).toMatchObject({ kind: 'lab-not-running' });
  });
});

describe.skipIf(process.platform !== 'linux')('killing a process of this machine', () => {
  it('kills a listener with the start time ps showed, and refuses another start time', async () => {
    const listener = await listeners.start();
    const id = (await ok('hosts.add', { address: 'local', via: 'local', os: 'linux' })).id;
    const expected = seen(await ok('hosts.collectProcesses', { id }), listener.pid);
    expect(expected.expectName).toBe('node');

    const earlier = new Date(Date.parse(expected.expectStartedAt) - 60_000).toISOString();
    const refused = await fails('hosts.kill', { id, pid: listener.pid, expectName: 'node', expectStartedAt: earlier });
    expect(refused).toMatchObject({ kind: 'kill-refused', pid: listener.pid });
    expect((refused as { reason: string }).reason).toContain(earlier);

    const killed = await ok('hosts.kill', { id, pid: listener.pid, ...expected });
    expect(killed.outcome).toBe('killed');
    expect(killed.commands.map((command) => command.tool)).toEqual(['ps', 'kill', ...killed.commands.slice(2).map(() => 'kill')]);
    expect(await listener.exited).toMatchObject({ signal: 'SIGTERM' });
    expect((await actions()).map((entry) => entry.level)).toEqual(['warning', 'info']);
  });

  it('refuses FlowPivot itself, even on the override', async () => {
    const id = (await ok('hosts.add', { address: 'local', via: 'local', os: 'linux' })).id;
    expect(await fails('hosts.kill', { id, pid: process.pid })).toMatchObject({ kind: 'kill-refused', reason: expect.stringContaining('FlowPivot itself') });
    expect(await fails('hosts.kill', { id, pid: process.pid, allowProtected: true })).toMatchObject({ kind: 'kill-refused', reason: expect.stringContaining('FlowPivot itself') });
  });
});
