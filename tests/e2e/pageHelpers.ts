// What the end-to-end specs look for on the page, and their screenshots kept as artifacts.
import type { Locator, Page, TestInfo } from '@playwright/test';

/** A screenshot of the whole window, attached to the test's report (pointer moved away so no tooltip covers it). */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The rendered rows of the grid with this test id. */
export function rowsOf(page: Page, grid: string): Locator {
  return page.getByTestId(grid).locator('.ag-row');
}

/** The host list's row for this address. */
export function hostRow(page: Page, address: string): Locator {
  return page.locator(`[data-testid="host-row"][data-address="${address}"]`);
}
