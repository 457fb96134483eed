// The office scenario's Windows fleet: every workstation and server behind the router's flows, each with the sockets
// of its exchanges owned by the process that would own them (the browser, lsass, System for SMB, the beacon), so a
// flow's addresses and ports are exactly a row of that host's `netstat -ano`.
import { FLEET_STATE_FORMAT, FLEET_STATE_VERSION, type FleetHost, type FleetProcess, type FleetState } from '../fleet/fleetState';
import { WindowsHostBuilder, type ProcessSpec, type WindowsHostOptions } from '../fleet/windowsHostBuilder';
import { OFFICE, type OfficeEndpoint, type OfficeExchange } from './officeNetwork';

export const OFFICE_DC_ACCOUNT = { user: 'CORP\\ir-admin', password: 'lab-ir-admin' };

/** The compromised workstation's process chain: a document's macro started PowerShell, which runs the beacon. */
export const OFFICE_BEACON = { name: 'rundll32', parentName: 'powershell', documentName: 'WINWORD' } as const;

const SERVER_NAMES: Record<string, string> = {
  [OFFICE.dc]: 'DC01',
  [OFFICE.files]: 'FILES01',
  [OFFICE.mail]: 'MAIL01',
  [OFFICE.monitor]: 'MON01',
};

function lastOctet(address: string): number {
  return Number(address.slice(address.lastIndexOf('.') + 1));
}

function byAddress(a: string, b: string): number {
  const octets = (address: string) => address.split('.').map(Number);
  const [left, right] = [octets(a), octets(b)];
  for (let i = 0; i < 4; i += 1) if (left[i] !== right[i]) return (left[i] ?? 0) - (right[i] ?? 0);
  return 0;
}

function seedOf(address: string): number {
  return address.split('.').reduce((hash, octet) => (Math.imul(hash, 31) + Number(octet)) >>> 0, 0x0ff1ce);
}

/** Where each address sits, and what it is called there. */
function hostOptions(address: string): WindowsHostOptions | null {
  const seed = seedOf(address);
  const named = (hostname: string, edition: WindowsHostOptions['edition']): WindowsHostOptions => ({
    address, hostname, aliases: [hostname, `${hostname.toLowerCase()}.corp.example`], edition, seed,
  });
  if (address === OFFICE.router || address === OFFICE.coreSwitch) return null;
  if (address === OFFICE.adminWorkstation) return named('IT-ADMIN05', 'win10');
  if (address.startsWith('192.168.10.')) return named(`WKS-${String(lastOctet(address)).padStart(3, '0')}`, 'win10');
  if (address.startsWith('10.20.5.')) return named(SERVER_NAMES[address] ?? `SRV${lastOctet(address)}`, 'server2019');
  if (address.startsWith('10.30.1.')) return { ...named(`BR1-WKS-${String(lastOctet(address)).padStart(3, '0')}`, 'win10'), reachability: 'unreachable' };
  return null; // the Internet and the router itself
}

/** The lab hosts being built, one per Windows address of the exchanges. */
class OfficeHosts {
  private readonly builders = new Map<string, WindowsHostBuilder>();
  private readonly started = new Map<string, FleetProcess>();

  /** The host at that address, made the first time it is asked for; null for an address that is no Windows host. */
  get(address: string): WindowsHostBuilder | null {
    const known = this.builders.get(address);
    if (known !== undefined) return known;
    const options = hostOptions(address);
    if (options === null) return null;
    const builder = new WindowsHostBuilder(options);
    this.builders.set(address, builder);
    return builder;
  }

  /** The host at that address if it was made already. */
  existing(address: string): WindowsHostBuilder | null {
    return this.builders.get(address) ?? null;
  }

  addresses(): string[] {
    return [...this.builders.keys()];
  }

  /** A process by name, started under `parent` the first time it is asked for on that host. */
  process(host: WindowsHostBuilder, name: string, parent: string | number, extra: Omit<ProcessSpec, 'name' | 'parent'> = {}): FleetProcess {
    const key = `${host.address} ${name} ${parent}`;
    let process = this.started.get(key);
    if (process === undefined) {
      process = host.addProcess({ name, parent, ...extra });
      this.started.set(key, process);
    }
    return process;
  }
}

const endpoint = (end: OfficeEndpoint) => `${end.addr}:${end.port}`;

/** Adds the host's end of the exchange's socket (the client's or the server's), owned by `pid`; TCP with its state. */
function socketEnd(host: WindowsHostBuilder, exchange: OfficeExchange, side: 'client' | 'server') {
  const tcp = exchange.protocol === 6;
  const local = endpoint(side === 'client' ? exchange.client : exchange.server);
  const remote = endpoint(side === 'client' ? exchange.server : exchange.client);
  return (pid: number, component: string | null = null, state = 'ESTABLISHED') =>
    host.socket(tcp ? { proto: 'TCP', local, remote, state, pid, component } : { proto: 'UDP', local, pid, component });
}

