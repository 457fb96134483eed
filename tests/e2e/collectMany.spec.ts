// Collect from many hosts on the lab fleet: ticked hosts collected at once with each host's state and reason in the
// list and an overall bar; the collected hosts' connections reachable as after a single collection, the flow pivot
// included; and a cancel of a hung collection that settles within a couple of seconds.
import { expect, test, type Page } from '@playwright/test';
import { hostRow, rowsOf, snapshot } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

const SEED_HOST = '10.xx.50.81';
const PROXY_HOST = '10.xx.50.241';
const DENIED_HOST = '10.bb.50.64';
const HUNG_HOST = '192.168.20.16';
const OFF_HOST = '192.168.20.17';
const BLOCKED_SERVICE_HOST = '192.168.20.18';

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

function sweepState(page: Page, address: string) {
  return hostRow(page, address).getByTestId('host-sweep-state');
}

test('collects from several hosts at once: each host’s state and reason, and their connections as after one collection', async ({ page }, testInfo) => {
  await page.goto(preview.launchUrl);
  await page.getByTestId('start-lab').click();
  await expect(hostRow(page, SEED_HOST)).toBeVisible();

  const bar = page.getByTestId('collect-many-panel');
  await expect(bar.getByTestId('collect-many')).toBeDisabled();
  for (const address of [SEED_HOST, PROXY_HOST, DENIED_HOST, OFF_HOST]) await hostRow(page, address).getByTestId('host-select').check();
  // By keyboard too: a checkbox ticks with Space.
  await hostRow(page, BLOCKED_SERVICE_HOST).getByTestId('host-select').focus();
  await page.keyboard.press('Space');
  await expect(hostRow(page, BLOCKED_SERVICE_HOST).getByTestId('host-select')).toBeChecked();
  await expect(bar).toContainText(/5 of \d+ selected/);

  await bar.getByTestId('collect-many').focus();
  await page.keyboard.press('Enter');
  const run = page.getByTestId('collect-many-run');
  await expect(run).toBeVisible();
  await expect(run.getByRole('progressbar')).toHaveAttribute('aria-valuemax', '5');
  await expect(run).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
  await expect(run.getByTestId('collect-many-headline')).toHaveText(/^Finished: 2 of 5 hosts collected in \d+\.\d s$/);
  await expect(run.getByTestId('collect-many-counts')).toHaveText('2 done · 3 failed');
  await expect(run.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '5');

  await expect(sweepState(page, SEED_HOST)).toHaveAttribute('data-state', 'done');
  await expect(sweepState(page, SEED_HOST)).toContainText('Collected');
  await expect(sweepState(page, PROXY_HOST)).toHaveAttribute('data-state', 'done');
  // Failures in one sentence each, naming the host, as a single collection says them.
  const denied = sweepState(page, DENIED_HOST);
  await expect(denied).toHaveAttribute('data-state', 'failed');
  await expect(denied).toContainText(`Failed: psexec on ${DENIED_HOST} failed: access was denied`);
  // No answer may pass on its own: tried twice.
  const off = sweepState(page, OFF_HOST);
  await expect(off).toHaveAttribute('data-state', 'failed');
  await expect(off).toHaveAttribute('data-attempt', '2');
  await expect(off).toContainText(`psexec on ${OFF_HOST} failed: the host could not be reached`);
  // PsExec's service is blocked there; PsList still answered, so its processes can be shown.
  const blocked = sweepState(page, BLOCKED_SERVICE_HOST);
  await expect(blocked).toHaveAttribute('data-state', 'failed');
  await expect(blocked).toHaveAttribute('data-error-kind', 'host-tool-failed');
  await expect(blocked.getByTestId('host-sweep-show')).toBeVisible();
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await snapshot(page, testInfo, 'collect-many-finished');

  // The seed host's connections and processes, as after collecting it alone.
  await sweepState(page, SEED_HOST).getByTestId('host-sweep-show').click();
  await expect(page.getByTestId('connections-count')).toHaveText('19 sockets');
  await expect(page.getByTestId('processes-count')).toHaveText('36 processes');
  const toProxy = rowsOf(page, 'connections-grid').filter({ hasText: `${PROXY_HOST}:8080 (http-alt)` });
  await expect(toProxy.first()).toContainText('3756');
  await expect(toProxy.first()).toContainText('winupd');
  await expect(page.getByTestId('connections-collection-select').locator('option')).toHaveCount(2);
  await expect(page.getByTestId('log-pane').getByTestId('log-entry').filter({ hasText: 'psexec' }).filter({ hasText: SEED_HOST }).first()).toBeVisible();

  // The router's flows now: a flow of the seed host's to the proxy finds both ends among the hosts just collected.
  await page.getByTestId('router-row').first().getByTestId('collect-flows').click();
  await page.getByTestId('host-key-dialog').getByTestId('accept-host-key').click();
  await expect(page.getByTestId('flows-count')).toHaveText(/^\d+ flows$/);
  await page.getByTestId('quick-filter').fill(SEED_HOST);
  await expect(page.getByTestId('flows-count')).toHaveText(/^\d+ of \d+ flows$/);
  await expect(rowsOf(page, 'flows-grid').filter({ hasNotText: SEED_HOST })).toHaveCount(0);
  await rowsOf(page, 'flows-grid').filter({ hasText: '8080 (http-alt)' }).first().click();
  const matches = rowsOf(page, 'matches-grid');
  await expect(matches.filter({ hasText: '3756' }).first()).toContainText('exact 5-tuple');
  await expect(matches.filter({ hasText: PROXY_HOST }).filter({ hasText: 'wspsrv' }).first()).toBeVisible();
  await snapshot(page, testInfo, 'collect-many-pivot');
});

