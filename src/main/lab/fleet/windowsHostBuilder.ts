// Builds plausible Windows hosts for the lab's scenarios: the processes a Windows XP, 10 or Server 2019 machine runs
// after boot with their usual parents and listening sockets, plus whatever a scenario adds (the process behind a
// flow, its sockets). Deterministic: the same seed gives the same PIDs, counts and times on every run.
import { randomInt, seededRandom } from '../scenarios/seededRandom';
import type { FleetConnection, FleetCredentials, FleetHost, FleetProcess, FleetReachability } from './fleetState';

export type WindowsEdition = 'xp' | 'server2003' | 'win10' | 'server2019';

export const WINDOWS_OS: Record<WindowsEdition, string> = {
  xp: 'Microsoft Windows XP Professional Service Pack 3 (5.1.2600)',
  server2003: 'Microsoft Windows Server 2003 R2 Standard Edition Service Pack 2 (5.2.3790)',
  win10: 'Windows 10 Enterprise 22H2 (10.0.19045)',
  server2019: 'Windows Server 2019 Standard (10.0.17763)',
};

export interface WindowsHostOptions {
  address: string;
  hostname: string;
  aliases?: string[];
  edition: WindowsEdition;
  /** Seeds the PIDs, counts and times. */
  seed: number;
  credentials?: FleetCredentials;
  reachability?: FleetReachability;
  delayMs?: number;
  hang?: boolean;
}

/** A process to add; what is left out is made up plausibly. */
export interface ProcessSpec {
  name: string;
  /** Default: name + ".exe". */
  image?: string;
  pid?: number;
  /** The parent by name (its first process of that name) or PID; a PID not running is an exited parent. */
  parent: string | number;
  priority?: number;
  threads?: number;
  handles?: number;
  privateKb?: number;
  /** Time since the process started; default: shortly after its parent. */
  elapsedMs?: number;
  cpuMs?: number;
  protected?: boolean;
}

/** A socket to add; `component` is the service netstat -b names above the executable. */
export interface SocketSpec {
  proto: 'TCP' | 'UDP';
  local: string;
  remote?: string;
  state?: string | null;
  pid: number;
  component?: string | null;
}

interface BaseProcess {
  name: string;
  parent: string | number;
  component?: string;
  protected?: boolean;
  priority?: number;
}

/** After boot, in the order Windows starts them (the order PsList lists them). Parents named; 999999 an exited one. */
const NT5_PROCESSES: readonly BaseProcess[] = [
    { name: 'smss', parent: 'System', priority: 11 },
    { name: 'csrss', parent: 'smss', protected: true, priority: 13 },
    { name: 'winlogon', parent: 'smss', priority: 13 },
    { name: 'services', parent: 'winlogon', priority: 9 },
    { name: 'lsass', parent: 'winlogon', priority: 9 },
    { name: 'svchost', parent: 'services', component: 'DcomLaunch' },
    { name: 'svchost', parent: 'services', component: 'RpcSs' },
    { name: 'svchost', parent: 'services', component: 'Dhcp' },
    { name: 'svchost', parent: 'services', component: 'Dnscache' },
    { name: 'svchost', parent: 'services', component: 'SSDPSRV' },
    { name: 'spoolsv', parent: 'services' },
    { name: 'explorer', parent: 999999 },
    { name: 'ctfmon', parent: 'explorer' },
];

/** What NT 10 (Windows 10, Server 2019) starts first, in the same order on both; the editions differ after it. */
const NT10_CORE_PROCESSES: readonly BaseProcess[] = [
  { name: 'Registry', parent: 'System' },
  { name: 'smss', parent: 'System', priority: 11 },
  { name: 'csrss', parent: 999999, protected: true, priority: 13 },
  { name: 'wininit', parent: 999999, priority: 13 },
  { name: 'csrss', parent: 999999, protected: true, priority: 13 },
  { name: 'winlogon', parent: 999999, priority: 13 },
  { name: 'services', parent: 'wininit', priority: 9, protected: true },
  { name: 'lsass', parent: 'wininit', priority: 9 },
  { name: 'svchost', parent: 'services', component: 'DcomLaunch' },
  { name: 'fontdrvhost', parent: 'wininit' },
  { name: 'svchost', parent: 'services', component: 'RpcSs' },
  { name: 'dwm', parent: 'winlogon', priority: 13 },
  { name: 'svchost', parent: 'services', component: 'EventLog' },
  { name: 'svchost', parent: 'services', component: 'Dnscache' },
  { name: 'svchost', parent: 'services', component: 'Schedule' },
  { name: 'svchost', parent: 'services', component: 'W32Time' },
  { name: 'svchost', parent: 'services', component: 'IKEEXT' },
];

