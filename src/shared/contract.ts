// The renderer ↔ main API, declared once: method name → input schema → result type, plus events.
// Both adapters (Electron IPC and the browser preview's WebSocket) are generic over this declaration.
import { z } from 'zod';
import type {
  AppInfo,
  ConnectionCollection,
  FlowCollection,
  HostProfile,
  HostProgress,
  KillResult,
  ProcessCollection,
  ToolStatus,
  AnalystSettings,
  LabInfo,
  LabScenarioInfo,
  LogEntry,
  RouterProfile,
  RouterStatus,
} from './domain';
import type { AppErrorData } from './errors';
import type { CaseContents, CaseSummary, ImportResult, RecentCase } from './case/caseModel';
import { hasControlCharacter, hostAddressProblem } from './hostAddress';
import { COLLECT_MANY_DEFAULTS, COLLECT_MANY_LIMITS, type CollectManyHostEvent, type CollectManyProgress, type CollectManySummary } from './sweep/collectMany';
import { COLLECTOR_DEFAULTS, COLLECTOR_LIMITS, type CollectorStatus } from './collector/collectorModel';
import { ipLiteralFamily } from './collector/ipLiteral';
import type { LabExportResult } from './collector/labExport';
import { WATCH_DEFAULTS, WATCH_LIMITS } from './watch/watchSchedule';
import type { WatchAlertEvent, WatchProgress, WatchSummary } from './watch/watchModel';
import { TERMINAL_LIMITS, type TerminalExit, type TerminalSessionInfo } from './terminal/terminalTypes';

/** A method: its input schema (validated in main) and its result type (a phantom, for the compiler only). */
interface MethodSpec<TInput extends z.ZodType, TOutput> {
  input: TInput;
  output?: TOutput;
}

function method<TOutput>() {
  return <TInput extends z.ZodType>(input: TInput): MethodSpec<TInput, TOutput> => ({ input });
}

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an id of letters, digits, "-" or "_"');

/** A DNS name or an IPv4/IPv6 literal; never something that could be read as an option. */
export const hostSchema = z
  .string()
  .trim()
  .superRefine((host, context) => {
    const problem = hostAddressProblem(host);
    if (problem !== null) context.addIssue({ code: 'custom', message: `a host name or IP address (${problem})` });
  });

const secret = z.string().max(1024);

const routerFields = {
  name: z.string().trim().min(1, 'a name').max(120),
  host: hostSchema,
  port: z.number().int().min(1).max(65535),
  username: z.string().min(1, 'a username').max(128),
  auth: z.enum(['password', 'keyboard-interactive', 'private-key']),
  privateKeyPath: z.string().max(4096).nullable(),
  /** Omitted: keep the stored secret. Empty string: forget it. */
  password: secret.optional(),
  enablePassword: secret.optional(),
  passphrase: secret.optional(),
  legacyAlgorithms: z.boolean(),
  commandTimeoutMs: z.number().int().min(1000).max(3_600_000),
};

export const routerInputSchema = z
  .object({
    ...routerFields,
    port: routerFields.port.default(22),
    auth: routerFields.auth.default('password'),
    privateKeyPath: routerFields.privateKeyPath.default(null),
    legacyAlgorithms: routerFields.legacyAlgorithms.default(false),
    commandTimeoutMs: routerFields.commandTimeoutMs.default(60_000),
  })
  .strict();

/** Changes to a router: only the fields given change (no defaults fill the others). */
export const routerChangesSchema = z.object(routerFields).partial().strict();

export type RouterInput = z.input<typeof routerInputSchema>;

const hostFields = {
  address: hostSchema,
  label: z.string().trim().max(120),
  via: z.enum(['psexec', 'ssh', 'local']),
  os: z.enum(['windows', 'linux']),
  /** Empty: PsExec uses the current Windows logon. */
  username: z.string().max(128),
  /** Omitted: keep the stored password. Empty string: forget it. */
  password: secret.optional(),
  /** The private key's passphrase; omitted: keep the stored one, empty string: forget it. */
  passphrase: secret.optional(),
  port: z.number().int().min(1).max(65535),
  privateKeyPath: z.string().max(4096).nullable(),
  timeoutMs: z.number().int().min(1000).max(3_600_000),
};

export const hostInputSchema = z
  .object({
    ...hostFields,
    label: hostFields.label.default(''),
    via: hostFields.via.default('psexec'),
    os: hostFields.os.default('windows'),
    username: hostFields.username.default(''),
    port: hostFields.port.default(22),
    privateKeyPath: hostFields.privateKeyPath.default(null),
    timeoutMs: hostFields.timeoutMs.default(30_000),
  })
  .strict();

