// What the live services produce, as the case keeps it: a collection (raw output verbatim, how it was obtained, the
// records as parsed) and the device it came from — identity only, never a secret.
import type { CollectedFlows, ConnectionCollection, HostCommandRecord, ProcessCollection } from '../domain';
import type { CaseDevice, NewCollection, RecordKind } from './caseModel';

/** A router as the case names it: from its profile, plus the host key its session verified. */
export interface RouterIdentity {
  id: string;
  name: string;
  host: string;
  port: number;
  username: string;
  hostKeyFingerprint: string | null;
}

/** A host as the case names it. */
export interface HostIdentity {
  id: string;
  label: string;
  address: string;
  port: number;
  via: string;
  os: string;
  username: string;
}

export function routerDevice(router: RouterIdentity): CaseDevice {
  return { id: router.id, kind: 'router', label: `${router.name} (${router.host}:${router.port})`, address: router.host, port: router.port, via: 'ssh', os: 'cisco-ios', username: router.username, hostKeyFingerprint: router.hostKeyFingerprint };
}

export function hostDevice(host: HostIdentity, hostKeyFingerprint: string | null = null): CaseDevice {
  const label = host.label && host.label !== host.address ? `${host.label} (${host.address})` : host.address;
  return { id: host.id, kind: 'host', label, address: host.address, port: host.via === 'ssh' ? host.port : null, via: host.via, os: host.os, username: host.username || null, hostKeyFingerprint };
}

/** A router command's transcript (echo, output and prompt, verbatim) and the flows read from it. */
export function routerCollection(device: CaseDevice, collection: CollectedFlows<unknown>): NewCollection<'flows'> {
  const { command, result } = collection;
  return {
    id: command.id,
    deviceId: device.id,
    device: device.label,
    kind: 'flows',
    source: 'collected',
    command: command.command,
    tool: 'ssh',
    toolVersion: null,
    argv: null,
    startedAt: command.startedAt,
    finishedAt: command.finishedAt,
    exitCode: null,
    outcome: command.outcome,
    raw: command.raw,
    stderr: null,
    parserId: result.format,
    parserVersion: result.parserVersion,
    importedFrom: null,
    diagnostics: result.diagnostics,
    sections: result.sections,
    records: result.table,
  };
}

/** The command line of a tool run as the log shows it: the tool's name and its arguments (secrets already masked). */
export function toolCommandLine(record: HostCommandRecord): string {
  return [record.tool, ...record.argv.slice(1)].join(' ');
}

/** A host tool's run as evidence with no records read from it (a kill's PsKill, kill or taskkill): stdout verbatim. */
export function toolRunCollection(device: CaseDevice, command: HostCommandRecord): NewCollection<'kill'> {
  return {
    id: command.id,
    deviceId: device.id,
    device: device.label,
    kind: 'kill',
    source: 'collected',
    command: toolCommandLine(command),
    tool: command.tool,
    toolVersion: command.toolVersion,
    argv: command.argv,
    startedAt: command.startedAt,
    finishedAt: command.finishedAt,
    exitCode: command.exitCode,
    outcome: command.outcome,
    raw: command.stdout,
    stderr: command.stderr,
    parserId: null,
    parserVersion: null,
    importedFrom: null,
    diagnostics: [],
    sections: null,
    records: [],
  };
}

/** A host tool's run (stdout verbatim, stderr apart) and the records parsed from its stdout. */
export function hostCollection<K extends Extract<RecordKind, 'connections' | 'processes'>>(device: CaseDevice, kind: K, collection: K extends 'connections' ? ConnectionCollection : ProcessCollection): NewCollection<K> {
  const { command, result } = collection as ConnectionCollection | ProcessCollection;
  return {
    ...toolRunCollection(device, command),
    kind,
    parserId: result.format,
    parserVersion: result.parserVersion,
    diagnostics: result.diagnostics,
    sections: result.sections,
    records: result.records as NewCollection<K>['records'],
  };
}

