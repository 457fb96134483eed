// The case file's tables, version by version: a new file replays every step, an old one the steps it lacks.
import type Database from 'better-sqlite3';
import { FlowTable } from '../../shared/flows/flowTable';
import type { Flow } from '../../shared/domain';
import { RecordRows } from './recordRows';
import { encodeRecordSet, writeRecordSet } from './recordSets';

/** SQLite header field that marks a FlowPivot case ("FPCS"), so another SQLite file is never taken for one. */
export const CASE_APPLICATION_ID = 0x46504353;

/** The oldest version this build can upgrade. */
export const OLDEST_CASE_SCHEMA_VERSION = 1;

/**
 * Version 1, frozen as first shipped: never edit it, add a step instead (files written by it exist).
 * - Record tables have typed columns, one per field of Flow / Connection / ProcessEntry; arrays are JSON text, and
 *   fields a parser adds beyond those (a FlexibleNetflowFlow's `extra`, PsList's memory columns) go to `extra` (JSON).
 *   Record values carry no NOT NULL: records are derived from `raw` and are never refused for a parser's slip.
 * - Records are keyed by (collection, row) with no rowid: one b-tree, rows in the parser's order.
 * - The triggers make audit entries and a collection's evidence write-once; only a tool that drops them can alter
 *   those, and the hash chain and the audited SHA-256 of each raw output show it.
 */
const VERSION_1: readonly string[] = [
  `CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  )`,
  `CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('router', 'host')),
    label TEXT NOT NULL,
    address TEXT NOT NULL,
    port INTEGER,
    via TEXT,
    os TEXT,
    username TEXT,
    host_key_fingerprint TEXT
  )`,
  `CREATE TABLE collections (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    device_id TEXT REFERENCES devices(id),
    device TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flows', 'connections', 'processes', 'kill')),
    source TEXT NOT NULL CHECK (source IN ('collected', 'imported')),
    command TEXT NOT NULL,
    tool TEXT NOT NULL,
    tool_version TEXT,
    argv TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    exit_code INTEGER,
    outcome TEXT NOT NULL,
    raw TEXT NOT NULL,
    raw_sha256 TEXT NOT NULL,
    stderr TEXT,
    parser_id TEXT,
    parser_version TEXT,
    imported_from TEXT,
    diagnostics TEXT NOT NULL,
    sections TEXT NOT NULL,
    record_count INTEGER NOT NULL
  )`,
  `CREATE TABLE flows (
    collection INTEGER NOT NULL REFERENCES collections(seq),
    row INTEGER NOT NULL,
    line INTEGER,
    src_if TEXT,
    src_addr TEXT,
    dst_if TEXT,
    dst_addr TEXT,
    protocol INTEGER,
    protocol_hex TEXT,
    protocol_name TEXT,
    src_port INTEGER,
    src_port_hex TEXT,
    src_service TEXT,
    dst_port INTEGER,
    dst_port_hex TEXT,
    dst_service TEXT,
    packets INTEGER,
    bytes INTEGER,
    tos INTEGER,
    flags INTEGER,
    src_mask INTEGER,
    dst_mask INTEGER,
    src_as INTEGER,
    dst_as INTEGER,
    next_hop TEXT,
    active_sec REAL,
    marks TEXT,
    extra TEXT,
    PRIMARY KEY (collection, row)
  ) WITHOUT ROWID`,
  `CREATE TABLE connections (
    collection INTEGER NOT NULL REFERENCES collections(seq),
    row INTEGER NOT NULL,
    line INTEGER,
    proto TEXT,
    local_addr TEXT,
    local_port INTEGER,
    remote_addr TEXT,
    remote_port INTEGER,
    state TEXT,
    pid INTEGER,
    process TEXT,
    components TEXT,
    marks TEXT,
    extra TEXT,
    PRIMARY KEY (collection, row)
  ) WITHOUT ROWID`,
  `CREATE TABLE processes (
    collection INTEGER NOT NULL REFERENCES collections(seq),
    row INTEGER NOT NULL,
    line INTEGER,
    name TEXT,
    pid INTEGER,
    ppid INTEGER,
    priority INTEGER,
    threads INTEGER,
    handles INTEGER,
    private_kb INTEGER,
    cpu_sec REAL,
    elapsed_sec REAL,
    depth INTEGER,
    user TEXT,
    started_at TEXT,
    command_line TEXT,
    extra TEXT,
    PRIMARY KEY (collection, row)
  ) WITHOUT ROWID`,
  `CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    collection_id TEXT NOT NULL REFERENCES collections(id),
    row INTEGER,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE INDEX notes_by_collection ON notes (collection_id, row)`,
  `CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  )`,
  `CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: an entry cannot be changed'); END`,
  `CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: an entry cannot be deleted'); END`,
  `CREATE TRIGGER collections_evidence_write_once
    BEFORE UPDATE OF seq, id, device_id, device, kind, source, command, tool, tool_version, argv, started_at, finished_at, exit_code, outcome, raw, raw_sha256, stderr, imported_from ON collections
    BEGIN SELECT RAISE(ABORT, 'a collection''s evidence (raw output, its SHA-256, how and when it was obtained) is write-once'); END`,
  `CREATE TRIGGER collections_no_delete BEFORE DELETE ON collections
    BEGIN SELECT RAISE(ABORT, 'collections are evidence: they cannot be deleted'); END`,
];

