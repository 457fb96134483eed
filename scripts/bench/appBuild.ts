// What the bench measures of the app as shipped: the electron-vite build (the renderer, the tool launcher's bundle),
// made once if it is not there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LauncherEntry } from '../../src/main/hosts/process/launchedRunner';

const root = resolve(import.meta.dirname, '..', '..');

export function ensureAppBuilt(): void {
  if (existsSync(join(root, 'out/renderer/index.html')) && existsSync(join(root, 'out/main/toolLauncher.js'))) return;
  execFileSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
}

/** The tool launcher as a build ships it: its bundle, run by plain Node (from the sources it runs under tsx). */
export function builtToolLauncher(): LauncherEntry {
  ensureAppBuilt();
  return { entry: join(root, 'out/main/toolLauncher.js'), execArgv: [] };
}
