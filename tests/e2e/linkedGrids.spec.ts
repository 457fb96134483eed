// The heart of FlowPivot on the embedded lab's investigation scenario: a router flow leads to the socket and the
// process on the seed host and back; "investigate this flow" collects the host and lands on the process; a kill is one
// click and one confirmation, and is refused after PID reuse or on a protected process without the deliberate override.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hostRow, rowsOf, snapshot } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

const SEED_HOST = '10.xx.50.81';

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

/** The investigation scenario (the seed's router and fleet made to agree), started explicitly, and its router's flows. */
async function startLabWithFlows(page: Page): Promise<void> {
  await page.goto(preview.launchUrl);
  await page.getByTestId('lab-scenario').selectOption('investigation');
  await page.getByTestId('start-lab').click();
  await expect(page.getByTestId('lab-panel')).toContainText('investigation');
  await page.getByTestId('router-row').first().getByTestId('collect-flows').click();
  await page.getByTestId('host-key-dialog').getByTestId('accept-host-key').click();
  // The seed's 11 flows and the flows of the fleet's own connections.
  await expect(page.getByTestId('flows-count')).toHaveText(/^\d+ flows$/);
  expect(Number((await page.getByTestId('flows-count').innerText()).split(' ')[0])).toBeGreaterThan(11);
}

async function collectSeedHost(page: Page): Promise<void> {
  const host = hostRow(page, SEED_HOST);
  await host.getByTestId('collect-connections').click();
  await host.getByTestId('collect-processes').click();
  await expect(host.getByTestId('host-progress')).toHaveCount(0);
  await expect(host.getByTestId('host-error')).toHaveCount(0);
  await expect(page.getByTestId('processes-count')).toHaveText('36 processes');
}

/** A flow row of the seed host's, found with the quick filter: `port` is the other end's service as the grid shows it. */
async function seedHostFlow(page: Page, port: string): Promise<Locator> {
  await page.getByTestId('quick-filter').fill(SEED_HOST);
  // The filter applies after a short debounce: wait until the grid shows it, so the rows no longer move under the click.
  await expect(page.getByTestId('flows-count')).toHaveText(/^\d+ of \d+ flows$/);
  await expect(rowsOf(page, 'flows-grid').filter({ hasNotText: SEED_HOST })).toHaveCount(0);
  const row = rowsOf(page, 'flows-grid').filter({ hasText: port }).first();
  await expect(row).toBeVisible();
  return row;
}

