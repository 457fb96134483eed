// Hosts as the analyst manages them: profiles and passwords, tool paths, and collecting sockets and processes or
// stopping a process on one — with progress, cancel, and every tool run in the log.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MethodParsedInput } from '../../shared/contract';
import type { ConnectionCollection, HostCommandRecord, HostProfile, HostProgress, KillResult, ProcessCollection, ToolStatus } from '../../shared/domain';
import { AppError, type AppErrorData } from '../../shared/errors';
import type { HostProfileFile, StoredHost, ToolPaths } from '../config/hostProfiles';
import type { SecretStore } from '../config/secretStore';
import type { HostCollector, HostTarget } from '../hosts/hostCollector';
import { locateTool, type ToolLocation } from '../hosts/process/toolLocator';
import type { SysinternalsTool } from '../hosts/sysinternals/sysinternalsCollector';
import type { HostKeyVerdict } from '../ssh/knownHosts';
import type { PresentedHostKey } from '../ssh/sshConnection';
import type { EventBus } from './eventBus';
import type { HostKeyDecisions, KeyedDevice } from './hostKeyDecisions';
import type { LogBook } from './logBook';

type HostInput = MethodParsedInput<'hosts.add'>;
type HostChanges = MethodParsedInput<'hosts.update'>['changes'];

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

  constructor(
    private readonly file: HostProfileFile,
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
    return this.toProfile(host);
  }

  async update(id: string, changes: HostChanges): Promise<HostProfile> {
    const host = this.find(id);
    const { password, ...fields } = changes;
    Object.assign(host, fields);
    await this.save();
    if (password === '') await this.secrets.delete(id, 'password');
    else if (password !== undefined) await this.secrets.set(id, 'password', password);
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

  collectConnections(id: string, withOwners = false): Promise<ConnectionCollection> {
    return this.operate(id, 'connections', (collector, options) => collector.collectConnections({ ...options, withOwners }), (result) => `${result.result.records.length} sockets collected`);
  }

  collectProcesses(id: string): Promise<ProcessCollection> {
    return this.operate(id, 'processes', (collector, options) => collector.collectProcesses(options), (result) => `${result.result.records.length} processes collected`);
  }

  /** Stops `pid` on the host; with `expectName`, only when the PID still names that image (checked just before). */
  kill(id: string, pid: number, expectName?: string): Promise<KillResult> {
    return this.operate(
      id,
      'kill',
      async (collector, options) => {
        if (expectName !== undefined) {
          const processes = await collector.collectProcesses(options);
          const current = processes.result.records.find((process) => process.pid === pid);
          const host = hostLabel(this.find(id));
          if (!current) return { hostId: id, host: collector.target.address, pid, outcome: 'not-found', message: `Process ${pid} no longer exists on ${host}; nothing was stopped.`, commands: [processes.command] };
          if (!sameImage(current.name, expectName)) throw new AppError({ kind: 'kill-refused', host, pid, reason: `PID ${pid} is now "${current.name}", not "${expectName}" (the process may have ended and its PID been reused)` });
          const result = await collector.kill(pid, options);
          return { ...result, commands: [processes.command, ...result.commands] };
        }
        return collector.kill(pid, options);
      },
      (result) => result.message,
    );
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

  private async operate<T>(id: string, operation: HostProgress['operation'], work: (collector: HostCollector, options: { signal: AbortSignal; onProgress: (message: string) => void }) => Promise<T>, summary: (result: T) => string): Promise<T> {
    const host = this.find(id);
    const controller = new AbortController();
    const controllers = this.running.get(id) ?? new Set();
    controllers.add(controller);
    this.running.set(id, controllers);
    const progress = (stage: HostProgress['stage'], message: string) => this.events.emit('host.progress', { hostId: id, operation, stage, message });
    progress('started', `${operation} on ${hostLabel(host)}…`);
    const collector = this.createCollector({
      target: await this.targetOf(host),
      locate: (tool) => this.locate(host, tool),
      onRecord: (record) => this.logRecord(host, record),
      verifyHostKey: (key) => this.hostKeys.verify(keyedHost(host), key),
    });
    try {
      const result = await work(collector, { signal: controller.signal, onProgress: (message) => progress('running', message) });
      progress('finished', summary(result));
      return result;
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError({ kind: 'internal', detail: error instanceof Error ? error.message : String(error) });
      progress('failed', appError.message);
      this.log.add({ level: 'error', kind: 'error', routerId: null, device: hostLabel(host), command: null, message: appError.message, detail: null });
      throw appError;
    } finally {
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

/** "notepad.exe" and "notepad" name the same image; Windows compares names without case. */
function sameImage(listed: string, expected: string): boolean {
  const normal = (name: string) => name.toLowerCase().replace(/\.exe$/, '');
  return normal(listed) === normal(expected);
}
