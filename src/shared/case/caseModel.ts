// What a case file holds, as main, the renderer, the command line and the HTML report see it. The file itself
// (SQLite) is src/main/case/; everything here is plain data.
import type { Connection, Diagnostic, Flow, ProcessEntry } from '../domain';
import { FlowTable, type FlowTableData } from '../flows/flowTable';
import type { RecordKind } from '../parsers/registry';

export type { RecordKind };

/** The schema this build writes. Older files are upgraded on a copy; newer ones are refused. */
export const CASE_SCHEMA_VERSION = 4;

/** The file name extension of a case file. */
export const CASE_EXTENSION = '.flowpivot';

export interface CaseMeta {
  caseId: string;
  name: string;
  /** Who opened the case (the OS account, or what the analyst typed). */
  analyst: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  updatedAt: string;
  schemaVersion: number;
}

/** A router or host the case collected from: identity only — never a password, passphrase or key. */
export interface CaseDevice {
  id: string;
  kind: 'router' | 'host';
  label: string;
  address: string;
  port: number | null;
  /** Hosts: psexec | ssh | local; routers: ssh; imports: the source format. */
  via: string | null;
  os: string | null;
  username: string | null;
  /** The SSH host key as verified when collecting (SHA256:…); null where no SSH was involved. */
  hostKeyFingerprint: string | null;
}

/**
 * What a collection holds: records of one kind, a tool run with no records (a kill), or a terminal session's
 * transcript (raw: asciicast v2, input and output interleaved with times, see src/shared/terminal/transcript.ts).
 */
export type CollectionKind = RecordKind | 'kill' | 'terminal';

export interface CaseRecordTypes {
  flows: Flow;
  connections: Connection;
  processes: ProcessEntry;
}

/** How a collection's records are handed over and kept: flows as their table in columns, the other kinds as arrays. */
export interface CaseRecordSets {
  flows: FlowTableData;
  connections: Connection[];
  processes: ProcessEntry[];
}

export function isRecordKind(kind: string): kind is RecordKind {
  return kind === 'flows' || kind === 'connections' || kind === 'processes';
}

/** How many records a record set holds. */
export function recordSetLength(records: CaseRecordSets[RecordKind] | readonly unknown[]): number {
  return Array.isArray(records) ? records.length : (records as FlowTableData).length;
}

/** One command's output kept as evidence, with how it was obtained and how it was read. */
export interface CaseCollection {
  id: string;
  deviceId: string | null;
  /** The device as the analyst saw it named, e.g. "lab router (127.0.0.1:2222)". */
  device: string;
  kind: CollectionKind;
  source: 'collected' | 'imported';
  /** The command as typed or run, e.g. "show ip cache flow", "psexec \\\\WS-1 -accepteula -nobanner netstat -ano". */
  command: string;
  tool: string;
  toolVersion: string | null;
  /** The argv of a tool run (secrets masked); null for a router command or an import. */
  argv: string[] | null;
  startedAt: string;
  finishedAt: string;
  exitCode: number | null;
  outcome: string;
  /** The output, verbatim, exactly as received (a router's transcript with echo and prompt; a tool's stdout). */
  raw: string;
  /** SHA-256 of `raw` as UTF-8, hex. */
  rawSha256: string;
  stderr: string | null;
  parserId: string | null;
  parserVersion: string | null;
  /** The file an import came from (its path as given). */
  importedFrom: string | null;
  diagnostics: Diagnostic[];
  /** The parser's named sections (packet sizes, protocol table…), as it returned them. */
  sections: unknown;
  recordCount: number;
}

/** A collection to add: its records come with it, in the order the parser returned them. */
export type NewCollection<K extends CollectionKind = CollectionKind> = Omit<CaseCollection, 'rawSha256' | 'recordCount' | 'kind'> & {
  kind: K;
  records: K extends RecordKind ? CaseRecordSets[K] : [];
};

/** Where a note points: a row (collection + its 0-based position) or a whole collection (row null). */
export interface NoteTarget {
  collectionId: string;
  row: number | null;
}

export interface CaseNote {
  id: string;
  target: NoteTarget;
  text: string;
  tags: string[];
  author: string;
  createdAt: string;
  updatedAt: string;
}

export type AuditAction = 'case-created' | 'case-upgraded' | 'collection' | 'import' | 'kill' | 'note' | 'finding' | 'reparse' | 'host-key' | 'export';

