// The analyst's vocabulary: one set of field names shared by parsers, services, the renderer and the CLI.

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

/** Why a record is marked: addresses the analyst must not trust as numbers, for example. */
export type RecordFlag = 'src-addr-not-numeric' | 'dst-addr-not-numeric';

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
  flags: RecordFlag[];
}

export interface PacketSizeBucket {
  /** Column label as printed: "1-32", "64", … "4608". */
  size: string;
  /** Share of all packets, 0..1. */
  fraction: number;
}

export interface PacketSizeDistribution {
  totalPackets: number | null;
  buckets: PacketSizeBucket[];
}

/** "IP Flow Switching Cache" and "IP Sub Flow Cache" statistics; fields are null when the router did not print them. */
export interface FlowCacheStatistics {
  cacheBytes: number | null;
  active: number | null;
  inactive: number | null;
  added: number | null;
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
  /** As printed: "TCP-WWW", "UDP-other", "ICMP", "Total:" is kept apart. */
  protocol: string;
  totalFlows: number;
  flowsPerSecond: number;
  packetsPerFlow: number;
  bytesPerPacket: number;
  packetsPerSecond: number;
  activeSecondsPerFlow: number;
  idleSecondsPerFlow: number;
}

export interface ShowIpCacheFlowSections {
  packetSizeDistribution: PacketSizeDistribution | null;
  cacheStatistics: FlowCacheStatistics | null;
  protocols: ProtocolStatistics[];
  protocolTotal: ProtocolStatistics | null;
}

/** What every parser returns: records, named sections, and diagnostics instead of exceptions. */
export interface ParseResult<TRecord, TSections> {
  /** Parser id, e.g. "cisco-ios/show-ip-cache-flow". */
  format: string;
  parserVersion: string;
  records: TRecord[];
  sections: TSections;
  diagnostics: Diagnostic[];
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

export interface FlowCollection {
  command: CommandRecord;
  result: ShowIpCacheFlowResult;
}

export interface LogEntry {
  id: string;
  /** ISO-8601 UTC. */
  at: string;
  level: 'info' | 'warning' | 'error';
  routerId: string | null;
  device: string | null;
  /** `command` entries carry the raw output of the command in `detail`. */
  kind: 'command' | 'connection' | 'lab' | 'error';
  message: string;
  command: string | null;
  detail: string | null;
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
