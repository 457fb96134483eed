// Hosts as the analyst manages them: profiles and passwords, tool paths, and collecting sockets and processes or
// stopping a process on one — with progress, cancel, and every tool run in the log.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MethodParsedInput } from '../../shared/contract';
import type { ConnectionCollection, HostCommandRecord, HostProfile, HostProgress, KillResult, ProcessCollection, ProcessEntry, ToolStatus } from '../../shared/domain';
import { AppError, type AppErrorData, type KillRefusal } from '../../shared/errors';
import { processStartedAt, protectedProcessReason, sameImageName, START_TIME_TOLERANCE_MS } from '../../shared/processIdentity';
import type { DocumentStore } from '../config/configFiles';
import type { HostsFileContent, StoredHost, ToolPaths } from '../config/hostProfiles';
import type { SecretStore } from '../config/secretStore';
import type { HostCollector, HostTarget } from '../hosts/hostCollector';
import { locateTool, type ToolLocation } from '../hosts/process/toolLocator';
import type { SysinternalsTool } from '../hosts/sysinternals/sysinternalsCollector';
import type { HostKeyVerdict } from '../ssh/knownHosts';
import type { PresentedHostKey } from '../ssh/sshConnection';
import type { EventBus } from './eventBus';
import { EVIDENCE_NOT_KEPT, type EvidenceRecorder } from './evidenceRecorder';
import type { HostIdentity } from '../../shared/case/evidence';
import type { NoteTarget } from '../../shared/case/caseModel';
import type { HostKeyDecisions, KeyedDevice } from './hostKeyDecisions';
import { analystAccount, killLogEntry, killRecord } from './killAudit';
import type { LogBook } from './logBook';

type HostInput = MethodParsedInput<'hosts.add'>;
type HostChanges = MethodParsedInput<'hosts.update'>['changes'];
/** What the analyst asked to stop, and what they saw of it (see 'hosts.kill' in the contract). */
export type KillRequest = Omit<MethodParsedInput<'hosts.kill'>, 'id'>;

/** Builds the collector for a host: how it is reached decides which (see hostCollectors.ts). */
export interface CollectorContext {
  target: HostTarget;
  /** Where the Sysinternals tools are for this host (the lab fleet's own for lab hosts). */
  locate: (tool: SysinternalsTool) => ToolLocation;
  onRecord: (record: HostCommandRecord) => void;
  /** SSH: decides on the host key before any credential is sent (known_hosts; an unknown key waits for the analyst). */
  verifyHostKey: (key: PresentedHostKey) => Promise<HostKeyVerdict>;
}
export type CollectorFactory = (context: CollectorContext) => HostCollector;

export function hostLabel(host: Pick<StoredHost, 'label' | 'address'>): string {
  return host.label && host.label !== host.address ? `${host.label} (${host.address})` : host.address;
}

function keyedHost(host: StoredHost): KeyedDevice {
  return { id: host.id, label: hostLabel(host), host: host.address, port: host.port, routerId: null };
}

export class HostService {
  private hosts: StoredHost[] = [];
  private toolPaths: ToolPaths = { psexec: null, pslist: null, pskill: null };
  /** The simulated fleet's tool folder while the lab runs: lab hosts use those tools, never the ones on PATH. */
  private labToolDir: string | null = null;
  private readonly running = new Map<string, Set<AbortController>>();
  private evidence: EvidenceRecorder | null = null;

  constructor(
    private readonly file: DocumentStore<HostsFileContent>,
    private readonly secrets: SecretStore,
    private readonly hostKeys: HostKeyDecisions,
    private readonly createCollector: CollectorFactory,
    private readonly events: EventBus,
    private readonly log: LogBook,
  ) {}

  async load(): Promise<void> {
    const content = await this.file.load();
    this.hosts = content.hosts;
    this.toolPaths = content.toolPaths;
  }

  /** Where every collection and kill goes as evidence from now on (the open case); null: nowhere. */
  recordInto(evidence: EvidenceRecorder | null): void {
    this.evidence = evidence;
  }

  /** Hands a result to the open case; a failure to keep it is logged loudly (a kill cannot be undone). */
  private async keepEvidence(host: StoredHost, keep: (evidence: EvidenceRecorder, identity: HostIdentity) => Promise<void>): Promise<void> {
    if (this.evidence === null) return;
    try {
      await keep(this.evidence, { id: host.id, label: host.label, address: host.address, port: host.port, via: host.via, os: host.os, username: host.username });
    } catch (error) {
      this.log.add({ level: 'error', kind: 'error', routerId: null, device: hostLabel(host), command: null, message: `What was done on ${hostLabel(host)} was NOT kept in the case: ${(error as Error).message}`, detail: EVIDENCE_NOT_KEPT });
    }
  }

