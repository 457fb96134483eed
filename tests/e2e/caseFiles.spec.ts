// Case files in the window, on the embedded lab's investigation scenario: a live case records the router's flows, the
// seed host's connections and processes, a kill, a note and a finding as they happen; after the lab is gone the case
// opens read-only in its own window and shows the same rows with no network, its actions off and saying why; its
// grids export CSV, and its HTML report opens with JavaScript off.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { hostRow, rowsOf, snapshot } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

const SEED_HOST = '10.xx.50.81';
const CASE_NAME = 'WS5081 beaconing to the proxy';
const READ_ONLY = `Read-only review of case "${CASE_NAME}" — no network needed; actions that collect or change anything are off`;

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

/** The process row with this PID, brought into view with the processes grid's quick filter. */
async function processRow(page: Page, name: string, pid: string): Promise<Locator> {
  await page.getByTestId('processes-filter').fill(name);
  return rowsOf(page, 'processes-grid').filter({ has: page.locator('[col-id="pid"]', { hasText: new RegExp(`^${pid}$`) }) });
}

/** The seed host's flows, with the quick filter (applied after its debounce): the "N of M flows" count. */
async function filterFlowsToSeedHost(page: Page): Promise<string> {
  await page.getByTestId('quick-filter').fill(SEED_HOST);
  await expect(page.getByTestId('flows-count')).toHaveText(/^\d+ of \d+ flows$/);
  await expect(rowsOf(page, 'flows-grid').filter({ hasNotText: SEED_HOST })).toHaveCount(0);
  return page.getByTestId('flows-count').innerText();
}

async function exportAndRead(page: Page, grid: string, choice: string, testInfo: TestInfo, name: string): Promise<string> {
  await page.getByTestId(`${grid}-export`).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('row-menu').getByTestId(choice).click()]);
  const path = testInfo.outputPath(name);
  await download.saveAs(path);
  await testInfo.attach(name, { path, contentType: name.endsWith('.csv') ? 'text/csv' : 'application/json' });
  return readFileSync(path, 'utf8');
}

function csvLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line !== '');
}

