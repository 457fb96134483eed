// Routers as the analyst manages them: profiles, secrets, host-key decisions, sessions, and flow collection.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { MethodParsedInput } from '../../shared/contract';
import type { CollectedFlows, RouterProfile, RouterStatus, CommandRecord } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { hasControlCharacter } from '../../shared/hostAddress';
import { readFlows } from '../../shared/flows/flowReading';
import { parseFlowTable as readShowIpCacheFlow } from '../../shared/parsers/cisco/showIpCacheFlow';
import { findParserForCommand, flowCommands, recordKindOf } from '../../shared/parsers/registry';
import type { ParserDefinition } from '../../shared/parsers/types';
import type { DocumentStore } from '../config/configFiles';
import type { StoredRouter } from '../config/routerProfiles';
import type { SecretStore } from '../config/secretStore';
import { RouterSession } from '../ssh/routerSession';
import type { SshConnectOptions } from '../ssh/sshConnection';
import type { RouterIdentity } from '../../shared/case/evidence';
import type { EventBus } from './eventBus';
import { EVIDENCE_NOT_KEPT, type EvidenceRecorder } from './evidenceRecorder';
import type { HostKeyDecisions, KeyedDevice } from './hostKeyDecisions';
import type { LogBook } from './logBook';

type RouterInput = MethodParsedInput<'routers.add'>;
type RouterChanges = MethodParsedInput<'routers.update'>['changes'];

const FLOW_COMMAND = 'show ip cache flow';

export function deviceLabel(router: Pick<StoredRouter, 'name' | 'host' | 'port'>): string {
  return `${router.name} (${router.host}:${router.port})`;
}

function keyedRouter(router: StoredRouter): KeyedDevice {
  return { id: router.id, label: deviceLabel(router), host: router.host, port: router.port, routerId: router.id };
}

export class RouterService {
  private routers: StoredRouter[] = [];
  private readonly sessions = new Map<string, RouterSession>();
  private readonly statuses = new Map<string, RouterStatus>();
  private evidence: EvidenceRecorder | null = null;

  constructor(
    private readonly profiles: DocumentStore<StoredRouter[]>,
    private readonly secrets: SecretStore,
    private readonly hostKeys: HostKeyDecisions,
    private readonly events: EventBus,
    private readonly log: LogBook,
  ) {}

  async load(): Promise<void> {
    this.routers = await this.profiles.load();
  }

  /** Where every collection goes as evidence from now on (the open case); null: nowhere. */
  recordInto(evidence: EvidenceRecorder | null): void {
    this.evidence = evidence;
  }

  private find(id: string): StoredRouter {
    const router = this.routers.find((candidate) => candidate.id === id);
    if (!router) throw new AppError({ kind: 'not-found', what: 'router', id });
    return router;
  }

  private async toProfile(router: StoredRouter): Promise<RouterProfile> {
    const [password, enablePassword, passphrase] = await Promise.all([
      this.secrets.get(router.id, 'password'),
      this.secrets.get(router.id, 'enablePassword'),
      this.secrets.get(router.id, 'passphrase'),
    ]);
    return { ...router, hasPassword: password !== null, hasEnablePassword: enablePassword !== null, hasPassphrase: passphrase !== null };
  }

  async list(): Promise<RouterProfile[]> {
    return Promise.all(this.routers.map((router) => this.toProfile(router)));
  }

  get count(): number {
    return this.routers.length;
  }

  private async storeSecrets(id: string, input: Partial<RouterInput>): Promise<void> {
    for (const name of ['password', 'enablePassword', 'passphrase'] as const) {
      const value = input[name];
      if (value === undefined) continue;
      if (value === '') await this.secrets.delete(id, name);
      else await this.secrets.set(id, name, value);
    }
  }

  async add(input: RouterInput, options: { isLab?: boolean } = {}): Promise<RouterProfile> {
    const router: StoredRouter = {
      id: randomUUID(),
      name: input.name,
      host: input.host,
      port: input.port,
      username: input.username,
      auth: input.auth,
      privateKeyPath: input.privateKeyPath,
      legacyAlgorithms: input.legacyAlgorithms,
      commandTimeoutMs: input.commandTimeoutMs,
      isLab: options.isLab ?? false,
    };
    await this.storeSecrets(router.id, input);
    this.routers.push(router);
    await this.profiles.save(this.routers);
    return this.toProfile(router);
  }

