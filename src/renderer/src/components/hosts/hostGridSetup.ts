// AG Grid for the host grids: the flow grids' modules and theme, plus row classes, scrolling to a row, column
// visibility and cell refresh (for the picked process), and CSV cells that a spreadsheet cannot run.
import '../flows/gridSetup';
import { ColumnApiModule, ModuleRegistry, RenderApiModule, RowStyleModule, ScrollApiModule, type ProcessCellForExportParams } from 'ag-grid-community';

ModuleRegistry.registerModules([RowStyleModule, ScrollApiModule, RenderApiModule, ColumnApiModule]);

export { flowGridTheme as hostGridTheme } from '../flows/gridSetup';

/** Text that a spreadsheet would read as a formula (=, +, -, @, tab, CR first). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Process names and command lines come from the investigated host, so an attacker may choose them: a cell that starts
 * like a formula is exported with a leading apostrophe, which spreadsheets show as text (OWASP's CSV injection advice).
 */
export function csvSafeCell(params: ProcessCellForExportParams): string {
  const value: unknown = params.value;
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return typeof value === 'number' || !formulaStart.test(text) ? text : `'${text}`;
}
