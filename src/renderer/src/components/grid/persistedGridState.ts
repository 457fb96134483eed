// Each grid's column order, widths, sort and filters, kept in this browser's storage and given back at the next start.
import { GridStateModule, ModuleRegistry, type GridState, type StateUpdatedEvent } from 'ag-grid-community';
import { useCallback, useState } from 'react';

ModuleRegistry.registerModules([GridStateModule]);

const storagePrefix = 'flowpivot.grid.';
/** What is kept: the analyst's arrangement, not the rows' focus or scroll, nor visibility (set from the data). */
const keptParts = ['columnOrder', 'columnSizing', 'sort', 'filter'] as const satisfies readonly (keyof GridState)[];

function readState(gridName: string): GridState | undefined {
  try {
    const text = localStorage.getItem(storagePrefix + gridName);
    return text === null ? undefined : (JSON.parse(text) as GridState);
  } catch (error) {
    // Storage switched off or a hand-edited entry: the grid starts with its defaults, and says why in the console.
    console.warn(`The saved columns of the ${gridName} grid could not be read; using the defaults.`, error);
    return undefined;
  }
}

function writeState(gridName: string, state: GridState): void {
  const kept: GridState = {};
  for (const part of keptParts) if (state[part] !== undefined) Object.assign(kept, { [part]: state[part] });
  try {
    localStorage.setItem(storagePrefix + gridName, JSON.stringify(kept));
  } catch (error) {
    console.warn(`The columns of the ${gridName} grid could not be saved.`, error);
  }
}

/** The grid's `initialState` (read once, at mount) and the `onStateUpdated` handler that saves what the analyst changes. */
export function usePersistedGridState(gridName: string): { initialState: GridState | undefined; onStateUpdated: (event: StateUpdatedEvent) => void } {
  const [initialState] = useState(() => readState(gridName));
  const onStateUpdated = useCallback(
    (event: StateUpdatedEvent) => {
      if (event.sources.some((source) => (keptParts as readonly string[]).includes(source))) writeState(gridName, event.state);
    },
    [gridName],
  );
  return { initialState, onStateUpdated };
}
