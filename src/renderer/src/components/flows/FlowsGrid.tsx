// The flow grid of the active collection: AG Grid's infinite row model over the collection's flow table (flowCache),
// sorted and filtered column-wise by its FlowView, so a million flows cost their columns and the rows in view — never
// React or zustand state. A flow picked here is the pivot for the host grids; a process or socket picked there marks
// the flows it made here. Rows with a note in the case are marked; the row menu adds one.
import './gridSetup';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, RowClassRules } from 'ag-grid-community';
import { useEffect, useMemo, useRef } from 'react';
import type { Flow } from '../../../../shared/domain';
import { flowFlags, type FlowFlag } from '../../../../shared/flags/flagRules';
import { useActions, useAppStore } from '../../store/appStore';
import { getFlowTable, getFlowView } from '../../store/flowCache';
import { flowText } from '../../store/flowText';
import { selectActiveCollection } from '../../store/selectors';
import { internalTestOf } from '../../store/settingsSlice';
import { noteDisabledReason } from '../../store/caseSlice';
import { readOnlyReason } from '../../store/readOnly';
import { useNotedFlowRows } from '../case/useNotedRows';
import { useQuickFilterText } from '../grid/collectionGrid';
import { ExportMenu } from '../grid/ExportMenu';
import { exportFileName, type ExportFormat, type ExportRows } from '../grid/gridExport';
import { usePersistedGridState } from '../grid/persistedGridState';
import { RowContextMenu, useRowMenu, ownContextMenu } from '../grid/RowContextMenu';
import { onRowContextMenu, onRowKey, useRedrawOnChange } from '../pivot/gridKeys';
import { usePivotView } from '../pivot/pivotView';
import { formatCount } from '../format';
import { flowColumns, flowDefaultColDef, isExportFormat, type FlowGridContext } from './flowColumns';
import { exportFlows } from './flowExport';
import { tableRowOf, useFlowTableGrid } from './flowTableGrid';
import { flowGridTheme } from './gridSetup';
import { QuickFilter } from '../grid/QuickFilter';

/** The columns only a flow export collection fills (shown, and exported, for those alone). */
const EXPORT_COLUMNS: readonly string[] = ['exporter', 'receivedAt'];

