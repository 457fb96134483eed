// Watch mode in Chromium against the preview with the lab's beacon scenario: the analyst picks the flow of the
// short-lived UDP sender, watches its host, sees the alert with the process named and the watched socket with its
// first and last seen times, then cancels the watch.
import { expect, test } from '@playwright/test';
import { hostRow, rowsOf, snapshot } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

const BEACON_HOST = '10.xx.50.77';
const BEACON_PORT = '51515';

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

test('picks the flow, watches the host, and names the short-lived UDP sender the moment it shows', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(preview.launchUrl);
  await page.getByTestId('lab-scenario').selectOption('beacon');
  await page.getByTestId('start-lab').click();
  await expect(page.getByTestId('lab-panel')).toContainText('beacon');
  await page.getByTestId('router-row').first().getByTestId('collect-flows').click();
  await page.getByTestId('host-key-dialog').getByTestId('accept-host-key').click();
  await expect(page.getByTestId('flows-count')).toHaveText(/^\d+ flows$/);

  // The router saw one UDP flow from the beacon host: pick it.
  await page.getByTestId('quick-filter').fill(BEACON_HOST);
  await expect(page.getByTestId('flows-count')).toHaveText('1 of ' + (await page.getByTestId('flows-count').innerText()).replace(/^.*?(\d+) flows$/, '$1') + ' flows');
  const flow = rowsOf(page, 'flows-grid').filter({ hasText: BEACON_PORT }).first();
  await flow.click();
  await expect(page.getByTestId('pivot-bar')).toHaveAttribute('data-kind', 'flow');

  // One netstat of the host almost never shows the socket; a watch does.
  const host = hostRow(page, BEACON_HOST);
  await host.getByTestId('watch-host').click();
  const panel = page.getByTestId('watch-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('watch-target')).toBeFocused();
  await expect(panel.getByTestId('watch-interval')).toHaveValue('2');
  await expect(panel.getByTestId('watch-hint')).toContainText('15%');
  await panel.getByTestId('watch-use-flow').click();
  await expect(panel.getByTestId('watch-target')).toHaveValue(`udp:${BEACON_HOST}:${BEACON_PORT}`);
  await panel.getByTestId('watch-interval').fill('0.1');
  await expect(panel.getByTestId('watch-hint')).toContainText('catches every opening');
  await panel.getByTestId('watch-duration').fill('60');
  // Enter in a field starts the watch.
  await panel.getByTestId('watch-duration').press('Enter');
  await expect(panel.getByTestId('watch-progress')).toHaveAttribute('data-phase', 'running');
  await expect(panel.getByTestId('watch-time-left')).toBeVisible();

  // An opening every 10 s: the alert at the first opening whose 300 ms a listing falls in — every one while a run
  // takes less than 300 ms, odds of 300 ms / run time on a loaded machine — with the owner named from the PsList.
  const alert = panel.getByTestId('watch-alert');
  await expect(alert).toBeVisible({ timeout: 50_000 });
  await expect(alert).toContainText(`${BEACON_HOST}:${BEACON_PORT}`);
  await expect(alert).toContainText('udp-bind');
  await expect(alert.getByTestId('watch-owner-name')).toHaveText('updchk');
  await expect(alert.getByTestId('watch-owner')).toContainText(/PID \d+ updchk started \d\d:\d\d:\d\d\.\d{3}/);

  // The watched socket: seen, first and last seen shown, the PID that owned it.
  const socket = rowsOf(page, 'watch-sockets-grid').filter({ hasText: `${BEACON_HOST}:${BEACON_PORT}` });
  await expect(socket).toHaveCount(1);
  await expect(socket.locator('[col-id="match"]')).toHaveText('udp-bind');
  await expect(socket.locator('[col-id="firstSeenAt"]')).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await expect(socket.locator('[col-id="lastSeenAt"]')).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  const pid = (await alert.getByTestId('watch-owner').locator('strong').first().innerText()).trim();
  await expect(socket.locator('[col-id="pids"]')).toContainText(pid);
  await expect(rowsOf(page, 'watch-sockets-grid').filter({ hasText: '0.0.0.0:135' })).toHaveCount(1);
  // The snapshot that caught it and the process list join the host grids: the flow's pivot now lands on the sender.
  await expect(page.getByTestId('pivot-bar')).toContainText('1 matching socket on 1 host');
  await expect(rowsOf(page, 'matches-grid').filter({ hasText: `${BEACON_HOST}:${BEACON_PORT}` })).toContainText('updchk');
  await snapshot(page, testInfo, 'watch-alert');

  // The socket has closed by now: the next snapshots say it is gone; then the analyst stops the watch.
  await expect(socket.locator('[col-id="present"]')).toHaveText('gone');
  await panel.getByTestId('watch-cancel').click();
  await expect(panel.getByTestId('watch-outcome')).toHaveText('· Cancelled');
  await expect(panel.getByTestId('watch-start')).toBeEnabled();

  // CSV of the watched sockets, as the other grids export.
  const download = page.waitForEvent('download');
  await panel.getByTestId('watch-export').click();
  await page.getByTestId('export-csv-all').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^watched-sockets_10\.xx\.50\.77_.*\.csv$/);
});
