// From the lab's router to the host: the lab's simulated Windows fleet joins the host list, and the seed host's
// netstat -ano and pslist come back as linked grids; a host that could pose as an option is refused in the form.
import { expect, test } from '@playwright/test';
import { hostRow } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

const SEED_HOST = '10.xx.50.81';
/** The PID behind the seed host's seven connections to the proxy 10.xx.50.241:8080. */
const SUSPECT_PID = '3756';

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

test('collects the seed host’s connections and processes from the lab fleet and links them by PID', async ({ page }, testInfo) => {
  await page.goto(preview.launchUrl);
  await page.getByTestId('start-lab').click();
  await expect(page.getByTestId('lab-panel')).toBeVisible();

  // The router's side first, as an analyst comes to the host: the flows stay in view above the host's grids.
  await page.getByTestId('router-row').first().getByTestId('collect-flows').click();
  await page.getByTestId('host-key-dialog').getByTestId('accept-host-key').click();
  await expect(page.getByTestId('flows-grid')).toContainText('10.bb.50.200');

  const host = hostRow(page, SEED_HOST);
  await expect(host).toBeVisible();
  await expect(host).toContainText('lab');

  await host.getByTestId('collect-connections').click();
  await host.getByTestId('collect-processes').click();
  await expect(host.getByTestId('host-progress')).toHaveCount(0);
  await expect(host.getByTestId('host-error')).toHaveCount(0);

  // The seed's netstat -ano: 19 sockets, seven of them from PID 3756 to the proxy's 8080 (http-alt).
  const connections = page.getByTestId('connections-grid');
  await expect(page.getByTestId('connections-count')).toHaveText('19 sockets');
  const toProxy = connections.locator('.ag-row').filter({ hasText: '10.xx.50.241:8080 (http-alt)' });
  await expect(toProxy.first()).toContainText(SUSPECT_PID);
  await expect(toProxy.first()).toContainText('ESTABLISHED');
  await expect(connections).toContainText('0.0.0.0:445 (microsoft-ds)');

  // The seed's pslist, with the two processes its netstat names: 36 processes.
  const processes = page.getByTestId('processes-grid');
  await expect(page.getByTestId('processes-count')).toHaveText('36 processes');
  await expect(processes).toContainText('System');
  await expect(processes).toContainText('lsass');

  // netstat -ano names no processes: the connections grid takes them from the host's pslist.
  await expect(toProxy.first()).toContainText('winupd');

  // The quick filter of each grid.
  await page.getByTestId('connections-filter').fill('http-alt');
  await expect(page.getByTestId('connections-count')).toHaveText('7 of 19 sockets');
  await page.getByTestId('processes-filter').fill('svchost');
  await expect(page.getByTestId('processes-count')).toHaveText('6 of 36 processes');
  await page.getByTestId('processes-filter').fill('');
  await expect(page.getByTestId('processes-count')).toHaveText('36 processes');
  await page.getByTestId('connections-filter').fill('');
  await expect(page.getByTestId('connections-count')).toHaveText('19 sockets');

  // Picking a socket picks its process in the processes grid, scrolled into view.
  await toProxy.first().click();
  const picked = processes.locator('.ag-row.row-picked');
  await expect(picked).toHaveCount(1);
  await expect(picked).toContainText('winupd');
  await expect(picked).toContainText(SUSPECT_PID);

  // The evidence: the runs are in the log; the flows are still in view.
  await expect(page.getByTestId('log-pane').getByTestId('log-entry').filter({ hasText: 'netstat' }).first()).toBeVisible();
  await expect(page.getByTestId('flows-grid').locator('.ag-row').first()).toBeVisible();

  await page.mouse.move(0, 0);
  const screenshot = testInfo.outputPath('host-after-collect.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('host-after-collect', { path: screenshot, contentType: 'image/png' });
});

test('refuses a host address that starts like an option, in plain words, before anything runs', async ({ page }, testInfo) => {
  await page.goto(preview.launchUrl);
  await expect(page.getByTestId('mode-badge')).toBeVisible();
  await page.getByTestId('add-host').click();
  const form = page.getByTestId('host-form');
  await expect(form).toBeVisible();
  await expect(form.getByTestId('host-via')).toHaveValue('psexec');

  await form.getByTestId('host-address').fill('-s');
  const problem = form.getByTestId('host-address-problem');
  await expect(problem).toHaveText('“-s” cannot be used as a host: it starts like a command-line option.');

  // Enter submits the form: it stays open, nothing is added.
  await form.getByTestId('host-address').press('Enter');
  await expect(form).toBeVisible();
  await expect(problem).toBeVisible();
  await form.getByTestId('host-save').click();
  await expect(form).toBeVisible();

  const screenshot = testInfo.outputPath('host-form-refused.png');
  await page.screenshot({ path: screenshot });
  await testInfo.attach('host-form-refused', { path: screenshot, contentType: 'image/png' });

  // Fixed as it is typed; Escape closes the form without adding.
  await form.getByTestId('host-address').fill('ws-57.corp');
  await expect(problem).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(page.getByTestId('host-row')).toHaveCount(0);
});

test('adds a host with Enter; without PsExec its row says so and offers the tools’ settings; removes it', async ({ page }) => {
  await page.goto(preview.launchUrl);
  await page.getByTestId('add-host').click();
  const form = page.getByTestId('host-form');
  await form.getByTestId('host-address').fill('ws-57.corp');
  await form.getByTestId('host-address').press('Enter');
  await expect(form).toBeHidden();

  const host = hostRow(page, 'ws-57.corp');
  await expect(host).toBeVisible();
  await host.getByTestId('collect-connections').click();
  // No lab, and no Sysinternals on this machine's PATH: one sentence, and the way to fix it.
  const error = host.getByTestId('host-error');
  await expect(error).toHaveAttribute('data-error-kind', 'tool-not-found');
  await expect(error).toContainText(/psexec was not found/i);
  await expect(host.getByTestId('host-progress')).toHaveCount(0);
  await host.getByTestId('host-remedy-tools-settings').click();
  const tools = page.getByTestId('tools-dialog');
  await expect(tools.getByTestId('tool-row')).toHaveCount(3);
  await expect(tools.locator('[data-tool="psexec"]').getByTestId('tool-state')).toHaveText('not usable');
  await page.keyboard.press('Escape');
  await expect(tools).toBeHidden();

  await host.getByTestId('remove-host').click();
  await page.getByTestId('confirm-remove-host').click();
  await expect(page.getByTestId('host-row')).toHaveCount(0);
});

test('shows a hung host’s progress until it is cancelled, and an unreachable host’s failure in plain words', async ({ page }, testInfo) => {
  await page.goto(preview.launchUrl);
  await page.getByTestId('start-lab').click();

  const hung = hostRow(page, '192.168.20.16');
  await hung.getByTestId('collect-processes').click();
  await expect(hung.getByTestId('host-progress')).toBeVisible();
  await expect(hung.getByTestId('collect-processes')).toBeDisabled();
  await hung.getByTestId('cancel-host').click();
  await expect(hung.getByTestId('host-progress')).toHaveCount(0);
  const note = hung.getByTestId('host-note');
  await expect(note).toHaveAttribute('data-error-kind', 'host-command-cancelled');
  await expect(note).toContainText('was cancelled');
  await expect(hung.getByTestId('collect-processes')).toBeEnabled();

  const off = hostRow(page, '192.168.20.17');
  await off.scrollIntoViewIfNeeded();
  await off.getByTestId('collect-connections').click();
  const error = off.getByTestId('host-error');
  await expect(error).toHaveAttribute('data-error-kind', 'host-tool-failed');
  await expect(error).toContainText(/^psexec on 192\.168\.20\.17 failed: /);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  const screenshot = testInfo.outputPath('host-errors.png');
  await page.screenshot({ path: screenshot });
  await testInfo.attach('host-errors', { path: screenshot, contentType: 'image/png' });
});
