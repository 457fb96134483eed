// The offline pivot's records, over saved outputs of the lab's investigation scenario and the seed's own captures:
// every match kind, flows nothing matched, where process names come from, several hosts, labels that are not addresses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pivotRecords, pivotSnapshot, type PivotHost, type PivotRecord } from '../../../src/shared/correlation/pivotRecords';
import type { Connection, Flow, ProcessEntry } from '../../../src/shared/domain';
import * as showIpCacheFlow from '../../../src/shared/parsers/cisco/showIpCacheFlow';
import * as psList from '../../../src/shared/parsers/sysinternals/psList';
import * as winNetstat from '../../../src/shared/parsers/windows/netstat';
import * as winNetstatB from '../../../src/shared/parsers/windows/netstatB';
import * as tcpvconCsv from '../../../src/shared/parsers/windows/tcpvconCsv';

const text = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const lines = (path: string) => text(path).split(/\r?\n/);

const CAPTURE = 'captures/investigation-lab';
const FLOWS_FILE = `${CAPTURE}/router-show-ip-cache-flow.txt`;
const WS_NETSTAT = 'fixtures/win-netstat/seed-psexec.txt';
const WS_NETSTAT_B = `${CAPTURE}/ws5081-netstat-anob.txt`;
const WS_PSLIST = `${CAPTURE}/ws5081-pslist.txt`;
const PRX_NETSTAT = `${CAPTURE}/prx5241-netstat-ano.txt`;
const PRX_PSLIST = `${CAPTURE}/prx5241-pslist.txt`;
const NS_NETSTAT = `${CAPTURE}/ns12210-netstat-ano.txt`;

const flows: Flow[] = showIpCacheFlow.parse(text(FLOWS_FILE)).records;
const netstat = (path: string): Connection[] => winNetstat.parse(text(path)).records;
const pslist = (path: string): ProcessEntry[] => psList.parse(text(path)).records;

/** The flow row of the capture with these addresses and (hex) ports, read from the text as the router printed it. */
function flowRow(src: string, srcPortHex: string, dst: string, dstPortHex: string): Pick<PivotRecord, 'srcAddr' | 'srcPort' | 'dstAddr' | 'dstPort' | 'protocol'> {
  const row = lines(FLOWS_FILE)
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[1] === src && fields[3] === dst && fields[5] === srcPortHex && fields[6] === dstPortHex);
  if (row === undefined) throw new Error(`no flow ${src}:${srcPortHex} → ${dst}:${dstPortHex} in ${FLOWS_FILE}`);
  return { srcAddr: src, srcPort: parseInt(srcPortHex, 16), dstAddr: dst, dstPort: parseInt(dstPortHex, 16), protocol: parseInt(row[4]!, 16) };
}

/** A netstat row of the file, found by its local and foreign address, as the socket fields of a record. */
function socketRow(path: string, local: string, remote: string): Pick<PivotRecord, 'localAddr' | 'localPort' | 'remoteAddr' | 'remotePort' | 'state' | 'pid'> {
  const fields = lines(path)
    .map((line) => line.trim().split(/\s+/))
    .find((row) => row[1] === local && row[2] === remote);
  if (fields === undefined) throw new Error(`no socket ${local} ${remote} in ${path}`);
  const split = (endpoint: string) => [endpoint.slice(0, endpoint.lastIndexOf(':')), endpoint.slice(endpoint.lastIndexOf(':') + 1)] as const;
  const [localAddr, localPort] = split(local);
  const [remoteAddr, remotePort] = split(remote);
  const udp = fields[0] === 'UDP';
  return {
    localAddr,
    localPort: Number(localPort),
    remoteAddr,
    remotePort: remotePort === '*' ? null : Number(remotePort),
    state: udp ? null : fields[3]!,
    pid: Number(fields[udp ? 3 : 4]),
  };
}

/** The process name PsList printed for `pid`, read from the row. */
function pslistName(path: string, pid: number): string {
  const row = lines(path)
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[1] === String(pid));
  if (row === undefined) throw new Error(`no PID ${pid} in ${path}`);
  return row[0]!;
}

