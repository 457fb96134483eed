#!/usr/bin/env node
// `npm start`: builds if needed, then opens FlowPivot on the embedded lab — in Electron where it can run,
// otherwise in the browser preview on 127.0.0.1, saying why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const forcePreview = args.includes('--preview') || process.env.FLOWPIVOT_PREVIEW === '1';
const passThrough = args.filter((arg) => arg !== '--preview');

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

function ensureBuilt() {
  const built = join(root, 'out', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'resources')), statSync(join(root, 'electron.vite.config.ts')).mtimeMs);
  if (existsSync(built) && newestMtime(join(root, 'out')) >= sources) return;
  console.log('FlowPivot: building main, preload and renderer (electron-vite build)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('FlowPivot: the build failed (see above).');
    process.exit(result.status ?? 1);
  }
}

/** Why Electron cannot run here, or null when it can. */
function electronUnavailableReason() {
  if (forcePreview) return 'the browser preview was requested';
  // Requiring electron fetches its binary on first use; probe in a child so a failed download prints one line, not a stack.
  console.log('FlowPivot: looking for the Electron binary…');
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  const binary = probe.status === 0 ? probe.stdout.trim() : '';
  if (!binary) {
    const detail = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(probe.stderr) ? 'its download is not reachable' : (probe.stderr.trim().split('\n').pop() ?? 'unknown error');
    return `the Electron binary cannot be downloaded on this machine: ${detail}`;
  }
  if (!existsSync(binary)) return 'the Electron binary is missing';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)';
  return null;
}

ensureBuilt();
const reason = electronUnavailableReason();
if (reason === null) {
  const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [electronVite, 'preview', '--', '--lab', ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`FlowPivot: Electron cannot run here (${reason}).`);
  console.log('FlowPivot: starting the browser preview instead — the same services and window, served on 127.0.0.1.');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main', 'preview', 'main.ts'), ...passThrough], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
