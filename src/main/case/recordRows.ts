// Records of a collection in and out of version 1–2's per-kind tables: batched prepared inserts, reads in the parser's
// order. The upgrade to version 3 reads them; tests write old files with them.
import type Database from 'better-sqlite3';
import type { CaseRecordTypes, RecordKind } from '../../shared/case/caseModel';
import { recordTables, type RecordTable } from './recordTables';

/** Rows per INSERT: binding one statement of many rows costs far less than many one-row calls. */
const BATCH_ROWS = 32;
const READ_PAGE_ROWS = 4096;

/**
 * One string object per distinct value: SQLite hands back a fresh string for every cell, and a million flows repeat the
 * same interfaces, services and hex codes. Sharing them keeps the records small and the garbage collector's work down.
 */
class StringPool {
  private readonly strings = new Map<string, string>();

  intern(value: unknown): unknown {
    if (typeof value !== 'string') return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size < 100_000) this.strings.set(value, value);
    return value;
  }
}

export class RecordRows {
  private readonly inserts = new Map<string, Database.Statement>();
  private readonly reads = new Map<RecordKind, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Inserts `records` as rows 0..n-1 of the collection; the caller holds the transaction. */
  insert<K extends RecordKind>(kind: K, collectionSeq: number, records: readonly CaseRecordTypes[K][]): void {
    const table = recordTables[kind] as RecordTable<CaseRecordTypes[K]>;
    const width = table.columns.length + 2;
    const full = this.insertStatement(table, BATCH_ROWS);
    const params: unknown[] = new Array(width * BATCH_ROWS);
    let filled = 0;
    for (let row = 0; row < records.length; row++) {
      const at = filled * width;
      params[at] = collectionSeq;
      params[at + 1] = row;
      table.write(records[row]!, params, at + 2);
      if (++filled === BATCH_ROWS) {
        full.run(params);
        filled = 0;
      }
    }
    if (filled > 0) this.insertStatement(table, filled).run(params.slice(0, filled * width));
  }

  /** The collection's records, in the order they were added. */
  read<K extends RecordKind>(kind: K, collectionSeq: number): CaseRecordTypes[K][] {
    const table = recordTables[kind] as RecordTable<CaseRecordTypes[K]>;
    let statement = this.reads.get(kind);
    if (!statement) {
      // Keyset pages: fewer calls across the binding than one per row, and no million row arrays alive at once.
      statement = this.db.prepare(`SELECT ${table.columns.join(', ')}, row FROM ${table.table} WHERE collection = ? AND row > ? ORDER BY row LIMIT ${READ_PAGE_ROWS}`).raw();
      this.reads.set(kind, statement);
    }
    const records: CaseRecordTypes[K][] = [];
    const strings = new StringPool();
    const rowColumn = table.columns.length;
    for (let after = -1; ; ) {
      const page = statement.all(collectionSeq, after) as unknown[][];
      for (const row of page) {
        for (const column of table.repetitive) row[column] = strings.intern(row[column]);
        records.push(table.read(row));
      }
      if (page.length < READ_PAGE_ROWS) break;
      after = page[page.length - 1]![rowColumn] as number;
    }
    return records;
  }

  private insertStatement(table: Pick<RecordTable<unknown>, 'table' | 'columns'>, rows: number): Database.Statement {
    const key = `${table.table}:${rows}`;
    let statement = this.inserts.get(key);
    if (!statement) {
      const tuple = `(${new Array(table.columns.length + 2).fill('?').join(', ')})`;
      statement = this.db.prepare(`INSERT INTO ${table.table} (collection, row, ${table.columns.join(', ')}) VALUES ${new Array(rows).fill(tuple).join(', ')}`);
      this.inserts.set(key, statement);
    }
    return statement;
  }
}
