// AG Grid for FlowPivot: only the modules the flow grids use, and one compact light theme.
import {
  CellStyleModule,
  ClientSideRowModelModule,
  CsvExportModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  NumberFilterModule,
  QuickFilterModule,
  RowApiModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  themeQuartz,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  // The flows grid: rows from the flow table, a block at a time.
  InfiniteRowModelModule,
  RowApiModule,
  CellStyleModule,
  TextFilterModule,
  NumberFilterModule,
  QuickFilterModule,
  TooltipModule,
  CsvExportModule,
  // Names the missing module when a grid option needs one; development builds only.
  ...(import.meta.env.DEV ? [ValidationModule] : []),
]);

export const flowGridTheme = themeQuartz.withParams({
  browserColorScheme: 'light',
  fontFamily: 'inherit',
  fontSize: 12,
  headerFontSize: 12,
  headerFontWeight: 600,
  spacing: 4,
  rowHeight: 24,
  headerHeight: 28,
  cellHorizontalPadding: 8,
  wrapperBorderRadius: 0,
  borderRadius: 2,
  wrapperBorder: false,
  accentColor: '#2563eb',
  foregroundColor: '#1f2328',
  backgroundColor: '#ffffff',
  headerBackgroundColor: '#f3f4f6',
  oddRowBackgroundColor: '#fafafa',
  borderColor: '#d9dce1',
  rowBorder: { color: '#eceef1' },
});
