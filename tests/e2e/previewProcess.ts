// Starts the real browser preview (the app's main-process services) in a child process for one test, on a fresh config folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningPreview {
  launchUrl: string;
  configDir: string;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

export async function startPreview(extraArgs: string[] = []): Promise<RunningPreview> {
  const configDir = mkdtempSync(join(tmpdir(), 'flowpivot-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/main/preview/main.ts'), '--json', '--no-lab', '--config-dir', configDir, '--renderer-dir', join(root, 'out/renderer'), ...extraArgs],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const firstLine = await new Promise<string>((resolveLine, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`the preview exited with code ${code} before it was ready`)));
  });
  const { url } = JSON.parse(firstLine) as { url: string };
  return {
    launchUrl: url,
    configDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