  private save(): Promise<void> {
    return this.file.save({ version: 1, hosts: this.hosts, toolPaths: this.toolPaths });
  }

  private find(id: string): StoredHost {
    const host = this.hosts.find((candidate) => candidate.id === id);
    if (!host) throw new AppError({ kind: 'not-found', what: 'host', id });
    return host;
  }

  private async toProfile(host: StoredHost): Promise<HostProfile> {
    return { ...host, hasPassword: (await this.secrets.get(host.id, 'password')) !== null };
  }

  async list(): Promise<HostProfile[]> {
    return Promise.all(this.hosts.map((host) => this.toProfile(host)));
  }

  labHosts(): StoredHost[] {
    return this.hosts.filter((host) => host.isLab);
  }

  async add(input: HostInput, options: { isLab?: boolean } = {}): Promise<HostProfile> {
    const host: StoredHost = {
      id: randomUUID(),
      address: input.via === 'local' ? 'local' : input.address,
      label: input.label,
      via: input.via,
      os: input.os,
      username: input.username,
      port: input.port,
      privateKeyPath: input.privateKeyPath,
      timeoutMs: input.timeoutMs,
      isLab: options.isLab === true,
    };
    this.hosts.push(host);
    await this.save();
    if (input.password) await this.secrets.set(host.id, 'password', input.password);
    if (input.passphrase) await this.secrets.set(host.id, 'passphrase', input.passphrase);
    return this.toProfile(host);
  }

  async update(id: string, changes: HostChanges): Promise<HostProfile> {
    const host = this.find(id);
    const { password, passphrase, ...fields } = changes;
    Object.assign(host, fields);
    await this.save();
    for (const [name, value] of [['password', password], ['passphrase', passphrase]] as const) {
      if (value === '') await this.secrets.delete(id, name);
      else if (value !== undefined) await this.secrets.set(id, name, value);
    }
    return this.toProfile(host);
  }

  async remove(id: string): Promise<void> {
    this.find(id);
    this.cancel(id);
    this.hosts = this.hosts.filter((host) => host.id !== id);
    await this.save();
    await this.secrets.delete(id);
  }

  /** Lab hosts run the fleet's simulated tools from `dir`; null when the lab stops. */
  setLabToolDir(dir: string | null): void {
    this.labToolDir = dir;
  }

  toolStatus(): ToolStatus[] {
    return (['psexec', 'pslist', 'pskill'] as const).map((tool) => {
      const configuredPath = this.toolPaths[tool];
      try {
        return { tool, configuredPath, resolvedPath: locateTool(tool, configuredPath).path, problem: null };
      } catch (error) {
        return { tool, configuredPath, resolvedPath: null, problem: error instanceof Error ? error.message : String(error) };
      }
    });
  }

  async setToolPath(tool: SysinternalsTool, path: string | null): Promise<ToolStatus> {
    this.toolPaths = { ...this.toolPaths, [tool]: path };
    await this.save();
    return this.toolStatus().find((status) => status.tool === tool)!;
  }

  /** `options.signal` also stops this collection alone (a watch's run); `hosts.cancel` stops it with the rest. */
  async collectConnections(id: string, withOwners = false, options: { signal?: AbortSignal } = {}): Promise<ConnectionCollection> {
    const collection = await this.operate(id, 'connections', (collector, options) => collector.collectConnections({ ...options, withOwners }), (result) => `${result.result.records.length} sockets collected`, { signal: options.signal });
    await this.keepEvidence(this.find(id), (evidence, host) => evidence.hostCollection(host, 'connections', collection));
    return collection;
  }

  async collectProcesses(id: string, options: { signal?: AbortSignal } = {}): Promise<ProcessCollection> {
    const collection = await this.operate(id, 'processes', (collector, options) => collector.collectProcesses(options), (result) => `${result.result.records.length} processes collected`, { signal: options.signal });
    await this.keepEvidence(this.find(id), (evidence, host) => evidence.hostCollection(host, 'processes', collection));
    return collection;
  }