const BASE_PROCESSES: Record<WindowsEdition, readonly BaseProcess[]> = {
  xp: NT5_PROCESSES,
  server2003: NT5_PROCESSES,
  win10: [
    ...NT10_CORE_PROCESSES,
    { name: 'svchost', parent: 'services', component: 'CDPSvc' },
    { name: 'Memory Compression', parent: 'System' },
    { name: 'spoolsv', parent: 'services' },
    { name: 'MsMpEng', parent: 'services' },
    { name: 'SearchIndexer', parent: 'services' },
    { name: 'sihost', parent: 'svchost' },
    { name: 'taskhostw', parent: 'svchost' },
    { name: 'explorer', parent: 999999 },
    { name: 'RuntimeBroker', parent: 'svchost' },
    { name: 'SecurityHealthSystray', parent: 'explorer' },
    { name: 'OneDrive', parent: 'explorer' },
  ],
  server2019: [
    ...NT10_CORE_PROCESSES,
    { name: 'svchost', parent: 'services', component: 'TermService' },
    { name: 'spoolsv', parent: 'services' },
    { name: 'MsMpEng', parent: 'services' },
    { name: 'WmiPrvSE', parent: 'svchost' },
  ],
};

/** XP and Server 2003: no IPv6 listeners, and Idle and System show no private bytes and no elapsed time. */
function isNt5(edition: WindowsEdition): boolean {
  return edition === 'xp' || edition === 'server2003';
}

/** netstat's order: TCP before UDP, IPv4 before IPv6, then by local address and port, then by remote. */
function netstatOrder(a: FleetConnection, b: FleetConnection): number {
  const key = (connection: FleetConnection) => {
    const split = (endpoint: string): [string, number] => {
      const colon = endpoint.lastIndexOf(':');
      return [endpoint.slice(0, colon), Number(endpoint.slice(colon + 1)) || 0];
    };
    const [localAddr, localPort] = split(connection.local);
    const [remoteAddr, remotePort] = split(connection.remote);
    const sortable = (address: string) =>
      address.startsWith('[') ? address : address.split('.').map((octet) => octet.padStart(3, '0')).join('.');
    return [connection.proto, localAddr.startsWith('[') ? 1 : 0, sortable(localAddr), localPort, sortable(remoteAddr), remotePort] as const;
  };
  const left = key(a);
  const right = key(b);
  for (let i = 0; i < left.length; i += 1) {
    if (left[i]! < right[i]!) return -1;
    if (left[i]! > right[i]!) return 1;
  }
  return 0;
}

export class WindowsHostBuilder {
  private readonly random: () => number;
  private readonly processes: FleetProcess[] = [];
  private readonly connections: FleetConnection[] = [];
  private readonly usedPids = new Set<number>();
  /** Milliseconds since boot. */
  readonly uptimeMs: number;

  constructor(private readonly options: WindowsHostOptions) {
    this.random = seededRandom(options.seed);
    this.uptimeMs = this.int(3, 400) * 3_600_000 + this.int(0, 3_599_999);
    this.addBase();
  }

  private int(min: number, max: number): number {
    return randomInt(this.random, min, max);
  }

  private lastPid = 0;

  /** A free PID as Windows hands them out: multiples of 4, mostly rising in the order processes start. */
  private newPid(): number {
    for (;;) {
      this.lastPid = this.lastPid === 0 ? this.int(60, 120) * 4 : this.lastPid + this.int(1, 90) * 4;
      if (!this.usedPids.has(this.lastPid)) return this.lastPid;
    }
  }