export function FlowsGrid() {
  const collection = useAppStore(selectActiveCollection);
  const quickFilter = useAppStore((s) => s.quickFilter);
  const pivot = useAppStore((s) => s.pivot);
  const settings = useAppStore((s) => s.settings);
  const readOnly = useAppStore(readOnlyReason);
  const noteOff = useAppStore(noteDisabledReason);
  const { setQuickFilter, pivotToFlow, clearPivot, investigateFlow, openFlagRules, askNote } = useActions();
  const [filterText, setFilterText] = useQuickFilterText(quickFilter, setQuickFilter);
  const collectionId = collection?.id ?? null;
  const view = getFlowView(collectionId, settings);
  const { gridApi, shown, gridProps, positionOf, shownRows } = useFlowTableGrid(collectionId, view, quickFilter);
  const persisted = usePersistedGridState('flows');
  const [menu, openMenu, closeMenu] = useRowMenu();
  const { linkedFlowLines } = usePivotView();
  const originLine = pivot?.kind === 'flow' && pivot.collectionId === collectionId ? pivot.line : null;

  const investigate = (flow: Flow) => {
    if (collectionId !== null && readOnly === null) void investigateFlow({ collectionId, line: flow.line });
  };
  const select = (flow: Flow) => {
    if (collectionId !== null) pivotToFlow({ collectionId, line: flow.line });
  };

  // Read by the columns, which the grid takes once; flags are worked out once per flow and rules.
  const flagsOf = useMemo(() => {
    const cache = new WeakMap<Flow, FlowFlag[]>();
    const isInternal = internalTestOf(settings);
    return (flow: Flow) => {
      let flags = cache.get(flow);
      if (!flags) {
        flags = flowFlags(flow, settings.flagRules, isInternal);
        cache.set(flow, flags);
      }
      return flags;
    };
  }, [settings]);
  const context = useRef<FlowGridContext>({ flagsOf, investigate, investigateOff: readOnly }).current;
  useEffect(() => {
    context.investigate = investigate;
  });
  useEffect(() => {
    context.investigateOff = readOnly;
    gridApi?.refreshCells({ columns: ['investigate'], force: true });
  }, [gridApi, context, readOnly]);
  useEffect(() => {
    // A new view (new rules) gives the grid a new datasource; the rendered cells follow.
    context.flagsOf = flagsOf;
    gridApi?.refreshCells({ columns: ['flags'], force: true });
  }, [gridApi, context, flagsOf]);

  // A flow export collection says per flow which exporter sent it and when it arrived.
  const exported = isExportFormat(collection?.format);
  useEffect(() => {
    gridApi?.setColumnsVisible([...EXPORT_COLUMNS], exported);
  }, [gridApi, exported]);

  // Row classes read the selection and the noted rows (table positions) through this ref.
  const noted = useNotedFlowRows(collectionId);
  const marks = useRef({ originLine, linkedFlowLines, noted });
  useEffect(() => {
    marks.current = { originLine, linkedFlowLines, noted };
  });
  const rowClassRules = useRef<RowClassRules<Flow>>({
    'row-origin': ({ data }) => data !== undefined && data.line === marks.current.originLine,
    'row-linked': ({ data }) => data !== undefined && data.line !== marks.current.originLine && marks.current.linkedFlowLines.has(data.line),
    'row-noted': ({ data }) => data !== undefined && marks.current.noted.has(tableRowOf(data)),
  }).current;
  useRedrawOnChange(gridApi, originLine, linkedFlowLines, noted);
  useEffect(() => {
    // A process or socket picked below: bring the first flow it made into view.
    if (!gridApi || originLine !== null || linkedFlowLines.size === 0) return;
    const position = positionOf((line) => linkedFlowLines.has(line));
    if (position >= 0) gridApi.ensureIndexVisible(position, 'middle');
  }, [gridApi, originLine, linkedFlowLines, positionOf]);

  const menuFor = (flow: Flow, at: { x: number; y: number }) =>
    openMenu({
      ...at,
      label: `Flow ${flowText(flow)}`,
      items: [
        { label: 'Show its sockets and processes', shortcut: 'Enter', onSelect: () => select(flow) },
        { label: 'Investigate this flow', shortcut: 'I', testId: 'menu-investigate', onSelect: () => investigate(flow), disabled: readOnly !== null, title: readOnly ?? undefined },
        {
          label: 'Add note…',
          testId: 'menu-add-note',
          onSelect: () => collectionId !== null && askNote({ kind: 'flows', collectionId, record: flow }, `Flow ${flowText(flow)}`),
          disabled: noteOff !== null,
          title: noteOff ?? 'Keep a note on this flow in the case',
        },
        { label: 'Clear the selection', shortcut: 'Esc', onSelect: clearPivot, disabled: pivot === null },
      ],
    });

  const exportRows = (format: ExportFormat, rows: ExportRows) => {
    const table = getFlowTable(collectionId);
    if (!gridApi || !collection || !table) return;
    const columns = (gridApi.getColumns() ?? []).map((column) => column.getColDef() as ColDef<Flow>).filter((column) => column.colId !== 'investigate' && (exported || !EXPORT_COLUMNS.includes(column.colId ?? '')));
    const about = { grid: 'flows', collectionId: collection.id, device: collection.device, command: collection.command, startedAt: collection.startedAt, finishedAt: collection.finishedAt, format: collection.format, parserVersion: collection.parserVersion };
    const order = rows === 'shown' ? shownRows() : Uint32Array.from({ length: table.length }, (_, row) => row);
    exportFlows(table, order, format, columns, context, { fileName: exportFileName('flows', collection.device, collection.startedAt), about, rowsWord: rows === 'shown' ? 'as shown (filtered and sorted)' : 'all rows' });
  };

  const total = collection?.flowCount ?? 0;
  return (
    <section className="flows" aria-label="Flows">
      <div className="toolbar">
        <QuickFilter
          testId="quick-filter"
          countTestId="flows-count"
          placeholder="Filter flows: address, port, service, protocol, flag…"
          label="Filter flows"
          value={filterText}
          onChange={setFilterText}
          shown={shown}
          total={total}
          rows={collection ? 'flows' : null}
        />
        {linkedFlowLines.size > 0 && originLine === null && (
          <span className="toolbar-text linked-count" data-testid="linked-flows-count">
            {formatCount(linkedFlowLines.size)} {linkedFlowLines.size === 1 ? 'flow' : 'flows'} from the selection below
          </span>
        )}
        <span className="toolbar-spacer" />
        <span className="muted small keys-hint">Enter: show its sockets · I: investigate · Esc: clear</span>
        <button type="button" data-testid="flag-rules" onClick={openFlagRules} disabled={readOnly !== null} title={readOnly ?? 'Which flows are flagged interesting, and which ranges are internal'}>
          Flag rules…
        </button>
        <ExportMenu testId="flows-export" rows="flows" disabled={!collection || !gridApi} onExport={exportRows} />
      </div>
      <div className="flows-grid" data-testid="flows-grid">
        <AgGridReact<Flow>
          {...gridProps}
          theme={flowGridTheme}
          columnDefs={flowColumns}
          defaultColDef={flowDefaultColDef}
          context={context}
          rowClassRules={rowClassRules}
          {...ownContextMenu}
          {...persisted}
          overlayNoRowsTemplate={collection ? 'No flows match the filters.' : 'No flows yet: connect a router and choose “Collect flows”.'}
          onRowClicked={(event) => event.data && select(event.data)}
          onCellKeyDown={(event) => onRowKey(event, { onEnter: select, onEscape: clearPivot, onMenu: menuFor, letters: readOnly === null ? { i: investigate } : {} })}
          onCellContextMenu={(event) => onRowContextMenu(event, menuFor)}
        />
      </div>
      <RowContextMenu menu={menu} onClose={closeMenu} />
    </section>
  );
}
