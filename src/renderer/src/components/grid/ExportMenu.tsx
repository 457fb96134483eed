// A grid's "Export" button: CSV or JSON, of the rows as shown (filtered and sorted) or of all rows, from a small menu
// moved through with the arrow keys (the rows' own menu).
import { useRef } from 'react';
import type { ExportFormat, ExportRows } from './gridExport';
import { menuPositionOf, RowContextMenu, useRowMenu, type RowMenuItem } from './RowContextMenu';

interface Props {
  /** data-testid of the button; the menu's items are export-csv-shown, export-csv-all, export-json-shown, export-json-all. */
  testId: string;
  /** What the rows are, plural: "flows", "sockets". */
  rows: string;
  disabled: boolean;
  onExport: (format: ExportFormat, rows: ExportRows) => void;
}

const choices: { format: ExportFormat; rows: ExportRows; label: string }[] = [
  { format: 'csv', rows: 'shown', label: 'CSV — as shown (filtered and sorted)' },
  { format: 'csv', rows: 'all', label: 'CSV — all rows' },
  { format: 'json', rows: 'shown', label: 'JSON — as shown (filtered and sorted)' },
  { format: 'json', rows: 'all', label: 'JSON — all rows' },
];

export function ExportMenu({ testId, rows, disabled, onExport }: Props) {
  const [menu, openMenu, closeMenu] = useRowMenu();
  const button = useRef<HTMLButtonElement>(null);
  // A press on the button while the menu is open closes it (the menu's click-outside): the click must not reopen it.
  const pressedWhileOpen = useRef(false);
  const open = () => {
    const items: RowMenuItem[] = choices.map((choice) => ({
      label: choice.label,
      testId: `export-${choice.format}-${choice.rows}`,
      onSelect: () => onExport(choice.format, choice.rows),
    }));
    openMenu({ ...menuPositionOf(button.current), label: `Export the ${rows}`, items });
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        data-testid={testId}
        aria-haspopup="menu"
        aria-expanded={menu !== null}
        disabled={disabled}
        onPointerDown={() => {
          pressedWhileOpen.current = menu !== null;
        }}
        onClick={() => {
          if (pressedWhileOpen.current) pressedWhileOpen.current = false;
          else if (menu) closeMenu();
          else open();
        }}
        title={`Export the ${rows} as CSV (for a spreadsheet; cells that could run as formulas are escaped) or JSON (the records as parsed)`}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      <RowContextMenu menu={menu} onClose={closeMenu} />
    </>
  );
}
