// The simulated Windows fleet as data: its hosts, their processes and sockets, and how each answers the PsTools.
//
// The state file is this structure as JSON. The psexec, pslist and pskill of the lab read it on every run and pskill
// writes it back, so a killed process is gone for the next run. Keep this module free of effects and of
// `import.meta`: the tools load it through tsx's CommonJS hook.

export const FLEET_STATE_FORMAT = 'flowpivot-lab-fleet';
export const FLEET_STATE_VERSION = 1;

/**
 * How a host answers before any credentials are checked (and, for access-denied, whatever the credentials), with the
 * Windows error PsExec reports for it.
 */
export type FleetReachability =
  /** Answers. */
  | 'ok'
  /** Nothing answers on 445: "Timeout accessing HOST." (1460). */
  | 'unreachable'
  /** SMB refused or the name does not resolve: "The network path was not found." (53). */
  | 'network-path-not-found'
  /** SMB answers, RPC is blocked: "The RPC server is unavailable." (1722). */
  | 'rpc-unavailable'
  /** ADMIN$ refused whoever logs on (UAC remote restrictions, no admin rights): "Access is denied." (5). */
  | 'access-denied'
  /** PSEXESVC installs but does not start (blocked by the host's security software): error 1053. PsList and PsKill still work. */
  | 'service-start-failed';

export const FLEET_REACHABILITIES: readonly FleetReachability[] = ['ok', 'unreachable', 'network-path-not-found', 'rpc-unavailable', 'access-denied', 'service-start-failed'];

/** What a name with no host behind it can do: not answer, or answer without Windows file sharing. */
export type UnknownHostReachability = 'unreachable' | 'network-path-not-found' | 'rpc-unavailable';
const UNKNOWN_HOST_REACHABILITIES: readonly UnknownHostReachability[] = ['unreachable', 'network-path-not-found', 'rpc-unavailable'];

export interface FleetAccount {
  /** As typed after -u: "CORP\\ir-admin", ".\\Administrator"; compared case-insensitively. */
  user: string;
  /** Compared exactly. */
  password: string;
}

export interface FleetCredentials {
  /** The analyst's own Windows logon is an administrator there: the tools work without -u. */
  currentLogon: boolean;
  /** Accounts accepted with -u/-p. Wrong ones get "The user name or password is incorrect." (1326). */
  accounts: FleetAccount[];
}

/** One process, with what PsList prints of it. */
export interface FleetProcess {
  /** As PsList prints it: the image name without ".exe" ("svchost", "System", "Idle"). */
  name: string;
  /** As netstat -b prints it between brackets: "svchost.exe". */
  image: string;
  pid: number;
  /** Parent PID (0 for none); the parent may have exited, as on Windows. */
  ppid: number;
  priority: number;
  threads: number;
  handles: number;
  /** Private bytes, KiB (PsList "Priv"). */
  privateKb: number;
  /** Virtual memory, KiB (PsList -t "VM"). */
  virtualKb: number;
  /** Working set, KiB (PsList -t "WS"). */
  workingSetKb: number;
  /** Total CPU time, milliseconds. */
  cpuMs: number;
  /** Time since the process started, milliseconds. */
  elapsedMs: number;
  /** Refuses termination even by an administrator (Idle, System, csrss): PsKill says "Access is denied.". */
  protected: boolean;
}

/** One socket, as netstat -ano prints it. */
export interface FleetConnection {
  proto: 'TCP' | 'UDP';
  /** Address and port as netstat prints them: "10.xx.50.81:1822", "0.0.0.0:135", "[::]:445", "[fe80::1%7]:546". */
  local: string;
  /** "10.xx.50.241:8080", "0.0.0.0:0" or "[::]:0" for a listener, "*:*" for UDP. */
  remote: string;
  /** TCP state as netstat prints it ("LISTENING", "ESTABLISHED", "TIME_WAIT", …); null for UDP. */
  state: string | null;
  /** Owning process; 0 for TIME_WAIT sockets no process owns any more. */
  pid: number;
  /** netstat -b: the service named above the executable ("RpcSs"); null for none. */
  component: string | null;
}

