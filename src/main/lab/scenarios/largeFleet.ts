// The large scenario's Windows fleet: the 10.x hosts of the first flows of the generated cache, each with the socket
// its flow shows (the cache holds a million flows; hosts for the first few are enough to pivot from them).
import type { CachedFlow } from '../flowCacheModel';
import { FLEET_STATE_FORMAT, FLEET_STATE_VERSION, type FleetState } from '../fleet/fleetState';
import { WindowsHostBuilder } from '../fleet/windowsHostBuilder';

/** How many of the cache's first flows get a host. */
export const LARGE_FLEET_FLOWS = 64;
export const LARGE_LOCAL_HOST = '10.255.0.10';

/** Who owns a socket on a service port: a process started under `parent`, or a service's svchost, or System. */
type Owner = { process: string; parent: string } | { service: string } | { system: true } | { lsass: true };

const CLIENT_OWNERS: Record<number, Owner> = {
  443: { process: 'msedge', parent: 'explorer' }, 80: { process: 'msedge', parent: 'explorer' }, 8080: { process: 'msedge', parent: 'explorer' },
  445: { system: true }, 22: { process: 'ssh', parent: 'explorer' }, 25: { process: 'OUTLOOK', parent: 'explorer' },
  3389: { process: 'mstsc', parent: 'explorer' }, 389: { lsass: true }, 179: { process: 'putty', parent: 'explorer' },
  23: { process: 'putty', parent: 'explorer' }, 21: { process: 'WinSCP', parent: 'explorer' },
  53: { service: 'Dnscache' }, 123: { service: 'W32Time' }, 161: { process: 'snmptrap', parent: 'services' },
  514: { service: 'EventLog' }, 500: { service: 'IKEEXT' },
};
const SERVER_OWNERS: Record<number, Owner> = {
  443: { process: 'w3wp', parent: 'services' }, 80: { process: 'w3wp', parent: 'services' }, 8080: { process: 'tomcat9', parent: 'services' },
  445: { system: true }, 22: { process: 'sshd', parent: 'services' }, 25: { process: 'EdgeTransport', parent: 'services' },
  3389: { service: 'TermService' }, 389: { lsass: true }, 179: { process: 'bgpd', parent: 'services' },
  23: { process: 'tlntsvr', parent: 'services' }, 21: { process: 'inetinfo', parent: 'services' },
  53: { process: 'dns', parent: 'services' }, 123: { service: 'W32Time' }, 161: { process: 'snmp', parent: 'services' },
  514: { process: 'syslogd', parent: 'services' }, 500: { service: 'IKEEXT' },
};

function ownerPid(host: WindowsHostBuilder, owner: Owner): { pid: number; component: string | null } {
  if ('system' in owner) return { pid: 4, component: null };
  if ('lsass' in owner) return { pid: host.find('lsass').pid, component: null };
  if ('service' in owner) return { pid: host.service(owner.service).pid, component: owner.service };
  const running = host.lookup(owner.process);
  return { pid: (running ?? host.addProcess({ name: owner.process, parent: host.lookup(owner.parent) === undefined ? 'services' : owner.parent })).pid, component: null };
}

/** The fleet for the first flows of a large cache of `flowCount` flows; `flowAt` gives the n-th flow. */
export function largeFleet(flowCount: number, flowAt: (index: number) => CachedFlow): FleetState {
  const builders = new Map<string, WindowsHostBuilder>();
  builders.set(LARGE_LOCAL_HOST, new WindowsHostBuilder({ address: LARGE_LOCAL_HOST, hostname: 'NOC-ANALYST', aliases: ['NOC-ANALYST'], edition: 'win10', seed: 0x1a26e }));
  for (let index = 0; index < Math.min(flowCount, LARGE_FLEET_FLOWS); index += 1) {
    const flow = flowAt(index);
    if (flow.protocol !== 6 && flow.protocol !== 17) continue;
    // The 10.x end is the client when its port is ephemeral, else the server.
    const isClient = flow.srcPort >= 49152;
    let host = builders.get(flow.srcAddr);
    if (host === undefined) {
      const hostname = `${isClient ? 'WS' : 'SRV'}-${flow.srcAddr.split('.').slice(1).map((octet) => octet.padStart(3, '0')).join('')}`;
      host = new WindowsHostBuilder({ address: flow.srcAddr, hostname, aliases: [hostname], edition: isClient ? 'win10' : 'server2019', seed: 0x1a26e + index });
      builders.set(flow.srcAddr, host);
    }
    const servicePort = isClient ? flow.dstPort : flow.srcPort;
    const { pid, component } = ownerPid(host, (isClient ? CLIENT_OWNERS : SERVER_OWNERS)[servicePort] ?? { process: 'svchost', parent: 'services' });
    const local = `${flow.srcAddr}:${flow.srcPort}`;
    if (flow.protocol === 6) host.socket({ proto: 'TCP', local, remote: `${flow.dstAddr}:${flow.dstPort}`, pid, component });
    else host.socket({ proto: 'UDP', local, pid, component });
  }
  return {
    format: FLEET_STATE_FORMAT,
    version: FLEET_STATE_VERSION,
    scenario: 'large',
    localHost: LARGE_LOCAL_HOST,
    unknownHost: 'network-path-not-found',
    hosts: [...builders.values()].map((builder) => builder.build()),
  };
}