const recordsOf = (records: PivotRecord[], flow: ReturnType<typeof flowRow>) => records.filter((record) => record.srcAddr === flow.srcAddr && record.srcPort === flow.srcPort && record.dstAddr === flow.dstAddr && record.dstPort === flow.dstPort && record.protocol === flow.protocol);

const ws: PivotHost = { name: 'WS5081', connections: netstat(WS_NETSTAT), processes: pslist(WS_PSLIST) };
const prx: PivotHost = { name: 'PRX5241', connections: netstat(PRX_NETSTAT), processes: pslist(PRX_PSLIST) };
const ns: PivotHost = { name: 'NS12210', connections: netstat(NS_NETSTAT), processes: null };

const SMB_IN = flowRow('10.bb.50.64', '0722', '10.xx.50.81', '01BD');
const PROXY_OUT = flowRow('10.xx.50.81', '071E', '10.xx.50.241', '1F90');
const DNS_REPLY = flowRow('10.oo.12.210', '0035', '10.bb.12.200', 'EA0B');

describe('pivotRecords', () => {
  const all = pivotRecords(flows, [ws, prx, ns]);

  it('joins a flow to the socket with its 5-tuple, the PID from netstat and the name from PsList', () => {
    const [exact] = recordsOf(all, SMB_IN);
    expect(exact).toEqual({ ...SMB_IN, host: 'WS5081', ...socketRow(WS_NETSTAT, '10.xx.50.81:445', '10.bb.50.64:1826'), processName: pslistName(WS_PSLIST, 4), match: 'exact' });
  });

  it('joins a flow to the TCP listener on its port, after the exact match', () => {
    expect(recordsOf(all, SMB_IN).map((record) => record.match)).toEqual(['exact', 'listener']);
    expect(recordsOf(all, SMB_IN)[1]).toEqual({ ...SMB_IN, host: 'WS5081', ...socketRow(WS_NETSTAT, '0.0.0.0:445', '0.0.0.0:0'), processName: pslistName(WS_PSLIST, 4), match: 'listener' });
  });

  it('joins a UDP flow to the socket bound to its port, which netstat prints without a peer', () => {
    expect(recordsOf(all, DNS_REPLY)).toEqual([{ ...DNS_REPLY, host: 'NS12210', ...socketRow(NS_NETSTAT, '10.oo.12.210:53', '*:*'), processName: null, match: 'udp-bind' }]);
  });

  it('keeps a flow nothing matched as one record with the socket fields null', () => {
    const icmp = flowRow('10.aa.20.254', '0000', '10.bb.21.1', '0000');
    expect(recordsOf(all, icmp)).toEqual([{ ...icmp, host: null, localAddr: null, localPort: null, remoteAddr: null, remotePort: null, state: null, pid: null, processName: null, match: null }]);
  });

  it('keeps every flow, in the order of the capture, each once or once per match', () => {
    const keyOf = (record: Pick<PivotRecord, 'srcAddr' | 'srcPort' | 'dstAddr' | 'dstPort' | 'protocol'>) => `${record.protocol} ${record.srcAddr}:${record.srcPort} ${record.dstAddr}:${record.dstPort}`;
    const flowKeys = all.map(keyOf).filter((key, index, keys) => index === 0 || keys[index - 1] !== key);
    expect(flowKeys).toEqual(flows.map(keyOf));
    for (const record of all) expect(Object.keys(record)).toEqual(['srcAddr', 'srcPort', 'dstAddr', 'dstPort', 'protocol', 'host', 'localAddr', 'localPort', 'remoteAddr', 'remotePort', 'state', 'pid', 'processName', 'match']);
  });

  it('joins a flow between two collected hosts to both ends, each named from its own process list', () => {
    const records = recordsOf(all, PROXY_OUT);
    expect(records.map(({ host, match }) => `${match} ${host}`)).toEqual(['exact PRX5241', 'exact WS5081', 'listener PRX5241']);
    expect(records[0]).toMatchObject({ ...socketRow(PRX_NETSTAT, '10.xx.50.241:8080', '10.xx.50.81:1822'), processName: pslistName(PRX_PSLIST, records[0]!.pid!) });
    expect(records[1]).toMatchObject({ ...socketRow(WS_NETSTAT, '10.xx.50.81:1822', '10.xx.50.241:8080'), processName: pslistName(WS_PSLIST, records[1]!.pid!) });
    expect(records[2]).toMatchObject(socketRow(PRX_NETSTAT, '0.0.0.0:8080', '0.0.0.0:0'));
  });

  it('names processes from the socket listing when no process list is given: netstat -anob\'s owner line, tcpvcon\'s column', () => {
    const anob = lines(WS_NETSTAT_B);
    const ownerBelow = (local: string) => anob[anob.findIndex((line) => line.includes(local)) + 1]!.trim();
    const fromAnob = pivotRecords(flows, [{ name: 'WS5081', connections: winNetstatB.parse(text(WS_NETSTAT_B)).records, processes: null }]);
    expect(`[${recordsOf(fromAnob, PROXY_OUT)[0]!.processName}]`).toBe(ownerBelow('10.xx.50.81:1822 '));
    // The System process's sockets: "Can not obtain ownership information", so no name.
    expect(ownerBelow('10.xx.50.81:445 ')).toBe('Can not obtain ownership information');
    expect(recordsOf(fromAnob, SMB_IN)[0]).toMatchObject({ match: 'exact', pid: 4, processName: null });

    const tcpvcon = 'fixtures/tcpvcon-csv/v2-ports-seed-derived.txt';
    const fromTcpvcon = pivotRecords(flows, [{ name: 'WS5081', connections: tcpvconCsv.parse(text(tcpvcon)).records, processes: null }]);
    const csvRow = lines(tcpvcon).find((line) => line.includes(',10.xx.50.81:445,10.bb.50.64:1826'))!.split(',');
    expect(recordsOf(fromTcpvcon, SMB_IN)[0]).toMatchObject({ match: 'exact', pid: Number(csvRow[2]), processName: csvRow[1] });
  });

  it('takes names from the process list when one is given, and from the socket listing for a PID the list lacks', () => {
    const withList = pivotRecords(flows, [{ name: 'WS5081', connections: winNetstatB.parse(text(WS_NETSTAT_B)).records, processes: pslist(WS_PSLIST) }]);
    expect(recordsOf(withList, SMB_IN)[0]!.processName).toBe(pslistName(WS_PSLIST, 4));
    expect(recordsOf(withList, PROXY_OUT)[0]!.processName).toBe(pslistName(WS_PSLIST, 3756));
    // The seed article's PsList was cut short before PID 3756: netstat -anob's own name for that socket stands in.
    const articleList = 'fixtures/pslist/seed.txt';
    expect(lines(articleList).some((line) => line.trim().split(/\s+/)[1] === '3756')).toBe(false);
    const cutList = pivotRecords(flows, [{ name: 'WS5081', connections: winNetstatB.parse(text(WS_NETSTAT_B)).records, processes: pslist(articleList) }]);
    const anobName = winNetstatB.parse(text(WS_NETSTAT_B)).records.find((socket) => socket.pid === 3756)?.process;
    expect(anobName).toBeTruthy();
    expect(recordsOf(cutList, PROXY_OUT)[0]).toMatchObject({ pid: 3756, processName: anobName });
  });

  it('reads a host name only as a label: the addresses are those of the host\'s own sockets', () => {
    // The proxy's sockets labelled with the seed host's address: its 0.0.0.0:445 listener must not take the SMB flow.
    const labelled = pivotRecords(flows, [{ ...prx, name: '10.xx.50.81' }]);
    expect(recordsOf(labelled, SMB_IN)).toEqual([expect.objectContaining({ host: null, match: null })]);
    expect(recordsOf(labelled, PROXY_OUT).map((record) => record.host)).toEqual(['10.xx.50.81', '10.xx.50.81']);
  });

  it('matches nothing to a host whose sockets are all bound to every address, having no address of its own', () => {
    const listenerOnly = winNetstat.parse('Active Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4\r\n').records;
    const host: PivotHost = { name: 'FS', connections: listenerOnly, processes: null };
    expect(pivotSnapshot(host)).toBeNull();
    expect(pivotRecords([SMB_IN], [host])).toEqual([expect.objectContaining({ ...SMB_IN, match: null })]);
  });

  it('refuses two hosts under one name', () => {
    expect(() => pivotRecords(flows, [ws, { ...prx, name: 'WS5081' }])).toThrow(/WS5081/);
  });
});
