// The linked grids' keys, the same in every grid: the arrows move (AG Grid's own), Enter pivots on the focused row, Esc
// clears the selection, the Menu key or Shift+F10 opens the row's menu, and a grid's own letters (I: investigate).
import { ColumnApiModule, ModuleRegistry, RenderApiModule, RowStyleModule, ScrollApiModule, type CellContextMenuEvent, type CellKeyDownEvent, type FullWidthCellKeyDownEvent, type GridApi } from 'ag-grid-community';
import { useEffect } from 'react';
import { isMenuKey, menuPositionOf } from '../grid/RowContextMenu';

// What every linked grid uses: row classes for the selection, scrolling to a row, redrawing rows, its columns.
ModuleRegistry.registerModules([RowStyleModule, ScrollApiModule, RenderApiModule, ColumnApiModule]);

export interface RowKeyHandlers<Row> {
  onEnter: (row: Row) => void;
  onEscape: () => void;
  onMenu: (row: Row, at: { x: number; y: number }) => void;
  /** Single keys (lower case) and what they do to the focused row. */
  letters?: Record<string, (row: Row) => void>;
}

export function onRowKey<Row>(event: CellKeyDownEvent<Row> | FullWidthCellKeyDownEvent<Row>, handlers: RowKeyHandlers<Row>): void {
  const key = event.event;
  if (!(key instanceof KeyboardEvent) || !event.data) return;
  if (key.key === 'Enter') handlers.onEnter(event.data);
  else if (key.key === 'Escape') handlers.onEscape();
  else if (isMenuKey(key)) handlers.onMenu(event.data, menuPositionOf(key.target));
  else {
    const letter = !key.ctrlKey && !key.metaKey && !key.altKey ? handlers.letters?.[key.key.toLowerCase()] : undefined;
    if (!letter) return;
    letter(event.data);
  }
  key.preventDefault();
}

/** The row's menu at the pointer, instead of the browser's. */
export function onRowContextMenu<Row>(event: CellContextMenuEvent<Row>, open: (row: Row, at: { x: number; y: number }) => void): void {
  const pointer = event.event;
  if (!event.data || !(pointer instanceof MouseEvent)) return;
  pointer.preventDefault();
  open(event.data, { x: pointer.clientX, y: pointer.clientY });
}

/** Row classes read the selection through refs: draw the shown rows again when it changes. */
export function useRedrawOnChange(gridApi: GridApi | null, ...deps: unknown[]): void {
  useEffect(() => {
    gridApi?.redrawRows();
  }, [gridApi, ...deps]);
}
