// The pivot's join: every match kind, both directions, wildcard binds, age, process by PID, and the reverse pivot.
import { describe, expect, it } from 'vitest';
import type { Connection, ProcessEntry } from '../../../src/shared/domain';
import { ageFactor, ConnectionIndex, FlowIndex, flowEndpointsOf, flowsOfProcess, type FlowEndpoints, type HostSnapshot } from '../../../src/shared/correlation/correlation';
import { investigationCandidates } from '../../../src/shared/correlation/investigation';
import { internalAddressTest, parseRange, rangeContains } from '../../../src/shared/correlation/internalRanges';

function socket(proto: string, local: string, remote: string | null, state: string | null, pid: number): Connection {
  const split = (endpoint: string) => {
    const at = endpoint.lastIndexOf(':');
    const port = endpoint.slice(at + 1);
    return [endpoint.slice(0, at), port === '*' ? null : Number(port)] as const;
  };
  const [localAddr, localPort] = split(local);
  const [remoteAddr, remotePort] = remote === null ? [null, null] : split(remote);
  return { line: 1, proto, localAddr, localPort, remoteAddr, remotePort, state, pid, process: null, components: [], marks: [] };
}

function process(pid: number, name: string): ProcessEntry {
  return { line: 1, name, pid, ppid: null, priority: null, threads: null, handles: null, privateKb: null, cpuSec: null, elapsedSec: null, depth: null, user: null, startedAt: null, commandLine: null };
}