test('cancels a collection with a hung host: it settles within a couple of seconds, the queued host never starts', async ({ page }, testInfo) => {
  await page.goto(preview.launchUrl);
  await page.getByTestId('start-lab').click();
  await expect(hostRow(page, HUNG_HOST)).toBeVisible();

  // Collected in list order, one at a time: the hung host first, the other waits for it.
  await hostRow(page, HUNG_HOST).getByTestId('host-select').check();
  await hostRow(page, OFF_HOST).getByTestId('host-select').check();
  const bar = page.getByTestId('collect-many-panel');
  await bar.getByTestId('collect-many-options-toggle').click();
  // A value main would refuse is said before anything runs, and stops the button.
  const concurrency = bar.getByTestId('collect-many-concurrency');
  await concurrency.fill('0');
  await expect(bar.getByTestId('collect-many-concurrency-problem')).toHaveText('At once: from 1 to 256');
  await expect(concurrency).toHaveAttribute('aria-invalid', 'true');
  await expect(bar.getByTestId('collect-many')).toBeDisabled();
  await concurrency.fill('1');
  await expect(bar.getByTestId('collect-many-concurrency-problem')).toHaveCount(0);
  await bar.getByTestId('collect-many').click();

  const hung = sweepState(page, HUNG_HOST);
  await expect(hung).toHaveAttribute('data-state', 'running');
  await expect(hung).toContainText('Collecting…');
  await expect(sweepState(page, OFF_HOST)).toHaveAttribute('data-state', 'queued');
  // While it runs, the hosts in it are collected by it alone, and the selection stays as it is.
  await expect(hostRow(page, HUNG_HOST).getByTestId('collect-connections')).toBeDisabled();
  await expect(hostRow(page, HUNG_HOST).getByTestId('host-select')).toBeDisabled();
  await expect(page.getByTestId('collect-many-run').getByTestId('collect-many-counts')).toHaveText('1 running · 1 queued · 0 done');
  await snapshot(page, testInfo, 'collect-many-hung');

  const cancelledAt = Date.now();
  await page.getByTestId('cancel-collect-many').click();
  const run = page.getByTestId('collect-many-run');
  await expect(run).toHaveAttribute('data-phase', 'finished', { timeout: 2500 });
  expect(Date.now() - cancelledAt).toBeLessThan(2500);
  await expect(run.getByTestId('collect-many-headline')).toHaveText(/^Cancelled: 0 of 2 hosts collected in /);
  await expect(hung).toHaveAttribute('data-state', 'cancelled');
  await expect(hung).toContainText(`The sweep was cancelled while ${HUNG_HOST} was being swept; its tool runs were stopped.`);
  await expect(sweepState(page, OFF_HOST)).toContainText(`The sweep was cancelled before ${OFF_HOST} was reached.`);
  await expect(hostRow(page, HUNG_HOST).getByTestId('collect-connections')).toBeEnabled();

  await run.getByTestId('dismiss-collect-many').click();
  await expect(page.getByTestId('host-sweep-state')).toHaveCount(0);
  // Select all, and none again.
  await bar.getByTestId('collect-many-select-all').check();
  await expect(bar).toContainText(/^(\d+) of \1 selected/);
  await bar.getByTestId('collect-many-select-all').uncheck();
  await expect(page.getByTestId('host-select').and(page.locator(':checked'))).toHaveCount(0);
});
