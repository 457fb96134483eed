// The flows grid over a big flow table (50,000 flows of the lab's large scenario, reviewed from a case file): the rows
// it shows after a sort, the quick filter, a column filter, at the very end, and in an export are exactly the rows the
// table gives under the same query — the grid only ever holds the rows in view.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { rowsOf, snapshot } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

const FLOWS = 50_000;
const count = (value: number) => value.toLocaleString('en-US');
const root = resolve(import.meta.dirname, '../..');

type Sort = { colId: string; sort: 'asc' | 'desc' }[];
const DESCENDING: Sort = [{ colId: 'packets', sort: 'desc' }];
const PORT_445 = { dstPort: { filterType: 'number', type: 'equals', filter: 445 } };
/** The spec's queries, as the grid will ask for them; their rows (output lines) come from the flow table itself. */
const QUERIES = {
  unsorted: { sort: [], filters: {}, quickFilter: '' },
  descending: { sort: DESCENDING, filters: {}, quickFilter: '' },
  tcp: { sort: DESCENDING, filters: {}, quickFilter: 'tcp' },
  tcp445: { sort: DESCENDING, filters: PORT_445, quickFilter: 'tcp' },
};

let dir: string;
let expected: Record<keyof typeof QUERIES, number[]>;
let preview: RunningPreview;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowpivot-e2e-scale-'));
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'tests/e2e/support/largeCase.ts'), join(dir, 'large.flowpivot'), String(FLOWS), JSON.stringify(QUERIES)], { cwd: root, encoding: 'utf8' });
  expected = JSON.parse(output) as typeof expected;
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.beforeEach(async () => {
  preview = await startPreview(['--case', join(dir, 'large.flowpivot')]);
});

test.afterEach(async () => {
  await preview.stop();
});

/** The output lines of the grid's first rows, as shown. */
async function shownLines(page: Page, rows: number): Promise<number[]> {
  const lines: number[] = [];
  for (let index = 0; index < rows; index++) lines.push(Number(await page.locator(`[data-testid="flows-grid"] .ag-row[row-index="${index}"] [col-id="line"]`).innerText()));
  return lines;
}


test('sorts, filters, scrolls to the end and exports a 50,000-flow table exactly as the table says', async ({ page }, testInfo) => {
  await page.goto(preview.launchUrl);
  await expect(page.getByTestId('flows-count')).toHaveText(`${count(FLOWS)} flows`);
  await expect.poll(() => shownLines(page, 3)).toEqual(expected.unsorted.slice(0, 3));

  // Packets, twice: descending, ties in the router's order.
  const packets = page.locator('[data-testid="flows-grid"] .ag-header-cell[col-id="packets"] .ag-header-cell-label');
  await packets.click();
  await packets.click();
  await expect.poll(() => shownLines(page, 5)).toEqual(expected.descending.slice(0, 5));

  // The quick filter, then a column filter on top: the counts and the rows of the table's own query.
  await page.getByTestId('quick-filter').fill('tcp');
  await expect(page.getByTestId('flows-count')).toHaveText(`${count(expected.tcp.length)} of ${count(FLOWS)} flows`);
  await page.getByRole('spinbutton', { name: 'Dst port Filter Input' }).fill('445');
  const filtered = expected.tcp445;
  expect(filtered.length).toBeGreaterThan(100);
  await expect(page.getByTestId('flows-count')).toHaveText(`${count(filtered.length)} of ${count(FLOWS)} flows`);
  await expect.poll(() => shownLines(page, 3)).toEqual(filtered.slice(0, 3));
  await expect(rowsOf(page, 'flows-grid').filter({ hasNot: page.locator('[col-id="dstPort"]', { hasText: /^445/ }) })).toHaveCount(0);

  // The last row, reached from the keyboard: its block is asked for only now.
  await page.locator('[data-testid="flows-grid"] .ag-row[row-index="0"] [col-id="line"]').click();
  await page.keyboard.press('Control+End');
  const last = filtered.length - 1;
  await expect(page.locator(`[data-testid="flows-grid"] .ag-row[row-index="${last}"] [col-id="line"]`)).toHaveText(String(filtered[last]));
  await snapshot(page, testInfo, 'flows-at-scale-end');

  // The export as shown: every filtered row, in the grid's order, with its header.
  await page.getByTestId('flows-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('row-menu').getByTestId('export-csv-shown').click()]);
  const path = testInfo.outputPath('flows-shown.csv');
  await download.saveAs(path);
  const csv = readFileSync(path, 'utf8').split('\r\n').filter((line) => line !== '');
  expect(csv).toHaveLength(filtered.length + 1);
  expect(csv[0]).toContain('"Line"');
  expect(csv.slice(1).map((line) => Number(JSON.parse(line.split(',')[0]!)))).toEqual(filtered);
});
