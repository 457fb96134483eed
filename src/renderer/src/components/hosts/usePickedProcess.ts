// The process picked in either host grid, shown in both: its rows marked and scrolled to, and a click on a row handed
// to the grid's pivot (a socket selects itself and its process, a process itself), which picks the process.
import { EventApiModule, ModuleRegistry, type GridApi, type RowClassRules, type RowClickedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import type { PickedProcess } from '../../store/hostsSlice';

// For the wait on a new grid's first rows below.
ModuleRegistry.registerModules([EventApiModule]);

export function usePickedProcess<Row extends { pid: number | null }>(
  gridApi: GridApi<Row> | null,
  /** The host of the grid's collection: a PID is picked on one host. */
  hostKey: string | null,
  collectionId: string | null,
  /** What a click on a row of this host does. */
  onPick: (hostKey: string, row: Row) => void,
): { rowClassRules: RowClassRules<Row>; onRowClicked: (event: RowClickedEvent<Row>) => void } {
  const picked = useAppStore((s) => s.pickedProcess);
  // Read by callbacks the grid takes once.
  const hostKeyRef = useRef<string | null>(null);
  const pickedRef = useRef<PickedProcess | null>(null);
  const onPickRef = useRef(onPick);

  useEffect(() => {
    hostKeyRef.current = hostKey;
    onPickRef.current = onPick;
  });

  useEffect(() => {
    pickedRef.current = picked;
    if (!gridApi) return;
    gridApi.redrawRows();
    if (!picked || picked.hostKey !== hostKeyRef.current) return;
    const scroll = () => gridApi.ensureNodeVisible((node) => node.data?.pid === picked.pid, 'middle');
    scroll();
    // A grid made in this same commit (the first collection of a pivot) places its rows only once it draws them, its
    // rows may be replaced (a case opened for review loads them late), and the pane may shrink as the pivot bar above
    // grows: keep the picked row in view through all three.
    const events = ['firstDataRendered', 'modelUpdated', 'gridSizeChanged'] as const;
    for (const event of events) gridApi.addEventListener(event, scroll);
    return () => {
      for (const event of events) gridApi.removeEventListener(event, scroll);
    };
  }, [gridApi, picked, collectionId]);

  const rowClassRules = useRef<RowClassRules<Row>>({
    'row-picked': (params) => {
      const current = pickedRef.current;
      return current !== null && current.hostKey === hostKeyRef.current && params.data?.pid === current.pid;
    },
  }).current;

  const onRowClicked = useCallback((event: RowClickedEvent<Row>) => {
    const host = hostKeyRef.current;
    if (event.data && host !== null) onPickRef.current(host, event.data);
  }, []);

  return { rowClassRules, onRowClicked };
}