  get address(): string {
    return this.options.address;
  }

  /** The first process of that name (or with that PID), if there is one. */
  lookup(nameOrPid: string | number): FleetProcess | undefined {
    return this.processes.find((process) => (typeof nameOrPid === 'number' ? process.pid === nameOrPid : process.name === nameOrPid));
  }

  /** The first process of that name (or with that PID); the host must have it. */
  find(nameOrPid: string | number): FleetProcess {
    const found = this.lookup(nameOrPid);
    if (found === undefined) throw new Error(`${this.options.hostname} has no process ${nameOrPid}`);
    return found;
  }

  /** The svchost that runs a service (netstat -b's component line), if the host runs it. */
  lookupService(component: string): FleetProcess | undefined {
    return this.serviceHosts.get(component);
  }

  /** The svchost that runs a service; the host must run it. */
  service(component: string): FleetProcess {
    const found = this.lookupService(component);
    if (found === undefined) throw new Error(`${this.options.hostname} runs no service ${component}`);
    return found;
  }

  private readonly serviceHosts = new Map<string, FleetProcess>();

  addProcess(spec: ProcessSpec): FleetProcess {
    const parentPid = typeof spec.parent === 'number' ? spec.parent : this.find(spec.parent).pid;
    const parent = this.processes.find((process) => process.pid === parentPid);
    const pid = spec.pid ?? this.newPid();
    if (this.usedPids.has(pid)) throw new Error(`${this.options.hostname}: PID ${pid} is taken`);
    this.usedPids.add(pid);
    const elapsedMs = spec.elapsedMs ?? Math.max(1000, (parent?.elapsedMs ?? this.uptimeMs) - this.int(200, 90_000));
    const privateKb = spec.privateKb ?? this.int(400, 60_000);
    const workingSetKb = Math.round(privateKb * (1.2 + this.random())) + this.int(800, 9000);
    const process: FleetProcess = {
      name: spec.name,
      image: spec.image ?? (spec.name === 'System' || spec.name === 'Idle' || spec.name === 'Registry' || spec.name === 'Memory Compression' ? spec.name : `${spec.name}.exe`),
      pid,
      ppid: parentPid,
      priority: spec.priority ?? 8,
      threads: spec.threads ?? this.int(1, 40),
      handles: spec.handles ?? this.int(60, 1800),
      privateKb,
      virtualKb: workingSetKb + privateKb + this.int(20_000, 400_000),
      workingSetKb,
      cpuMs: spec.cpuMs ?? Math.floor(elapsedMs * this.random() * 0.002),
      elapsedMs,
      protected: spec.protected ?? false,
    };
    this.processes.push(process);
    return process;
  }

  private addBase(): void {
    this.usedPids.add(0);
    this.usedPids.add(4);
    const uptime = this.uptimeMs;
    const nt5 = isNt5(this.options.edition);
    this.processes.push(
      // NT 5 (XP, 2003) shows Idle and System with no private bytes and no elapsed time, as the seed's PsList does.
      { name: 'Idle', image: 'Idle', pid: 0, ppid: 0, priority: 0, threads: nt5 ? 1 : 8, handles: 0, privateKb: nt5 ? 0 : 60, virtualKb: nt5 ? 0 : 8, workingSetKb: nt5 ? 16 : 8, cpuMs: Math.floor(uptime * 0.9), elapsedMs: nt5 ? 0 : uptime, protected: true },
      { name: 'System', image: 'System', pid: 4, ppid: 0, priority: 8, threads: this.int(60, 220), handles: this.int(300, 4000), privateKb: nt5 ? 0 : 204, virtualKb: nt5 ? 1884 : 3800, workingSetKb: nt5 ? 236 : 152, cpuMs: Math.floor(uptime * 0.004), elapsedMs: nt5 ? 0 : uptime, protected: true },
    );
    let started = uptime - this.int(2_000, 6_000);
    for (const base of BASE_PROCESSES[this.options.edition]) {
      started -= this.int(15, 900);
      const process = this.addProcess({ name: base.name, parent: base.parent, elapsedMs: started, ...(base.protected ? { protected: true } : {}), ...(base.priority === undefined ? {} : { priority: base.priority }) });
      if (base.component !== undefined) this.serviceHosts.set(base.component, process);
    }
    this.addBaseSockets();
  }

