// Real captures from tests/fixtures, parsed by the real parsers, as the collections and devices a case holds.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { CaseDevice, CaseRecordTypes, NewCollection, RecordKind } from '../../../src/shared/case/caseModel';
import { FlowTable } from '../../../src/shared/flows/flowTable';
import type { Flow, HostCommandRecord } from '../../../src/shared/domain';
import { AppError } from '../../../src/shared/errors';
import { findParser } from '../../../src/shared/parsers/registry';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

export function fixtureText(parserId: string, name: string): string {
  return readFileSync(resolve(fixtures, parserId, `${name}.txt`), 'utf8');
}

export const router: CaseDevice = { id: 'router-1', kind: 'router', label: 'edge router (10.0.0.1:22)', address: '10.0.0.1', port: 22, via: 'ssh', os: 'cisco-ios', username: 'netops', hostKeyFingerprint: 'SHA256:q9yT0D3Zb1UoQwDCf8VhYDeF0cW4mF0rRk1dJp0bHxk' };
export const host: CaseDevice = { id: 'host-1', kind: 'host', label: 'WS-1 (10.0.50.81)', address: '10.0.50.81', port: null, via: 'psexec', os: 'windows', username: null, hostKeyFingerprint: null };

let sequence = 0;

/** A collection of `kind` from a fixture: its text verbatim as raw, its records as the registered parser reads them. */
export function fixtureCollection<K extends RecordKind>(kind: K, parserId: string, name: string, device: CaseDevice, command: string, id = `collection-${++sequence}`): NewCollection<K> {
  const raw = fixtureText(parserId, name);
  const result = findParser(parserId)!.parse(raw);
  return {
    id,
    deviceId: device.id,
    device: device.label,
    kind,
    source: 'collected',
    command,
    tool: device.kind === 'router' ? 'ssh' : 'psexec',
    toolVersion: device.kind === 'router' ? null : 'v2.43',
    argv: device.kind === 'router' ? null : ['psexec', `\\\\${device.address}`, '-accepteula', '-nobanner', ...command.split(' ')],
    startedAt: '2026-11-25T10:00:00.000Z',
    finishedAt: '2026-11-25T10:00:02.500Z',
    exitCode: device.kind === 'router' ? null : 0,
    outcome: 'ok',
    raw,
    stderr: device.kind === 'router' ? null : '',
    parserId: result.format,
    parserVersion: result.parserVersion,
    importedFrom: null,
    diagnostics: result.diagnostics,
    sections: result.sections,
    // Flows go into a case as their table (as the services hand them over), the other kinds as records.
    records: (kind === 'flows' ? FlowTable.fromFlows(result.records as Flow[]).data : result.records) as NewCollection<K>['records'],
  };
}

/** The records a fixture collection holds, as records whatever its kind. */
export function recordsOf<K extends RecordKind>(collection: NewCollection<K>): CaseRecordTypes[K][] {
  const records = collection.records as unknown;
  return (Array.isArray(records) ? records : new FlowTable(records as FlowTable['data']).flows()) as CaseRecordTypes[K][];
}

/** One PsKill run against the host, its output a real capture. */
export function pskillRun(id: string, pid: number, fixture = 'seed'): HostCommandRecord {
  return {
    id,
    hostId: host.id,
    host: host.address,
    via: 'psexec',
    tool: 'pskill',
    toolPath: 'C:\\Tools\\pskill.exe',
    toolVersion: 'v1.16',
    argv: ['C:\\Tools\\pskill.exe', `\\\\${host.address}`, '-accepteula', '-nobanner', String(pid)],
    startedAt: '2026-11-25T10:05:00.000Z',
    finishedAt: '2026-11-25T10:05:01.000Z',
    exitCode: 0,
    signal: null,
    stdout: fixtureText('pskill', fixture),
    stderr: '',
    outcome: 'ok',
  };
}

/** The AppError `action` throws; fails when it returns or throws anything else. */
export function appErrorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** Runs SQL on the file through a second, plain SQLite connection (what another program could do). */
export function withPlainSqlite<T>(path: string, use: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return use(db);
  } finally {
    db.close();
  }
}
