// The UI rows of `npm run bench`: the flows grid in Debian's Chromium (Playwright) against the real browser preview,
// reviewing a case of N flows — time from opening the window to the first rows painted, a sort by packets and a quick
// filter, each until the grid shows the result the table says it must, and the renderer's memory after.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CaseStore } from '../../src/main/case/caseStore';
import { internalAddressTest, internalIpv4Test } from '../../src/shared/correlation/internalRanges';
import { DEFAULT_FLAG_RULES } from '../../src/shared/flags/flagRules';
import { flowFlagMasks } from '../../src/shared/flows/flowFlagMasks';
import { FlowView, type FlowQuery } from '../../src/shared/flows/flowQuery';
import { FlowTable, type FlowTableData } from '../../src/shared/flows/flowTable';
import { importText } from '../../src/shared/case/importText';
import { startPreview } from '../../tests/e2e/previewProcess';
import { parseArgs } from 'node:util';
import { below, formatCount, median, NO_TARGET, numberOption, runSectionIfMain, type BenchRow } from './benchTable';
import { ensureAppBuilt } from './appBuild';
import { flowCacheCapture } from './captures';

export interface UiBenchOptions {
  /** Flow counts of the cases reviewed. */
  sizes?: number[];
  /** Fresh windows per size (each sorts and filters once: a view's caches never serve a measurement). */
  runs?: number;
  /** The quick filter's text. */
  filter?: string;
}

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const GRID = '[data-testid="flows-grid"]';

// The page scripts are text: the TypeScript loader names functions with a helper the page does not have.

/** Marks, in the page, when the first flow rows were painted (two frames after they are in the document). */
const FIRST_ROWS_PROBE = `
  window.__flowpivotBench = { firstRows: null };
  const observer = new MutationObserver(() => {
    if (document.querySelector('${GRID} .ag-row [col-id="line"]')?.textContent) {
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => (window.__flowpivotBench.firstRows = performance.now())));
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
`;

/**
 * In the page: sorts by packets (a header click) or types the quick filter, then waits frame by frame until the grid
 * shows what the table says it must, and resolves with the ms in between (after a paint).
 */
const TIME_IN_PAGE = `(async ({ action, lines, word, count }) => new Promise((done, fail) => {
  const grid = document.querySelector('${GRID}');
  const firstLines = () => [0, 1].map((index) => grid.querySelector('.ag-row[row-index="' + index + '"] [col-id="line"]')?.textContent ?? '').join(',');
  const shown = () => document.querySelector('[data-testid="flows-count"]')?.textContent ?? '';
  const holds = action === 'sort-packets' ? () => firstLines() === lines.join(',') : () => shown() === count;
  const started = performance.now();
  if (action === 'sort-packets') grid.querySelector('.ag-header-cell[col-id="packets"] .ag-header-cell-label').click();
  else {
    const input = document.querySelector('[data-testid="quick-filter"]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, word);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const check = () => {
    if (holds()) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
    else if (performance.now() - started > 60000) fail(new Error(action + ': the grid never showed the expected result (' + (action === 'sort-packets' ? firstLines() : shown()) + ')'));
    else requestAnimationFrame(check);
  };
  check();
}))`;

async function timeInPage(page: Page, argument: { action: 'sort-packets' | 'quick-filter'; lines?: number[]; word?: string; count?: string }): Promise<number> {
  return page.evaluate(`${TIME_IN_PAGE}(${JSON.stringify(argument)})`) as Promise<number>;
}