  async update(id: string, changes: RouterChanges): Promise<RouterProfile> {
    const router = this.find(id);
    const { password: _p, enablePassword: _e, passphrase: _s, ...plain } = changes;
    const defined = Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined));
    Object.assign(router, defined);
    await this.storeSecrets(id, changes);
    await this.profiles.save(this.routers);
    this.disconnect(id, 'settings changed');
    return this.toProfile(router);
  }

  async remove(id: string): Promise<void> {
    this.find(id);
    this.disconnect(id, 'router removed');
    this.routers = this.routers.filter((router) => router.id !== id);
    await this.secrets.delete(id);
    this.statuses.delete(id);
    await this.profiles.save(this.routers);
  }

  status(id: string): RouterStatus {
    return this.statuses.get(id) ?? { routerId: id, state: 'disconnected', prompt: null, privileged: false, algorithms: null, hostKeyFingerprint: null, message: null };
  }

  allStatuses(): RouterStatus[] {
    return this.routers.map((router) => this.status(router.id));
  }

  private setStatus(id: string, changes: Partial<RouterStatus>): RouterStatus {
    const next = { ...this.status(id), ...changes };
    this.statuses.set(id, next);
    this.events.emit('router.status', next);
    return next;
  }

  async connect(id: string): Promise<RouterStatus> {
    const existing = this.sessions.get(id);
    if (existing?.isOpen) return this.status(id);
    const router = this.find(id);
    const device = deviceLabel(router);
    this.setStatus(id, { state: 'connecting', message: null });
    try {
      const session = await RouterSession.open({
        device,
        host: router.host,
        port: router.port,
        username: router.username,
        auth: router.auth,
        legacyAlgorithms: router.legacyAlgorithms,
        ...(await this.credentials(router, device)),
        verifyHostKey: (key) => this.hostKeys.verify(keyedRouter(router), key),
      });
      this.sessions.set(id, session);
      this.log.add({ level: 'info', kind: 'connection', routerId: id, device, command: null, message: `Connected to ${device} as ${router.username}: prompt ${session.prompt}, ${session.algorithms.kex} / ${session.algorithms.cipher}, host key ${session.hostKey.keyType} ${session.hostKey.fingerprint}${session.pagingDisabled ? '' : '; terminal length 0 refused, answering --More-- instead'}`, detail: session.loginText });
      return this.setStatus(id, { state: 'connected', prompt: session.prompt, privileged: session.privileged, algorithms: session.algorithms, hostKeyFingerprint: session.hostKey.fingerprint, message: null });
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError({ kind: 'internal', detail: (error as Error).message });
      this.log.add({ level: 'error', kind: 'connection', routerId: id, device, command: null, message: appError.message, detail: null });
      this.setStatus(id, { state: 'error', message: appError.message });
      throw appError;
    }
  }

  /**
   * How to open an SSH connection to the router exactly as its sessions do (the terminal's shell uses it): its stored
   * credentials, its legacy-algorithm setting and the host-key decisions; plus who it is, for the case.
   */
  async sshConnectOptions(id: string): Promise<{ options: SshConnectOptions; device: string; identity: Omit<RouterIdentity, 'hostKeyFingerprint'> }> {
    const router = this.find(id);
    const device = deviceLabel(router);
    const { enablePassword: _enablePassword, ...credentials } = await this.credentials(router, device);
    return {
      device,
      identity: { id: router.id, name: router.name, host: router.host, port: router.port, username: router.username },
      options: {
        device,
        host: router.host,
        port: router.port,
        username: router.username,
        auth: router.auth,
        legacyAlgorithms: router.legacyAlgorithms,
        ...credentials,
        verifyHostKey: (key) => this.hostKeys.verify(keyedRouter(router), key),
      },
    };
  }

  private async credentials(router: StoredRouter, device: string) {
    const [password, enablePassword, passphrase] = await Promise.all([
      this.secrets.get(router.id, 'password'),
      this.secrets.get(router.id, 'enablePassword'),
      this.secrets.get(router.id, 'passphrase'),
    ]);
    if (router.auth === 'private-key') {
      if (!router.privateKeyPath) throw new AppError({ kind: 'missing-secret', device, secret: 'private key' });
      let privateKey: Buffer;
      try {
        privateKey = await readFile(router.privateKeyPath);
      } catch (error) {
        throw new AppError({ kind: 'private-key-unreadable', device, path: router.privateKeyPath, detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      }
      return { privateKey, privateKeyPath: router.privateKeyPath, ...(passphrase ? { passphrase } : {}), ...(enablePassword ? { enablePassword } : {}) };
    }
    if (password === null) throw new AppError({ kind: 'missing-secret', device, secret: 'password' });
    return { password, ...(enablePassword ? { enablePassword } : {}) };
  }

  disconnect(id: string, reason = 'disconnected by the analyst'): RouterStatus {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    if (!session) return this.status(id);
    session.close();
    const router = this.routers.find((candidate) => candidate.id === id);
    if (router) this.log.add({ level: 'info', kind: 'connection', routerId: id, device: deviceLabel(router), command: null, message: `Disconnected from ${deviceLabel(router)}: ${reason}.`, detail: null });
    return this.setStatus(id, { state: 'disconnected', message: null });
  }

  /** Runs `show ip cache flow` (connecting first if needed), keeps the raw output verbatim, and reads its flows into columns. */
  async collectFlows(id: string): Promise<CollectedFlows> {
    const record = await this.runCommand(id, FLOW_COMMAND);
    const collection = { command: record, result: readShowIpCacheFlow(record.output) };
    await this.keepEvidence(id, collection);
    return collection;
  }

  /**
   * Runs another flow command the parsers know (`show ip cache verbose flow`, `show flow monitor NAME cache format
   * table|record`) and reads it with that command's parser; anything else is refused before it reaches the router.
   */
  async collectOutput(id: string, command: string): Promise<CollectedFlows<unknown> & { parser: ParserDefinition }> {
    const parser = findParserForCommand(command);
    if (parser === null || recordKindOf(parser) !== 'flows' || hasControlCharacter(command)) {
      throw new AppError({ kind: 'command-not-supported', device: deviceLabel(this.find(id)), command, supported: flowCommands() });
    }
    const record = await this.runCommand(id, command.trim());
    const collection = { command: record, parser, result: readFlows(parser, record.output) };
    await this.keepEvidence(id, collection);
    return collection;
  }

  /** Hands the collection to the open case; a failure to keep it is logged loudly, the collection still returned. */
  private async keepEvidence(id: string, collection: CollectedFlows<unknown>): Promise<void> {
    if (this.evidence === null) return;
    const router = this.find(id);
    try {
      await this.evidence.routerCollection({ id, name: router.name, host: router.host, port: router.port, username: router.username, hostKeyFingerprint: this.status(id).hostKeyFingerprint }, collection);
    } catch (error) {
      this.log.add({ level: 'error', kind: 'error', routerId: id, device: deviceLabel(router), command: collection.command.command, message: `The collection from ${deviceLabel(router)} was NOT kept in the case: ${(error as Error).message}`, detail: EVIDENCE_NOT_KEPT });
    }
  }

  /** Runs one command on the router's session, logs it with its raw output, and throws unless it completed. */
  private async runCommand(id: string, command: string): Promise<CommandRecord> {
    await this.connect(id);
    const session = this.sessions.get(id)!;
    const router = this.find(id);
    const device = deviceLabel(router);
    this.setStatus(id, { state: 'collecting' });
    let lastProgress = 0;
    const outcome = await session.run(command, router.commandTimeoutMs, (receivedBytes) => {
      if (receivedBytes - lastProgress < 64 * 1024) return;
      lastProgress = receivedBytes;
      this.events.emit('router.progress', { routerId: id, command, receivedBytes });
    });
    const record: CommandRecord = { id: randomUUID(), routerId: id, device, command, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt, raw: outcome.raw, output: outcome.output, outcome: outcome.outcome };
    this.log.add({ level: outcome.outcome === 'ok' ? 'info' : 'error', kind: 'command', routerId: id, device, command, message: `${device}: ${command} → ${outcome.outcome}, ${outcome.raw.length} bytes${outcome.pagerPrompts ? `, ${outcome.pagerPrompts} --More-- prompts answered` : ''}`, detail: outcome.raw, at: outcome.startedAt });
    if (outcome.outcome !== 'ok') {
      if (!session.isOpen) {
        this.sessions.delete(id);
        this.setStatus(id, { state: 'disconnected' });
      } else this.setStatus(id, { state: 'connected' });
      if (outcome.outcome === 'rejected') throw new AppError({ kind: 'command-rejected', device, command, routerMessage: outcome.rejection ?? '' });
      if (outcome.outcome === 'timeout') throw new AppError({ kind: 'command-timeout', device, command, timeoutMs: router.commandTimeoutMs, receivedBytes: outcome.raw.length });
      throw new AppError({ kind: 'connection-lost', device, command, receivedBytes: outcome.raw.length });
    }
    this.setStatus(id, { state: 'connected' });
    return record;
  }

  /** Stores the key the router presented, only if the analyst accepted exactly that fingerprint. */
  acceptHostKey(id: string, fingerprint: string): Promise<void> {
    return this.hostKeys.accept(keyedRouter(this.find(id)), fingerprint);
  }

  async forgetHostKey(id: string): Promise<void> {
    await this.hostKeys.forget(keyedRouter(this.find(id)));
    this.disconnect(id, 'host key forgotten');
  }

  findLabRouter(): StoredRouter | undefined {
    return this.routers.find((router) => router.isLab);
  }

  disposeAll(): void {
    for (const id of [...this.sessions.keys()]) this.disconnect(id, 'FlowPivot is closing');
  }
}
