// One investigation's case file: devices, collections (raw output + records), notes and the hash-chained audit log.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  CASE_SCHEMA_VERSION,
  type AuditAction,
  type AuditEntry,
  type CaseCollection,
  type CaseCounts,
  type CaseDevice,
  type CaseFinding,
  type CaseMeta,
  type CaseNote,
  isRecordKind,
  recordSetLength,
  type CaseRecordSets,
  type CaseRecordTypes,
  type NewCollection,
  type NoteTarget,
  type RecordKind,
  type VerifyReport,
} from '../../shared/case/caseModel';
import { toolRunCollection } from '../../shared/case/evidence';
import type { Diagnostic, KillResult } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { appendAuditEntry, readAuditLog } from './auditLog';
import { createCaseFile, openCaseFile, sqliteCause } from './caseFile';
import { collectionName, insertCollectionRow, rawSha256Of, readCollectionSummaries, readRaw, readStoredCollection, updateCollectionReading, type CollectionSummary, type StoredCollection } from './collectionRows';
import { findingIssues, insertFindingRow, readFindingRows } from './findingRows';
import { caseMetaOf, readMeta, writeMeta } from './metaTable';
import { upgradeOnCopy, type UpgradeResult } from './migrations';
import { encodeRecordSet, readFlowTable, readRecords, writeRecordSet } from './recordSets';
import type { FlowTable } from '../../shared/flows/flowTable';
import { verifyCase } from './verify';

export type { CollectionSummary, UpgradeResult };

export interface CreateCaseOptions {
  name: string;
  analyst: string;
  /** The clock (tests pin it); every timestamp written is its ISO-8601 UTC reading. */
  now?: () => Date;
}

export interface OpenCaseOptions {
  /** Read-only: nothing is written, not even an upgrade (a version-1 file is refused: open it writable once). */
  readOnly?: boolean;
  now?: () => Date;
}

export interface NewNote {
  target: NoteTarget;
  text: string;
  tags: string[];
  author: string;
}

export interface NoteChanges {
  text?: string;
  tags?: string[];
}

/** What a reparse produces from a collection's raw output. */
export interface Reparsed<K extends RecordKind = RecordKind> {
  parserId: string;
  parserVersion: string;
  records: CaseRecordSets[K];
  diagnostics: Diagnostic[];
  sections: unknown;
}

export interface RecordedKill {
  /** The tool runs of the kill, each kept as a 'kill' collection (or the one already in the case with the same id). */
  collections: CollectionSummary[];
  audit: AuditEntry;
}