/**
 * Version 2: notes carry tags; findings (a flow → socket → process chain the analyst marked) get their table, the rows
 * they point at as typed columns (kept honest by foreign keys) and the fields shown at the time as JSON.
 */
const VERSION_2: readonly string[] = [
  `ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'`,
  `CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    marked_at TEXT NOT NULL,
    marked_by TEXT NOT NULL,
    note TEXT NOT NULL,
    flow_collection_id TEXT NOT NULL REFERENCES collections(id),
    flow_row INTEGER NOT NULL,
    connection_collection_id TEXT REFERENCES collections(id),
    connection_row INTEGER,
    process_collection_id TEXT REFERENCES collections(id),
    process_row INTEGER,
    flow TEXT NOT NULL,
    connection TEXT,
    process TEXT
  )`,
];

/**
 * Version 3: a collection's records are one blob each in record_sets (recordSets.ts: flows as their table's columns,
 * the other kinds as JSON rows) with its SHA-256 — a million flows are written and read in one piece instead of
 * 28 million bound values. Version 2's record tables are moved there and dropped.
 */
const VERSION_3: readonly SchemaStatement[] = [
  `CREATE TABLE record_sets (
    collection INTEGER PRIMARY KEY REFERENCES collections(seq),
    encoding TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL
  )`,
  (db) => {
    const rows = new RecordRows(db);
    const collections = db.prepare("SELECT seq, kind FROM collections WHERE kind IN ('flows', 'connections', 'processes') ORDER BY seq").all() as { seq: number; kind: 'flows' | 'connections' | 'processes' }[];
    for (const { seq, kind } of collections) {
      const records = rows.read(kind, seq);
      writeRecordSet(db, seq, kind === 'flows' ? encodeRecordSet('flows', FlowTable.fromFlows(records as Flow[]).data) : encodeRecordSet(kind, records as never));
    }
  },
  'DROP TABLE flows',
  'DROP TABLE connections',
  'DROP TABLE processes',
];

/**
 * Version 4: collections of kind 'terminal' (a terminal session's transcript, no records). Only the CHECK on
 * collections.kind changes, which does not touch how rows are stored on disk, so the table's SQL text is edited in
 * place as SQLite documents for such changes (https://sqlite.org/lang_altertable.html#otheralter) instead of rebuilding
 * a table that findings, notes and record sets refer to (a rebuild would trip their foreign keys).
 */
const VERSION_4: readonly SchemaStatement[] = [
  (db) => {
    const before = "CHECK (kind IN ('flows', 'connections', 'processes', 'kill'))";
    const after = "CHECK (kind IN ('flows', 'connections', 'processes', 'kill', 'terminal'))";
    const schemaVersion = db.pragma('schema_version', { simple: true }) as number;
    // better-sqlite3 opens in defensive mode, which forbids writing sqlite_schema: lifted for this one statement.
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      const changed = db.prepare("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'collections'").run(before, after).changes;
      if (changed !== 1) throw new Error('the collections table of this case file is not the one version 3 wrote');
      db.pragma(`schema_version = ${schemaVersion + 1}`);
    } finally {
      db.pragma('writable_schema = OFF');
      db.unsafeMode(false);
    }
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'collections'").pluck().get() as string;
    if (!sql.includes(after)) throw new Error('the collections table could not be given the terminal kind');
  },
];

/** A step's statement: SQL, or a function for what SQL alone cannot do (re-encoding records). */
type SchemaStatement = string | ((db: Database.Database) => void);

/** steps[v] takes a file from version v-1 (nothing, for v = 1) to version v. */
const STEPS: Readonly<Record<number, readonly SchemaStatement[]>> = { 1: VERSION_1, 2: VERSION_2, 3: VERSION_3, 4: VERSION_4 };

/**
 * Runs the steps from `from` (0: an empty file) up to `to` and records `to` in the header. The caller holds the
 * transaction, so a file is at one version or the other, never between.
 */
export function applySchemaSteps(db: Database.Database, from: number, to: number): void {
  for (let version = from + 1; version <= to; version++) {
    const step = STEPS[version];
    if (!step) throw new Error(`no schema step to version ${version}`);
    for (const statement of step) {
      if (typeof statement === 'string') db.exec(statement);
      else statement(db);
    }
  }
  db.pragma(`user_version = ${to}`);
}