test('a flow leads to its socket and process on the collected host, and a process back to its flows', async ({ page }, testInfo) => {
  await startLabWithFlows(page);
  await collectSeedHost(page);

  // The SMB session to the seed host: netstat's "10.xx.50.81:445 … ESTABLISHED 4", the kernel (System) owning it.
  const smb = await seedHostFlow(page, '445 (microsoft-ds)');
  await smb.click();
  await expect(page.getByTestId('pivot-bar')).toHaveAttribute('data-kind', 'flow');
  const matches = rowsOf(page, 'matches-grid');
  const exact = matches.filter({ hasText: 'exact 5-tuple' }).first();
  await expect(exact).toContainText('System');
  await expect(exact).toContainText(`${SEED_HOST}:445`);
  await expect(exact.locator('[col-id="pid"]')).toHaveText('4');
  const picked = page.getByTestId('processes-grid').locator('.ag-row.row-picked');
  await expect(picked).toHaveCount(1);
  await expect(picked).toContainText('System');
  await expect(picked.locator('[col-id="pid"]')).toHaveText('4');
  await expect(page.getByTestId('pivot-links')).toContainText('PID 4');
  await expect(rowsOf(page, 'flows-grid').and(page.locator('.row-origin'))).toHaveCount(1);
  await snapshot(page, testInfo, 'flow-445-to-system');

  // A flow to the proxy's 8080 lands on the seed's suspect, PID 3756.
  const proxy = await seedHostFlow(page, '8080 (http-alt)');
  await proxy.click();
  await expect(picked).toHaveCount(1);
  await expect(picked).toContainText('winupd');
  await expect(picked.locator('[col-id="pid"]')).toHaveText('3756');
  await expect(matches.filter({ hasText: '3756' }).first()).toContainText('exact 5-tuple');
  await snapshot(page, testInfo, 'flow-8080-to-winupd');

  // The match's menu offers the kill, whose confirmation names the flow that led there (and records it as the reason).
  await matches.filter({ hasText: '3756' }).first().click({ button: 'right' });
  await page.getByTestId('row-menu').getByTestId('menu-kill-process').click();
  const killDialog = page.getByTestId('kill-dialog');
  await expect(killDialog.getByTestId('kill-flow')).toContainText(/^TCP 10\.xx\.50\.(81|241):\d+ .*→ 10\.xx\.50\.(241|81):\d+/);
  await expect(killDialog.getByTestId('kill-sockets').locator('li')).toHaveCount(7);
  await page.keyboard.press('Escape');
  await expect(killDialog).toBeHidden();

  // The reverse pivot: the process shows its seven sockets and marks every flow they carried.
  await page.getByTestId('quick-filter').fill('');
  await page.getByTestId('processes-filter').fill('winupd');
  await picked.locator('[col-id="name"]').click();
  await expect(page.getByTestId('pivot-bar')).toHaveAttribute('data-kind', 'process');
  await expect(page.getByTestId('connections-grid').locator('.ag-row.row-picked')).toHaveCount(7);
  await expect(page.getByTestId('pivot-links')).toContainText('7 sockets');
  const linkedFlows = rowsOf(page, 'flows-grid').and(page.locator('.row-linked'));
  await expect(linkedFlows.first()).toBeVisible();
  await expect(page.getByTestId('linked-flows-count')).toContainText('from the selection below');
  expect(await linkedFlows.count()).toBeGreaterThanOrEqual(7);
  await snapshot(page, testInfo, 'process-to-flows');

  // A socket selects both neighbours: its process, and the flows it carried.
  await page.getByTestId('connections-grid').locator('.ag-row').filter({ hasText: `${SEED_HOST}:1822` }).click();
  await expect(page.getByTestId('pivot-bar')).toHaveAttribute('data-kind', 'connection');
  await expect(picked).toContainText('winupd');
  await expect(page.getByTestId('pivot-links')).toContainText(/PID 3756 winupd · [12] flows?/);

  // The keyboard: Enter pivots on the focused flow, the arrows move, Esc clears the selection everywhere.
  const firstFlowCell = rowsOf(page, 'flows-grid').first().locator('[col-id="srcAddr"]');
  await firstFlowCell.click();
  await expect(page.getByTestId('pivot-bar')).toHaveAttribute('data-kind', 'flow');
  const before = await page.getByTestId('pivot-summary').innerText();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pivot-summary')).not.toHaveText(before);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pivot-bar')).toBeHidden();
  await expect(page.getByTestId('processes-grid').locator('.ag-row.row-picked')).toHaveCount(0);

  // The charts beside the flows: folded to a line while hosts share the height, open on demand.
  await expect(page.getByTestId('statistics-summary')).toContainText(`top source ${SEED_HOST}`);
  await page.getByTestId('statistics-toggle').click();
  await expect(page.getByTestId('protocol-mix')).toContainText('TCP');
  await expect(page.getByTestId('top-talkers')).toContainText(SEED_HOST);
  await page.getByTestId('talkers-side').getByRole('button', { name: 'Destinations' }).click();
  await expect(page.getByTestId('top-talkers')).toContainText('10.xx.50.241');
  await expect(page.getByTestId('packet-size-chart')).toBeVisible();
  await snapshot(page, testInfo, 'statistics-open');

  // Column state persists: a sort on the packets column survives a reload.
  const packetsHeader = page.getByTestId('flows-grid').locator('[role="columnheader"][col-id="packets"]');
  await packetsHeader.locator('.ag-header-cell-label').click();
  await expect(packetsHeader).toHaveAttribute('aria-sort', 'ascending');
  await page.reload();
  await expect(packetsHeader).toHaveAttribute('aria-sort', 'ascending');
});

