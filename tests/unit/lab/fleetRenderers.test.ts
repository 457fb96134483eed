// The lab fleet's netstat and PsList renderers: the real tools' column layouts, CRLF, and output FlowPivot's own
// parsers read with no diagnostics and the seed's exact rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNetstat, netstatRow, readNetstatOptions } from '../../../src/main/lab/fleet/renderNetstat';
import { formatPsListTime, parsePsListTime, psListRow, psListTreeOrder, psListTreeRow, renderPsList, renderPsListNotFound } from '../../../src/main/lab/fleet/renderPsList';
import type { FleetProcess } from '../../../src/main/lab/fleet/fleetState';
import { seedHost } from '../../../src/main/lab/scenarios/seedFleet';
import { findParser } from '../../../src/shared/parsers/registry';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

function parse(format: string, text: string) {
  const parser = findParser(format);
  if (parser === null) throw new Error(`no parser ${format}`);
  return parser.parse(text) as { records: Record<string, unknown>[]; sections: Record<string, unknown>; diagnostics: unknown[] };
}

/** Records without their line numbers, for comparing two captures of the same rows. */
const withoutLines = (records: Record<string, unknown>[]) => records.map(({ line: _line, endLine: _endLine, ...rest }) => rest);

const process = (fields: Partial<FleetProcess>): FleetProcess => ({
  name: 'x', image: 'x.exe', pid: 1, ppid: 0, priority: 8, threads: 1, handles: 1, privateKb: 1, virtualKb: 1, workingSetKb: 1, cpuMs: 0, elapsedMs: 0, protected: false, ...fields,
});

describe('netstat renderer', () => {
  it('prints rows in netstat -ano\'s measured columns, endpoints wider than a column pushing the row right', () => {
    const jc = fixture('win-netstat/jc-windows10-ano.txt').split('\n');
    const options = { pids: true };
    expect(netstatRow({ proto: 'TCP', local: '0.0.0.0:135', remote: '0.0.0.0:0', state: 'LISTENING', pid: 1712, component: null }, options)).toBe(jc.find((line) => line.includes('0.0.0.0:135 ')));
    expect(netstatRow({ proto: 'UDP', local: '0.0.0.0:53', remote: '*:*', state: null, pid: 4808, component: null }, options)).toBe(jc.find((line) => line.includes('0.0.0.0:53 ')));
    expect(netstatRow({ proto: 'UDP', local: '[fe80::244e:2f1e:2096:62b2%9]:1900', remote: '*:*', state: null, pid: 8844, component: null }, options)).toBe(jc.find((line) => line.includes('%9]:1900')));
    const an = fixture('win-netstat/jc-windows10-an.txt').split('\n');
    expect(netstatRow({ proto: 'UDP', local: '0.0.0.0:53', remote: '*:*', state: null, pid: 4808, component: null }, { pids: false })).toBe(an.find((line) => line.includes('0.0.0.0:53 ')));
  });

  it('prints the seed host\'s netstat -ano with CRLF, read by win-netstat as exactly the seed\'s rows', () => {
    const text = renderNetstat(seedHost(), { all: true, pids: true, owners: false });
    expect(text.split('\r\n').slice(0, 4)).toEqual(['', 'Active Connections', '', '  Proto  Local Address          Foreign Address        State           PID']);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const ours = parse('win-netstat', text);
    expect(ours.diagnostics).toEqual([]);
    const seed = parse('win-netstat', fixture('win-netstat/seed-psexec.txt'));
    expect(withoutLines(ours.records)).toEqual(withoutLines(seed.records));
    expect(ours.records.filter((record) => record.pid === 3756).map((record) => record.localPort)).toEqual([1822, 1823, 1827, 1828, 1829, 1830, 1831]);
  });

  it('adds owner lines for -b: the service, the executable, and none for what no process owns', () => {
    const host = seedHost();
    host.connections.push({ proto: 'TCP', local: '10.xx.50.81:1900', remote: '10.xx.50.241:8080', state: 'TIME_WAIT', pid: 0, component: null });
    const text = renderNetstat(host, { all: true, pids: true, owners: true });
    const result = parse('win-netstat-b', text);
    expect(result.diagnostics).toEqual([]);
    const owned = (port: number) => result.records.find((record) => record.localPort === port) as { process: string | null; components: string[] };
    expect(owned(135)).toMatchObject({ process: 'svchost.exe', components: ['RpcSs'] });
    expect(owned(1822)).toMatchObject({ process: 'winupd.exe', components: [] });
    expect(owned(5900)).toMatchObject({ process: 'WinVNC4.exe' });
    expect(text).toContain('LISTENING       4\r\n Can not obtain ownership information\r\n');
    expect(text).toMatch(/TIME_WAIT {7}0\r\n$/);
  });

  it('leaves out listeners and UDP without -a, and the PID column without -o', () => {
    const connectionsOnly = parse('win-netstat', renderNetstat(seedHost(), { all: false, pids: true, owners: false }));
    expect(connectionsOnly.diagnostics).toEqual([]);
    expect(connectionsOnly.records.every((record) => record.state === 'ESTABLISHED')).toBe(true);
    const noPids = parse('win-netstat', renderNetstat(seedHost(), { all: true, pids: false, owners: false }));
    expect(noPids.diagnostics).toEqual([]);
    expect(noPids.sections.pidColumn).toBe(false);
    expect(noPids.records).toHaveLength(19);
  });

  it('reads netstat\'s option letters in any grouping and refuses the ones it does not simulate', () => {
    expect(readNetstatOptions(['-ano'])).toEqual({ all: true, pids: true, owners: false });
    expect(readNetstatOptions(['-a', '-n', '-o', '-b'])).toEqual({ all: true, pids: true, owners: true });
    expect(readNetstatOptions(['/aon'])).toEqual({ all: true, pids: true, owners: false });
    expect(readNetstatOptions(['-r'])).toBeNull();
    expect(readNetstatOptions(['-ano', '5'])).toBeNull();
  });
});

