// The audit table: appending a hash-chained entry inside the caller's transaction, and reading the log back.
import type Database from 'better-sqlite3';
import type { AuditAction, AuditEntry } from '../../shared/case/caseModel';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../shared/case/auditChain';
import { writeMeta } from './metaTable';

export interface NewAuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  summary: string;
  detail: Record<string, unknown>;
}

/**
 * Appends one entry after the current last one; the caller holds the write transaction, so nobody appends between
 * reading the head and writing the entry. The head (seq and hash) is also kept in meta: cutting entries off the end
 * leaves no gap in seq, but it leaves the head pointing past the last entry.
 */
export function appendAuditEntry(db: Database.Database, entry: NewAuditEntry): AuditEntry {
  const head = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const detailText = canonicalJson(entry.detail);
  // The entry as it will read back (canonical JSON parsed), so the hash covers exactly what is stored.
  const written = { seq: (head?.seq ?? 0) + 1, at: entry.at, actor: entry.actor, action: entry.action, summary: entry.summary, detail: JSON.parse(detailText) as Record<string, unknown> };
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, written);
  db.prepare('INSERT INTO audit (seq, at, actor, action, summary, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(written.seq, written.at, written.actor, written.action, written.summary, detailText, prevHash, hash);
  writeMeta(db, { audit_head_seq: String(written.seq), audit_head_hash: hash });
  return { ...written, prevHash, hash };
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  summary: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** An entry whose stored detail is no longer JSON (edited by another tool) keeps its text, so the hash check still fails on it. */
function entryOf(row: AuditRow): AuditEntry {
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    detail = { unreadableDetail: row.detail };
  }
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action as AuditAction, summary: row.summary, detail, prevHash: row.prev_hash, hash: row.hash };
}

export function readAuditLog(db: Database.Database): AuditEntry[] {
  return (db.prepare('SELECT seq, at, actor, action, summary, detail, prev_hash, hash FROM audit ORDER BY seq').all() as AuditRow[]).map(entryOf);
}