function summary(stored: StoredCollection): CollectionSummary {
  const { seq: _seq, ...rest } = stored;
  return rest;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

interface NoteRow {
  id: string;
  collection_id: string;
  row: number | null;
  text: string;
  tags: string;
  author: string;
  created_at: string;
  updated_at: string;
}

function noteOf(row: NoteRow): CaseNote {
  return { id: row.id, target: { collectionId: row.collection_id, row: row.row }, text: row.text, tags: JSON.parse(row.tags) as string[], author: row.author, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * A case file open for reading and writing (or reading only). Every change is one SQLite transaction, committed and
 * fsynced (WAL, synchronous=FULL) before the method returns, with its audit entry in the same transaction.
 */
export class CaseStore {
  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readonly readOnly: boolean,
    private readonly now: () => Date,
    /** The verification run when the file was opened: a tampered case still opens (it is evidence); show these. */
    readonly openReport: VerifyReport,
    /** Set when opening upgraded an older file. */
    readonly upgrade: UpgradeResult | null,
  ) {}

  /** Creates a new case file at `path`; an existing file is never overwritten. */
  static create(path: string, options: CreateCaseOptions): CaseStore {
    const now = options.now ?? (() => new Date());
    const db = createCaseFile(path, { caseId: randomUUID(), name: options.name, analyst: options.analyst, at: now().toISOString() });
    return new CaseStore(path, db, false, now, verifyCase(db), null);
  }

  /**
   * Opens a case file, upgrading an older version on a copy (the original is kept as `<file>.v<N>.bak`), and verifies
   * it. Refuses a newer version ('case-too-new') and anything that is not a readable case ('case-unreadable').
   */
  static open(path: string, options: OpenCaseOptions = {}): CaseStore {
    const readOnly = options.readOnly ?? false;
    const now = options.now ?? (() => new Date());
    let opened = openCaseFile(path, readOnly);
    let upgrade: UpgradeResult | null = null;
    if (opened.version < CASE_SCHEMA_VERSION) {
      opened.db.close();
      if (readOnly) throw new AppError({ kind: 'case-needs-upgrade', path, version: opened.version, supported: CASE_SCHEMA_VERSION });
      upgrade = upgradeOnCopy(path, opened.version, now().toISOString());
      opened = openCaseFile(path, false);
    }
    let report: VerifyReport;
    try {
      report = verifyCase(opened.db);
    } catch (error) {
      opened.db.close();
      throw new AppError({ kind: 'case-unreadable', path, detail: sqliteCause(error) });
    }
    return new CaseStore(path, opened.db, readOnly, now, report, upgrade);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- metadata and devices

  meta(): CaseMeta {
    return caseMetaOf(readMeta(this.db), this.db.pragma('user_version', { simple: true }) as number);
  }

  /** Saves a device's identity (insert or update by id). A CaseDevice has no secret, and only its named fields are stored. */
  upsertDevice(device: CaseDevice): void {
    this.write(`save the device ${device.label}`, () => this.saveDevice(device));
  }

  devices(): CaseDevice[] {
    return this.db.prepare('SELECT id, kind, label, address, port, via, os, username, host_key_fingerprint AS hostKeyFingerprint FROM devices ORDER BY rowid').all() as CaseDevice[];
  }

  // ---- collections

  /** Adds a command's output and its records, with an audit entry ('collection' or 'import') vouching for its SHA-256. */
  addCollection(collection: NewCollection, actor: string = this.analyst()): CaseCollection {
    return this.write(`add "${collection.command}" from ${collection.device}`, () => {
      const { rawSha256, recordCount, recordsSha256 } = this.insertCollection(collection, 'addCollection');
      const imported = collection.source === 'imported';
      appendAuditEntry(this.db, {
        at: this.stamp(),
        actor,
        action: imported ? 'import' : 'collection',
        summary: `${imported ? `Imported ${collection.importedFrom ?? 'a file'} as` : 'Collected'} "${collection.command}" from ${collection.device}: ${plural(recordCount, 'record')} (${collection.kind}), SHA-256 ${rawSha256}.`,
        detail: {
          collectionId: collection.id,
          deviceId: collection.deviceId,
          device: collection.device,
          command: collection.command,
          kind: collection.kind,
          tool: collection.tool,
          toolVersion: collection.toolVersion,
          startedAt: collection.startedAt,
          finishedAt: collection.finishedAt,
          exitCode: collection.exitCode,
          outcome: collection.outcome,
          importedFrom: collection.importedFrom,
          rawSha256,
          rawBytes: Buffer.byteLength(collection.raw, 'utf8'),
          recordCount,
          recordsSha256,
          parserId: collection.parserId,
          parserVersion: collection.parserVersion,
        },
      });
      const { records: _records, ...rest } = collection;
      return { ...rest, rawSha256, recordCount };
    });
  }

  /** Every collection, without its raw output (see collection(id)). */
  collections(): CollectionSummary[] {
    return readCollectionSummaries(this.db).map(summary);
  }

  /** One collection with its raw output, verbatim. */
  collection(id: string): CaseCollection {
    const stored = this.storedCollection(id);
    return { ...summary(stored), raw: readRaw(this.db, stored.seq) };
  }

  /** A collection's records, exactly as they were added (or as the last reparse produced them), in order. */
  records<K extends RecordKind = RecordKind>(collectionId: string): CaseRecordTypes[K][] {
    const stored = this.storedCollection(collectionId);
    if (!isRecordKind(stored.kind)) return [];
    return readRecords(this.db, stored.kind, stored.seq) as CaseRecordTypes[K][];
  }

  /** A flow collection's flows in columns, as kept: no record is built until one is read. */
  flowTable(collectionId: string): FlowTable {
    const stored = this.storedCollection(collectionId);
    if (stored.kind !== 'flows') throw new AppError({ kind: 'invalid-input', method: 'flowTable', issues: [`${collectionName(stored)} is a ${stored.kind} collection, not flows`] });
    return readFlowTable(this.db, stored.seq);
  }

  /** Every collection of one kind with its records, in the order the collections were added. */
  allRecords<K extends RecordKind>(kind: K): { collection: CollectionSummary; records: CaseRecordTypes[K][] }[] {
    return readCollectionSummaries(this.db)
      .filter((stored) => stored.kind === kind)
      .map((stored) => ({ collection: summary(stored), records: readRecords(this.db, kind, stored.seq) }));
  }

  /** Replaces a collection's records by what `parse` reads from its raw output (never changed); one transaction. */
  reparse<K extends RecordKind>(collectionId: string, parse: (raw: string) => Reparsed<K>, actor: string = this.analyst()): CollectionSummary {
    const stored = this.storedCollection(collectionId);
    const kind = stored.kind;
    if (!isRecordKind(kind)) throw new AppError({ kind: 'invalid-input', method: 'reparse', issues: [`${collectionName(stored)} is a ${kind} collection, which has no records to parse`] });
    const raw = readRaw(this.db, stored.seq);
    const result = parse(raw);
    return this.write(`reparse ${collectionName(stored)}`, () => {
      const recordSet = encodeRecordSet(kind, result.records);
      writeRecordSet(this.db, stored.seq, recordSet);
      const recordCount = recordSet.recordCount;
      updateCollectionReading(this.db, stored.seq, { parserId: result.parserId, parserVersion: result.parserVersion, diagnostics: result.diagnostics, sections: result.sections, recordCount });
      const reading = (parserId: string | null, parserVersion: string | null, recordCount: number, diagnostics: number) => ({ parserId, parserVersion, recordCount, diagnostics });
      appendAuditEntry(this.db, {
        at: this.stamp(),
        actor,
        action: 'reparse',
        summary: `Re-read "${stored.command}" from ${stored.device} with ${result.parserId} ${result.parserVersion} (was ${[stored.parserId ?? 'no parser', stored.parserVersion].filter(Boolean).join(' ')}): ${plural(recordCount, 'record')}, was ${stored.recordCount}.`,
        detail: {
          collectionId,
          device: stored.device,
          command: stored.command,
          rawSha256: stored.rawSha256,
          recordCount,
          recordsSha256: recordSet.sha256,
          old: reading(stored.parserId, stored.parserVersion, stored.recordCount, stored.diagnostics.length),
          new: reading(result.parserId, result.parserVersion, recordCount, result.diagnostics.length),
        },
      });
      return summary(this.storedCollection(collectionId));
    });
  }

  // ---- kills

  /**
   * Keeps every tool run of a kill as a 'kill' collection (raw = stdout) and writes ONE 'kill' audit entry with who,
   * what, why, the outcome and each run's SHA-256 — all in one transaction. A run already in the case (same id and
   * output) is referred to, not added again.
   */
  recordKill(result: KillResult, device: CaseDevice): RecordedKill {
    return this.write(`record the kill of process ${result.pid} on ${result.host}`, () => {
      this.saveDevice(device);
      const collections: CollectionSummary[] = [];
      const runs: Record<string, unknown>[] = [];
      for (const command of result.commands) {
        const existing = readStoredCollection(this.db, command.id);
        if (existing) {
          if (existing.rawSha256 !== rawSha256Of(command.stdout)) {
            throw new AppError({ kind: 'invalid-input', method: 'recordKill', issues: [`${collectionName(existing)} is already in the case with a different output`] });
          }
          collections.push(summary(existing));
        } else {
          const collection = toolRunCollection(device, command);
          this.insertCollection(collection, 'recordKill');
          collections.push(summary(this.storedCollection(command.id)));
        }
        const kept = collections.at(-1)!;
        runs.push({ id: kept.id, tool: command.tool, toolPath: command.toolPath, argv: command.argv, exitCode: command.exitCode, signal: command.signal, outcome: command.outcome, rawSha256: kept.rawSha256 });
      }
      const processName = result.process?.name ?? null;
      const audit = appendAuditEntry(this.db, {
        at: this.stamp(),
        actor: result.requestedBy,
        action: 'kill',
        summary: `${result.requestedBy} asked to stop process ${result.pid}${processName ? ` (${processName})` : ''} on ${result.host}: ${result.outcome} — ${result.message}`,
        detail: {
          hostId: result.hostId,
          host: result.host,
          deviceId: device.id,
          pid: result.pid,
          processName,
          process: result.process,
          outcome: result.outcome,
          message: result.message,
          requestedBy: result.requestedBy,
          requestedAt: result.requestedAt,
          reason: result.reason,
          collections: runs,
        },
      });
      return { collections, audit };
    });
  }

  // ---- notes

  addNote(note: NewNote): CaseNote {
    return this.write(`add a note by ${note.author}`, () => {
      const target = this.checkNoteTarget(note.target, 'addNote');
      const at = this.stamp();
      const added: CaseNote = { id: randomUUID(), target: { collectionId: note.target.collectionId, row: note.target.row }, text: note.text, tags: [...note.tags], author: note.author, createdAt: at, updatedAt: at };
      this.db
        .prepare('INSERT INTO notes (id, collection_id, row, text, tags, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(added.id, added.target.collectionId, added.target.row, added.text, JSON.stringify(added.tags), added.author, at, at);
      appendAuditEntry(this.db, {
        at,
        actor: note.author,
        action: 'note',
        summary: `${note.author} added a note on ${target}.`,
        detail: { noteId: added.id, change: 'added', target: added.target, oldText: null, newText: added.text, oldTags: null, newTags: added.tags },
      });
      return added;
    });
  }

  updateNote(id: string, changes: NoteChanges, actor: string = this.analyst()): CaseNote {
    return this.write(`change note ${id}`, () => {
      const row = this.db.prepare('SELECT * FROM notes WHERE id = ?').get(id) as NoteRow | undefined;
      if (!row) throw new AppError({ kind: 'not-found', what: 'note', id });
      const before = noteOf(row);
      const at = this.stamp();
      const after: CaseNote = { ...before, text: changes.text ?? before.text, tags: changes.tags ? [...changes.tags] : before.tags, updatedAt: at };
      this.db.prepare('UPDATE notes SET text = ?, tags = ?, updated_at = ? WHERE id = ?').run(after.text, JSON.stringify(after.tags), at, id);
      appendAuditEntry(this.db, {
        at,
        actor,
        action: 'note',
        summary: `${actor} changed a note on ${this.noteTargetName(before.target)}.`,
        detail: { noteId: id, change: 'edited', target: before.target, oldText: before.text, newText: after.text, oldTags: before.tags, newTags: after.tags },
      });
      return after;
    });
  }

  /** Notes, oldest first; only those on one collection when `collectionId` is given. */
  notes(collectionId?: string): CaseNote[] {
    const rows = (collectionId === undefined
      ? this.db.prepare('SELECT * FROM notes ORDER BY rowid').all()
      : this.db.prepare('SELECT * FROM notes WHERE collection_id = ? ORDER BY rowid').all(collectionId)) as NoteRow[];
    return rows.map(noteOf);
  }

  // ---- findings

  /** Keeps a chain the analyst marked (flow → socket → process) with the fields shown at the time; audited as 'finding'. */
  addFinding(input: Omit<CaseFinding, 'id' | 'markedAt'>): CaseFinding {
    return this.write(`mark a finding by ${input.markedBy}`, () => {
      const issues = findingIssues(this.db, input);
      if (issues.length > 0) throw new AppError({ kind: 'invalid-input', method: 'addFinding', issues });
      const finding: CaseFinding = { id: randomUUID(), markedAt: this.stamp(), markedBy: input.markedBy, note: input.note, flow: input.flow, connection: input.connection, process: input.process };
      insertFindingRow(this.db, finding);
      const { flow, connection, process } = finding;
      appendAuditEntry(this.db, {
        at: finding.markedAt,
        actor: finding.markedBy,
        action: 'finding',
        summary: `${finding.markedBy} marked the flow ${flow.srcAddr}:${flow.srcPort} → ${flow.dstAddr}:${flow.dstPort} seen by ${flow.device}${process ? ` as coming from process ${process.pid} (${process.name}) on ${process.host}` : connection ? ` as carried by a socket on ${connection.host}` : ''} as a finding.`,
        detail: { findingId: finding.id, note: finding.note, flow, connection, process },
      });
      return finding;
    });
  }

  findings(): CaseFinding[] {
    return readFindingRows(this.db);
  }

  // ---- audit, counts, verification

  /** Appends an entry for what other parts of FlowPivot do with the case (exports, host-key decisions). */
  appendAudit(action: AuditAction, summaryText: string, detail: Record<string, unknown>, actor: string): AuditEntry {
    return this.write(`write the audit entry "${summaryText}"`, () => appendAuditEntry(this.db, { at: this.stamp(), actor, action, summary: summaryText, detail }));
  }

  audit(): AuditEntry[] {
    return readAuditLog(this.db);
  }

  counts(): CaseCounts {
    const kinds = Object.fromEntries(
      (this.db.prepare('SELECT kind, count(*) AS collections, sum(record_count) AS records FROM collections GROUP BY kind').all() as { kind: string; collections: number; records: number }[]).map((row) => [row.kind, row]),
    );
    const collections = Object.values(kinds).reduce((sum, row) => sum + row.collections, 0);
    return {
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      collections,
      flows: kinds.flows?.records ?? 0,
      connections: kinds.connections?.records ?? 0,
      processes: kinds.processes?.records ?? 0,
      auditEntries: this.db.prepare('SELECT count(*) FROM audit').pluck().get() as number,
    };
  }

  /** SQLite's integrity check, every raw output against its SHA-256 and its audit entry, and the audit chain. */
  verify(): VerifyReport {
    return verifyCase(this.db);
  }

  // ---- inside transactions

  /** One change: refused when read-only; one IMMEDIATE transaction that also stamps meta.updated_at; SQLite's failures in words. */
  private write<T>(action: string, body: () => T): T {
    if (this.readOnly) throw new AppError({ kind: 'case-read-only', path: this.path, action });
    try {
      return this.db
        .transaction(() => {
          const result = body();
          writeMeta(this.db, { updated_at: this.stamp() });
          return result;
        })
        .immediate();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError({ kind: 'case-write-failed', path: this.path, action, detail: sqliteCause(error) });
    }
  }

  private insertCollection(collection: NewCollection, method: string): { rawSha256: string; recordCount: number; recordsSha256: string | null } {
    const issues: string[] = [];
    if (collection.kind !== 'kill' && collection.kind !== 'terminal' && !isRecordKind(collection.kind)) issues.push(`unknown collection kind "${String(collection.kind)}"`);
    if (collection.kind === 'kill' && recordSetLength(collection.records) > 0) issues.push('a kill collection has no records');
    if (collection.kind === 'terminal' && recordSetLength(collection.records) > 0) issues.push('a terminal collection has no records');
    if (typeof collection.raw !== 'string') issues.push('the raw output is missing');
    if (readStoredCollection(this.db, collection.id)) issues.push(`collection ${collection.id} is already in the case`);
    if (collection.deviceId !== null && !this.db.prepare('SELECT 1 FROM devices WHERE id = ?').get(collection.deviceId)) issues.push(`device ${collection.deviceId} is not in the case (save it with upsertDevice first)`);
    if (issues.length > 0) throw new AppError({ kind: 'invalid-input', method, issues });
    const rawSha256 = rawSha256Of(collection.raw);
    const recordCount = recordSetLength(collection.records);
    const seq = insertCollectionRow(this.db, collection, rawSha256, recordCount);
    if (!isRecordKind(collection.kind)) return { rawSha256, recordCount, recordsSha256: null };
    const recordSet = encodeRecordSet(collection.kind, collection.records as CaseRecordSets[RecordKind]);
    writeRecordSet(this.db, seq, recordSet);
    return { rawSha256, recordCount, recordsSha256: recordSet.sha256 };
  }

  private saveDevice(device: CaseDevice): void {
    this.db
      .prepare(
        `INSERT INTO devices (id, kind, label, address, port, via, os, username, host_key_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, label = excluded.label, address = excluded.address, port = excluded.port, via = excluded.via,
           os = excluded.os, username = excluded.username, host_key_fingerprint = excluded.host_key_fingerprint`,
      )
      .run(device.id, device.kind, device.label, device.address, device.port, device.via, device.os, device.username, device.hostKeyFingerprint);
  }

  private checkNoteTarget(target: NoteTarget, method: string): string {
    const stored = readStoredCollection(this.db, target.collectionId);
    if (!stored) throw new AppError({ kind: 'not-found', what: 'collection', id: target.collectionId });
    if (target.row !== null && (!Number.isInteger(target.row) || target.row < 0 || target.row >= stored.recordCount)) {
      throw new AppError({ kind: 'invalid-input', method, issues: [`row ${target.row} is not a row of ${collectionName(stored)} (it has ${plural(stored.recordCount, 'record')})`] });
    }
    return this.noteTargetName(target);
  }

  private noteTargetName(target: NoteTarget): string {
    const stored = readStoredCollection(this.db, target.collectionId);
    const name = stored ? `"${stored.command}" from ${stored.device}` : `collection ${target.collectionId}`;
    return target.row === null ? name : `row ${target.row + 1} of ${name}`;
  }

  private storedCollection(id: string): StoredCollection {
    const stored = readStoredCollection(this.db, id);
    if (!stored) throw new AppError({ kind: 'not-found', what: 'collection', id });
    return stored;
  }

  private analyst(): string {
    return readMeta(this.db).analyst ?? '';
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