test('investigate this flow collects its internal host with progress and lands on the process, in plain words when a host fails', async ({ page }, testInfo) => {
  await startLabWithFlows(page);

  // Nothing collected yet: the selection says so and offers to collect the host.
  const proxy = await seedHostFlow(page, '8080 (http-alt)');
  await proxy.click();
  const notCollected = page.locator(`[data-testid="no-match"][data-address="${SEED_HOST}"]`);
  await expect(notCollected).toContainText(`No match on ${SEED_HOST}`);
  await expect(notCollected).toContainText('has not been collected');
  await expect(notCollected.getByTestId('no-match-collect')).toHaveText('Collect');
  await snapshot(page, testInfo, 'no-match-not-collected');

  // The row's button: the host is collected (its progress in the host list), and the grids land on PID 3756.
  await proxy.getByTestId('investigate-flow').click();
  const investigation = page.getByTestId('investigation');
  await expect(investigation).toBeVisible();
  await expect(investigation).toHaveAttribute('data-state', 'landed');
  await expect(page.getByTestId('investigation-message')).toContainText('PID 3756 (winupd)');
  const picked = page.getByTestId('processes-grid').locator('.ag-row.row-picked');
  await expect(picked).toContainText('winupd');
  await expect(picked.locator('[col-id="pid"]')).toHaveText('3756');
  await expect(notCollected).toHaveCount(0);
  await snapshot(page, testInfo, 'investigate-8080-landed');

  // From the row's menu, on the SMB flow: its source 10.bb.50.64 refuses the analyst's logon; the sentence says so,
  // and the investigation goes on to the destination, the seed host, and lands on System.
  const smb = await seedHostFlow(page, '445 (microsoft-ds)');
  await smb.click({ button: 'right' });
  await page.getByTestId('row-menu').getByTestId('menu-investigate').click();
  await expect(investigation).toHaveAttribute('data-state', 'landed');
  await page.getByTestId('investigation-steps-toggle').click();
  await expect(page.getByTestId('investigation-step').and(page.locator('[data-state="failed"]'))).toContainText(/psexec on 10\.bb\.50\.64 failed: access was denied/);
  await expect(page.locator('[data-testid="no-match"][data-address="10.bb.50.64"]')).toContainText('could not be collected');
  await expect(page.getByTestId('investigation-message')).toContainText('PID 4 (System)');
  await expect(picked).toContainText('System');
  await snapshot(page, testInfo, 'investigate-445-one-host-failed');

  // The keyboard shortcut: I on a focused flow row.
  await page.getByTestId('quick-filter').fill('');
  const dnsFlow = rowsOf(page, 'flows-grid').filter({ hasText: '53 (domain)' }).first();
  await dnsFlow.locator('[col-id="srcAddr"]').click();
  await page.keyboard.press('i');
  await expect(investigation).not.toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('investigation-message')).toBeVisible();
});

test('flags interesting flows under rules the analyst edits, each explained in its tooltip', async ({ page }, testInfo) => {
  await startLabWithFlows(page);
  await page.getByTestId('flag-rules').click();
  const dialog = page.getByTestId('flag-rules-dialog');
  await dialog.getByTestId('rule-highVolumePackets').fill('400');
  await dialog.getByTestId('save-flag-rules').click();
  await expect(dialog).toBeHidden();

  // The seed's 467-packet flow from 10.dd.12.8 is now high-volume.
  const big = rowsOf(page, 'flows-grid').filter({ hasText: '10.dd.12.8' }).first();
  const flags = big.getByTestId('flow-flags');
  await expect(flags).toHaveAttribute('data-rules', /high-volume/);
  await flags.hover();
  await expect(page.locator('.ag-tooltip')).toContainText('High volume: 467 packets');
  await snapshot(page, testInfo, 'flags-tooltip');

  // Saved in main: a reload reads them back.
  await page.reload();
  await page.getByTestId('flag-rules').click();
  await expect(page.getByTestId('flag-rules-dialog').getByTestId('rule-highVolumePackets')).toHaveValue('400');
});