/** The renderer processes' resident memory (MB), read from /proc by the pids Chromium reports. */
async function rendererResidentMegabytes(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  let kilobytes = 0;
  for (const { id } of processInfo.filter((info) => info.type === 'renderer')) {
    const status = readFileSync(`/proc/${id}/status`, 'utf8');
    kilobytes += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kilobytes / 1024;
}

/** The bytes of a flow table's typed-array columns, in MB. */
function tableMegabytes(table: FlowTable): number {
  return Object.values(table.data).reduce((sum: number, value) => sum + (ArrayBuffer.isView(value) ? value.byteLength : 0), 0) / 1e6;
}

interface Measured {
  firstRows: number[];
  sort: number[];
  filter: number[];
  heap: number[];
  resident: number[];
}

export async function uiBench(options: UiBenchOptions = {}): Promise<BenchRow[]> {
  const sizes = options.sizes ?? [100_000, 1_000_000];
  const runs = options.runs ?? 3;
  const word = options.filter ?? '445';
  if (!existsSync(CHROMIUM)) {
    return [{ area: 'ui', benchmark: 'flows grid in Chromium', input: '—', runs: 0, seconds: null, rate: '', ...NO_TARGET, note: `${CHROMIUM} is missing: apt-get install chromium` }];
  }
  ensureAppBuilt();
  const rows: BenchRow[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    for (const size of sizes) {
      const dir = mkdtempSync(join(tmpdir(), 'flowpivot-bench-ui-'));
      try {
        // The case a review window opens: the lab large scenario's flows, as collected.
        const text = flowCacheCapture(size);
        const casePath = join(dir, 'ui-bench.flowpivot');
        const store = CaseStore.create(casePath, { name: 'UI bench', analyst: 'bench' });
        const imported = importText(text, 'core-router.txt', { id: 'bench-flows', now: new Date().toISOString() });
        if ('error' in imported) throw new Error(imported.error);
        store.upsertDevice(imported.device);
        store.addCollection(imported.collection);
        store.close();

        // What the grid must show, from the same table and rules the window uses (the defaults).
        const table = new FlowTable(imported.collection.records as FlowTableData);
        const view = new FlowView(table, () => flowFlagMasks(table, DEFAULT_FLAG_RULES, { text: internalAddressTest(), ipv4: internalIpv4Test() }));
        const sorted: FlowQuery = { sort: [{ colId: 'packets', sort: 'asc' }], filters: {}, quickFilter: '' };
        const sortedLines = [...view.rows(sorted).slice(0, 2)].map((row) => table.lineAt(row));
        if (sortedLines.join() === [table.lineAt(0), table.lineAt(1)].join()) throw new Error('ui bench: the sorted first rows are the unsorted ones; the sort could not be told apart');
        const filtered = view.rows({ ...sorted, quickFilter: word }).length;
        const count = `${formatCount(filtered)} of ${formatCount(size)} flows`;

        const preview = await startPreview(['--case', casePath]);
        const measured: Measured = { firstRows: [], sort: [], filter: [], heap: [], resident: [] };
        try {
          for (let run = 0; run < runs; run++) {
            // The probes are evaluated text, which the app's CSP (rightly) refuses: let the bench's own scripts through.
            const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
            try {
              const page = await context.newPage();
              await page.addInitScript(FIRST_ROWS_PROBE);
              await page.goto(preview.launchUrl);
              const firstRows = await page.waitForFunction('window.__flowpivotBench.firstRows', null, { timeout: 120_000, polling: 50 });
              measured.firstRows.push(((await firstRows.jsonValue()) as number) / 1000);
              measured.sort.push((await timeInPage(page, { action: 'sort-packets', lines: sortedLines })) / 1000);
              measured.filter.push((await timeInPage(page, { action: 'quick-filter', word, count })) / 1000);
              const session = await context.newCDPSession(page);
              await session.send('Performance.enable');
              await session.send('HeapProfiler.collectGarbage');
              const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
              measured.heap.push((metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20);
              measured.resident.push(await rendererResidentMegabytes(browser));
            } finally {
              await context.close();
            }
          }
        } finally {
          await preview.stop();
        }
        const input = `${formatCount(size)} flows (lab large scenario), case reviewed`;
        const firstRows = median(measured.firstRows);
        const sort = median(measured.sort);
        const filter = median(measured.filter);
        const limits = size >= 1_000_000;
        rows.push(
          { area: 'ui', benchmark: 'flows grid: open the window → first rows painted', input, runs, seconds: firstRows, rate: '', ...(limits ? below(firstRows, 2, 's') : NO_TARGET), note: 'page load, case.contents over the preview WebSocket (binary), grid' },
          { area: 'ui', benchmark: 'flows grid: sort by packets → sorted rows painted', input, runs, seconds: sort, rate: '', ...(limits ? below(sort * 1000, 300, 'ms') : NO_TARGET), note: 'header click to the rows the table says' },
          { area: 'ui', benchmark: `flows grid: quick filter "${word}" → rows painted`, input, runs, seconds: filter, rate: '', ...(limits ? below(filter * 1000, 300, 'ms') : NO_TARGET), note: `${formatCount(filtered)} rows; typing to count shown, the 120 ms typing pause included` },
          { area: 'ui', benchmark: 'flows grid: renderer memory after', input, runs, seconds: null, rate: `${median(measured.heap).toFixed(0)} MB JS heap · ${median(measured.resident).toFixed(0)} MB resident`, ...NO_TARGET, note: `JS heap after a GC (CDP), the flow table's ${tableMegabytes(table).toFixed(0)} MB of columns outside it (ArrayBuffers); resident: every renderer process` },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}

await runSectionIfMain(import.meta.url, () => {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, runs: { type: 'string' }, filter: { type: 'string' } } });
  const sizes = values.sizes?.split(',').map((size) => numberOption({ size }, 'size')!);
  return uiBench({ sizes, runs: numberOption(values, 'runs'), filter: values.filter });
});
