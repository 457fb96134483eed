// The raw terminal, as an analyst uses it: open it on the lab router (host key accepted in the usual dialog), type a
// filtered show command, read the matching lines on the xterm screen, close it, and find the transcript in the case.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { snapshot } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

/** The text of the xterm screen's rendered rows (the DOM renderer draws one div per row). */
async function screenText(page: Page): Promise<string> {
  return page.getByTestId('terminal-screen').locator('.xterm-rows > div').allInnerTexts().then((rows) => rows.map((row) => row.replace(/\u00a0/g, ' ').trimEnd()).join('\n'));
}

test('types a filtered show command on the lab router in the terminal and finds the transcript in the case, live and in review', async ({ page, context }, testInfo) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(preview.launchUrl);
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __csp: string[] }).__csp = [...((window as unknown as { __csp?: string[] }).__csp ?? []), `${event.violatedDirective} ${event.blockedURI}`];
    });
  });

  const panel = page.getByTestId('case-panel');
  await panel.getByTestId('case-new').click();
  const newDialog = page.getByTestId('case-new-dialog');
  await newDialog.getByTestId('case-new-name').fill('terminal evidence');
  await newDialog.getByTestId('case-new-path').fill(join(preview.configDir, 'terminal.flowpivot'));
  await newDialog.getByTestId('case-new-create').click();
  await expect(panel.getByTestId('case-name')).toHaveText('terminal evidence');

  await page.getByTestId('lab-scenario').selectOption('seed');
  await page.getByTestId('start-lab').click();
  const labFingerprint = (await page.getByTestId('lab-fingerprint').innerText()).trim();
  const routerRow = page.getByTestId('router-row').first();
  await routerRow.getByTestId('open-terminal').click();

  // The host key is asked for in the same dialog as for a collection, and the terminal opens once it is accepted.
  const dialog = page.getByTestId('host-key-dialog');
  await expect(dialog.getByTestId('host-key-fingerprint')).toHaveText(labFingerprint);
  await dialog.getByTestId('accept-host-key').click();
  await expect(dialog).toBeHidden();

  const tab = page.getByTestId('terminal-tab');
  await expect(tab).toHaveAttribute('data-state', 'open');
  const screen = page.getByTestId('terminal-screen');
  await expect(screen).toBeVisible();
  await expect.poll(() => screenText(page)).toMatch(/Router>$/m);

  // Taller pane, more rows: the screen follows the pane, and the router is told its new size (its page length follows).
  const rowsBefore = await screen.locator('.xterm-rows > div').count();
  await page.getByRole('separator', { name: 'Resize the terminal' }).focus();
  await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('Shift+ArrowUp');
  await expect.poll(() => screen.locator('.xterm-rows > div').count()).toBeGreaterThan(rowsBefore + 5);
  const rowsAfter = await screen.locator('.xterm-rows > div').count();
  await screen.click();
  await page.keyboard.type('show terminal | include Length');
  await page.keyboard.press('Enter');
  await expect.poll(() => screenText(page)).toContain(`Length: ${rowsAfter} lines`);

  await page.keyboard.type('terminal length 0');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screenText(page)).match(/Router>/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  await page.keyboard.type('show ip cache flow | include 01BD');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screenText(page)).match(/Router>/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
  const text = await screenText(page);
  const afterLines = text.slice(text.indexOf('show ip cache flow | include 01BD')).split('\n').slice(1);
  const afterCommand = afterLines.slice(0, afterLines.findIndex((line) => line.startsWith('Router>'))).filter((line) => line.trim() !== '');
  expect(afterCommand.length).toBeGreaterThan(0);
  for (const line of afterCommand) expect(line).toContain('01BD');
  await snapshot(page, testInfo, 'terminal-on-lab-router');


  await page.getByTestId('terminal-close').click();
  await expect(tab).toHaveAttribute('data-state', 'ended');
  await expect(page.getByTestId('terminal-ended')).toContainText('Its transcript is in the case (1 collection)');

  await panel.getByTestId('case-audit').click();
  const log = page.getByTestId('case-log-dialog');
  await log.getByTestId('case-log-view').getByText(/Terminal sessions/).click();
  const session = log.getByTestId('case-terminal-session');
  await expect(session).toHaveCount(1);
  await expect(session).toContainText('Embedded lab router');
  await expect(session.getByTestId('case-terminal-typed')).toContainText('show ip cache flow | include 01BD');
  await session.getByTestId('case-terminal-show').click();
  const transcript = log.getByTestId('case-terminal-transcript');
  await expect(transcript).toContainText('Router>show ip cache flow | include 01BD');
  for (const line of afterCommand) await expect(transcript).toContainText(line.trim());
  await snapshot(page, testInfo, 'terminal-transcript-in-case');

  expect(cspViolations).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
  await log.getByRole('button', { name: 'Close' }).click();

  // Reviewed read-only, in a window of its own: the session is there, and no terminal can be opened.
  await panel.getByTestId('case-close').click();
  await expect(panel.getByTestId('case-none')).toBeVisible();
  await panel.getByTestId('case-open').click();
  const openDialog = page.getByTestId('case-open-dialog');
  await openDialog.getByTestId('recent-case').filter({ hasText: 'terminal evidence' }).click();
  await openDialog.getByTestId('case-open-mode-review').check();
  const [review] = await Promise.all([context.waitForEvent('page'), openDialog.getByTestId('case-open-submit').click()]);
  await review.waitForLoadState();
  await expect(review.getByTestId('review-banner')).toBeVisible();
  await expect(review.getByTestId('terminal-pane')).toHaveCount(0);
  await review.getByTestId('case-panel').getByTestId('case-audit').click();
  const reviewLog = review.getByTestId('case-log-dialog');
  await reviewLog.getByTestId('case-log-view').getByText(/Terminal sessions/).click();
  const reviewed = reviewLog.getByTestId('case-terminal-session');
  await expect(reviewed).toHaveCount(1);
  await reviewed.getByTestId('case-terminal-show').click();
  await expect(reviewLog.getByTestId('case-terminal-transcript')).toContainText('Router>show ip cache flow | include 01BD');
  await snapshot(review, testInfo, 'terminal-transcript-in-review');
});

test('opens a shell on this machine, runs echo, and says nothing is kept while no case is open', async ({ page }) => {
  await page.goto(preview.launchUrl);
  await page.getByTestId('open-local-terminal').click();
  await expect(page.getByTestId('terminal-tab')).toContainText('this machine');
  await expect(page.getByTestId('terminal-not-recording')).toBeVisible();
  const screen = page.getByTestId('terminal-screen');
  await screen.click();
  await page.keyboard.type('echo "e2e-$((6*7))"');
  await page.keyboard.press('Enter');
  await expect.poll(() => screenText(page)).toMatch(/^e2e-42$/m);
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-tab')).toHaveAttribute('data-state', 'ended');
  await expect(page.getByTestId('terminal-ended')).toContainText('NOT kept: no case was recording');
  await page.getByTestId('terminal-dismiss').click();
  await expect(page.getByTestId('terminal-tab')).toHaveCount(0);
});
