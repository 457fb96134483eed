// The analyst's vocabulary: one set of field names shared by parsers, services, the renderer and the CLI.
import type { FlowTableData } from './flows/flowTable';

/** A problem with one line of a tool's output; the rest of the output still parses. */
export interface Diagnostic {
  /** 1-based line number in the text that was parsed. */
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The offending line, verbatim. */
  text: string;
  /** What the parser expected to find there, in words. */
  expected?: string;
}

/** Why a flow is marked: addresses the analyst must not trust as numbers, for example. */
export type FlowMark = 'src-addr-not-numeric' | 'dst-addr-not-numeric';

/** One row of a router's flow cache (`show ip cache flow`), hex fields decoded. */
export interface Flow {
  /** Line in the raw output this row came from (1-based). */
  line: number;
  srcIf: string;
  srcAddr: string;
  dstIf: string;
  dstAddr: string;
  /** IANA protocol number (decimal), e.g. 6. */
  protocol: number;
  /** As printed by the router, e.g. "06". */
  protocolHex: string;
  /** IANA keyword, e.g. "TCP"; null when unassigned. */
  protocolName: string | null;
  srcPort: number;
  srcPortHex: string;
  /** IANA service name for the source port and protocol, e.g. "microsoft-ds". */
  srcService: string | null;
  dstPort: number;
  dstPortHex: string;
  dstService: string | null;
  packets: number;
  /** Bytes of the flow, where the format prints them (verbose and Flexible NetFlow); else null. */
  bytes: number | null;
  /** IP type of service byte (printed in hex by IOS). */
  tos: number | null;
  /** TCP flags seen (OR of all packets, printed in hex by IOS). */
  flags: number | null;
  srcMask: number | null;
  dstMask: number | null;
  srcAs: number | null;
  dstAs: number | null;
  nextHop: string | null;
  /** Seconds between the flow's first and last packet. */
  activeSec: number | null;
  marks: FlowMark[];
}

export interface PacketSizeBucket {
  /** Column label as printed: "1-32", "64", … "4608". */
  size: string;
  /** Share of all packets, 0..1. */
  fraction: number;
}

/** "IP Flow Switching Cache" and "IP Sub Flow Cache" statistics; fields are null when the router did not print them. */
export interface FlowCacheStatistics {
  cacheBytes: number | null;
  activeFlows: number | null;
  inactiveFlows: number | null;
  addedFlows: number | null;
  agerPolls: number | null;
  allocFailures: number | null;
  activeTimeoutMinutes: number | null;
  inactiveTimeoutSeconds: number | null;
  subFlowCacheBytes: number | null;
  subFlowActive: number | null;
  subFlowInactive: number | null;
  subFlowAdded: number | null;
  subFlowAddedToFlow: number | null;
  lastClearing: string | null;
  /** Every line of the section, verbatim, so nothing the parser does not know is lost. */
  lines: string[];
}

/** One row of the per-protocol table. */
export interface ProtocolStatistics {
  line: number;
  /** As printed: "TCP-WWW", "UDP-other", "ICMP"; the "Total:" row is kept apart. */
  name: string;
  totalFlows: number;
  flowsPerSec: number;
  packetsPerFlow: number;
  bytesPerPacket: number;
  packetsPerSec: number;
  activeSecPerFlow: number;
  idleSecPerFlow: number;
}

export interface ShowIpCacheFlowSections {
  /** From "IP packet size distribution (N total packets):"; null when absent. */
  totalPackets: number | null;
  packetSizes: PacketSizeBucket[];
  cache: FlowCacheStatistics | null;
  protocols: ProtocolStatistics[];
  protocolTotal: ProtocolStatistics | null;
}

/** What every parser returns: records, named sections, and diagnostics instead of exceptions. */
export interface ParseResult<TRecord, TSections> {
  /** Parser id, e.g. "ios-ip-cache-flow". */
  format: string;
  parserVersion: string;
  records: TRecord[];
  sections: TSections;
  diagnostics: Diagnostic[];
  /**
   * Lines the parser recognised as structure (banners, headers, section lines, echoed commands, prompts, trailers).
   * Together with each record's `line`..`endLine` and the diagnostics, every non-blank input line is accounted for.
   */
  structuralLines: number[];
}