  /**
   * Stops `request.pid` on the host, safely: the process is listed again first and the kill is refused when the PID
   * now names another image or started at another time than the analyst saw (PID reuse), or is a protected system
   * process and the analyst did not override that on purpose. The collector then kills and checks that it is gone.
   * Every attempt — done, refused or failed — is one 'action' entry in the log, with all the commands that ran.
   */
  async kill(id: string, request: KillRequest): Promise<KillResult> {
    const host = this.find(id);
    const { pid } = request;
    const expectedStart = expectedStartOf(request.expectStartedAt);
    const commands: HostCommandRecord[] = [];
    const checks: string[] = [];
    const base = { hostId: id, host: host.address, pid, commands, requestedBy: analystAccount(), requestedAt: new Date().toISOString(), reason: request.reason?.trim() || null };
    let listed: ProcessEntry | null = null;
    try {
      const result = await this.operate(
        id,
        'kill',
        async (collector, options): Promise<KillResult> => {
          const listing = await collector.collectProcesses(options);
          listed = listing.result.records.find((process) => process.pid === pid) ?? null;
          if (listed === null) {
            return { ...base, process: null, outcome: 'not-found', message: `Process ${pid} no longer exists on ${hostLabel(host)}; nothing was stopped.` };
          }
          this.checkBeforeKill(host, listed, listing.command, request, expectedStart, checks);
          const run = await collector.kill(pid, options);
          return { ...base, process: listed, outcome: run.outcome, message: run.message };
        },
        (result) => result.message,
        { onRecord: (record) => commands.push(record), logFailure: false },
      );
      this.log.add(killLogEntry(killRecord(result, checks, null), hostLabel(host)));
      await this.keepEvidence(host, (evidence, identity) => evidence.kill(identity, result));
      return result;
    } catch (error) {
      const appError = asAppError(error);
      const failed: KillResult = { ...base, process: listed, outcome: 'error', message: appError.message };
      this.log.add(killLogEntry(killRecord(failed, checks, appError.data), hostLabel(host)));
      await this.keepEvidence(host, (evidence, identity) => evidence.kill(identity, failed));
      throw appError;
    }
  }

  /** The checks before a kill, added to `checks` in words for the audit as they pass; throws 'kill-refused' when one fails. */
  private checkBeforeKill(host: StoredHost, current: ProcessEntry, listing: HostCommandRecord, request: KillRequest, expectedStart: number | null, checks: string[]): void {
    const refuse = (reason: string, because: KillRefusal) => new AppError({ kind: 'kill-refused', host: hostLabel(host), pid: current.pid, reason, because });
    const nameDiffers = request.expectName !== undefined && !sameImageName(current.name, request.expectName);
    if (request.expectName === undefined) checks.push('image name not checked (none expected)');
    else if (!nameDiffers) checks.push(`image name "${current.name}" as expected`);

    const startedAt = processStartedAt(current, listing.finishedAt);
    const startDiffers = expectedStart !== null && startedAt !== null && Math.abs(Date.parse(startedAt) - expectedStart) > START_TIME_TOLERANCE_MS;
    if (expectedStart === null) checks.push('start time not checked (none expected)');
    else if (startedAt === null) checks.push(`start time not checked: ${listing.tool} prints no start or elapsed time`);
    else if (!startDiffers) checks.push(`start time ${startedAt} as expected (within ${START_TIME_TOLERANCE_MS / 1000} s)`);

    if (nameDiffers || startDiffers) {
      const now = [nameDiffers ? `"${current.name}"` : null, startDiffers ? `started at ${startedAt}` : null].filter(Boolean).join(' ');
      const before = [nameDiffers ? `"${request.expectName}"` : null, startDiffers ? `started at ${new Date(expectedStart!).toISOString()}` : null].filter(Boolean).join(' ');
      throw refuse(`PID ${current.pid} is now ${now}, not ${before} as listed before: the process ended and its PID was reused by another`, 'pid-reused');
    }

    // Stopping FlowPivot from its own window would end the investigation mid-step: no override for that.
    if (host.via === 'local' && current.pid === process.pid) throw refuse('it is FlowPivot itself', 'not-allowed');
    const protectedBecause = protectedProcessReason(host.os, current);
    if (protectedBecause !== null && request.allowProtected !== true) {
      throw refuse(`${protectedBecause}. Stop it only on purpose, with the override for protected processes`, 'protected');
    }
    checks.push(protectedBecause === null ? 'not a protected process' : `protected process stopped on the analyst's deliberate override (${protectedBecause})`);
  }

  /** A note on what was collected from the host, into the open case (a watch's alert); a failure is logged loudly. */
  async keepNote(id: string, note: { target: NoteTarget; text: string; tags: string[] }): Promise<void> {
    await this.keepEvidence(this.find(id), (evidence) => evidence.note(note));
  }

  /** The host's name as the log and the analyst's sentences give it. */
  labelOf(id: string): string {
    return hostLabel(this.find(id));
  }

  /** Whether `id` names a host (host-key decisions are shared with routers through one API). */
  has(id: string): boolean {
    return this.hosts.some((host) => host.id === id);
  }

  acceptHostKey(id: string, fingerprint: string): Promise<void> {
    return this.hostKeys.accept(keyedHost(this.find(id)), fingerprint);
  }

  forgetHostKey(id: string): Promise<void> {
    return this.hostKeys.forget(keyedHost(this.find(id)));
  }

