// AG Grid for the host grids: the flow grids' modules and theme, plus row classes, scrolling to a row, column
// visibility and cell refresh (for the picked process).
import '../flows/gridSetup';
import { ColumnApiModule, ModuleRegistry, RenderApiModule, RowStyleModule, ScrollApiModule } from 'ag-grid-community';

ModuleRegistry.registerModules([RowStyleModule, ScrollApiModule, RenderApiModule, ColumnApiModule]);

export { flowGridTheme as hostGridTheme } from '../flows/gridSetup';
