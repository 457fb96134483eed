// Opening a case file as SQLite: telling a case from any other file, its version, and the PRAGMAs every handle sets.
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CASE_SCHEMA_VERSION } from '../../shared/case/caseModel';
import { AppError } from '../../shared/errors';
import { appendAuditEntry } from './auditLog';
import { syncFolderOf } from './durableFiles';
import { CASE_FORMAT, readMeta, writeMeta } from './metaTable';
import { applySchemaSteps, CASE_APPLICATION_ID, OLDEST_CASE_SCHEMA_VERSION } from './schema';

export interface OpenedCaseFile {
  db: Database.Database;
  /** The file's schema version (PRAGMA user_version). */
  version: number;
}

/** What SQLite's error means for the analyst, in words. */
export function sqliteCause(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SQLITE_NOTADB':
      return 'it is not a SQLite database';
    case 'SQLITE_CORRUPT':
      return `the file is damaged (${message})`;
    case 'SQLITE_CANTOPEN':
      return `the file cannot be opened (${message})`;
    case 'SQLITE_FULL':
      return 'the disk is full';
    case 'SQLITE_BUSY':
      return 'another program holds the file locked';
    case 'SQLITE_READONLY':
      return 'the file or its folder is read-only';
    default:
      return message;
  }
}

function unreadable(path: string, detail: string): AppError {
  return new AppError({ kind: 'case-unreadable', path, detail });
}

/**
 * Opens and identifies the file; nothing is written before it is known to be a case of a version this build reads, so a
 * stranger's SQLite file is never switched to WAL or otherwise touched. The caller upgrades version-1 files.
 */
export function openCaseFile(path: string, readOnly: boolean): OpenedCaseFile {
  if (!existsSync(path)) throw unreadable(path, 'the file does not exist');
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: readOnly, fileMustExist: true });
  } catch (error) {
    throw unreadable(path, sqliteCause(error));
  }
  try {
    const version = identify(db, path);
    db.pragma('foreign_keys = ON');
    // A case file may come from anyone: its schema may not call functions with side effects.
    db.pragma('trusted_schema = OFF');
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    return { db, version };
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    throw unreadable(path, sqliteCause(error));
  }
}

function identify(db: Database.Database, path: string): number {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId !== CASE_APPLICATION_ID) {
    const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
    throw unreadable(path, tables === 0 ? 'it is an empty SQLite database, not a FlowPivot case' : 'it is a SQLite database but not a FlowPivot case (its application id is not FlowPivot\'s)');
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > CASE_SCHEMA_VERSION) throw new AppError({ kind: 'case-too-new', path, version, supported: CASE_SCHEMA_VERSION });
  if (version < OLDEST_CASE_SCHEMA_VERSION) throw unreadable(path, `its schema version is ${version}, and this FlowPivot reads versions ${OLDEST_CASE_SCHEMA_VERSION} to ${CASE_SCHEMA_VERSION}`);
  const meta = readMeta(db);
  if (meta.format !== CASE_FORMAT || !meta.case_id) throw unreadable(path, 'the file is damaged: its case metadata is missing');
  return version;
}

export interface NewCaseFile {
  caseId: string;
  name: string;
  analyst: string;
  at: string;
}

/**
 * Writes a new case's schema (at `version`: tests make real version-1 files this way), its metadata and the
 * 'case-created' audit entry, in the caller's transaction.
 */
export function initialiseCaseFile(db: Database.Database, init: NewCaseFile, version: number = CASE_SCHEMA_VERSION): void {
  db.pragma(`application_id = ${CASE_APPLICATION_ID}`);
  applySchemaSteps(db, 0, version);
  writeMeta(db, { format: CASE_FORMAT, case_id: init.caseId, name: init.name, analyst: init.analyst, created_at: init.at, updated_at: init.at, schema_version: String(version) });
  appendAuditEntry(db, {
    at: init.at,
    actor: init.analyst,
    action: 'case-created',
    summary: `${init.analyst} created the case "${init.name}".`,
    detail: { caseId: init.caseId, name: init.name, analyst: init.analyst, schemaVersion: version },
  });
}

/** Creates the file (refusing any existing one), sets WAL and FULL sync, and initialises it; the handle stays open. */
export function createCaseFile(path: string, init: NewCaseFile, version: number = CASE_SCHEMA_VERSION): Database.Database {
  // A leftover -wal beside a new file would be replayed into it: refuse that too.
  if (existsSync(path) || existsSync(`${path}-wal`)) throw new AppError({ kind: 'case-exists', path });
  try {
    closeSync(openSync(path, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError({ kind: 'case-exists', path });
    throw new AppError({ kind: 'case-write-failed', path, action: 'create the case', detail: (error as Error).message });
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('trusted_schema = OFF');
    const opened = db;
    opened.transaction(() => initialiseCaseFile(opened, init, version)).immediate();
    syncFolderOf(path);
    return db;
  } catch (error) {
    db?.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    throw new AppError({ kind: 'case-write-failed', path, action: 'create the case', detail: sqliteCause(error) });
  }
}
