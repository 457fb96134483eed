// A grid's quick-filter box and the count beside it ("12 of 31 flows"), the same in every grid.
import { formatCount } from '../format';

interface Props {
  /** data-testid of the box and of the count. */
  testId: string;
  countTestId: string;
  placeholder: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  shown: number;
  total: number;
  /** What the rows are, plural ("flows", "sockets"); null hides the count (nothing collected yet). */
  rows: string | null;
}

/** "31 flows", or "12 of 31 flows" while a filter hides some. */
export function shownCount(shown: number, total: number, rows: string): string {
  return shown === total ? `${formatCount(total)} ${rows}` : `${formatCount(shown)} of ${formatCount(total)} ${rows}`;
}

export function QuickFilter({ testId, countTestId, placeholder, label, value, onChange, shown, total, rows }: Props) {
  return (
    <>
      <input type="search" className="quick-filter" data-testid={testId} placeholder={placeholder} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />
      <span className="toolbar-text" aria-live="polite" data-testid={countTestId}>
        {rows === null ? '' : shownCount(shown, total, rows)}
      </span>
    </>
  );
}
