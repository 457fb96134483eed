// Upgrading an older case file without ever writing into it: migrate a copy, keep the original as <file>.v<N>.bak.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, copyFileSync, existsSync, linkSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { CASE_SCHEMA_VERSION } from '../../shared/case/caseModel';
import { AppError } from '../../shared/errors';
import { appendAuditEntry } from './auditLog';
import { sqliteCause } from './caseFile';
import { syncFile, syncFolderOf } from './durableFiles';
import { readMeta, writeMeta } from './metaTable';
import { applySchemaSteps } from './schema';

export interface UpgradeResult {
  fromVersion: number;
  toVersion: number;
  /** Where the original now is, untouched. */
  backupPath: string;
}

/**
 * 1. Checkpoint the original so the file alone holds every commit (SQLite moves committed pages from its -wal into the
 *    file: the content is unchanged) and make sure no other program has it open.
 * 2. Copy it to a temporary file in the same folder, migrate the copy in one transaction (schema steps, version,
 *    'case-upgraded' audit entry with the original's SHA-256), close it and fsync it.
 * 3. Keep the original under the backup name (a hard link: the same bytes, no copy; a copy where links are not
 *    supported), then rename the copy over the original name and fsync the folder. At every moment the case's name
 *    holds either the original or the complete upgrade.
 */
export function upgradeOnCopy(path: string, fromVersion: number, at: string): UpgradeResult {
  const action = `upgrade the case from version ${fromVersion} to ${CASE_SCHEMA_VERSION}`;
  const fail = (detail: string) => new AppError({ kind: 'case-write-failed', path, action, detail });
  checkpointOriginal(path, fail);

  const temp = join(dirname(path), `.${basename(path)}.upgrade-${randomBytes(6).toString('hex')}.tmp`);
  let backupPath: string | null = null;
  let renamed = false;
  try {
    copyFileSync(path, temp, constants.COPYFILE_EXCL);
    const originalSha256 = fileSha256(path);
    migrateCopy(temp, fromVersion, at, { originalSha256, originalBytes: statSync(path).size, backupName: basename(backupNameFor(path, fromVersion)) });
    syncFile(temp);
    backupPath = keepOriginal(path, fromVersion);
    renameWithRetry(temp, path);
    renamed = true;
    syncFolderOf(path);
    return { fromVersion, toVersion: CASE_SCHEMA_VERSION, backupPath };
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true });
    // Before the rename the backup is only a second name (or a copy) of the untouched original.
    if (backupPath && !renamed) rmSync(backupPath, { force: true });
    if (error instanceof AppError) throw error;
    throw fail(sqliteCause(error));
  }
}

function checkpointOriginal(path: string, fail: (detail: string) => AppError): void {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw fail(sqliteCause(error));
  }
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (result && result.busy !== 0) throw fail('another program has the case open; close it and try again');
  } finally {
    db.close();
  }
  if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0) throw fail('another program has the case open; close it and try again');
}

function migrateCopy(temp: string, fromVersion: number, at: string, original: { originalSha256: string; originalBytes: number; backupName: string }): void {
  const db = new Database(temp, { fileMustExist: true });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.transaction(() => {
      applySchemaSteps(db, fromVersion, CASE_SCHEMA_VERSION);
      const analyst = readMeta(db).analyst ?? 'FlowPivot';
      writeMeta(db, { schema_version: String(CASE_SCHEMA_VERSION), updated_at: at });
      appendAuditEntry(db, {
        at,
        actor: analyst,
        action: 'case-upgraded',
        summary: `The case file was upgraded from version ${fromVersion} to ${CASE_SCHEMA_VERSION}; the original is kept as ${original.backupName}.`,
        detail: { fromVersion, toVersion: CASE_SCHEMA_VERSION, backup: original.backupName, originalSha256: original.originalSha256, originalBytes: original.originalBytes },
      });
    }).immediate();
    const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (checkpoint && checkpoint.busy !== 0) throw new Error('the upgraded copy could not be checkpointed');
  } finally {
    db.close();
  }
}

function backupNameFor(path: string, version: number, attempt = 1): string {
  return attempt === 1 ? `${path}.v${version}.bak` : `${path}.v${version}.${attempt}.bak`;
}

/** The original under the first free backup name; an existing backup is never overwritten. */
function keepOriginal(path: string, version: number): string {
  for (let attempt = 1; ; attempt++) {
    const backup = backupNameFor(path, version, attempt);
    try {
      linkSync(path, backup);
      syncFolderOf(backup);
      return backup;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS' && code !== 'EMLINK') throw error;
    }
    // No hard links here (FAT, some shares): a byte copy, made durable before the original name is reused.
    try {
      copyFileSync(path, backup, constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    syncFile(backup);
    syncFolderOf(backup);
    return backup;
  }
}

/** Windows: antivirus or the indexer may hold the file for a moment (EPERM/EBUSY); try again with back-off. */
function renameWithRetry(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 * 2 ** attempt);
    }
  }
}

function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
