// electron-vite: main (ESM), a sandbox-compatible preload (one self-contained CommonJS file), and the React renderer.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** The lab reads its verbatim scenario texts next to its code (`new URL(name, import.meta.url)`): ship them beside the main bundle. */
function labScenarioTexts(): Plugin {
  const folder = resolve(import.meta.dirname, 'src/main/lab/scenarios');
  return {
    name: 'flowpivot-lab-scenario-texts',
    generateBundle() {
      for (const fileName of readdirSync(folder).filter((name) => name.endsWith('.txt'))) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(join(folder, fileName)) });
      }
    },
  };
}

export default defineConfig({
  main: {
    plugins: [labScenarioTexts()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The tool launcher is a process of its own (src/main/hosts/process/launchedRunner.ts finds it beside index.js).
        input: { index: resolve(import.meta.dirname, 'src/main/electron/main.ts'), toolLauncher: resolve(import.meta.dirname, 'src/main/hosts/process/toolLauncherProcess.ts') },
        output: { format: 'es' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require Electron's own modules, so everything it uses is bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