export type ShowIpCacheFlowResult = ParseResult<Flow, ShowIpCacheFlowSections>;

export type RouterAuthKind = 'password' | 'keyboard-interactive' | 'private-key';

/** A router as the analyst configured it. Secrets are never part of it: only whether one is stored. */
export interface RouterProfile {
  id: string;
  name: string;
  host: string;
  port: number;
  username: string;
  auth: RouterAuthKind;
  /** Path of the private key file for `private-key` auth (the key itself is never copied). */
  privateKeyPath: string | null;
  /** Offer the old algorithms (diffie-hellman-group1/14-sha1, CBC ciphers, ssh-rsa) that old IOS needs. */
  legacyAlgorithms: boolean;
  commandTimeoutMs: number;
  hasPassword: boolean;
  hasEnablePassword: boolean;
  hasPassphrase: boolean;
  /** True for the embedded lab's router. */
  isLab: boolean;
}

export type RouterConnectionState = 'disconnected' | 'connecting' | 'connected' | 'collecting' | 'error';

export interface RouterStatus {
  routerId: string;
  state: RouterConnectionState;
  /** Prompt seen after login, e.g. "Router#". */
  prompt: string | null;
  privileged: boolean;
  /** Negotiated algorithms, recorded as evidence of how we connected. */
  algorithms: NegotiatedAlgorithms | null;
  hostKeyFingerprint: string | null;
  message: string | null;
}

export interface NegotiatedAlgorithms {
  kex: string;
  serverHostKey: string;
  cipher: string;
  mac: string;
}

/** One command run on a device: the raw bytes as received, kept verbatim, and when. */
export interface CommandRecord {
  id: string;
  routerId: string;
  /** "name (host:port)" of the device at the time. */
  device: string;
  command: string;
  /** ISO-8601 UTC. */
  startedAt: string;
  finishedAt: string;
  /** Everything received after the command was sent, verbatim (echo, pager prompts and the final prompt included). */
  raw: string;
  /** The command's output alone: echo, pager artefacts and the prompt removed. */
  output: string;
  outcome: 'ok' | 'rejected' | 'timeout' | 'connection-lost';
}

/** A flow command's output as read: the flows in columns (flows/flowTable.ts), the named sections, the diagnostics. */
export interface FlowReading<TSections = ShowIpCacheFlowSections> {
  /** Parser id, e.g. "ios-ip-cache-flow". */
  format: string;
  parserVersion: string;
  table: FlowTableData;
  sections: TSections;
  diagnostics: Diagnostic[];
}

/** A command run as a window sees it: its output stays in main (the log, the case); `rawLength` (characters) says how big it was. */
export type CommandSummary = Omit<CommandRecord, 'raw' | 'output'> & { rawLength: number };

/** A flow command run on a router, as main keeps it: the command with its raw output, and the flows read. */
export interface CollectedFlows<TSections = ShowIpCacheFlowSections> {
  command: CommandRecord;
  result: FlowReading<TSections>;
}

/** A flow collection as a window gets it: the command without its output, the flows in columns. */
export interface FlowCollection {
  command: CommandSummary;
  result: FlowReading;
}

export function commandSummary({ raw, output: _output, ...command }: CommandRecord): CommandSummary {
  return { ...command, rawLength: raw.length };
}

/** What a window is sent of a collection: everything but the command's output. */
export function flowCollectionOf({ command, result }: CollectedFlows): FlowCollection {
  return { command: commandSummary(command), result };
}

export interface LogEntry {
  id: string;
  /** ISO-8601 UTC. */
  at: string;
  level: 'info' | 'warning' | 'error';
  routerId: string | null;
  device: string | null;
  /** `command` entries carry the raw output of the command in `detail`. */
  /** 'action': something the analyst did to a device (a kill), with who, what, why and the tools' output. */
  kind: 'command' | 'connection' | 'lab' | 'error' | 'action';
  message: string;
  command: string | null;
  detail: string | null;
  /**
   * Set when `detail` holds only the start of a big output (a million-flow capture): the whole detail's length. The
   * window asks log.detail for the rest; main keeps it whole.
   */
  detailLength?: number;
}

