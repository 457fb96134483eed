// The meta table: the case's own facts (id, name, analyst, times, schema version, audit head) as key/value text.
import type Database from 'better-sqlite3';
import type { CaseMeta } from '../../shared/case/caseModel';

export type MetaKey = 'format' | 'case_id' | 'name' | 'analyst' | 'created_at' | 'updated_at' | 'schema_version' | 'audit_head_seq' | 'audit_head_hash';

/** The value of meta key `format` in every case file. */
export const CASE_FORMAT = 'flowpivot-case';

export function writeMeta(db: Database.Database, entries: Partial<Record<MetaKey, string>>): void {
  const upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) upsert.run(key, value);
}

export function readMeta(db: Database.Database): Partial<Record<MetaKey, string>> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: MetaKey; value: string }[];
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export function caseMetaOf(meta: Partial<Record<MetaKey, string>>, schemaVersion: number): CaseMeta {
  return {
    caseId: meta.case_id ?? '',
    name: meta.name ?? '',
    analyst: meta.analyst ?? '',
    createdAt: meta.created_at ?? '',
    updatedAt: meta.updated_at ?? '',
    schemaVersion,
  };
}
