// The findings table: the chains the analyst marked (flow → socket → process), as references plus the fields shown.
import type Database from 'better-sqlite3';
import type { CaseFinding, RecordKind, RowRef } from '../../shared/case/caseModel';
import { collectionName, readStoredCollection } from './collectionRows';

interface FindingRow {
  id: string;
  marked_at: string;
  marked_by: string;
  note: string;
  flow: string;
  connection: string | null;
  process: string | null;
}

export function insertFindingRow(db: Database.Database, finding: CaseFinding): void {
  db.prepare(
    `INSERT INTO findings (id, marked_at, marked_by, note, flow_collection_id, flow_row, connection_collection_id, connection_row, process_collection_id, process_row, flow, connection, process)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    finding.id,
    finding.markedAt,
    finding.markedBy,
    finding.note,
    finding.flow.collectionId,
    finding.flow.row,
    finding.connection?.collectionId ?? null,
    finding.connection?.row ?? null,
    finding.process?.collectionId ?? null,
    finding.process?.row ?? null,
    JSON.stringify(finding.flow),
    finding.connection ? JSON.stringify(finding.connection) : null,
    finding.process ? JSON.stringify(finding.process) : null,
  );
}

export function readFindingRows(db: Database.Database): CaseFinding[] {
  return (db.prepare('SELECT id, marked_at, marked_by, note, flow, connection, process FROM findings ORDER BY rowid').all() as FindingRow[]).map((row) => ({
    id: row.id,
    markedAt: row.marked_at,
    markedBy: row.marked_by,
    note: row.note,
    flow: JSON.parse(row.flow) as CaseFinding['flow'],
    connection: row.connection === null ? null : (JSON.parse(row.connection) as CaseFinding['connection']),
    process: row.process === null ? null : (JSON.parse(row.process) as CaseFinding['process']),
  }));
}

/** What is wrong with a finding's references, in words: each must be a row of a collection of the right kind. */
export function findingIssues(db: Database.Database, finding: Pick<CaseFinding, 'flow' | 'connection' | 'process'>): string[] {
  const issues: string[] = [];
  const check = (ref: RowRef | null, kind: RecordKind, what: string) => {
    if (!ref) return;
    const stored = readStoredCollection(db, ref.collectionId);
    if (!stored) issues.push(`the ${what} refers to collection ${ref.collectionId}, which is not in the case`);
    else if (stored.kind !== kind) issues.push(`the ${what} refers to ${collectionName(stored)}, which holds ${stored.kind}, not ${kind}`);
    else if (!Number.isInteger(ref.row) || ref.row < 0 || ref.row >= stored.recordCount) issues.push(`the ${what} refers to row ${ref.row} of ${collectionName(stored)}, which has ${stored.recordCount} records`);
  };
  check(finding.flow, 'flows', 'flow');
  check(finding.connection, 'connections', 'connection');
  check(finding.process, 'processes', 'process');
  return issues;
}