export interface LabScenarioInfo {
  name: string;
  description: string;
}

export interface LabInfo {
  host: string;
  port: number;
  username: string;
  password: string;
  enablePassword: string;
  /** OpenSSH-style "SHA256:…" fingerprint of the lab router's host key. */
  fingerprint: string;
  scenario: string;
  /** The router profile the app created for the lab, when started from the app. */
  routerId: string | null;
  /** The simulated Windows fleet: its hosts as added to the host list (ids), and where its tools are. */
  fleet?: { binDir: string; hostIds: string[]; hosts: string[] } | null;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'preview';
  /** True when no router is configured yet: the window offers the embedded lab. */
  firstRun: boolean;
  /** False in the browser preview: passwords are kept in memory for this run only. */
  secretsPersisted: boolean;
  configDir: string;
}

/** Marks on a host record the analyst must see (addresses that are not numbers, values the tool rounded). */
export type HostRecordMark = 'local-addr-not-numeric' | 'remote-addr-not-numeric' | 'owner-unknown';

/** One socket of a host, as netstat, tcpvcon or ss print it. Absent values are null. */
export interface Connection {
  /** 1-based line of the raw output the record starts on. */
  line: number;
  /** "TCP", "UDP", "TCPv6", "UDPv6" as the tool prints it (ss: "tcp"/"udp" upper-cased). */
  proto: string;
  localAddr: string;
  localPort: number | null;
  /** "*" for netstat's `*:*` remote of a UDP socket. */
  remoteAddr: string | null;
  remotePort: number | null;
  /** "LISTENING", "ESTABLISHED", … as printed; null for UDP where the tool prints none. */
  state: string | null;
  pid: number | null;
  /** Owning executable (netstat -b, tcpvcon, ss users:(("name",…))); null when the format has none. */
  process: string | null;
  /** netstat -b component names ([svchost.exe] preceded by "RpcSs" etc.), in order. */
  components: string[];
  marks: HostRecordMark[];
}

/** One process of a host, as PsList or ps print it. Absent values are null. */
export interface ProcessEntry {
  line: number;
  name: string;
  pid: number;
  ppid: number | null;
  priority: number | null;
  threads: number | null;
  handles: number | null;
  /** Private bytes in KiB (PsList "Priv"). */
  privateKb: number | null;
  /** Total CPU time in seconds. */
  cpuSec: number | null;
  /** Elapsed (wall) time since the process started, in seconds. */
  elapsedSec: number | null;
  /** Depth in the process tree (PsList -t); null for flat listings. */
  depth: number | null;
  /** Linux ps: owning user; null where the format has none. */
  user: string | null;
  /** Linux ps `lstart` as printed; null elsewhere. */
  startedAt: string | null;
  /** Full command line (Linux ps args); null where the format has none. */
  commandLine: string | null;
}

/** What PsKill said about one process. */
export interface KillOutcome {
  line: number;
  outcome: 'killed' | 'not-found' | 'access-denied' | 'error';
  pid: number | null;
  /** Process name when the tool was given a name instead of a PID. */
  name: string | null;
  host: string | null;
  message: string;
}

/** The typed failures of PsExec (and the other Ps tools) reaching a Windows host. */
export type PsExecErrorKind =
  | 'host-unreachable'
  | 'network-path-not-found'
  | 'access-denied'
  | 'logon-failure'
  | 'service-start-failed'
  | 'command-not-found'
  | 'other';

export interface PsExecError {
  line: number;
  kind: PsExecErrorKind;
  host: string | null;
  /** The tool's own sentence, verbatim. */
  message: string;
  /** Windows error code when printed ("error code 5" / "(0x...)"). */
  errorCode: number | null;
}

/** How FlowPivot reaches a host: Sysinternals PsExec/PsList/PsKill, SSH (Linux or Windows OpenSSH), or this machine. */
export type HostVia = 'psexec' | 'ssh' | 'local';

/** The operating system a host runs, which decides the commands used over SSH and locally. */
export type HostOs = 'windows' | 'linux';

