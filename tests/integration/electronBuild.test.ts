// The Electron build, checked as built: what the shell would load if the binary could run here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const out = (path: string) => resolve(root, 'out', path);

describe('electron-vite build output', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  it('ships the lab seed scenario text beside the main bundle, byte for byte', () => {
    expect(existsSync(out('main/seed-show-ip-cache-flow.txt'))).toBe(true);
    expect(readFileSync(out('main/seed-show-ip-cache-flow.txt'))).toEqual(readFileSync(resolve(root, 'src/main/lab/scenarios/seed-show-ip-cache-flow.txt')));
  });

  it('loads ssh2 at run time after the shipped DH groups, never as a hoisted static import', () => {
    const main = readFileSync(out('main/index.js'), 'utf8');
    expect(main).not.toMatch(/from ["']ssh2["']/);
    expect(main).toMatch(/createRequire\(import\.meta\.url\)\(["']ssh2["']\)/);
  });

  it('builds a sandbox-compatible preload: one CommonJS file requiring nothing but electron', () => {
    const preload = readFileSync(out('preload/index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/exposeInMainWorld\(["']ipcRenderer/);
  });

  it('gives the renderer page a strict Content-Security-Policy', () => {
    const html = readFileSync(out('renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|http:|https:/);
    expect(html).not.toMatch(/<script(?![^>]*type="module"[^>]*src=)/);
  });
});