  /** Cancels every operation running for the host. */
  cancel(id: string): void {
    for (const controller of this.running.get(id) ?? []) controller.abort();
  }

  disposeAll(): void {
    for (const id of this.running.keys()) this.cancel(id);
  }

  /** Runs `work` with a collector for the host, with progress and cancel; `onRecord` also sees every command record. */
  private async operate<T>(
    id: string,
    operation: HostProgress['operation'],
    work: (collector: HostCollector, options: { signal: AbortSignal; onProgress: (message: string) => void }) => Promise<T>,
    summary: (result: T) => string,
    extra: { onRecord?: (record: HostCommandRecord) => void; logFailure?: boolean; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const host = this.find(id);
    const controller = new AbortController();
    const outer = extra.signal;
    const abortFromOuter = () => controller.abort();
    if (outer?.aborted) controller.abort();
    else outer?.addEventListener('abort', abortFromOuter, { once: true });
    const controllers = this.running.get(id) ?? new Set();
    controllers.add(controller);
    this.running.set(id, controllers);
    const progress = (stage: HostProgress['stage'], message: string) => this.events.emit('host.progress', { hostId: id, operation, stage, message });
    progress('started', `${operation} on ${hostLabel(host)}…`);
    const collector = this.createCollector({
      target: await this.targetOf(host),
      locate: (tool) => this.locate(host, tool),
      onRecord: (record) => {
        this.logRecord(host, record);
        extra.onRecord?.(record);
      },
      verifyHostKey: (key) => this.hostKeys.verify(keyedHost(host), key),
    });
    try {
      const result = await work(collector, { signal: controller.signal, onProgress: (message) => progress('running', message) });
      progress('finished', summary(result));
      return result;
    } catch (error) {
      const appError = asAppError(error);
      progress('failed', appError.message);
      if (extra.logFailure !== false) this.log.add({ level: 'error', kind: 'error', routerId: null, device: hostLabel(host), command: null, message: appError.message, detail: null });
      throw appError;
    } finally {
      outer?.removeEventListener('abort', abortFromOuter);
      controllers.delete(controller);
      await collector.dispose();
    }
  }

  private locate(host: StoredHost, tool: SysinternalsTool): ToolLocation {
    if (host.isLab) {
      if (this.labToolDir === null) throw new AppError({ kind: 'lab-not-running' });
      return locateTool(tool, join(this.labToolDir, tool));
    }
    return locateTool(tool, this.toolPaths[tool]);
  }

  private async targetOf(host: StoredHost): Promise<HostTarget> {
    const password = await this.secrets.get(host.id, 'password');
    const passphrase = await this.secrets.get(host.id, 'passphrase');
    let privateKey: Buffer | null = null;
    if (host.via === 'ssh' && host.privateKeyPath) {
      try {
        privateKey = await readFile(host.privateKeyPath);
      } catch (error) {
        throw new AppError({ kind: 'private-key-unreadable', device: hostLabel(host), path: host.privateKeyPath, detail: (error as Error).message } satisfies AppErrorData);
      }
    }
    return { hostId: host.id, address: host.address, via: host.via, os: host.os, username: host.username, password, port: host.port, privateKey, privateKeyPath: host.privateKeyPath, passphrase, timeoutMs: host.timeoutMs };
  }

  private logRecord(host: StoredHost, record: HostCommandRecord): void {
    const ended = record.outcome === 'ok' || record.outcome === 'failed' ? `exit code ${record.exitCode ?? record.signal}` : record.outcome;
    this.log.add({
      level: record.outcome === 'ok' ? 'info' : 'warning',
      kind: 'command',
      routerId: null,
      device: hostLabel(host),
      command: record.argv.slice(1).join(' ') ? `${record.tool} ${record.argv.slice(1).join(' ')}` : record.tool,
      message: `${record.tool} on ${hostLabel(host)}: ${ended} (${record.stdout.length + (record.stderr?.length ?? 0)} characters kept)`,
      detail: record.stderr === null ? record.stdout : `${record.stdout}${record.stderr ? `\n--- stderr ---\n${record.stderr}` : ''}`,
      at: record.finishedAt,
    });
  }
}

function asAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError({ kind: 'internal', detail: error instanceof Error ? error.message : String(error) });
}

/** The start time the analyst saw, in ms; null when none was given. */
function expectedStartOf(expectStartedAt: string | null | undefined): number | null {
  if (expectStartedAt === undefined || expectStartedAt === null) return null;
  const ms = Date.parse(expectStartedAt);
  if (Number.isNaN(ms)) throw new AppError({ kind: 'invalid-input', method: 'hosts.kill', issues: [`expectStartedAt: an ISO-8601 time such as 2026-01-31T09:15:02.000Z, not "${expectStartedAt}"`] });
  return ms;
}
