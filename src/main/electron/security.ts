// The Electron window's security settings and the IPC sender check, as plain data and pure functions so tests can read them.
import type { WebPreferences } from 'electron';

export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const satisfies WebPreferences;

/** Only the app's own page may call the API: compared by parsed origin (file:// or the dev server), never by prefix. */
export function isTrustedSenderUrl(senderUrl: string | undefined, rendererUrl: string): boolean {
  if (!senderUrl) return false;
  let sender: URL;
  let renderer: URL;
  try {
    sender = new URL(senderUrl);
    renderer = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (renderer.protocol === 'file:') return sender.protocol === 'file:' && sender.pathname === renderer.pathname;
  return sender.origin === renderer.origin;
}

/** Navigation away from the app's page is never allowed. */
export function isAllowedNavigation(targetUrl: string, rendererUrl: string): boolean {
  return isTrustedSenderUrl(targetUrl, rendererUrl);
}
