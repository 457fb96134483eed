import { describe, expect, it } from 'vitest';
import { caseReviewWindowUrl, isAllowedNavigation, isTrustedSenderUrl, secureWebPreferences } from '../../src/main/electron/security';

describe('Electron window security', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    expect(secureWebPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
  });

  it('accepts IPC only from the app page itself, compared by parsed URL', () => {
    const app = 'file:///opt/FlowPivot/resources/app/out/renderer/index.html';
    expect(isTrustedSenderUrl(app, app)).toBe(true);
    expect(isTrustedSenderUrl('file:///tmp/evil.html', app)).toBe(false);
    expect(isTrustedSenderUrl('https://example.com/', app)).toBe(false);
    expect(isTrustedSenderUrl(undefined, app)).toBe(false);
    const dev = 'http://localhost:5173/';
    expect(isTrustedSenderUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('blocks navigation to any other page', () => {
    const app = 'file:///opt/FlowPivot/out/renderer/index.html';
    for (const target of ['https://example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share']) {
      expect(isAllowedNavigation(target, app)).toBe(false);
    }
  });

  it('opens only its own page reviewing a case as a new window; every other window.open is denied', () => {
    const app = 'file:///opt/FlowPivot/out/renderer/index.html';
    expect(caseReviewWindowUrl(`${app}?case=6f1c2a90-1b2c-4d5e-8f90-0123456789ab`, app)).toBe(`${app}?case=6f1c2a90-1b2c-4d5e-8f90-0123456789ab`);
    for (const target of [
      'https://example.com/?case=abc',
      'file:///tmp/evil.html?case=abc',
      `${app}`,
      `${app}?case=abc&token=x`,
      `${app}?case=../../etc/passwd`,
      `${app}?case=abc#x`,
      'javascript:alert(1)',
    ]) {
      expect(caseReviewWindowUrl(target, app)).toBeNull();
    }
  });
});