const seedHost: HostSnapshot = {
  hostKey: 'h81',
  address: '10.xx.50.81',
  connectionsAt: '2026-11-25T10:00:00Z',
  processesAt: '2026-11-25T10:00:00Z',
  connections: [
    socket('TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 852),
    socket('TCP', '10.xx.50.81:139', '0.0.0.0:0', 'LISTENING', 4),
    socket('TCP', '10.xx.50.81:445', '10.bb.50.64:1826', 'ESTABLISHED', 4),
    socket('TCP', '10.xx.50.81:1822', '10.xx.50.241:8080', 'ESTABLISHED', 3756),
    socket('TCP', '10.xx.50.81:1823', '10.xx.50.241:8080', 'ESTABLISHED', 3756),
    socket('UDP', '0.0.0.0:500', '*:*', null, 700),
    socket('UDP', '10.xx.50.81:137', '*:*', null, 4),
    socket('TCPv6', '[::]:445', '[::]:0', 'LISTENING', 4),
  ],
  processes: [process(4, 'System'), process(852, 'svchost'), process(3756, 'winupd'), process(700, 'lsass')],
};

const flow = (srcAddr: string, srcPort: number, dstAddr: string, dstPort: number, protocol = 6): FlowEndpoints => ({ srcAddr, srcPort, dstAddr, dstPort, protocol });

describe('ConnectionIndex.matchFlow', () => {
  const index = new ConnectionIndex([seedHost]);

  it('matches the exact 5-tuple in either direction, with the owning process', () => {
    const [toServer] = index.matchFlow(flow('10.xx.50.81', 1822, '10.xx.50.241', 8080));
    expect(toServer).toMatchObject({ hostKey: 'h81', connectionIndex: 3, kind: 'exact', hostEnd: 'src', strength: 1, process: { pid: 3756, name: 'winupd' } });
    const [reply] = index.matchFlow(flow('10.xx.50.241', 8080, '10.xx.50.81', 1823));
    expect(reply).toMatchObject({ connectionIndex: 4, kind: 'exact', hostEnd: 'dst' });
    expect(reply!.reason).toContain('5-tuple');
  });

  it('finds the SMB session to port 445 as the exact socket before the listener, owned by System', () => {
    const matches = index.matchFlow(flow('10.bb.50.64', 1826, '10.xx.50.81', 445));
    expect(matches[0]).toMatchObject({ kind: 'exact', connectionIndex: 2, process: { pid: 4, name: 'System' } });
    expect(matches.some((match) => match.kind === 'listener')).toBe(false); // the IPv4 host has no 445 listener here
  });

  it('matches an inbound flow to a listener bound to all addresses, and the server\'s replies from it', () => {
    const [inbound] = index.matchFlow(flow('10.bb.50.200', 2000, '10.xx.50.81', 135));
    expect(inbound).toMatchObject({ kind: 'listener', hostEnd: 'dst', connectionIndex: 0, strength: 0.7, process: { name: 'svchost' } });
    const [reply] = index.matchFlow(flow('10.xx.50.81', 135, '10.bb.50.200', 2000));
    expect(reply).toMatchObject({ kind: 'listener', hostEnd: 'src' });
  });

  it('matches a listener bound to one address only for that address', () => {
    expect(index.matchFlow(flow('10.bb.50.200', 2000, '10.xx.50.81', 139))[0]).toMatchObject({ kind: 'listener', connectionIndex: 1 });
    expect(index.matchFlow(flow('10.bb.50.200', 2000, '10.xx.50.99', 139))).toEqual([]);
  });

  it('matches UDP by the local port of a bound socket, since netstat prints no peer for UDP', () => {
    const [ike] = index.matchFlow(flow('198.51.100.7', 500, '10.xx.50.81', 500, 17));
    expect(ike).toMatchObject({ kind: 'udp-bind', hostEnd: 'dst', process: { name: 'lsass' }, strength: 0.6 });
    const [netbios] = index.matchFlow(flow('10.xx.50.81', 137, '10.bb.50.255', 137, 17));
    expect(netbios).toMatchObject({ kind: 'udp-bind', hostEnd: 'src', connectionIndex: 6 });
  });

  it('does not match another protocol, another port, or a host that was not collected', () => {
    expect(index.matchFlow(flow('10.xx.50.81', 1822, '10.xx.50.241', 8080, 17))).toEqual([]);
    expect(index.matchFlow(flow('10.xx.50.81', 1822, '10.xx.50.241', 8081))).toEqual([]);
    expect(index.matchFlow(flow('192.0.2.1', 5000, '192.0.2.2', 80))).toEqual([]);
  });

  it('lets a wildcard bind take only its own address family, and "*" both', () => {
    expect(index.matchFlow(flow('fe80::9', 50000, 'fe80::81', 445)).filter((match) => match.kind === 'listener')).toEqual([]); // fe80::81 is not the host's
    const dual: HostSnapshot = { ...seedHost, hostKey: 'dual', address: '192.0.2.5', connections: [socket('TCP', '*:22', '*:*', 'LISTEN', 1), socket('TCPv6', '[::]:445', '[::]:0', 'LISTENING', 4), socket('TCP', '192.0.2.5:1', '192.0.2.6:2', 'ESTABLISHED', 5), socket('TCPv6', '[2001:db8::5]:3', '[2001:db8::6]:4', 'ESTABLISHED', 6)] };
    const dualIndex = new ConnectionIndex([dual]);
    expect(dualIndex.matchFlow(flow('192.0.2.9', 40000, '192.0.2.5', 22))[0]).toMatchObject({ kind: 'listener', connectionIndex: 0 });
    expect(dualIndex.matchFlow(flow('2001:db8::9', 40000, '2001:db8::5', 22))[0]).toMatchObject({ kind: 'listener', connectionIndex: 0 });
    expect(dualIndex.matchFlow(flow('192.0.2.9', 40000, '192.0.2.5', 445))).toEqual([]);
    expect(dualIndex.matchFlow(flow('2001:db8::9', 40000, '2001:db8::5', 445))[0]).toMatchObject({ kind: 'listener', connectionIndex: 1 });
  });

  it('reads IPv6 and IPv4-mapped spellings as the same address', () => {
    const v6: HostSnapshot = { ...seedHost, hostKey: 'v6', address: 'fe80::1', connections: [socket('TCPv6', '[fe80::1%4]:3389', '[fe80::2%4]:50000', 'ESTABLISHED', 9), socket('tcp', '::ffff:192.0.2.5:22', '::ffff:192.0.2.9:40000', 'ESTAB', 10)] };
    const v6Index = new ConnectionIndex([v6]);
    expect(v6Index.matchFlow(flow('fe80::2', 50000, 'FE80::1', 3389))[0]).toMatchObject({ kind: 'exact', hostEnd: 'dst' });
    expect(v6Index.matchFlow(flow('192.0.2.9', 40000, '192.0.2.5', 22))[0]).toMatchObject({ kind: 'exact', connectionIndex: 1 });
  });

  it('weakens a match when the socket snapshot is far in time from the flow, and says how far', () => {
    const [fresh] = index.matchFlow(flow('10.xx.50.81', 1822, '10.xx.50.241', 8080), '2026-11-25T10:02:00Z');
    expect(fresh).toMatchObject({ ageSec: 120, strength: 1 });
    const [stale] = index.matchFlow(flow('10.xx.50.81', 1822, '10.xx.50.241', 8080), '2026-11-25T11:00:00Z');
    expect(stale!.ageSec).toBe(3600);
    expect(stale!.strength).toBe(0.5);
    expect(ageFactor(24 * 3600)).toBe(0.3);
  });

  it('links a PID to its process and its sockets', () => {
    expect(index.processOf('h81', 3756)?.name).toBe('winupd');
    expect(index.connectionsOfPid('h81', 3756)).toEqual([3, 4]);
    expect(index.hostsWithAddress('10.XX.50.81').map((host) => host.hostKey)).toEqual(['h81']);
  });
});

describe('the reverse pivot', () => {
  const flows = [
    flow('10.xx.50.81', 1822, '10.xx.50.241', 8080),
    flow('10.xx.50.241', 8080, '10.xx.50.81', 1822),
    flow('10.xx.50.81', 1823, '10.xx.50.241', 8080),
    flow('10.bb.50.200', 2000, '10.xx.50.81', 135),
    flow('10.bb.50.64', 1826, '10.xx.50.81', 445),
  ];
  const connections = new ConnectionIndex([seedHost]);
  const flowIndex = new FlowIndex(flowEndpointsOf(flows));

  it('goes from a process to its sockets to the flows they carried, both directions', () => {
    const result = flowsOfProcess(connections, flowIndex, seedHost, 3756);
    expect(result.map((entry) => entry.connectionIndex)).toEqual([3, 4]);
    expect(result[0]!.flows).toEqual([
      { flowIndex: 0, kind: 'exact', hostEnd: 'src' },
      { flowIndex: 1, kind: 'exact', hostEnd: 'dst' },
    ]);
    expect(result[1]!.flows.map((match) => match.flowIndex)).toEqual([2]);
  });

  it('finds the flows of a listener bound to all addresses on any of the host\'s addresses', () => {
    const [listener] = flowsOfProcess(connections, flowIndex, seedHost, 852);
    expect(listener!.flows).toEqual([{ flowIndex: 3, kind: 'listener', hostEnd: 'dst' }]);
  });
});

describe('internal ends', () => {
  const isInternal = internalAddressTest(['203.0.113.0/24']);

  it('knows private ranges, the analyst\'s ranges, and masked addresses where the prefix decides', () => {
    expect(['10.1.2.3', '172.20.0.1', '192.168.10.57', 'fd00::5', '10.xx.50.81', '203.0.113.66'].every(isInternal)).toBe(true);
    expect(['8.8.8.8', '172.32.0.1', '172.xx.0.1', '2001:db8::1', 'host.example'].some(isInternal)).toBe(false);
    expect(rangeContains(parseRange('100.64.0.0/10'), '100.127.255.255')).toBe(true);
    expect(() => parseRange('10.0.0.0/33')).toThrow(/not a CIDR range/);
    expect(() => parseRange('banana')).toThrow(/not a CIDR range/);
  });

  it('offers the internal ends to investigate, hosts already known first, then the source', () => {
    const isPrivate = internalAddressTest();
    expect(investigationCandidates(flow('192.168.10.57', 50000, '198.51.100.66', 443), isPrivate, [])).toEqual([{ end: 'src', address: '192.168.10.57', known: false }]);
    expect(investigationCandidates(flow('10.bb.50.64', 1826, '10.xx.50.81', 445), isPrivate, ['10.xx.50.81']).map((candidate) => candidate.address)).toEqual(['10.xx.50.81', '10.bb.50.64']);
    expect(investigationCandidates(flow('8.8.8.8', 53, '1.1.1.1', 53, 17), isPrivate, [])).toEqual([]);
  });
});
