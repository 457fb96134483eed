// Exporting the flows grid, from its table rather than from rows the grid has loaded (it loads only what is in view):
// CSV of the grid's columns, cells written as AG Grid writes them and made spreadsheet-safe, or JSON of the records.
import type { ColDef, ValueGetterParams } from 'ag-grid-community';
import type { Flow } from '../../../../shared/domain';
import type { FlowTable } from '../../../../shared/flows/flowTable';
import { csvSafeText, type ExportFormat, type ExportOptions } from '../grid/gridExport';
import { saveTextParts } from '../saveFile';

/** Rows a part of the file holds: the file is built from many small strings, never one huge one. */
const ROWS_PER_PART = 2000;

function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** A column's value for `flow` as the grid exports it: its value getter's, else its field's (never the formatted text). */
function exportValue(column: ColDef<Flow>, flow: Flow, context: unknown): unknown {
  if (typeof column.valueGetter === 'function') return column.valueGetter({ data: flow, context } as ValueGetterParams<Flow>);
  return column.field === undefined ? null : flow[column.field as keyof Flow];
}

/**
 * Saves the flows at `rows` (table positions, in order) as CSV with the columns `columns` (in the grid's order, the
 * export-only ones included), or as JSON records with `about` first.
 */
export function exportFlows(table: FlowTable, rows: ArrayLike<number>, format: ExportFormat, columns: readonly ColDef<Flow>[], context: unknown, options: ExportOptions & { rowsWord: string }): void {
  const parts: string[] = [];
  if (format === 'csv') {
    parts.push(`${columns.map((column) => quoted(column.headerName ?? column.colId ?? String(column.field))).join(',')}\r\n`);
    let lines: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const flow = table.flowAt(rows[i]!);
      lines.push(columns.map((column) => quoted(csvSafeText(exportValue(column, flow, context)))).join(','));
      if (lines.length === ROWS_PER_PART) {
        parts.push(`${lines.join('\r\n')}\r\n`);
        lines = [];
      }
    }
    if (lines.length > 0) parts.push(`${lines.join('\r\n')}\r\n`);
    saveTextParts(`${options.fileName}.csv`, parts, 'text/csv');
    return;
  }
  const head = JSON.stringify({ ...options.about, rows: options.rowsWord, count: rows.length, exportedAt: new Date().toISOString() }, null, 2);
  parts.push(`${head.slice(0, -2)},\n  "records": [`);
  for (let i = 0; i < rows.length; i++) parts.push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(table.flowAt(rows[i]!), null, 2).replace(/^/gm, '    ')}`);
  parts.push(`${rows.length === 0 ? '' : '\n  '}]\n}\n`);
  saveTextParts(`${options.fileName}.json`, parts, 'application/json');
}
