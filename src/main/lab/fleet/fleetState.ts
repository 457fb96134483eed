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
  /** Wall-clock start (ms since 1970) of a process started while the lab runs: its elapsed time counts from it. */
  startedAtMs?: number;
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

/**
 * A process that comes and goes on its own clock: every `periodMs` (from `offsetMs` after the state's
 * `elapsedAsOfMs`, wall time) a new one starts with the next PID of `pids`, opens `socket` for `openMs` and exits
 * `lifeMs` after its start — as a scheduled task that sends a UDP packet now and then. netstat and PsList list it only
 * while it is there (fleetBeacons.ts).
 */
export interface FleetBeacon {
  process: Omit<FleetProcess, 'pid' | 'elapsedMs' | 'startedAtMs'>;
  pids: number[];
  socket: Omit<FleetConnection, 'pid'>;
  periodMs: number;
  openMs: number;
  lifeMs: number;
  offsetMs: number;
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
  /** Processes that come and go on their own (absent: none). */
  beacons?: FleetBeacon[];
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
  /**
   * The wall-clock time (ms since 1970) the processes' `elapsedMs` are true at: the tools add the time since, so
   * elapsed times run on as on a live host (see fleetClock.ts). Absent: they stand still.
   */
  elapsedAsOfMs?: number;
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

/** One object of the file, its fields read by name: a field's path in a message is always the field read. */
class ObjectReader {
  constructor(
    private readonly reader: ShapeReader,
    private readonly o: Record<string, Json>,
    /** The object's path; '' for the file itself, whose fields are named alone. */
    private readonly where: string,
  ) {}

  private path(key: string): string {
    return this.where === '' ? key : `${this.where}.${key}`;
  }

  string(key: string): string {
    return this.reader.string(this.o[key], this.path(key));
  }

  nullableString(key: string): string | null {
    return this.reader.nullableString(this.o[key], this.path(key));
  }

  wholeNumber(key: string): number {
    return this.reader.wholeNumber(this.o[key], this.path(key));
  }

  boolean(key: string): boolean {
    return this.reader.boolean(this.o[key], this.path(key));
  }

  /** A field older files lack: undefined when absent. */
  optionalWholeNumber(key: string): number | undefined {
    return this.o[key] === undefined ? undefined : this.wholeNumber(key);
  }

  oneOf<T extends string>(key: string, choices: readonly T[]): T {
    return this.reader.oneOf(this.o[key], choices, this.path(key));
  }

  object(key: string): ObjectReader {
    return new ObjectReader(this.reader, this.reader.object(this.o[key], this.path(key)), this.path(key));
  }

  /** An array field of strings. */
  strings(key: string): string[] {
    return this.array(key, (value, where) => this.reader.string(value, where));
  }

  /** An array field of objects older files lack: undefined when absent. */
  optionalObjects<T>(key: string, item: (o: ObjectReader) => T): T[] | undefined {
    return this.o[key] === undefined ? undefined : this.objects(key, item);
  }

  /** An array field of whole numbers. */
  wholeNumbers(key: string): number[] {
    return this.array(key, (value, where) => this.reader.wholeNumber(value, where));
  }

  /** An array field of objects, each read by `item`. */
  objects<T>(key: string, item: (o: ObjectReader) => T): T[] {
    return this.array(key, (value, where) => item(new ObjectReader(this.reader, this.reader.object(value, where), where)));
  }

