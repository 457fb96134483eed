// The collections table: one command's evidence (raw output verbatim, its SHA-256, how it was obtained and read).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CaseCollection, CollectionKind, NewCollection } from '../../shared/case/caseModel';
import type { Diagnostic } from '../../shared/domain';

/** A collection as listed: everything but the raw output. */
export type CollectionSummary = Omit<CaseCollection, 'raw'>;

/** SHA-256 of the text as UTF-8, hex: what `rawSha256` means everywhere. */
export function rawSha256Of(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}

export function insertCollectionRow(db: Database.Database, collection: Omit<NewCollection, 'records'>, rawSha256: string, recordCount: number): number {
  const result = db
    .prepare(
      `INSERT INTO collections (id, device_id, device, kind, source, command, tool, tool_version, argv, started_at, finished_at, exit_code, outcome,
         raw, raw_sha256, stderr, parser_id, parser_version, imported_from, diagnostics, sections, record_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      collection.id,
      collection.deviceId,
      collection.device,
      collection.kind,
      collection.source,
      collection.command,
      collection.tool,
      collection.toolVersion,
      collection.argv === null ? null : JSON.stringify(collection.argv),
      collection.startedAt,
      collection.finishedAt,
      collection.exitCode,
      collection.outcome,
      collection.raw,
      rawSha256,
      collection.stderr,
      collection.parserId,
      collection.parserVersion,
      collection.importedFrom,
      JSON.stringify(collection.diagnostics),
      JSON.stringify(collection.sections ?? null),
      recordCount,
    );
  return Number(result.lastInsertRowid);
}

/** After a reparse: how the raw output is read now. The evidence columns are write-once (a trigger refuses them). */
export function updateCollectionReading(db: Database.Database, seq: number, reading: { parserId: string | null; parserVersion: string | null; diagnostics: Diagnostic[]; sections: unknown; recordCount: number }): void {
  db.prepare('UPDATE collections SET parser_id = ?, parser_version = ?, diagnostics = ?, sections = ?, record_count = ? WHERE seq = ?').run(
    reading.parserId,
    reading.parserVersion,
    JSON.stringify(reading.diagnostics),
    JSON.stringify(reading.sections ?? null),
    reading.recordCount,
    seq,
  );
}

const SUMMARY_COLUMNS = `seq, id, device_id, device, kind, source, command, tool, tool_version, argv, started_at, finished_at, exit_code, outcome,
  raw_sha256, stderr, parser_id, parser_version, imported_from, diagnostics, sections, record_count`;

interface CollectionRow {
  seq: number;
  id: string;
  device_id: string | null;
  device: string;
  kind: CollectionKind;
  source: 'collected' | 'imported';
  command: string;
  tool: string;
  tool_version: string | null;
  argv: string | null;
  started_at: string;
  finished_at: string;
  exit_code: number | null;
  outcome: string;
  raw?: string;
  raw_sha256: string;
  stderr: string | null;
  parser_id: string | null;
  parser_version: string | null;
  imported_from: string | null;
  diagnostics: string;
  sections: string;
  record_count: number;
}

/** A stored collection with its table key (`seq`, which records refer to). */
export type StoredCollection = CollectionSummary & { seq: number };

function summaryOf(row: CollectionRow): StoredCollection {
  return {
    seq: row.seq,
    id: row.id,
    deviceId: row.device_id,
    device: row.device,
    kind: row.kind,
    source: row.source,
    command: row.command,
    tool: row.tool,
    toolVersion: row.tool_version,
    argv: row.argv === null ? null : (JSON.parse(row.argv) as string[]),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code,
    outcome: row.outcome,
    rawSha256: row.raw_sha256,
    stderr: row.stderr,
    parserId: row.parser_id,
    parserVersion: row.parser_version,
    importedFrom: row.imported_from,
    diagnostics: JSON.parse(row.diagnostics) as Diagnostic[],
    sections: JSON.parse(row.sections) as unknown,
    recordCount: row.record_count,
  };
}

export function readCollectionSummaries(db: Database.Database): StoredCollection[] {
  return (db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM collections ORDER BY seq`).all() as CollectionRow[]).map(summaryOf);
}

export function readStoredCollection(db: Database.Database, id: string): StoredCollection | null {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM collections WHERE id = ?`).get(id) as CollectionRow | undefined;
  return row ? summaryOf(row) : null;
}

export function readRaw(db: Database.Database, seq: number): string {
  return db.prepare('SELECT raw FROM collections WHERE seq = ?').pluck().get(seq) as string;
}

/** "collection <id>: <command> on <device>", as verify names a collection. */
export function collectionName(collection: Pick<CaseCollection, 'id' | 'command' | 'device'>): string {
  return `collection ${collection.id}: ${collection.command} on ${collection.device}`;
}