/** Exchanges Windows itself serves at both ends: Kerberos and LDAP in lsass, SMB in the kernel (System, PID 4). */
function windowsOwnPid(host: WindowsHostBuilder, purpose: OfficeExchange['purpose']): number | null {
  switch (purpose) {
    case 'directory':
      return host.find('lsass').pid;
    case 'file-share':
    case 'branch-file-share':
      return 4;
    default:
      return null;
  }
}

/** Server processes a role starts, the same one whichever exchange asks for it first. */
const DNS_SERVER = { name: 'dns', parent: 'services', threads: 30, handles: 640, privateKb: 82_300 };
const MAIL_TRANSPORT = { name: 'EdgeTransport', parent: 'services', threads: 64, handles: 2900, privateKb: 310_000 };
const roleProcess = (hosts: OfficeHosts, host: WindowsHostBuilder, { name, parent, ...extra }: typeof DNS_SERVER) => hosts.process(host, name, parent, extra);

/** The client's socket: which process owns it, in what state (none for ICMP and GRE). */
function clientSocket(hosts: OfficeHosts, host: WindowsHostBuilder, exchange: OfficeExchange): void {
  const own = socketEnd(host, exchange, 'client');
  const windowsPid = windowsOwnPid(host, exchange.purpose);
  if (windowsPid !== null) {
    own(windowsPid);
    return;
  }
  switch (exchange.purpose) {
    case 'web': {
      // Edge's network service, a child of the browser, owns the browser's sockets.
      const browser = hosts.process(host, 'msedge', 'explorer', { threads: 52, handles: 1804, privateKb: 98_112 });
      own(hosts.process(host, 'msedge', browser.pid, { threads: 14, handles: 390, privateKb: 12_640 }).pid);
      return;
    }
    case 'dns':
      own(host.service('Dnscache').pid, 'Dnscache');
      return;
    case 'dns-forward':
      own(roleProcess(hosts, host, DNS_SERVER).pid, 'DNS');
      return;
    case 'ntp':
      own(host.service('W32Time').pid, 'W32Time');
      return;
    case 'smtp-out':
      own(roleProcess(hosts, host, MAIL_TRANSPORT).pid, 'MSExchangeTransport');
      return;
    case 'telnet':
    case 'router-ssh':
      own(host.addProcess({ name: 'putty', parent: 'explorer', threads: 3, handles: 180, privateKb: 5_200 }).pid);
      return;
    case 'beacon':
      own(host.find(OFFICE_BEACON.name).pid);
      return;
    case 'smb-sweep':
      // Answered probes are closed at once (TIME_WAIT, owned by no process); unanswered ones still wait for a SYN-ACK.
      if (exchange.replyPackets > 0) own(0, null, 'TIME_WAIT');
      else own(host.find(OFFICE_BEACON.name).pid, null, 'SYN_SENT');
      return;
    case 'rdp':
      own(hosts.process(host, 'mstsc', 'explorer', { threads: 22, handles: 930, privateKb: 41_000 }).pid);
      return;
    case 'smtp-in':
    case 'ping':
    case 'gre':
      return;
  }
}

/** The server's socket, for exchanges that reached a lab host and are still open. */
function serverSocket(hosts: OfficeHosts, host: WindowsHostBuilder, exchange: OfficeExchange): void {
  const own = socketEnd(host, exchange, 'server');
  const windowsPid = windowsOwnPid(host, exchange.purpose);
  if (windowsPid !== null) {
    own(windowsPid);
    return;
  }
  switch (exchange.purpose) {
    case 'dns':
      own(roleProcess(hosts, host, DNS_SERVER).pid, 'DNS');
      return;
    case 'smtp-in':
      own(roleProcess(hosts, host, MAIL_TRANSPORT).pid, 'MSExchangeTransport');
      return;
    case 'rdp':
      own(host.service('TermService').pid, 'TermService');
      return;
    default:
      return; // an answered sweep probe is closed at once; ICMP and GRE have no sockets
  }
}