test('kills ctfmon with one click and one confirmation, and refuses a reused PID and a protected process without the deliberate override', async ({ page }, testInfo) => {
  await startLabWithFlows(page);
  await collectSeedHost(page);
  const processes = page.getByTestId('processes-grid');
  /** The process's row, brought into view with the grid's quick filter. */
  const processRow = async (name: string, pid: string) => {
    await page.getByTestId('processes-filter').fill(name);
    return processes.locator('.ag-row').filter({ has: page.locator('[col-id="pid"]', { hasText: new RegExp(`^${pid}$`) }) });
  };

  // One click in the row, one confirmation that says what is about to stop.
  await (await processRow('ctfmon', '3968')).getByTestId('kill-process').click();
  const dialog = page.getByTestId('kill-dialog');
  await expect(dialog.getByTestId('kill-host')).toContainText(SEED_HOST);
  await expect(dialog.getByTestId('kill-pid')).toHaveText('3968');
  await expect(dialog.getByTestId('kill-name')).toHaveText('ctfmon');
  await expect(dialog.getByTestId('kill-started')).not.toBeEmpty();
  await snapshot(page, testInfo, 'kill-confirm-ctfmon');
  await dialog.getByTestId('confirm-kill').click();
  await expect(dialog.getByTestId('kill-outcome')).toHaveAttribute('data-outcome', 'killed');
  await expect(dialog.getByTestId('kill-relisted')).toHaveAttribute('data-state', 'gone');
  await snapshot(page, testInfo, 'kill-done-ctfmon');
  await dialog.getByTestId('kill-close').click();

  // A new PsList listing without it, and the kill recorded as an action in the log.
  await page.getByTestId('processes-filter').fill('');
  await expect(page.getByTestId('processes-count')).toHaveText('35 processes');
  await expect(await processRow('ctfmon', '3968')).toHaveCount(0);
  await expect(page.getByTestId('processes-count')).toHaveText('0 of 35 processes');
  await expect(page.getByTestId('log-pane').locator('[data-testid="log-entry"][data-kind="action"]').filter({ hasText: '3968' }).first()).toBeVisible();

  // PID reuse: hkcmd ends and another image takes PID 4092 after the listing the grid shows.
  await (await processRow('hkcmd', '4092')).locator('[col-id="name"]').click();
  await page.getByTestId('simulate-pid-reuse').click();
  await expect(page.getByTestId('notice-banner').filter({ hasText: 'PID 4092' }).first()).toBeVisible();
  await (await processRow('hkcmd', '4092')).getByTestId('kill-process').click();
  await expect(dialog.getByTestId('kill-name')).toHaveText('hkcmd');
  await dialog.getByTestId('confirm-kill').click();
  const refusal = dialog.getByTestId('kill-refusal');
  await expect(refusal).toContainText('Did not stop process 4092');
  await expect(refusal).toContainText('reused');
  await expect(dialog.getByTestId('kill-anyway')).toHaveCount(0);
  await snapshot(page, testInfo, 'kill-refused-pid-reuse');
  await dialog.getByTestId('kill-close').click();

  // A protected process: refused, then stopped only through the typed second step.
  await (await processRow('System', '4')).getByTestId('kill-process').click();
  await expect(dialog.getByTestId('kill-protected-warning')).toBeVisible();
  await dialog.getByTestId('confirm-kill').click();
  await expect(dialog.getByTestId('kill-refusal')).toContainText('Did not stop process 4');
  await dialog.getByTestId('kill-anyway').click();
  await expect(dialog.getByTestId('confirm-kill-anyway')).toBeDisabled();
  await dialog.getByTestId('kill-anyway-name').fill('System');
  await snapshot(page, testInfo, 'kill-protected-second-step');
  await dialog.getByTestId('confirm-kill-anyway').click();
  await expect(dialog.getByTestId('kill-outcome')).toBeVisible();
  await dialog.getByTestId('kill-close').click();
  await expect(page.getByTestId('log-pane').locator('[data-testid="log-entry"][data-kind="action"]').filter({ hasText: '4092' }).first()).toBeVisible();
});
