// Parsed records as CSV (RFC 4180): one header row of field names, one row per record, for scripts and spreadsheets.

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Columns are the union of the records' own keys, in first-seen order; arrays are joined with spaces, null is empty. */
export function recordsToCsv(records: readonly object[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const rows = records.map((record) => columns.map((column) => cell((record as Record<string, unknown>)[column])).join(','));
  return `${[columns.join(','), ...rows].join('\r\n')}\r\n`;
}