/** A flow exporter as the case names it: the router (or probe) the datagrams came from, and how they came. */
export interface ExporterIdentity {
  /** The case device id (collector/exportCollection.ts exporterDeviceId). */
  id: string;
  label: string;
  address: string;
  port: number;
  /** 'netflow-v5', 'netflow-v9', 'ipfix' (or 'netflow' for an exporter heard in several). */
  via: string;
}

export function exporterDevice(exporter: ExporterIdentity): CaseDevice {
  return { id: exporter.id, kind: 'router', label: exporter.label, address: exporter.address, port: exporter.port, via: exporter.via, os: null, username: null, hostKeyFingerprint: null };
}

/** Flow export datagrams as received (one line each, in hex) and the flows decoded from them. */
export function exportedFlowsCollection(device: CaseDevice, collection: CollectedFlows<unknown>): NewCollection<'flows'> {
  return { ...routerCollection(device, collection), tool: 'udp' };
}

/** The device a local terminal runs on: the analyst's own machine. */
export function thisMachineDevice(hostname: string, os: string, username: string | null): CaseDevice {
  return { id: 'this-machine', kind: 'host', label: `this machine (${hostname})`, address: hostname, port: null, via: 'local', os, username, hostKeyFingerprint: null };
}

/** One part of a terminal session's transcript (a checkpoint, or the end), as the case keeps it. */
export interface TerminalPartEvidence {
  id: string;
  sessionId: string;
  device: CaseDevice;
  /** 'ssh' for a router's shell, 'node-pty' for a local one. */
  tool: string;
  toolVersion: string | null;
  /** The local shell's argv; null for SSH. */
  argv: string[] | null;
  /** The part's asciicast v2 text, verbatim. */
  transcript: string;
  part: number;
  startedAt: string;
  finishedAt: string;
  /** 'checkpoint' while the session goes on; then how it ended. */
  outcome: string;
  exitCode: number | null;
  /** The lines typed in this part (secrets masked), for the case view and the report. */
  typed: string[];
  maskedSecrets: number;
  events: number;
}

/** The command every terminal collection names: what was run is in its transcript. */
export const TERMINAL_COMMAND = 'terminal session';

export function terminalCollection(evidence: TerminalPartEvidence): NewCollection<'terminal'> {
  return {
    id: evidence.id,
    deviceId: evidence.device.id,
    device: evidence.device.label,
    kind: 'terminal',
    source: 'collected',
    command: TERMINAL_COMMAND,
    tool: evidence.tool,
    toolVersion: evidence.toolVersion,
    argv: evidence.argv,
    startedAt: evidence.startedAt,
    finishedAt: evidence.finishedAt,
    exitCode: evidence.exitCode,
    outcome: evidence.outcome,
    raw: evidence.transcript,
    stderr: null,
    parserId: null,
    parserVersion: null,
    importedFrom: null,
    diagnostics: [],
    sections: { format: 'asciicast-v2', sessionId: evidence.sessionId, part: evidence.part, final: evidence.outcome !== 'checkpoint', typed: evidence.typed, maskedSecrets: evidence.maskedSecrets, events: evidence.events },
    records: [],
  };
}

/** A terminal collection's sections as written by terminalCollection; null for anything else. */
export function terminalSectionsOf(sections: unknown): { sessionId: string; part: number; final: boolean; typed: string[]; maskedSecrets: number } | null {
  if (typeof sections !== 'object' || sections === null) return null;
  const given = sections as Record<string, unknown>;
  if (given.format !== 'asciicast-v2' || typeof given.sessionId !== 'string' || typeof given.part !== 'number') return null;
  return {
    sessionId: given.sessionId,
    part: given.part,
    final: given.final === true,
    typed: Array.isArray(given.typed) ? given.typed.filter((line): line is string => typeof line === 'string') : [],
    maskedSecrets: typeof given.maskedSecrets === 'number' ? given.maskedSecrets : 0,
  };
}
