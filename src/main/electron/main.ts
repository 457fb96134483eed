// The Electron shell: one secure window over the main-process services. Logic lives in src/main, not here.
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { createServices, type Services } from '../api/createServices';
import { defaultConfigDir, configPaths } from '../config/configDir';
import { EncryptedFileSecretStore, MemorySecretStore } from '../config/secretStore';
import { forwardEvents, registerIpc } from './ipc';
import { installApplicationMenu } from './menu';
import { safeStorageCipher } from './safeStorageCipher';
import { caseReviewWindowUrl, isAllowedNavigation, secureWebPreferences } from './security';

let services: Services | null = null;

function rendererUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  return devServer ? devServer : `file://${join(import.meta.dirname, '../renderer/index.html')}`;
}

/** A window on the app's page (`url` may carry ?case=HANDLE for a read-only review), with the services' events. */
function createWindow(url: string, appUrl: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'FlowPivot',
    show: false,
    webPreferences: { ...secureWebPreferences, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  window.once('ready-to-show', () => window.show());
  // The only window the page may open is another of its own, reviewing a case; it is created here, never by Chromium.
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    const review = caseReviewWindowUrl(target, appUrl);
    if (review !== null) createWindow(review, appUrl);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, target) => {
    if (!isAllowedNavigation(target, appUrl)) event.preventDefault();
  });
  if (services) {
    const stopEvents = forwardEvents(services, window.webContents);
    window.once('closed', stopEvents);
  }
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void window.loadURL(url);
  return window;
}

app.enableSandbox();
void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  const configDir = defaultConfigDir();
  const cipher = safeStorageCipher();
  services = await createServices({
    configDir,
    secrets: cipher ? new EncryptedFileSecretStore(configPaths(configDir).secrets, cipher) : new MemorySecretStore(),
    mode: 'electron',
    startLab: process.argv.includes('--lab'),
  });
  const url = rendererUrl();
  registerIpc(services, url);
  // `--case FILE` opens that case for review (no network needed); otherwise the live window.
  const caseArg = process.argv.indexOf('--case');
  const casePath = caseArg >= 0 ? process.argv[caseArg + 1] : undefined;
  const openReview = (handle: string) => createWindow(caseReviewWindowUrl(`${url}?case=${handle}`, url) ?? url, url);
  await installApplicationMenu(services, openReview);
  if (casePath !== undefined) {
    openReview((await services.cases.openCase({ path: casePath, mode: 'review' })).handle);
  } else createWindow(url, url);
});

app.on('window-all-closed', () => {
  void services?.dispose().finally(() => app.quit());
});