export interface FleetHost {
  /** What the analyst types after \\: an IPv4 address as the router shows it (the seed's anonymised "10.xx.50.81" too). */
  address: string;
  /** Other names that reach the same host ("WKS-057", "wks-057.corp.example"). */
  aliases: string[];
  /** The computer name PsList prints for the local machine. */
  hostname: string;
  /** For people: "Windows 10 Enterprise 22H2 (10.0.19045)". */
  os: string;
  credentials: FleetCredentials;
  reachability: FleetReachability;
  /** Delay before the host answers, milliseconds (a slow link). */
  delayMs: number;
  /** Never answers: the tools wait until killed (or PsExec's -n timeout). */
  hang: boolean;
  processes: FleetProcess[];
  connections: FleetConnection[];
}

export interface FleetState {
  format: typeof FLEET_STATE_FORMAT;
  version: typeof FLEET_STATE_VERSION;
  /** The lab scenario the fleet belongs to. */
  scenario: string;
  /** Address of the analyst's own machine: what the tools act on without \\HOST. It is a host of the list. */
  localHost: string;
  /** How the tools fail on a name the fleet does not have (a router, a printer, an Internet address). */
  unknownHost: UnknownHostReachability;
  hosts: FleetHost[];
}

/** What went wrong with a state file; the tools print `message` and exit 1. */
export class FleetStateError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`fleet state ${path}: ${problem}`);
    this.name = 'FleetStateError';
  }
}

/** The names that always mean the local machine. */
const LOCAL_NAMES = new Set(['.', 'localhost', '127.0.0.1', '::1']);

/** The host a name typed after \\ reaches: its address, an alias or its computer name, case-insensitively. */
export function findFleetHost(state: FleetState, name: string): FleetHost | null {
  const wanted = name.toLowerCase();
  if (LOCAL_NAMES.has(wanted)) return localFleetHost(state);
  return (
    state.hosts.find(
      (host) => host.address.toLowerCase() === wanted || host.hostname.toLowerCase() === wanted || host.aliases.some((alias) => alias.toLowerCase() === wanted),
    ) ?? null
  );
}

export function localFleetHost(state: FleetState): FleetHost {
  const host = state.hosts.find((candidate) => candidate.address === state.localHost);
  if (host === undefined) throw new Error(`the fleet's local host ${state.localHost} is not one of its hosts`);
  return host;
}

// ---- Reading a state file: its shape checked field by field, so a hand-edited file fails with the field's path.

type Json = unknown;

class ShapeReader {
  constructor(private readonly path: string) {}

  fail(where: string, expected: string): never {
    throw new FleetStateError(this.path, `${where}: expected ${expected}`);
  }

  object(value: Json, where: string): Record<string, Json> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, 'an object');
    return value as Record<string, Json>;
  }

  array(value: Json, where: string): Json[] {
    if (!Array.isArray(value)) this.fail(where, 'an array');
    return value;
  }

  string(value: Json, where: string): string {
    if (typeof value !== 'string') this.fail(where, 'a string');
    return value;
  }

  nullableString(value: Json, where: string): string | null {
    return value === null ? null : this.string(value, where);
  }

  wholeNumber(value: Json, where: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) this.fail(where, 'a whole number');
    return value;
  }

  boolean(value: Json, where: string): boolean {
    if (typeof value !== 'boolean') this.fail(where, 'true or false');
    return value;
  }

  oneOf<T extends string>(value: Json, choices: readonly T[], where: string): T {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) this.fail(where, `one of ${choices.join(', ')}`);
    return value as T;
  }
}