/** One entry of the append-only, hash-chained audit log. */
export interface AuditEntry {
  /** 1, 2, 3… with no gaps. */
  seq: number;
  at: string;
  actor: string;
  action: AuditAction;
  /** One sentence for people. */
  summary: string;
  /** Everything the entry vouches for (ids, hashes, PIDs, outcomes), as JSON-compatible data. */
  detail: Record<string, unknown>;
  /** The previous entry's hash (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 over prevHash and this entry's canonical JSON (see src/shared/case/auditChain.ts). */
  hash: string;
}

export type VerifyProblemKind = 'raw-altered' | 'records-altered' | 'audit-altered' | 'audit-chain-broken' | 'audit-missing' | 'collection-unaudited' | 'database-damaged';

export interface VerifyProblem {
  kind: VerifyProblemKind;
  /** Which entry, in words: "audit entry 7 (kill)", "collection 3f…: psexec netstat -ano on WS-1". */
  where: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  collectionsChecked: number;
  auditEntriesChecked: number;
  problems: VerifyProblem[];
}

/** Counts, as `flowpivot case info --json` prints them. */
export interface CaseCounts {
  schemaVersion: number;
  collections: number;
  flows: number;
  connections: number;
  processes: number;
  auditEntries: number;
}

/** A row of a collection: the collection and the 0-based position of the record in it. */
export interface RowRef {
  collectionId: string;
  /** 0-based position in the collection's records. */
  row: number;
}

/**
 * A chain the analyst marked as a finding: the flow the router saw, the host socket that carried it, and the process
 * that owned the socket — each a reference into the evidence plus the fields shown at the time.
 */
export interface CaseFinding {
  id: string;
  markedAt: string;
  markedBy: string;
  note: string;
  flow: RowRef & { device: string; srcAddr: string; srcPort: number; dstAddr: string; dstPort: number; protocol: number; packets: number };
  connection: (RowRef & { host: string; proto: string; localAddr: string; localPort: number | null; remoteAddr: string | null; remotePort: number | null; state: string | null; pid: number | null; match: 'exact' | 'listener' | 'udp-bind' }) | null;
  process: (RowRef & { host: string; pid: number; name: string; startedAt: string | null; commandLine: string | null }) | null;
}

/** Everything the HTML report shows: read from the case, with no network and no raw outputs. */
export interface CaseReportInput {
  meta: CaseMeta;
  counts: CaseCounts;
  devices: CaseDevice[];
  /** Without `raw` (the report lists hashes, not outputs). */
  collections: Omit<CaseCollection, 'raw'>[];
  findings: CaseFinding[];
  notes: CaseNote[];
  audit: AuditEntry[];
  verify: VerifyReport;
  /** When the report was made (ISO-8601 UTC) and by which FlowPivot version. */
  generatedAt: string;
  generator: string;
}

/** An open case as a window sees it: `live` records what the window collects and does; `review` is read-only. */
export interface CaseSummary {
  /** Names the open case in calls (not the path: paths never travel back as ids). */
  handle: string;
  path: string;
  mode: 'live' | 'review';
  meta: CaseMeta;
  counts: CaseCounts;
  /** The check made when the case was opened (or last verified). */
  verify: VerifyReport;
}

/** A collection as a window gets it: flows with their table in columns, the other kinds with their records. */
export type CaseCollectionContents = Omit<CaseCollection, 'raw' | 'kind'> &
  ({ kind: 'flows'; table: FlowTableData } | { kind: Exclude<CollectionKind, 'flows'>; records: unknown[] });

/** A collection's records whatever their kind: a flow table's rows built as Flow records. */
export function recordsOfContents(collection: CaseCollectionContents): unknown[] {
  return collection.kind === 'flows' ? new FlowTable(collection.table).flows() : collection.records;
}

/** A collection of the contents as plain JSON data: its records as records (a flow table as Flow records). */
export function withRecords(collection: CaseCollectionContents): Omit<CaseCollection, 'raw'> & { records: unknown[] } {
  if (collection.kind !== 'flows') return collection;
  const { table: _table, ...rest } = collection;
  return { ...rest, records: recordsOfContents(collection) };
}

/** Everything a window needs to show a case offline: collections with their records, notes, findings, audit. */
export interface CaseContents {
  summary: CaseSummary;
  devices: CaseDevice[];
  collections: CaseCollectionContents[];
  notes: CaseNote[];
  findings: CaseFinding[];
  audit: AuditEntry[];
}

export interface RecentCase {
  path: string;
  name: string;
  openedAt: string;
  /** False when the file is no longer there (moved, on a detached drive). */
  exists: boolean;
}

/** What importing one file gave: the collection made, or why the file could not be taken. */
export type ImportResult =
  | { fileName: string; ok: true; collectionId: string; format: string; kind: RecordKind; device: string; records: number; diagnostics: number }
  | { fileName: string; ok: false; error: string };