test('a live case records collections and a kill; reviewed offline it shows the same rows read-only, exports CSV and a report', async ({ page, context }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(preview.launchUrl);
  const panel = page.getByTestId('case-panel');
  await expect(panel.getByTestId('case-none')).toHaveText('No case open — collections are not being kept');

  // A new case, in a file of our choosing, becomes the live one: saved as it happens, verified.
  await panel.getByTestId('case-new').click();
  const newDialog = page.getByTestId('case-new-dialog');
  await newDialog.getByTestId('case-new-name').fill(CASE_NAME);
  await newDialog.getByTestId('case-new-path').fill(join(preview.configDir, 'ws5081.flowpivot'));
  await newDialog.getByTestId('case-new-create').click();
  await expect(newDialog).toBeHidden();
  await expect(panel.getByTestId('case-name')).toHaveText(CASE_NAME);
  await expect(panel.getByTestId('case-saved')).toHaveText('Saved: every change is committed as it happens');
  await expect(panel.getByTestId('case-integrity')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('case-badge')).toContainText(CASE_NAME);

  // The lab's investigation scenario: the router's flows and the seed host's connections and processes.
  await page.getByTestId('lab-scenario').selectOption('investigation');
  await page.getByTestId('start-lab').click();
  await expect(page.getByTestId('lab-panel')).toContainText('investigation');
  await page.getByTestId('router-row').first().getByTestId('collect-flows').click();
  await page.getByTestId('host-key-dialog').getByTestId('accept-host-key').click();
  await expect(page.getByTestId('flows-count')).toHaveText(/^\d+ flows$/);
  const flowsCount = await page.getByTestId('flows-count').innerText();
  const flowTotal = Number(flowsCount.split(' ')[0]);
  expect(flowTotal).toBeGreaterThan(11);
  const host = hostRow(page, SEED_HOST);
  await host.getByTestId('collect-connections').click();
  await host.getByTestId('collect-processes').click();
  await expect(host.getByTestId('host-progress')).toHaveCount(0);
  await expect(host.getByTestId('host-error')).toHaveCount(0);
  await expect(page.getByTestId('processes-count')).toHaveText('36 processes');

  // ctfmon (PID 3968): one click in its row, one confirmation; the listings are made again without it.
  await (await processRow(page, 'ctfmon', '3968')).getByTestId('kill-process').click();
  const killDialog = page.getByTestId('kill-dialog');
  await expect(killDialog.getByTestId('kill-name')).toHaveText('ctfmon');
  await killDialog.getByTestId('confirm-kill').click();
  await expect(killDialog.getByTestId('kill-outcome')).toHaveAttribute('data-outcome', 'killed');
  await expect(killDialog.getByTestId('kill-relisted')).toHaveAttribute('data-state', 'gone');
  await killDialog.getByTestId('kill-close').click();
  await page.getByTestId('processes-filter').fill('');
  await expect(page.getByTestId('processes-count')).toHaveText('35 processes');
  await expect(host.getByTestId('host-progress')).toHaveCount(0);

  // A note on the suspect's process row, marked in the grid.
  const winupd = await processRow(page, 'winupd', '3756');
  await winupd.locator('[col-id="name"]').click({ button: 'right' });
  await page.getByTestId('row-menu').getByTestId('menu-add-note').click();
  const noteDialog = page.getByTestId('case-note-dialog');
  await expect(noteDialog.getByTestId('case-note-target')).toContainText('winupd (PID 3756)');
  await noteDialog.getByTestId('case-note-text').fill('Unsigned binary in System32, beacons every 60 s.');
  await noteDialog.getByTestId('case-note-tags').fill('c2, suspect');
  await noteDialog.getByTestId('case-note-save').click();
  await expect(noteDialog).toBeHidden();
  await expect(winupd).toHaveClass(/row-noted/);
  await page.getByTestId('processes-filter').fill('');

  // The flow to the proxy's 8080, its socket and winupd marked as a finding from the matches.
  await filterFlowsToSeedHost(page);
  await rowsOf(page, 'flows-grid').filter({ hasText: '8080 (http-alt)' }).first().click();
  const match = rowsOf(page, 'matches-grid').filter({ hasText: '3756' }).first();
  await expect(match).toContainText('exact 5-tuple');
  await match.click({ button: 'right' });
  await page.getByTestId('row-menu').getByTestId('menu-mark-finding').click();
  const findingDialog = page.getByTestId('case-finding-dialog');
  await expect(findingDialog.getByTestId('finding-chain')).toContainText('winupd (PID 3756)');
  await findingDialog.getByTestId('case-finding-note').fill('The beacon: flow → socket → winupd.');
  await findingDialog.getByTestId('case-finding-save').click();
  await expect(findingDialog).toBeHidden();
  await page.getByTestId('pivot-clear').click();

  // What the review must show again: the counts and a few cells, as the live window shows them now.
  const seedFlows = await filterFlowsToSeedHost(page);
  const proxyFlowSource = await rowsOf(page, 'flows-grid').filter({ hasText: '8080 (http-alt)' }).first().locator('[col-id="srcAddr"]').innerText();
  await page.getByTestId('quick-filter').fill('');
  await expect(page.getByTestId('flows-count')).toHaveText(flowsCount);
  const socketsCount = await page.getByTestId('connections-count').innerText();
  expect(socketsCount).toMatch(/^\d+ sockets$/);
  const beaconSocket = await rowsOf(page, 'connections-grid').filter({ hasText: `${SEED_HOST}:1822` }).first().locator('[col-id="remote"]').innerText();

  // The case counts every record kept (both process listings) and lists the kill in its audit log.
  await expect(panel.getByTestId('case-count-flows')).toHaveText(String(flowTotal));
  await expect(panel.getByTestId('case-count-processes')).toHaveText('71');
  const collections = Number(await panel.getByTestId('case-count-collections').innerText());
  expect(collections).toBeGreaterThanOrEqual(6);
  await panel.getByTestId('case-verify').click();
  await expect(panel.getByTestId('case-integrity')).toContainText(`${collections} evidence hashes`);
  await expect(panel.getByTestId('case-integrity')).toHaveAttribute('data-ok', 'true');
  await panel.getByTestId('case-audit').click();
  const log = page.getByTestId('case-log-dialog');
  const killEntry = log.locator('[data-testid="audit-row"][data-action="kill"]');
  await expect(killEntry).toHaveCount(1);
  await expect(killEntry).toContainText('3968');
  await expect(log.locator('[data-testid="audit-row"][data-action="note"]')).toHaveCount(1);
  await snapshot(page, testInfo, 'live-case-audit-log');
  await log.getByRole('button', { name: 'Close' }).click();
  await snapshot(page, testInfo, 'live-case-recording');

  // Closed: nothing more is kept. Then the lab goes, so no router or host can be reached.
  await panel.getByTestId('case-close').click();
  await expect(panel.getByTestId('case-none')).toBeVisible();
  await page.getByTestId('stop-lab').click();
  await expect(page.getByTestId('lab-panel')).toBeHidden();

  // Open for review, by its path from the recent list: a window of its own.
  await panel.getByTestId('case-open').click();
  const openDialog = page.getByTestId('case-open-dialog');
  const recent = openDialog.getByTestId('recent-case').filter({ hasText: CASE_NAME });
  await expect(recent).toHaveAttribute('data-exists', 'true');
  const casePath = await recent.getAttribute('data-path');
  await recent.click();
  await expect(openDialog.getByTestId('case-open-path')).toHaveValue(casePath!);
  await openDialog.getByTestId('case-open-mode-review').check();
  const [review] = await Promise.all([context.waitForEvent('page'), openDialog.getByTestId('case-open-submit').click()]);
  await review.waitForLoadState();
  expect(new URL(review.url()).searchParams.get('case')).toMatch(/^[A-Za-z0-9_-]+$/);

  const banner = review.getByTestId('review-banner');
  await expect(banner).toContainText(READ_ONLY);
  await expect(banner.getByTestId('case-integrity')).toHaveAttribute('data-ok', 'true');
  await expect(review.getByTestId('case-badge')).toContainText('read-only');

  // The same rows, read from the file: flows, the newest sockets and processes of the host, the note's mark.
  await expect(review.getByTestId('flows-count')).toHaveText(flowsCount);
  await expect(review.getByTestId('connections-count')).toHaveText(socketsCount);
  await expect(review.getByTestId('processes-count')).toHaveText('35 processes');
  expect(await filterFlowsToSeedHost(review)).toBe(seedFlows);
  await expect(rowsOf(review, 'flows-grid').filter({ hasText: '8080 (http-alt)' }).first().locator('[col-id="srcAddr"]')).toHaveText(proxyFlowSource);
  await expect(rowsOf(review, 'connections-grid').filter({ hasText: `${SEED_HOST}:1822` }).first().locator('[col-id="remote"]')).toHaveText(beaconSocket);
  const reviewedWinupd = await processRow(review, 'winupd', '3756');
  await expect(reviewedWinupd).toHaveCount(1);
  await expect(reviewedWinupd).toHaveClass(/row-noted/);
  await expect(await processRow(review, 'ctfmon', '3968')).toHaveCount(0);
  await review.getByTestId('processes-filter').fill('');

  // The pivot works offline: the proxy flow lands on winupd.
  await rowsOf(review, 'flows-grid').filter({ hasText: '8080 (http-alt)' }).first().click();
  await expect(review.getByTestId('pivot-links')).toContainText('PID 3756');
  await expect(review.getByTestId('processes-grid').locator('.ag-row.row-picked')).toContainText('winupd');

  // Everything that collects or changes anything is off, and says why.
  const offButtons = [
    review.getByTestId('router-row').first().getByTestId('collect-flows'),
    review.getByTestId('router-row').first().getByTestId('connect-router'),
    hostRow(review, SEED_HOST).getByTestId('collect-connections'),
    hostRow(review, SEED_HOST).getByTestId('edit-host'),
    review.getByTestId('add-router'),
    review.getByTestId('add-host'),
    reviewedWinupd.getByTestId('kill-process'),
    rowsOf(review, 'flows-grid').first().getByTestId('investigate-flow'),
    review.getByTestId('pivot-investigate'),
    review.getByTestId('pivot-mark-finding'),
  ];
  for (const button of offButtons) {
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', READ_ONLY);
  }
  await (await processRow(review, 'winupd', '3756')).locator('[col-id="name"]').click({ button: 'right' });
  await expect(review.getByTestId('row-menu').getByTestId('menu-add-note')).toBeDisabled();
  await expect(review.getByTestId('row-menu').getByTestId('menu-kill-process')).toBeDisabled();
  await review.keyboard.press('Escape');
  await expect(review.getByTestId('row-menu')).toBeHidden();
  await snapshot(review, testInfo, 'review-read-only');

  // The audit log of the reviewed case: the kill; the finding and the note beside it.
  await review.getByTestId('case-audit').click();
  const reviewLog = review.getByTestId('case-log-dialog');
  await expect(reviewLog.locator('[data-testid="audit-row"][data-action="kill"]')).toContainText('3968');
  await snapshot(review, testInfo, 'review-audit-log');
  await reviewLog.getByTestId('case-log-view').getByRole('button', { name: /Notes and findings/ }).click();
  await expect(reviewLog.getByTestId('case-finding')).toContainText('winupd (PID 3756)');
  await expect(reviewLog.getByTestId('case-note')).toContainText('Unsigned binary in System32');
  await reviewLog.getByRole('button', { name: 'Close' }).click();

  // CSV: all rows, and the rows as shown (the seed host's filter), each with its header.
  const allCsv = csvLines(await exportAndRead(review, 'flows', 'export-csv-all', testInfo, 'flows-all.csv'));
  expect(allCsv[0]).toContain('"Src address"');
  expect(allCsv[0]).not.toContain('investigate');
  expect(allCsv).toHaveLength(flowTotal + 1);
  const shownCsv = csvLines(await exportAndRead(review, 'flows', 'export-csv-shown', testInfo, 'flows-shown.csv'));
  expect(shownCsv).toHaveLength(Number(seedFlows.split(' ')[0]) + 1);
  expect(shownCsv.slice(1).every((line) => line.includes(SEED_HOST))).toBe(true);
  const processesJson = JSON.parse(await exportAndRead(review, 'processes', 'export-json-all', testInfo, 'processes-all.json')) as { count: number; records: { pid: number }[] };
  expect(processesJson.count).toBe(35);
  expect(processesJson.records.some((record) => record.pid === 3756)).toBe(true);

  // The report: downloaded as "<case name>.html", readable with JavaScript off, the kill in its timeline.
  const [reportDownload] = await Promise.all([review.waitForEvent('download'), review.getByTestId('case-report').click()]);
  expect(reportDownload.suggestedFilename()).toBe(`${CASE_NAME}.html`);
  const reportPath = testInfo.outputPath('case-report.html');
  await reportDownload.saveAs(reportPath);
  await testInfo.attach('case-report', { path: reportPath, contentType: 'text/html' });
  const offline = await context.browser()!.newContext({ javaScriptEnabled: false });
  const report = await offline.newPage();
  await report.goto(pathToFileURL(reportPath).href);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText(CASE_NAME);
  await expect(report.locator('#timeline tbody tr').filter({ hasText: '3968' }).first()).toBeVisible();
  await snapshot(report, testInfo, 'case-report');
  await offline.close();
});

