// Connection and process rows of host collections, kept outside zustand and React state like flowCache's flows.
import type { Connection, Diagnostic, HostCommandRecord, ProcessEntry } from '../../../shared/domain';

export interface HostCollectionData<TRow> {
  rows: TRow[];
  diagnostics: Diagnostic[];
  command: HostCommandRecord;
}

const connections = new Map<string, HostCollectionData<Connection>>();
const processes = new Map<string, HostCollectionData<ProcessEntry>>();
/** PID → process name of a processes collection, built when first asked for. */
const namesByPid = new Map<string, ReadonlyMap<number, string>>();

const noConnections: Connection[] = [];
const noProcesses: ProcessEntry[] = [];
const noNames: ReadonlyMap<number, string> = new Map();

/** Entries never change once stored, so components may read them during render by collection id. */
export function putConnectionData(collectionId: string, data: HostCollectionData<Connection>): void {
  connections.set(collectionId, data);
}

export function putProcessData(collectionId: string, data: HostCollectionData<ProcessEntry>): void {
  processes.set(collectionId, data);
}

export function getConnectionData(collectionId: string | null): HostCollectionData<Connection> | undefined {
  return collectionId === null ? undefined : connections.get(collectionId);
}

export function getProcessData(collectionId: string | null): HostCollectionData<ProcessEntry> | undefined {
  return collectionId === null ? undefined : processes.get(collectionId);
}

export function getConnectionRows(collectionId: string | null): Connection[] {
  return getConnectionData(collectionId)?.rows ?? noConnections;
}

export function getProcessRows(collectionId: string | null): ProcessEntry[] {
  return getProcessData(collectionId)?.rows ?? noProcesses;
}

/** Names of the processes of a processes collection by PID: what netstat -ano leaves out. */
export function getProcessNames(collectionId: string | null): ReadonlyMap<number, string> {
  if (collectionId === null) return noNames;
  const cached = namesByPid.get(collectionId);
  if (cached) return cached;
  const data = processes.get(collectionId);
  if (!data) return noNames;
  const names = new Map<number, string>();
  for (const process of data.rows) if (!names.has(process.pid)) names.set(process.pid, process.name);
  namesByPid.set(collectionId, names);
  return names;
}

export function dropHostCollectionData(collectionId: string): void {
  connections.delete(collectionId);
  processes.delete(collectionId);
  namesByPid.delete(collectionId);
}
