// A collection's records as one blob in record_sets: flows as their table's columns (binaryValue), the other kinds as
// JSON rows; each with its SHA-256, so a million flows are written and read back in one piece and an edit shows.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { decodeBinaryValue, encodeBinaryValue } from '../../shared/binaryValue';
import { recordSetLength, type CaseRecordSets, type CaseRecordTypes, type RecordKind } from '../../shared/case/caseModel';
import { FlowTable, type FlowTableData } from '../../shared/flows/flowTable';

/** The flow table's data (binaryValue): typed arrays for the columns, JSON for names, overrides and extras. */
export const FLOW_TABLE_ENCODING = 'flow-table/1';
/** The records as one JSON array (UTF-8). */
export const JSON_ROWS_ENCODING = 'json-rows/1';

export interface EncodedRecordSet {
  encoding: string;
  recordCount: number;
  data: Uint8Array;
  /** SHA-256 of `data`, hex. */
  sha256: string;
}

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function encodeRecordSet<K extends RecordKind>(kind: K, records: CaseRecordSets[K]): EncodedRecordSet {
  const data = kind === 'flows' ? encodeBinaryValue(records as FlowTableData) : Buffer.from(JSON.stringify(records), 'utf8');
  return { encoding: kind === 'flows' ? FLOW_TABLE_ENCODING : JSON_ROWS_ENCODING, recordCount: recordSetLength(records), data, sha256: sha256Of(data) };
}

interface RecordSetRow {
  encoding: string;
  record_count: number;
  sha256: string;
  data: Buffer;
}

function unknownEncoding(encoding: string, collectionSeq: number): Error {
  return new Error(`the records of collection ${collectionSeq} are stored as "${encoding}", which this FlowPivot does not read`);
}

export function writeRecordSet(db: Database.Database, collectionSeq: number, set: EncodedRecordSet): void {
  db.prepare('INSERT INTO record_sets (collection, encoding, record_count, sha256, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection) DO UPDATE SET encoding = excluded.encoding, record_count = excluded.record_count, sha256 = excluded.sha256, data = excluded.data').run(
    collectionSeq,
    set.encoding,
    set.recordCount,
    set.sha256,
    set.data,
  );
}

function readRow(db: Database.Database, collectionSeq: number): RecordSetRow | undefined {
  return db.prepare('SELECT encoding, record_count, sha256, data FROM record_sets WHERE collection = ?').get(collectionSeq) as RecordSetRow | undefined;
}

/** A flow collection's table; an empty one when the collection has no record set (a kill, or none was kept). */
export function readFlowTable(db: Database.Database, collectionSeq: number): FlowTable {
  const row = readRow(db, collectionSeq);
  if (!row) return FlowTable.fromFlows([]);
  if (row.encoding !== FLOW_TABLE_ENCODING) throw unknownEncoding(row.encoding, collectionSeq);
  return new FlowTable(decodeBinaryValue(row.data) as FlowTableData);
}

/** A collection's records as records (flows built from their table), in the parser's order. */
export function readRecords<K extends RecordKind>(db: Database.Database, kind: K, collectionSeq: number): CaseRecordTypes[K][] {
  if (kind === 'flows') return readFlowTable(db, collectionSeq).flows() as CaseRecordTypes[K][];
  const row = readRow(db, collectionSeq);
  if (!row) return [];
  if (row.encoding !== JSON_ROWS_ENCODING) throw unknownEncoding(row.encoding, collectionSeq);
  return JSON.parse(row.data.toString('utf8')) as CaseRecordTypes[K][];
}

/** Per collection seq: the records stored, their stored SHA-256 and the SHA-256 of the bytes as they are now. */
export function recordSetChecks(db: Database.Database): Map<number, { recordCount: number; storedSha256: string; actualSha256: string }> {
  const checks = new Map<number, { recordCount: number; storedSha256: string; actualSha256: string }>();
  for (const row of db.prepare('SELECT collection, record_count, sha256, data FROM record_sets').iterate() as IterableIterator<RecordSetRow & { collection: number }>) {
    checks.set(row.collection, { recordCount: row.record_count, storedSha256: row.sha256, actualSha256: sha256Of(row.data) });
  }
  return checks;
}
