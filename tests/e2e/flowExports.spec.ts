// The flow export collector in the window: listen on loopback, the lab sends its NetFlow v9 exports and the test a
// datagram nobody can read; the flows show in the grid with their exporter and receive time, the malformed counter and
// its reason show the bad datagram, the collections are in the live case, and a port in use is refused in words.
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { rowsOf, snapshot } from './pageHelpers';
import { startPreview, type RunningPreview } from './previewProcess';

let preview: RunningPreview;

test.beforeEach(async () => {
  preview = await startPreview();
});

test.afterEach(async () => {
  await preview.stop();
});

/** A UDP port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function sendDatagram(bytes: Uint8Array, port: number): Promise<string> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const from = `127.0.0.1:${socket.address().port}`;
  await new Promise<void>((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  socket.close();
  return from;
}

test('listens for flow exports: the lab\'s NetFlow v9 flows land in the grid and the case, a malformed datagram is counted', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(preview.launchUrl);

  // A live case first, so what the collector hands over is kept.
  await page.getByTestId('case-panel').getByTestId('case-new').click();
  const newDialog = page.getByTestId('case-new-dialog');
  await newDialog.getByTestId('case-new-name').fill('Exports');
  await newDialog.getByTestId('case-new-path').fill(join(preview.configDir, 'exports.flowpivot'));
  await newDialog.getByTestId('case-new-create').click();
  await expect(newDialog).toBeHidden();

  const panel = page.getByTestId('collector-panel');
  await expect(panel).toHaveAttribute('data-state', 'stopped');
  // Keyboard only: open the panel, type the port, start with Enter.
  await page.getByTestId('collector-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('collector-address')).toHaveValue('127.0.0.1');
  await expect(page.getByTestId('collector-port')).toHaveValue('2055');
  await expect(page.getByTestId('collector-demo')).toBeDisabled();

  // A port another program holds is refused, naming it.
  const holder = createSocket('udp4');
  await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
  const taken = holder.address().port;
  await page.getByTestId('collector-port').fill(String(taken));
  await page.getByTestId('collector-port').press('Enter');
  await expect(page.getByTestId('collector-error')).toHaveText(`Cannot listen for flow exports on UDP 127.0.0.1:${taken}: another program (or another FlowPivot) already listens on that port; stop it or choose another port.`);
  await expect(panel).toHaveAttribute('data-state', 'stopped');
  holder.close();

  const port = await freePort();
  await page.getByTestId('collector-port').fill(String(port));
  await page.getByTestId('collector-port').press('Enter');
  await expect(panel).toHaveAttribute('data-state', 'listening');
  await expect(page.getByTestId('collector-listening')).toHaveText(`Listening on UDP 127.0.0.1:${port}`);
  await expect(page.getByTestId('collector-error')).toHaveCount(0);

  // Three bytes no exporter would send: counted, with its reason, and the collector goes on.
  const garbler = await sendDatagram(Uint8Array.of(0x00, 0x09, 0x00), port);
  await expect(page.getByTestId('collector-malformed')).toHaveText('⚠ 1 malformed');
  await page.getByTestId('collector-malformed').click();
  await expect(page.getByTestId('collector-malformed-reasons')).toContainText('short-packet 1');

  await page.getByTestId('collector-demo').click();
  await expect(page.getByTestId('collector-note')).toContainText('as NetFlow v9 from 127.0.0.1:');
  const note = await page.getByTestId('collector-note').innerText();
  const labExporter = /from (127\.0\.0\.1:\d+)/.exec(note)![1]!;
  const flowCount = Number(/sent (\d+) flows/.exec(note)![1]);
  expect(flowCount).toBeGreaterThan(100);
  await expect(page.getByTestId('collector-flows')).toHaveText(`${flowCount} flows`);
  const exporters = page.getByTestId('collector-exporters');
  await expect(exporters.locator(`[data-exporter="${labExporter}"]`)).toContainText('NetFlow v9');
  await expect(exporters.locator(`[data-exporter="${labExporter}"]`)).toContainText('1/256');
  await expect(exporters.locator(`[data-exporter="${garbler}"]`).getByTestId('exporter-malformed')).toHaveText('1');
  await expect(exporters.locator(`[data-exporter="${labExporter}"]`).getByTestId('exporter-malformed')).toHaveText('0');

  // Within the flush interval (5 s) the lab's flows are a collection in the grid, each with its exporter and time.
  await expect(page.getByTestId('flows-count')).toHaveText(`${flowCount} flows`, { timeout: 30_000 });
  await expect(page.getByTestId('collection-bar')).toContainText(`NetFlow exporter ${labExporter}`);
  await expect(page.getByTestId('collection-bar')).toContainText(`receive NetFlow v9 on udp 127.0.0.1:${port}`);
  const grid = page.getByTestId('flows-grid');
  await expect(grid.getByRole('columnheader', { name: 'Exporter' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Received' })).toBeVisible();
  await expect(rowsOf(page, 'flows-grid').first().locator('[col-id="exporter"]')).toHaveText(labExporter);
  await expect(rowsOf(page, 'flows-grid').first().locator('[col-id="receivedAt"]')).toHaveText(/^\d{1,2}:\d\d:\d\d/);
  await expect(grid).toContainText('192.168.10.');

  // Both exporters' collections are in the live case: the lab's flows, and the unreadable datagram kept as evidence.
  await expect(page.getByTestId('case-count-flows')).toHaveText(String(flowCount));
  await expect(page.getByTestId('case-count-collections')).toHaveText('2');
  await snapshot(page, testInfo, 'flow-exports');

  await page.getByTestId('collector-stop').click();
  await expect(panel).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByTestId('collector-last')).toContainText('1 malformed');
});