/** A host as the analyst configured it. Secrets are never part of it: only whether one is stored. */
export interface HostProfile {
  id: string;
  /** Address or name as the analyst typed it (`10.xx.50.81`, `ws-57.corp`, `192.168.10.57`); "local" for this machine. */
  address: string;
  label: string;
  via: HostVia;
  os: HostOs;
  /** Empty: PsExec uses the current Windows logon; SSH needs a user. */
  username: string;
  /** SSH port (ignored for PsExec and local). */
  port: number;
  /** SSH: path of the private key (never copied). */
  privateKeyPath: string | null;
  timeoutMs: number;
  hasPassword: boolean;
  /** True for the embedded lab's simulated Windows hosts. */
  isLab: boolean;
}

/** One run of a tool against a host, kept as evidence: argv (password masked), output verbatim, exit, UTC times. */
export interface HostCommandRecord {
  id: string;
  hostId: string | null;
  /** Host address as typed. */
  host: string;
  via: HostVia;
  /** "psexec", "pslist", "pskill", "ss", "ps", "kill", "netstat", "tasklist", "taskkill". */
  tool: string;
  /** Executable run locally (psexec.exe path, ss, ssh target) as resolved. */
  toolPath: string | null;
  /** "v2.43" from the tool's banner, the OpenSSH server version, or null when unknown. */
  toolVersion: string | null;
  /** The command as run, one element per argument, passwords replaced by "********". */
  argv: string[];
  /** ISO-8601 UTC. */
  startedAt: string;
  finishedAt: string;
  exitCode: number | null;
  signal: string | null;
  /** Standard output verbatim; with a console (pty) both streams, interleaved as the tool wrote them. */
  stdout: string;
  /** Standard error verbatim; null when the run had a console and stderr is part of `stdout`. */
  stderr: string | null;
  outcome: 'ok' | 'failed' | 'timeout' | 'cancelled';
}

export interface ConnectionCollection {
  hostId: string | null;
  host: string;
  command: HostCommandRecord;
  result: ParseResult<Connection, unknown>;
}

export interface ProcessCollection {
  hostId: string | null;
  host: string;
  command: HostCommandRecord;
  result: ParseResult<ProcessEntry, unknown>;
}

/** What happened when the analyst stopped a process. */
export interface KillResult {
  hostId: string | null;
  host: string;
  pid: number;
  outcome: 'killed' | 'not-found' | 'access-denied' | 'still-running' | 'error';
  /** One sentence for the analyst. */
  message: string;
  /** Every command run for the kill, in order (the check before, the kill itself, the check after). */
  commands: HostCommandRecord[];
  /** The process as listed just before the kill; null when it was already gone. */
  process: ProcessEntry | null;
  /** Who asked (the OS account running FlowPivot), when (ISO-8601 UTC), and why (the flow or note given). */
  requestedBy: string;
  requestedAt: string;
  reason: string | null;
}

/** Progress of a long host operation, for the UI's per-host indicator. */
export interface HostProgress {
  hostId: string;
  operation: 'connections' | 'processes' | 'kill';
  stage: 'started' | 'running' | 'finished' | 'failed';
  message: string;
}

/** Where FlowPivot finds one Sysinternals tool. */
export interface ToolStatus {
  tool: 'psexec' | 'pslist' | 'pskill';
  /** The analyst's setting; null: found on PATH. */
  configuredPath: string | null;
  /** What would run now; null when the tool is not found. */
  resolvedPath: string | null;
  /** Why it is not usable, in words; null when it is. */
  problem: string | null;
}

/** Rules that mark flows "interesting"; each can be switched off or tuned. */
export interface FlagRules {
  /** Destination ports above this (and not a known service) are flagged. */
  highPortAbove: number;
  /** Ports with no IANA service name. */
  uncommonPorts: boolean;
  /** Protocol numbers IANA does not name. */
  unknownProtocols: boolean;
  /** Internal source to external destination. */
  internalToExternal: boolean;
  /** Flows active at least this long (seconds; formats that print it). */
  longLivedSeconds: number;
  /** Flows with at least this many packets. */
  highVolumePackets: number;
}

/** The analyst's settings that shape the pivot. */
export interface AnalystSettings {
  /** CIDR ranges counted as internal besides RFC 1918 and RFC 4193. */
  internalRanges: string[];
  flagRules: FlagRules;
}