  /** Each item is read with its own path ("hosts[2]"). */
  private array<T>(key: string, item: (value: Json, where: string) => T): T[] {
    const where = this.path(key);
    return this.reader.array(this.o[key], where).map((value, i) => item(value, `${where}[${i}]`));
  }
}

/** `{ [key]: value }`, or nothing when the value is absent: a state read back equals the state written. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readProcess(o: ObjectReader): FleetProcess {
  // Field by field in the order the file has them: a state read back and written again is the same text.
  const { name, image, ...figures } = readProcessFigures(o);
  const pid = o.wholeNumber('pid');
  const { ppid, priority, threads, handles, privateKb, virtualKb, workingSetKb, cpuMs, protected: isProtected } = figures;
  return {
    name, image, pid, ppid, priority, threads, handles, privateKb, virtualKb, workingSetKb, cpuMs,
    elapsedMs: o.wholeNumber('elapsedMs'),
    protected: isProtected,
    ...optional('startedAtMs', o.optionalWholeNumber('startedAtMs')),
  };
}

function readProcessFigures(o: ObjectReader): Omit<FleetProcess, 'pid' | 'elapsedMs' | 'startedAtMs'> {
  return {
    name: o.string('name'),
    image: o.string('image'),
    ppid: o.wholeNumber('ppid'),
    priority: o.wholeNumber('priority'),
    threads: o.wholeNumber('threads'),
    handles: o.wholeNumber('handles'),
    privateKb: o.wholeNumber('privateKb'),
    virtualKb: o.wholeNumber('virtualKb'),
    workingSetKb: o.wholeNumber('workingSetKb'),
    cpuMs: o.wholeNumber('cpuMs'),
    protected: o.boolean('protected'),
  };
}

function readConnection(o: ObjectReader): FleetConnection {
  const { proto, local, remote, state, component } = readSocketFigures(o);
  return { proto, local, remote, state, pid: o.wholeNumber('pid'), component };
}

function readSocketFigures(o: ObjectReader): Omit<FleetConnection, 'pid'> {
  return {
    proto: o.oneOf('proto', ['TCP', 'UDP'] as const),
    local: o.string('local'),
    remote: o.string('remote'),
    state: o.nullableString('state'),
    component: o.nullableString('component'),
  };
}

function readHost(o: ObjectReader): FleetHost {
  const credentials = o.object('credentials');
  return {
    address: o.string('address'),
    aliases: o.strings('aliases'),
    hostname: o.string('hostname'),
    os: o.string('os'),
    credentials: {
      currentLogon: credentials.boolean('currentLogon'),
      accounts: credentials.objects('accounts', (account) => ({ user: account.string('user'), password: account.string('password') })),
    },
    reachability: o.oneOf('reachability', FLEET_REACHABILITIES),
    delayMs: o.wholeNumber('delayMs'),
    hang: o.boolean('hang'),
    processes: o.objects('processes', readProcess),
    connections: o.objects('connections', readConnection),
    ...optional('beacons', o.optionalObjects('beacons', readBeacon)),
  };
}

function readBeacon(o: ObjectReader): FleetBeacon {
  return {
    process: readProcessFigures(o.object('process')),
    pids: o.wholeNumbers('pids'),
    socket: readSocketFigures(o.object('socket')),
    periodMs: o.wholeNumber('periodMs'),
    openMs: o.wholeNumber('openMs'),
    lifeMs: o.wholeNumber('lifeMs'),
    offsetMs: o.wholeNumber('offsetMs'),
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
  const file = reader.object(json, 'the file');
  if (file.format !== FLEET_STATE_FORMAT) reader.fail('format', `"${FLEET_STATE_FORMAT}"`);
  if (file.version !== FLEET_STATE_VERSION) reader.fail('version', String(FLEET_STATE_VERSION));
  const o = new ObjectReader(reader, file, '');
  const state: FleetState = {
    format: FLEET_STATE_FORMAT,
    version: FLEET_STATE_VERSION,
    scenario: o.string('scenario'),
    localHost: o.string('localHost'),
    unknownHost: o.oneOf('unknownHost', UNKNOWN_HOST_REACHABILITIES),
    hosts: o.objects('hosts', readHost),
    ...optional('elapsedAsOfMs', o.optionalWholeNumber('elapsedAsOfMs')),
  };
  if (!state.hosts.some((host) => host.address === state.localHost)) reader.fail('localHost', 'the address of one of the hosts');
  return state;
}

/** The state as the file holds it: JSON, two-space indented so people can read and edit it. */
export function serializeFleetState(state: FleetState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
