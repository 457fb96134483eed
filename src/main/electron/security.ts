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

/**
 * A window the app may open itself: the app's own page for reviewing a case (`?case=HANDLE`, nothing else in the
 * query). Returns the URL to load, or null — every other window.open is denied.
 */
export function caseReviewWindowUrl(targetUrl: string, rendererUrl: string): string | null {
  if (!isTrustedSenderUrl(targetUrl, rendererUrl)) return null;
  const target = new URL(targetUrl);
  const keys = [...target.searchParams.keys()];
  const handle = target.searchParams.get('case');
  if (keys.length !== 1 || handle === null || !/^[A-Za-z0-9_-]{1,64}$/.test(handle) || target.hash !== '') return null;
  const url = new URL(rendererUrl);
  url.search = `?case=${handle}`;
  return url.toString();
}
