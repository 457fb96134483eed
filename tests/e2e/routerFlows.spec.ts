// The foundation's vertical slice, as an analyst does it: start the lab, accept its host key, collect, read the flows.
import { expect, test } from '@playwright/test';
import { startPreview, type RunningPreview } from './previewProcess';

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

test('adds the lab router, accepts its host key, collects and shows the seed flows decoded', async ({ page }, testInfo) => {
  await page.goto(preview.launchUrl);
  await expect(page.getByTestId('mode-badge')).toContainText(/preview/i);
  expect(new URL(page.url()).hash).toBe('');

  // The seed write-up's router output alone (the default scenario adds the fleet's own flows).
  await page.getByTestId('lab-scenario').selectOption('seed');
  await page.getByTestId('start-lab').click();
  const labPanel = page.getByTestId('lab-panel');
  await expect(labPanel).toBeVisible();
  const labFingerprint = (await page.getByTestId('lab-fingerprint').innerText()).trim();
  expect(labFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);

  const routerRow = page.getByTestId('router-row').first();
  await expect(routerRow).toBeVisible();
  await routerRow.getByTestId('collect-flows').click();

  const dialog = page.getByTestId('host-key-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('host-key-fingerprint')).toHaveText(labFingerprint);
  await dialog.getByTestId('accept-host-key').click();
  await expect(dialog).toBeHidden();

  const grid = page.getByTestId('flows-grid');
  await expect(grid.locator('.ag-row')).toHaveCount(11);
  await expect(grid).toContainText('445 (microsoft-ds)');
  await expect(grid).toContainText('53 (domain)');
  await expect(grid).toContainText('10.bb.ee.140');

  await expect(page.getByTestId('protocol-table')).toContainText('TCP-WWW');
  await expect(page.getByTestId('packet-size-chart')).toBeVisible();
  await expect(page.getByTestId('log-pane').getByTestId('log-entry').filter({ hasText: 'show ip cache flow' }).first()).toBeVisible();

  const screenshot = testInfo.outputPath('flows-after-collect.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('flows-after-collect', { path: screenshot, contentType: 'image/png' });
});

test('the page runs under a strict CSP with no Node in reach', async ({ page }) => {
  await page.goto(preview.launchUrl);
  await expect(page.getByTestId('mode-badge')).toBeVisible();
  const inlineRan = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.appendChild(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
  expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
});

test('an analyst sees a plain error, not a crash, when a router cannot be reached', async ({ page }) => {
  await page.goto(preview.launchUrl);
  await page.getByTestId('add-router').click();
  await page.getByTestId('router-name').fill('unreachable');
  await page.getByTestId('router-host').fill('127.0.0.1');
  await page.getByTestId('router-port').fill('9');
  await page.getByTestId('router-username').fill('analyst');
  await page.getByTestId('router-password').fill('x');
  await page.getByTestId('router-save').click();
  const row = page.getByTestId('router-row').filter({ hasText: 'unreachable' });
  await row.getByTestId('connect-router').click();
  await expect(page.getByTestId('error-banner')).toContainText('Cannot reach unreachable (127.0.0.1:9): connection refused');
});