test('imports saved outputs into the live case, one result per file, and shows the ones taken in the grids', async ({ page }, testInfo) => {
  const fixtures = join(import.meta.dirname, '../fixtures');
  await page.goto(preview.launchUrl);
  const panel = page.getByTestId('case-panel');
  await panel.getByTestId('case-new').click();
  await page.getByTestId('case-new-name').fill('Imported evidence');
  await page.getByTestId('case-new-path').fill(join(preview.configDir, 'imported.flowpivot'));
  await page.getByTestId('case-new-create').click();
  await expect(panel.getByTestId('case-name')).toHaveText('Imported evidence');

  // Two real captures and a file that is no tool's output.
  const unknown = testInfo.outputPath('shopping-list.txt');
  writeFileSync(unknown, 'eggs\nmilk\nflour\n', 'utf8');
  await panel.getByTestId('case-import').click();
  const dialog = page.getByTestId('case-import-dialog');
  await dialog.getByTestId('case-import-files').setInputFiles([
    join(fixtures, 'win-netstat/jc-windows10-ano.txt'),
    join(fixtures, 'ios-flow-monitor-table/genie-fnf-default-cache.txt'),
    unknown,
  ]);
  // The device defaults to the file's name without its extension, and can be changed.
  const devices = dialog.getByTestId('import-device');
  await expect(devices).toHaveCount(3);
  await expect(devices.first()).toHaveValue('jc-windows10-ano');
  await devices.first().fill('WS-9');
  await dialog.getByTestId('case-import-submit').click();
  const results = dialog.getByTestId('import-result');
  await expect(results).toHaveCount(3);
  await expect(results.nth(0)).toHaveAttribute('data-ok', 'true');
  await expect(results.nth(0)).toContainText('69 connections of WS-9');
  await expect(results.nth(1)).toHaveAttribute('data-ok', 'true');
  await expect(results.nth(1)).toContainText('3 flows');
  await expect(results.nth(2)).toHaveAttribute('data-ok', 'false');
  await expect(results.nth(2)).toContainText('shopping-list.txt');
  await snapshot(page, testInfo, 'import-results');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Taken into the case (its counts) and shown in the grids, as a review would show them.
  await expect(panel.getByTestId('case-count-collections')).toHaveText('2');
  await expect(panel.getByTestId('case-count-connections')).toHaveText('69');
  await expect(page.getByTestId('connections-count')).toHaveText('69 sockets');
  await expect(page.getByTestId('connections-host')).toHaveText('WS-9');
  await expect(page.getByTestId('flows-count')).toHaveText('3 flows');
  await snapshot(page, testInfo, 'imported-in-grids');
});
