// Checking a case file: SQLite's own integrity check, every raw output against its hash and its audit entry, the chain.
import type Database from 'better-sqlite3';
import type { AuditEntry, VerifyProblem, VerifyReport } from '../../shared/case/caseModel';
import { auditEntryName, verifyChain } from '../../shared/case/auditChain';
import { readAuditLog } from './auditLog';
import { collectionName, rawSha256Of } from './collectionRows';
import { readMeta } from './metaTable';
import { recordSetChecks } from './recordSets';

/** What the audit log vouches for about one collection. */
interface Vouched {
  /** The entry that added it ('collection', 'import' or 'kill'); null if none does. */
  origin: AuditEntry | null;
  /** Every (entry, rawSha256) the log records for it. */
  hashes: { entry: AuditEntry; rawSha256: unknown }[];
  /** The record count of the latest entry that states one (the origin, or the latest reparse). */
  recordCount: { entry: AuditEntry; count: unknown } | null;
  /** The records' SHA-256 of the latest entry that states one (files from before version 3 state none). */
  recordsSha256: { entry: AuditEntry; sha256: unknown } | null;
}

function vouchedByAudit(entries: readonly AuditEntry[]): Map<string, Vouched> {
  const vouched = new Map<string, Vouched>();
  const of = (id: unknown): Vouched | null => {
    if (typeof id !== 'string') return null;
    let v = vouched.get(id);
    if (!v) vouched.set(id, (v = { origin: null, hashes: [], recordCount: null, recordsSha256: null }));
    return v;
  };
  for (const entry of entries) {
    const detail = entry.detail ?? {};
    if (entry.action === 'collection' || entry.action === 'import' || entry.action === 'reparse') {
      const v = of(detail.collectionId);
      if (!v) continue;
      if (entry.action !== 'reparse') v.origin ??= entry;
      v.hashes.push({ entry, rawSha256: detail.rawSha256 });
      v.recordCount = { entry, count: detail.recordCount };
      if ('recordsSha256' in detail) v.recordsSha256 = { entry, sha256: detail.recordsSha256 };
    } else if (entry.action === 'kill' && Array.isArray(detail.collections)) {
      for (const item of detail.collections as { id?: unknown; rawSha256?: unknown }[]) {
        const v = of(item?.id);
        if (!v) continue;
        v.origin ??= entry;
        v.hashes.push({ entry, rawSha256: item.rawSha256 });
        v.recordCount ??= { entry, count: 0 };
      }
    }
  }
  return vouched;
}

interface CollectionCheckRow {
  seq: number;
  id: string;
  device: string;
  command: string;
  raw: string;
  raw_sha256: string;
  record_count: number;
}

export function verifyCase(db: Database.Database): VerifyReport {
  const problems: VerifyProblem[] = [];

  const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  const integrityMessages = integrity.map((row) => row.integrity_check).filter((message) => message !== 'ok');
  for (const message of integrityMessages) problems.push({ kind: 'database-damaged', where: 'the case file', message: `SQLite's integrity check: ${message}` });
  for (const row of db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[]) {
    problems.push({ kind: 'database-damaged', where: `table ${row.table}`, message: `A row of ${row.table} refers to a missing row of ${row.parent}.` });
  }

  const entries = readAuditLog(db);
  problems.push(...verifyChain(entries));
  problems.push(...checkAuditHead(db, entries));

  const vouched = vouchedByAudit(entries);
  const recordSets = recordSetChecks(db);
  let collectionsChecked = 0;
  const rows = db.prepare('SELECT seq, id, device, command, raw, raw_sha256, record_count FROM collections ORDER BY seq').iterate() as IterableIterator<CollectionCheckRow>;
  for (const row of rows) {
    collectionsChecked++;
    const where = collectionName(row);
    const actual = rawSha256Of(row.raw);
    const v = vouched.get(row.id);
    if (actual !== row.raw_sha256) {
      problems.push({ kind: 'raw-altered', where, message: `Its raw output no longer matches its SHA-256 (stored ${row.raw_sha256}, now ${actual}): it was changed after it was collected.` });
    } else {
      const differing = v?.hashes.find((h) => h.rawSha256 !== actual);
      if (differing) {
        problems.push({ kind: 'raw-altered', where, message: `Its raw output and stored SHA-256 (${actual}) differ from the SHA-256 ${auditEntryName(differing.entry)} recorded (${String(differing.rawSha256)}): both were changed after it was collected.` });
      }
    }
    if (!v?.origin) problems.push({ kind: 'collection-unaudited', where, message: 'No audit entry records how this collection was added.' });
    const set = recordSets.get(row.seq);
    const storedRecords = set?.recordCount ?? 0;
    if (set && set.actualSha256 !== set.storedSha256) {
      problems.push({ kind: 'records-altered', where, message: `Its parsed records no longer match their SHA-256 (stored ${set.storedSha256}, now ${set.actualSha256}): they were changed after they were read.` });
    } else if (set && v?.recordsSha256 && v.recordsSha256.sha256 !== set.actualSha256) {
      problems.push({ kind: 'records-altered', where, message: `Its parsed records and their stored SHA-256 (${set.actualSha256}) differ from the SHA-256 ${auditEntryName(v.recordsSha256.entry)} recorded (${String(v.recordsSha256.sha256)}): both were changed after they were read.` });
    }
    if (storedRecords !== row.record_count) {
      problems.push({ kind: 'database-damaged', where, message: `It holds ${storedRecords} records, but its record count says ${row.record_count}.` });
    } else if (v?.recordCount && v.recordCount.count !== row.record_count) {
      problems.push({ kind: 'database-damaged', where, message: `It holds ${row.record_count} records, but ${auditEntryName(v.recordCount.entry)} recorded ${String(v.recordCount.count)}.` });
    }
  }

  return { ok: problems.length === 0, collectionsChecked, auditEntriesChecked: entries.length, problems };
}

/** Entries cut off the end leave no gap: the head kept in meta (written with each entry) shows them. */
function checkAuditHead(db: Database.Database, entries: readonly AuditEntry[]): VerifyProblem[] {
  const meta = readMeta(db);
  const headSeq = Number(meta.audit_head_seq ?? 0);
  const last = entries.at(-1);
  const lastSeq = last?.seq ?? 0;
  if (lastSeq < headSeq) {
    const missing = headSeq - lastSeq === 1 ? `audit entry ${headSeq}` : `audit entries ${lastSeq + 1}–${headSeq}`;
    return [{ kind: 'audit-missing', where: missing, message: `${missing} ${headSeq - lastSeq === 1 ? 'is' : 'are'} missing: the log ends at entry ${lastSeq}, but ${headSeq} entries were written.` }];
  }
  if (lastSeq > headSeq || (last && last.hash !== meta.audit_head_hash)) {
    return [{ kind: 'audit-chain-broken', where: last ? auditEntryName(last) : 'the audit log', message: `The log ends at entry ${lastSeq}, but FlowPivot last wrote entry ${headSeq}: entries were added or rewritten by another program.` }];
  }
  return [];
}