describe('PsList renderer', () => {
  it('prints times as h:mm:ss.mmm with unbounded hours, and reads them back', () => {
    expect(formatPsListTime(0)).toBe('0:00:00.000');
    expect(formatPsListTime(2_240_984)).toBe('0:37:20.984');
    expect(formatPsListTime(parsePsListTime('158:19:19.531'))).toBe('158:19:19.531');
    expect(() => parsePsListTime('1:2:3')).toThrow(/not a PsList time/);
  });

  it('prints rows in PsList v1.4\'s measured columns', () => {
    const v14 = fixture('pslist/n0ware-v14.txt').split('\n');
    expect(psListRow(process({ name: 'Idle', pid: 0, priority: 0, threads: 12, handles: 0, privateKb: 60, cpuMs: parsePsListTime('158:19:19.531'), elapsedMs: parsePsListTime('52:33:21.294') }))).toBe(v14.find((line) => line.startsWith('Idle')));
    const tree = fixture('pslist-tree/n0ware-firefox.txt').split('\n');
    expect(psListTreeRow(process({ name: 'firefox', pid: 4736, priority: 8, threads: 48, handles: 679, virtualKb: 4194303, workingSetKb: 70284, privateKb: 229184 }), 1)).toBe(tree.find((line) => line.includes(' 4736 ')));
  });

  it('prints the seed host\'s processes, read by pslist as the seed\'s rows plus the two its netstat names', () => {
    const text = renderPsList('10.xx.50.81', seedHost().processes, { tree: false });
    const ours = parse('pslist', text);
    expect(ours.diagnostics).toEqual([]);
    expect(ours.sections.host).toBe('10.xx.50.81');
    const seed = parse('pslist', fixture('pslist/seed.txt'));
    const oursByPid = new Map(withoutLines(ours.records).map((record) => [record.pid, record]));
    for (const record of withoutLines(seed.records)) expect(oursByPid.get(record.pid)).toEqual(record);
    expect([...oursByPid.keys()].filter((pid) => !seed.records.some((record) => record.pid === pid))).toEqual([1748, 3756]);
  });

  it('prints the -t tree with two spaces per level, roots first, read by pslist-tree with the same parents', () => {
    const host = seedHost();
    const text = renderPsList('10.xx.50.81', host.processes, { tree: true });
    const result = parse('pslist-tree', text);
    expect(result.diagnostics).toEqual([]);
    const byPid = new Map(result.records.map((record) => [record.pid, record]));
    expect(byPid.get(3756)).toMatchObject({ ppid: 3676, depth: 1 });
    expect(byPid.get(3676)).toMatchObject({ depth: 0 });
    expect(byPid.get(2876)).toMatchObject({ ppid: 792 });
    expect(result.records).toHaveLength(host.processes.length);
  });

  it('shows processes in a parent loop rather than losing them', () => {
    const order = psListTreeOrder([process({ pid: 8, ppid: 12 }), process({ pid: 12, ppid: 8 }), process({ pid: 16, ppid: 0 })]);
    expect(order.map(({ process: shown, depth }) => [shown.pid, depth])).toEqual([[16, 0], [8, 0], [12, 1]]);
  });

  it('says a name was not found the way PsList does', () => {
    const result = parse('pslist', renderPsListNotFound('WKS-057', 'firefox'));
    expect(result.diagnostics).toEqual([]);
    expect(result.sections.notFound).toEqual([{ line: 3, name: 'firefox', host: 'WKS-057' }]);
  });
});
