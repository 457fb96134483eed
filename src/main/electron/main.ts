// The Electron shell: one secure window over the main-process services. Logic lives in src/main, not here.
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { createServices, type Services } from '../api/createServices';
import { defaultConfigDir, configPaths } from '../config/configDir';
import { EncryptedFileSecretStore, MemorySecretStore } from '../config/secretStore';
import { forwardEvents, registerIpc } from './ipc';
import { safeStorageCipher } from './safeStorageCipher';
import { isAllowedNavigation, secureWebPreferences } from './security';

let services: Services | null = null;

function rendererUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  return devServer ? devServer : `file://${join(import.meta.dirname, '../renderer/index.html')}`;
}

function createWindow(url: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'FlowPivot',
    show: false,
    webPreferences: { ...secureWebPreferences, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, target) => {
    if (!isAllowedNavigation(target, url)) event.preventDefault();
  });
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
  const window = createWindow(url);
  forwardEvents(services, window.webContents);
});

app.on('window-all-closed', () => {
  void services?.dispose().finally(() => app.quit());
});
