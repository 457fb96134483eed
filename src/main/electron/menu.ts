// The Electron application menu: File → open a case for review (native dialog), recent cases, quit. A thin shell over
// the case service; the case panel in the window offers the same actions in the browser preview.
import { BrowserWindow, Menu, dialog, type MenuItemConstructorOptions } from 'electron';
import type { Services } from '../api/createServices';
import { CASE_EXTENSION } from '../../shared/case/caseModel';

/** Opens the case read-only in a window of its own. */
export type OpenReviewWindow = (handle: string) => void;

async function openForReview(services: Services, path: string, openWindow: OpenReviewWindow): Promise<void> {
  try {
    const review = await services.cases.openCase({ path, mode: 'review' });
    openWindow(review.handle);
  } catch (error) {
    dialog.showErrorBox('FlowPivot could not open the case', error instanceof Error ? error.message : String(error));
  }
}

export async function installApplicationMenu(services: Services, openWindow: OpenReviewWindow): Promise<void> {
  const recent = (await services.cases.recent()).filter((entry) => entry.exists);
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Open Case for Review…',
        accelerator: 'CmdOrCtrl+O',
        click: async () => {
          const parent = BrowserWindow.getFocusedWindow();
          const options = { title: 'Open a FlowPivot case', properties: ['openFile' as const], filters: [{ name: 'FlowPivot case', extensions: [CASE_EXTENSION.slice(1)] }] };
          const chosen = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
          if (!chosen.canceled && chosen.filePaths[0]) await openForReview(services, chosen.filePaths[0], openWindow);
          await installApplicationMenu(services, openWindow);
        },
      },
      {
        label: 'Recent Cases',
        enabled: recent.length > 0,
        submenu: recent.map((entry) => ({
          label: `${entry.name} — ${entry.path}`,
          click: async () => {
            await openForReview(services, entry.path, openWindow);
            await installApplicationMenu(services, openWindow);
          },
        })),
      },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate([file, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }]));
}