function readProcess(reader: ShapeReader, value: Json, where: string): FleetProcess {
  const o = reader.object(value, where);
  return {
    name: reader.string(o.name, `${where}.name`),
    image: reader.string(o.image, `${where}.image`),
    pid: reader.wholeNumber(o.pid, `${where}.pid`),
    ppid: reader.wholeNumber(o.ppid, `${where}.ppid`),
    priority: reader.wholeNumber(o.priority, `${where}.priority`),
    threads: reader.wholeNumber(o.threads, `${where}.threads`),
    handles: reader.wholeNumber(o.handles, `${where}.handles`),
    privateKb: reader.wholeNumber(o.privateKb, `${where}.privateKb`),
    virtualKb: reader.wholeNumber(o.virtualKb, `${where}.virtualKb`),
    workingSetKb: reader.wholeNumber(o.workingSetKb, `${where}.workingSetKb`),
    cpuMs: reader.wholeNumber(o.cpuMs, `${where}.cpuMs`),
    elapsedMs: reader.wholeNumber(o.elapsedMs, `${where}.elapsedMs`),
    protected: reader.boolean(o.protected, `${where}.protected`),
  };
}

function readConnection(reader: ShapeReader, value: Json, where: string): FleetConnection {
  const o = reader.object(value, where);
  return {
    proto: reader.oneOf(o.proto, ['TCP', 'UDP'] as const, `${where}.proto`),
    local: reader.string(o.local, `${where}.local`),
    remote: reader.string(o.remote, `${where}.remote`),
    state: reader.nullableString(o.state, `${where}.state`),
    pid: reader.wholeNumber(o.pid, `${where}.pid`),
    component: reader.nullableString(o.component, `${where}.component`),
  };
}

function readHost(reader: ShapeReader, value: Json, where: string): FleetHost {
  const o = reader.object(value, where);
  const credentials = reader.object(o.credentials, `${where}.credentials`);
  return {
    address: reader.string(o.address, `${where}.address`),
    aliases: reader.array(o.aliases, `${where}.aliases`).map((alias, i) => reader.string(alias, `${where}.aliases[${i}]`)),
    hostname: reader.string(o.hostname, `${where}.hostname`),
    os: reader.string(o.os, `${where}.os`),
    credentials: {
      currentLogon: reader.boolean(credentials.currentLogon, `${where}.credentials.currentLogon`),
      accounts: reader.array(credentials.accounts, `${where}.credentials.accounts`).map((account, i) => {
        const a = reader.object(account, `${where}.credentials.accounts[${i}]`);
        return { user: reader.string(a.user, `${where}.credentials.accounts[${i}].user`), password: reader.string(a.password, `${where}.credentials.accounts[${i}].password`) };
      }),
    },
    reachability: reader.oneOf(o.reachability, FLEET_REACHABILITIES, `${where}.reachability`),
    delayMs: reader.wholeNumber(o.delayMs, `${where}.delayMs`),
    hang: reader.boolean(o.hang, `${where}.hang`),
    processes: reader.array(o.processes, `${where}.processes`).map((process, i) => readProcess(reader, process, `${where}.processes[${i}]`)),
    connections: reader.array(o.connections, `${where}.connections`).map((connection, i) => readConnection(reader, connection, `${where}.connections[${i}]`)),
  };
}

/** Reads a state file's text; throws FleetStateError naming the first field that is wrong. */
export function parseFleetState(text: string, path: string): FleetState {
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FleetStateError(path, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const reader = new ShapeReader(path);
  const o = reader.object(json, 'the file');
  if (o.format !== FLEET_STATE_FORMAT) reader.fail('format', `"${FLEET_STATE_FORMAT}"`);
  if (o.version !== FLEET_STATE_VERSION) reader.fail('version', String(FLEET_STATE_VERSION));
  const state: FleetState = {
    format: FLEET_STATE_FORMAT,
    version: FLEET_STATE_VERSION,
    scenario: reader.string(o.scenario, 'scenario'),
    localHost: reader.string(o.localHost, 'localHost'),
    unknownHost: reader.oneOf(o.unknownHost, UNKNOWN_HOST_REACHABILITIES, 'unknownHost'),
    hosts: reader.array(o.hosts, 'hosts').map((host, i) => readHost(reader, host, `hosts[${i}]`)),
  };
  if (!state.hosts.some((host) => host.address === state.localHost)) reader.fail('localHost', 'the address of one of the hosts');
  return state;
}

/** The state as the file holds it: JSON, two-space indented so people can read and edit it. */
export function serializeFleetState(state: FleetState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