  private addBaseSockets(): void {
    const ip = this.options.address;
    const nt5 = isNt5(this.options.edition);
    const listen = (port: number, pid: number, component: string | null = null, ipv6 = !nt5) => {
      this.socket({ proto: 'TCP', local: `0.0.0.0:${port}`, remote: '0.0.0.0:0', state: 'LISTENING', pid, component });
      if (ipv6) this.socket({ proto: 'TCP', local: `[::]:${port}`, remote: '[::]:0', state: 'LISTENING', pid, component });
    };
    const udp = (local: string, pid: number, component: string | null = null) => this.socket({ proto: 'UDP', local, pid, component });
    const rpc = this.service('RpcSs');
    listen(135, rpc.pid, 'RpcSs');
    listen(445, 4);
    this.socket({ proto: 'TCP', local: `${ip}:139`, remote: '0.0.0.0:0', state: 'LISTENING', pid: 4 });
    if (nt5) {
      udp('0.0.0.0:445', 4);
      udp('0.0.0.0:500', this.find('lsass').pid);
      udp(`${ip}:123`, this.service('DcomLaunch').pid, 'W32Time');
      udp(`${ip}:137`, 4);
      udp(`${ip}:138`, 4);
      udp(`${ip}:1900`, this.service('SSDPSRV').pid, 'SSDPSRV');
      return;
    }
    if (this.options.edition === 'win10') listen(5040, this.service('CDPSvc').pid, 'CDPSvc', false);
    listen(49664, this.find('lsass').pid);
    listen(49665, this.find('wininit').pid);
    listen(49666, this.service('EventLog').pid, 'EventLog');
    listen(49667, this.service('Schedule').pid, 'Schedule');
    listen(49668, this.find('spoolsv').pid, 'Spooler');
    listen(49669, this.find('services').pid);
    for (const local of ['0.0.0.0:123', '[::]:123']) udp(local, this.service('W32Time').pid, 'W32Time');
    for (const local of ['0.0.0.0:500', '0.0.0.0:4500', '[::]:500', '[::]:4500']) udp(local, this.service('IKEEXT').pid, 'IKEEXT');
    for (const local of ['0.0.0.0:5353', '0.0.0.0:5355', '[::]:5353', '[::]:5355']) udp(local, this.service('Dnscache').pid, 'Dnscache');
    udp(`${ip}:137`, 4);
    udp(`${ip}:138`, 4);
  }

  /** Adds a socket; a listener's remote defaults to 0.0.0.0:0 (or [::]:0), UDP's to *:*. */
  socket(spec: SocketSpec): FleetConnection {
    const ipv6 = spec.local.startsWith('[');
    const connection: FleetConnection = {
      proto: spec.proto,
      local: spec.local,
      remote: spec.remote ?? (spec.proto === 'UDP' ? '*:*' : ipv6 ? '[::]:0' : '0.0.0.0:0'),
      state: spec.proto === 'UDP' ? null : (spec.state ?? 'ESTABLISHED'),
      pid: spec.pid,
      component: spec.component ?? null,
    };
    const duplicate = this.connections.some((known) => known.proto === connection.proto && known.local === connection.local && known.remote === connection.remote);
    if (!duplicate) this.connections.push(connection);
    return connection;
  }

  /** The host, its sockets in netstat's order. */
  build(): FleetHost {
    return {
      address: this.options.address,
      aliases: this.options.aliases ?? [],
      hostname: this.options.hostname,
      os: WINDOWS_OS[this.options.edition],
      credentials: this.options.credentials ?? { currentLogon: true, accounts: [] },
      reachability: this.options.reachability ?? 'ok',
      delayMs: this.options.delayMs ?? 0,
      hang: this.options.hang ?? false,
      processes: [...this.processes],
      connections: [...this.connections].sort(netstatOrder),
    };
  }
}
