// Exporting a grid's rows, the same way for every grid: CSV (through AG Grid, cells a spreadsheet could run escaped)
// or JSON (the records as parsed), either as shown (filtered and sorted) or all of the collection's rows.
import { ClientSideRowModelApiModule, ModuleRegistry, type GridApi, type ProcessCellForExportParams } from 'ag-grid-community';
import { saveTextFile } from '../saveFile';

ModuleRegistry.registerModules([ClientSideRowModelApiModule]);

export type ExportFormat = 'csv' | 'json';
/** `shown`: what passes the filters, in the grid's sort order; `all`: every row of the collection, in its order. */
export type ExportRows = 'shown' | 'all';

export interface ExportOptions {
  /** The file's name without extension (exportFileName). */
  fileName: string;
  /** CSV: the columns to write; omitted: every column, the export-only ones included. */
  columnKeys?: string[];
  /** JSON: what the rows are, written before them (source, command, time). */
  about: Record<string, unknown>;
}

/** Text that a spreadsheet would read as a formula (=, +, -, @, tab, CR first). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Addresses, process names and command lines come from the investigated network, so an attacker may choose them: a
 * cell that starts like a formula is exported with a leading apostrophe, which spreadsheets show as text (OWASP's CSV
 * injection advice). Numbers stay numbers.
 */
export function csvSafeCell(params: ProcessCellForExportParams): string {
  return csvSafeText(params.value);
}

/** A cell's value as csvSafeCell writes it: empty for none, arrays joined by spaces, formula-like text behind an apostrophe. */
export function csvSafeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return typeof value === 'number' || !formulaStart.test(text) ? text : `'${text}`;
}

/** "flows", "R1 (10.0.0.1:22)" and an ISO instant to a file name without characters file systems refuse. */
export function exportFileName(what: string, source: string, startedAt: string): string {
  const safeSource = source.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  return `${what}_${safeSource}_${startedAt.replace(/[:.]/g, '-')}`;
}

function rowsOf<Row>(api: GridApi<Row>, rows: ExportRows): Row[] {
  const records: Row[] = [];
  const take = (node: { data?: Row | undefined }) => {
    if (node.data !== undefined) records.push(node.data);
  };
  if (rows === 'shown') api.forEachNodeAfterFilterAndSort(take);
  else api.forEachNode(take);
  return records;
}

export function exportGrid<Row>(api: GridApi<Row>, format: ExportFormat, rows: ExportRows, options: ExportOptions): void {
  if (format === 'csv') {
    api.exportDataAsCsv({
      fileName: `${options.fileName}.csv`,
      exportedRows: rows === 'shown' ? 'filteredAndSorted' : 'all',
      processCellCallback: csvSafeCell,
      ...(options.columnKeys ? { columnKeys: options.columnKeys } : { allColumns: true }),
    });
    return;
  }
  const records = rowsOf(api, rows);
  const document = { ...options.about, rows: rows === 'shown' ? 'as shown (filtered and sorted)' : 'all rows', count: records.length, exportedAt: new Date().toISOString(), records };
  saveTextFile(`${options.fileName}.json`, `${JSON.stringify(document, null, 2)}\n`, 'application/json');
}