/** The listeners a server's role opens, whether or not a flow shows them. */
function serverRoles(hosts: OfficeHosts): void {
  const listen = (host: WindowsHostBuilder, port: number, pid: number, component: string | null = null) => {
    host.socket({ proto: 'TCP', local: `0.0.0.0:${port}`, state: 'LISTENING', pid, component });
    host.socket({ proto: 'TCP', local: `[::]:${port}`, state: 'LISTENING', pid, component });
  };
  const dc = hosts.get(OFFICE.dc);
  if (dc !== null) {
    const dns = roleProcess(hosts, dc, DNS_SERVER);
    const lsass = dc.find('lsass');
    listen(dc, 53, dns.pid, 'DNS');
    for (const port of [88, 389, 464, 636, 3268, 3269]) listen(dc, port, lsass.pid, 'Kdc');
    dc.socket({ proto: 'UDP', local: `${OFFICE.dc}:53`, pid: dns.pid, component: 'DNS' });
    for (const port of [88, 389, 464]) dc.socket({ proto: 'UDP', local: `${OFFICE.dc}:${port}`, pid: lsass.pid, component: 'Kdc' });
  }
  const mail = hosts.get(OFFICE.mail);
  if (mail !== null) listen(mail, 25, roleProcess(hosts, mail, MAIL_TRANSPORT).pid, 'MSExchangeTransport');
  for (const address of hosts.addresses()) {
    if (!address.startsWith('10.20.5.')) continue;
    const server = hosts.get(address) as WindowsHostBuilder;
    listen(server, 3389, server.service('TermService').pid, 'TermService');
  }
}

/** The beacon's chain on the compromised workstation, started before its sockets are added. */
function compromise(hosts: OfficeHosts): void {
  const victim = hosts.get(OFFICE.compromised);
  if (victim === null) return;
  const word = victim.addProcess({ name: OFFICE_BEACON.documentName, parent: 'explorer', threads: 31, handles: 1420, privateKb: 88_904, elapsedMs: 41 * 60_000 + 12_345 });
  const shell = victim.addProcess({ name: OFFICE_BEACON.parentName, parent: word.pid, threads: 14, handles: 610, privateKb: 61_220, elapsedMs: 40 * 60_000 + 58_010 });
  victim.addProcess({ name: OFFICE_BEACON.name, parent: shell.pid, threads: 9, handles: 233, privateKb: 7_412, elapsedMs: 40 * 60_000 + 51_771 });
}

/** Which workstations misbehave, chosen by address so the same ones do on every run. */
function troubles(addresses: readonly string[]): Map<string, Pick<FleetHost, 'reachability' | 'delayMs' | 'hang'>> {
  const ordinary = addresses
    .filter((address) => address.startsWith('192.168.10.') && address !== OFFICE.adminWorkstation && address !== OFFICE.compromised)
    .sort((a, b) => lastOctet(a) - lastOctet(b));
  const troubles = new Map<string, Pick<FleetHost, 'reachability' | 'delayMs' | 'hang'>>();
  const set = (index: number, trouble: Pick<FleetHost, 'reachability' | 'delayMs' | 'hang'>) => {
    const address = ordinary[index];
    if (address !== undefined) troubles.set(address, trouble);
  };
  set(0, { reachability: 'ok', delayMs: 2000, hang: false });
  set(1, { reachability: 'ok', delayMs: 0, hang: true });
  set(2, { reachability: 'rpc-unavailable', delayMs: 0, hang: false });
  return troubles;
}

/** The office fleet for the given exchanges (the same ones the router's flows come from). */
export function officeFleet(exchanges: readonly OfficeExchange[]): FleetState {
  const hosts = new OfficeHosts();
  // The hosts the story is about first, then the others by address. A sweep probe nobody answered found no host.
  for (const address of [OFFICE.compromised, OFFICE.adminWorkstation, OFFICE.dc, OFFICE.files, OFFICE.mail, OFFICE.monitor]) hosts.get(address);
  const others = new Set<string>();
  for (const exchange of exchanges) {
    others.add(exchange.client.addr);
    if (exchange.purpose !== 'smb-sweep' || exchange.replyPackets > 0) others.add(exchange.server.addr);
  }
  for (const address of [...others].sort(byAddress)) hosts.get(address);
  compromise(hosts);
  serverRoles(hosts);
  for (const exchange of exchanges) {
    const client = hosts.existing(exchange.client.addr);
    if (client !== null) clientSocket(hosts, client, exchange);
    const server = hosts.existing(exchange.server.addr);
    if (server !== null && exchange.replyPackets > 0 && exchange.purpose !== 'smb-sweep') serverSocket(hosts, server, exchange);
  }

  const trouble = troubles(hosts.addresses());
  const built = hosts.addresses().map((address) => {
    const host = (hosts.get(address) as WindowsHostBuilder).build();
    Object.assign(host, trouble.get(address) ?? {});
    if (address === OFFICE.dc) host.credentials = { currentLogon: false, accounts: [OFFICE_DC_ACCOUNT] };
    if (address === OFFICE.mail) host.reachability = 'service-start-failed';
    if (address === OFFICE.monitor) host.reachability = 'access-denied';
    return host;
  });
  return {
    format: FLEET_STATE_FORMAT,
    version: FLEET_STATE_VERSION,
    scenario: 'office',
    localHost: OFFICE.adminWorkstation,
    unknownHost: 'network-path-not-found',
    hosts: built,
  };
}