export const hostChangesSchema = z.object(hostFields).partial().strict();

export type HostInput = z.input<typeof hostInputSchema>;

/** The Sysinternals tools FlowPivot runs, whose paths the analyst may set. */
export const toolNames = ['psexec', 'pslist', 'pskill'] as const;

const empty = z.object({}).strict();
/** A file path on this machine, as typed or chosen; never with control characters. */
const filePath = z.string().min(1).max(4096).refine((path) => !hasControlCharacter(path), 'a file path without control characters');
const caseRef = z.object({ handle: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a case handle') }).strict();
const rowRef = { collectionId: z.string().min(1).max(128), row: z.number().int().min(0) };
const findingSchema = z
  .object({
    note: z.string().max(10_000),
    flow: z.object({ ...rowRef, device: z.string().max(300), srcAddr: z.string().max(64), srcPort: z.number().int(), dstAddr: z.string().max(64), dstPort: z.number().int(), protocol: z.number().int(), packets: z.number() }).strict(),
    connection: z
      .object({ ...rowRef, host: z.string().max(300), proto: z.string().max(16), localAddr: z.string().max(64), localPort: z.number().int().nullable(), remoteAddr: z.string().max(64).nullable(), remotePort: z.number().int().nullable(), state: z.string().max(32).nullable(), pid: z.number().int().nullable(), match: z.enum(['exact', 'listener', 'udp-bind']) })
      .strict()
      .nullable(),
    process: z.object({ ...rowRef, host: z.string().max(300), pid: z.number().int(), name: z.string().max(300), startedAt: z.string().max(40).nullable(), commandLine: z.string().max(32_768).nullable() }).strict().nullable(),
  })
  .strict();
const routerRef = z.object({ id }).strict();
/** An IP address literal (never a name, never a zone): where a UDP socket binds or sends. */
export const ipLiteralSchema = z
  .string()
  .trim()
  .refine((address) => ipLiteralFamily(address) !== 0, 'an IPv4 or IPv6 address such as 127.0.0.1 or ::1 (not a name)');
const udpPort = z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535');

export const methods = {
  'app.info': method<AppInfo>()(empty),
  'routers.list': method<RouterProfile[]>()(empty),
  'routers.add': method<RouterProfile>()(routerInputSchema),
  'routers.update': method<RouterProfile>()(z.object({ id, changes: routerChangesSchema }).strict()),
  'routers.remove': method<void>()(routerRef),
  'routers.status': method<RouterStatus[]>()(empty),
  'routers.connect': method<RouterStatus>()(routerRef),
  'routers.disconnect': method<RouterStatus>()(routerRef),
  'routers.collectFlows': method<FlowCollection>()(routerRef),
  /** Accept the SSH host key the router or host (`id`) just presented; refused unless `fingerprint` is exactly that key's. */
  'hostKeys.accept': method<void>()(z.object({ id, fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'an OpenSSH SHA256 fingerprint') }).strict()),
  /** Forget the stored host key of a router or host (like `ssh-keygen -R`), so a legitimately changed key can be accepted again. */
  'hostKeys.forget': method<void>()(routerRef),
  'hosts.list': method<HostProfile[]>()(empty),
  'hosts.add': method<HostProfile>()(hostInputSchema),
  'hosts.update': method<HostProfile>()(z.object({ id, changes: hostChangesSchema }).strict()),
  'hosts.remove': method<void>()(z.object({ id }).strict()),
  /**
   * netstat -ano (PsExec, Windows OpenSSH, local Windows) or ss -tunap (Linux): the host's sockets with owning PIDs;
   * `withOwners`: netstat -anob, which also names each socket's executable.
   */
  'hosts.collectConnections': method<ConnectionCollection>()(z.object({ id, withOwners: z.boolean().optional() }).strict()),
  /** PsList, tasklist or ps: the host's processes. */
  'hosts.collectProcesses': method<ProcessCollection>()(z.object({ id }).strict()),
  /** Stops what is running for this host (collections, a kill in progress); the calls reject as cancelled. */
  'hosts.cancel': method<void>()(z.object({ id }).strict()),
  /**
   * Collects from many hosts at once (`what`: connections and processes by default), `concurrency` at a time, each host
   * given up on after `timeoutMs` per attempt and tried again up to `retries` times when its failure may pass. Each
   * host's state comes as 'collectMany.host' events (its collections on its last one), the counts as
   * 'collectMany.progress'; resolves once every host has ended and every tool run stopped. `sweepId` is the caller's.
   */
  'hosts.collectMany': method<CollectManySummary>()(
    z
      .object({
        sweepId: id,
        ids: z.array(id).min(1, 'at least one host').max(COLLECT_MANY_LIMITS.maxHosts),
        what: z.enum(['both', 'connections', 'processes']).default(COLLECT_MANY_DEFAULTS.what),
        concurrency: z.number().int().min(1).max(COLLECT_MANY_LIMITS.maxConcurrency).default(COLLECT_MANY_DEFAULTS.concurrency),
        timeoutMs: z.number().int().min(COLLECT_MANY_LIMITS.minTimeoutMs).max(COLLECT_MANY_LIMITS.maxTimeoutMs).default(COLLECT_MANY_DEFAULTS.timeoutMs),
        retries: z.number().int().min(0).max(COLLECT_MANY_LIMITS.maxRetries).default(COLLECT_MANY_DEFAULTS.retries),
      })
      .strict(),
  ),
  /** Stops that collection within a second: nothing new starts, running tool processes are killed (unknown ids: nothing). */
  'hosts.cancelCollectMany': method<void>()(z.object({ sweepId: id }).strict()),
  /**
   * Stops one process by PID (never by name). Main re-lists the PID first and refuses when it now names another
   * image (`expectName`) or started at another time (`expectStartedAt`, ISO-8601 UTC, ±5 s: PID reuse), or when it is
   * a protected system process — unless `allowProtected` (the analyst's deliberate override). `reason` (the flow or
   * note that led here) goes into the audit record. After the kill it re-lists to verify the process is gone.
   */
  'hosts.kill': method<KillResult>()(
    z
      .object({
        id,
        pid: z.number().int().min(1).max(0xffffffff),
        expectName: z.string().min(1).max(260).optional(),
        expectStartedAt: z.string().max(40).nullable().optional(),
        allowProtected: z.boolean().optional(),
        reason: z.string().max(1000).optional(),
      })
      .strict(),
  ),
  'tools.status': method<ToolStatus[]>()(empty),
  /** Sets the path of a Sysinternals tool; null goes back to finding it on PATH. */
  'tools.setPath': method<ToolStatus>()(z.object({ tool: z.enum(toolNames), path: z.string().min(1).max(4096).nullable() }).strict()),
  'log.list': method<LogEntry[]>()(empty),
  /** An entry's whole detail (an output cut in log.list and log.entry: see LogEntry.detailLength); null when gone. */
  'log.detail': method<string | null>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  'lab.scenarios': method<LabScenarioInfo[]>()(empty),
  'lab.status': method<LabInfo | null>()(empty),
  /** Start the embedded lab router on 127.0.0.1 and add it to the router list. */
  'lab.start': method<LabInfo>()(z.object({ scenario: z.string().max(64).optional() }).strict()),
  'lab.stop': method<void>()(empty),
  /** Demo of PID reuse: the lab fleet's process `pid` on `host` ends and another image gets the same PID. */
  'lab.simulatePidReuse': method<{ host: string; pid: number; previousName: string; newName: string }>()(z.object({ host: hostSchema, pid: z.number().int().min(1).max(0xffffffff) }).strict()),
  /** The case recording the live work (collections, kills, notes as they happen); null when none is open. */
  'case.live': method<CaseSummary | null>()(empty),
  /** Creates a case (in the cases folder unless `path`) and makes it the live one. */
  'case.create': method<CaseSummary>()(z.object({ name: z.string().trim().min(1, 'a name').max(200), analyst: z.string().max(200).optional(), path: filePath.optional() }).strict()),
  /** Opens a case file: 'live' goes on recording into it; 'review' is read-only and needs no network. */
  'case.open': method<CaseSummary>()(z.object({ path: filePath, mode: z.enum(['live', 'review']) }).strict()),
  'case.close': method<void>()(caseRef),
  'case.recent': method<RecentCase[]>()(empty),
  /** Everything to show the case: collections with their records, notes, findings, the audit log. */
  'case.contents': method<CaseContents>()(caseRef),
  /** A collection's raw output, verbatim. */
  'case.raw': method<string>()(z.object({ handle: id, collectionId: z.string().min(1).max(128) }).strict()),
  /** Re-checks every evidence hash and the audit chain. */
  'case.verify': method<CaseSummary>()(caseRef),
  'case.addNote': method<CaseSummary>()(
    z.object({ handle: id, target: z.object({ collectionId: z.string().min(1).max(128), row: z.number().int().min(0).nullable() }).strict(), text: z.string().max(10_000), tags: z.array(z.string().trim().min(1).max(64)).max(32).default([]) }).strict(),
  ),
  'case.updateNote': method<CaseSummary>()(z.object({ handle: id, noteId: z.string().min(1).max(128), text: z.string().max(10_000).optional(), tags: z.array(z.string().trim().min(1).max(64)).max(32).optional() }).strict()),
  /** Marks a flow → socket → process chain as a finding (kept in the case and the report). */
  'case.markFinding': method<CaseSummary>()(z.object({ handle: id, finding: findingSchema }).strict()),
  /** Raw text files (read by the window) added as collections, format detected; one result per file. */
  'case.import': method<ImportResult[]>()(
    z.object({ handle: id, files: z.array(z.object({ fileName: z.string().min(1).max(1024), text: z.string().max(512 * 1024 * 1024), device: z.string().trim().max(200).optional() }).strict()).min(1).max(100) }).strict(),
  ),
  /** The whole case as a self-contained HTML page (no scripts), to save or show. */
  'case.report': method<string>()(caseRef),
  'settings.get': method<AnalystSettings>()(empty),
  'settings.update': method<AnalystSettings>()(
    z
      .object({
        /** CIDR ranges counted as internal besides RFC 1918 / RFC 4193 (e.g. "100.64.0.0/10"). */
        internalRanges: z.array(z.string().max(64)).max(200).optional(),
        flagRules: z
          .object({
            highPortAbove: z.number().int().min(0).max(65535),
            uncommonPorts: z.boolean(),
            unknownProtocols: z.boolean(),
            internalToExternal: z.boolean(),
            longLivedSeconds: z.number().int().min(0),
            highVolumePackets: z.number().int().min(0),
          })
          .partial()
          .strict()
          .optional(),
      })
      .strict(),
  ),
  /**
   * Listens for NetFlow v5/v9 and IPFIX exports on UDP `address`:`port`; the decoded flows become one flow collection per
   * exporter every `flushSeconds` (and on stop), recorded into the live case and sent as 'collector.collection'.
   */
  'collector.start': method<CollectorStatus>()(
    z
      .object({
        address: ipLiteralSchema.default(COLLECTOR_DEFAULTS.address),
        port: udpPort.default(COLLECTOR_DEFAULTS.port),
        flushSeconds: z.number().int().min(COLLECTOR_LIMITS.minFlushSeconds).max(COLLECTOR_LIMITS.maxFlushSeconds).default(COLLECTOR_DEFAULTS.flushSeconds),
      })
      .strict(),
  ),
  /** Stops listening after handing over what was received since the last collection; resolves once the socket is closed. */
  'collector.stop': method<CollectorStatus>()(empty),
  'collector.status': method<CollectorStatus>()(empty),
  /** Demo: the lab's flows sent as NetFlow v9 (templates, data, a template refresh) to a collector on loopback. */
  'lab.exportFlows': method<LabExportResult>()(
    z
      .object({
        address: ipLiteralSchema.default(COLLECTOR_DEFAULTS.address),
        port: udpPort.default(COLLECTOR_DEFAULTS.port),
        scenario: z.string().max(64).optional(),
      })
      .strict(),
  ),
  /**
   * Watches a host: its connection listing run every `intervalMs` (from the start of the previous run; straight after
   * it when a run takes longer) for `durationMs`, never two at once. Each snapshot is a connections collection in the
   * case; 'watch.progress' after each. The first socket matching `target` (an end of a flow, either direction; a UDP
   * socket bound to its port) raises 'watch.alert' and the process list is taken at once to name its owner. Resolves
   * when the duration runs out or the watch is cancelled. One watch per host at a time.
   */
  'hosts.watch': method<WatchSummary>()(
    z
      .object({
        id,
        intervalMs: z.number().int().min(WATCH_LIMITS.minIntervalMs).max(WATCH_LIMITS.maxIntervalMs).default(WATCH_DEFAULTS.intervalMs),
        durationMs: z.number().int().min(WATCH_LIMITS.minDurationMs).max(WATCH_LIMITS.maxDurationMs).default(WATCH_DEFAULTS.durationMs),
        target: z
          .object({
            protocol: z.enum(['tcp', 'udp']).nullable().default(null),
            address: z.string().trim().min(1).max(64).refine((address) => !hasControlCharacter(address) && !address.startsWith('-'), 'an IP address or host name').nullable().default(null),
            port: z.number().int().min(1).max(65535).nullable().default(null),
          })
          .strict()
          .refine((target) => target.address !== null || target.port !== null, 'an address or a port to watch for'),
      })
      .strict(),
  ),
  /** Stops the host's watch within a second (the running listing is killed); the watch resolves as cancelled. */
  'hosts.cancelWatch': method<void>()(z.object({ id }).strict()),
  /**
   * Opens a terminal: the router's interactive SSH shell (its stored credentials, host-key decisions and legacy
   * algorithms, as its sessions use) or a shell on this machine (node-pty). The local shell runs anything typed: it is
   * for whoever holds this API (the window; the preview's token) and can be turned off (FLOWPIVOT_NO_LOCAL_SHELL=1).
   * Output comes as 'terminal.output' events, the end as 'terminal.exit'; everything typed and printed goes to the live case.
   */
  'terminal.open': method<TerminalSessionInfo>()(
    z
      .object({
        target: z.union([z.object({ router: id }).strict(), z.object({ local: z.literal(true) }).strict()]),
        cols: z.number().int().min(TERMINAL_LIMITS.minCols).max(TERMINAL_LIMITS.maxCols),
        rows: z.number().int().min(TERMINAL_LIMITS.minRows).max(TERMINAL_LIMITS.maxRows),
      })
      .strict(),
  ),
  /** What the analyst typed or pasted, as the terminal sends it (keys, escape sequences). */
  'terminal.input': method<void>()(z.object({ sessionId: id, data: z.string().min(1).max(TERMINAL_LIMITS.maxInputChars) }).strict()),
  'terminal.resize': method<void>()(
    z.object({ sessionId: id, cols: z.number().int().min(TERMINAL_LIMITS.minCols).max(TERMINAL_LIMITS.maxCols), rows: z.number().int().min(TERMINAL_LIMITS.minRows).max(TERMINAL_LIMITS.maxRows) }).strict(),
  ),
  /** Ends the session (its transcript is recorded into the live case); resolves with how it ended. */
  'terminal.close': method<TerminalExit>()(z.object({ sessionId: id }).strict()),
  'terminal.list': method<TerminalSessionInfo[]>()(empty),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = Exclude<Methods[M]['output'], undefined>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

/** Events pushed from main to the renderer. */
export interface Events {
  'log.entry': LogEntry;
  'router.status': RouterStatus;
  'router.progress': { routerId: string; command: string; receivedBytes: number };
  'host.progress': HostProgress;
  /** The case changed (a collection, kill, note or import recorded): new counts for the window's case bar. */
  'case.changed': CaseSummary;
  /** A collection from many hosts: the counts, while they change and once at the end. */
  'collectMany.progress': CollectManyProgress;
  /** A collection from many hosts: one host's attempt started, or how it ended with what it gave. */
  'collectMany.host': CollectManyHostEvent;
  /** The flow export collector: where it listens and its counts (throttled while datagrams arrive). */
  'collector.stats': CollectorStatus;
  /** The flow export collector handed over one exporter's flows (recorded into the live case, if one is open). */
  'collector.collection': FlowCollection;
  /** A watch of a host: after each snapshot (and once as it starts). */
  'watch.progress': WatchProgress;
  /** A watch of a host: the first socket matching its target, with the owning process named. */
  'watch.alert': WatchAlertEvent;
  /** What a terminal session printed, in order, decoded as UTF-8. */
  'terminal.output': { sessionId: string; data: string };
  'terminal.exit': TerminalExit;
}
export type EventName = keyof Events;
export const eventNames: EventName[] = ['log.entry', 'router.status', 'router.progress', 'host.progress', 'case.changed', 'collectMany.progress', 'collectMany.host', 'collector.stats', 'collector.collection', 'watch.progress', 'watch.alert', 'terminal.output', 'terminal.exit'];

/** What a call returns across either adapter: a value, or a typed error. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** The API as the renderer sees it, whichever adapter carries it. */
export interface FlowPivotApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** The shape the preload exposes on `window.flowpivot`: envelopes, so typed errors survive contextBridge. */
export interface FlowPivotBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/** IPC channel names: one prefix, so the preload and main can refuse everything else. */
export const ipcChannelPrefix = 'flowpivot:';
export const ipcEventChannel = 'flowpivot:event';
