// `flowpivot terminal` as a real process on a real pty (node-pty): attached to the lab router over SSH, a filtered show
// command typed, Ctrl-] to end, and the transcript in the --case file.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../src/main/case/caseStore';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { readTranscript, transcriptOutput } from '../../../src/shared/terminal/transcript';
import { withTempDir } from '../../support/tempDir';

const BIN = fileURLToPath(new URL('../../../bin/flowpivot.mjs', import.meta.url));
const pty = createRequire(import.meta.url)('node-pty') as typeof import('node-pty');

let home: Awaited<ReturnType<typeof withTempDir>>;
let lab: LabRouter;

beforeEach(async () => {
  home = await withTempDir();
  lab = await startLabRouter({ scenario: 'seed' });
});

afterEach(async () => {
  await lab.close();
  await home.remove();
});

async function until(done: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out; so far: ${JSON.stringify(what().slice(-600))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('flowpivot terminal', () => {
  it('attaches a terminal to the lab router, and Ctrl-] ends the session with its transcript in the case', async () => {
    const casePath = join(home.path, 'cli.flowpivot');
    const child = pty.spawn(process.execPath, [BIN, 'terminal', `ssh://${lab.username}@127.0.0.1:${lab.port}`, '--password-env', 'FP_PW', '--accept-new-host-key', '--case', casePath], {
      cols: 100,
      rows: 30,
      env: { ...process.env, FLOWPIVOT_HOME: home.path, FP_PW: lab.password } as Record<string, string>,
    });
    let screen = '';
    child.onData((data) => (screen += data));
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    await until(() => screen.endsWith('Router>'), () => screen);
    expect(screen).toContain(`recorded into ${casePath}; Ctrl-] ends it.`);
    child.write('show ip cache flow | include 01BD\r');
    await until(() => (screen.match(/Router>/g)?.length ?? 0) >= 2, () => screen);
    child.write('\u001d');
    expect(await exited).toBe(0);
    expect(screen).toContain('The terminal on 127.0.0.1');
    expect(screen).toContain('Its transcript is in the case (1 collection)');

    const store = CaseStore.open(casePath, { readOnly: true });
    try {
      const [collection] = store.collections();
      expect(collection).toMatchObject({ kind: 'terminal', command: 'terminal session', tool: 'ssh', outcome: 'closed' });
      const { events } = readTranscript(store.collection(collection!.id).raw);
      expect(events.filter((event) => event.code === 'i').map((event) => event.data)).toEqual(['show ip cache flow | include 01BD\r']);
      expect(events.filter((event) => event.code === 'o').map((event) => event.data).join('')).toMatch(/01BD/);
      expect(store.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('leaves its checkpoints in the case when killed with SIGKILL mid-session', async () => {
    const casePath = join(home.path, 'crash.flowpivot');
    const child = pty.spawn(process.execPath, [BIN, 'terminal', '--local', '--case', casePath], {
      cols: 100,
      rows: 30,
      env: { ...process.env, FLOWPIVOT_HOME: home.path, SHELL: '/bin/sh' } as Record<string, string>,
    });
    let screen = '';
    child.onData((data) => (screen += data));
    const exited = new Promise<number | undefined>((resolve) => child.onExit(({ signal }) => resolve(signal)));
    await until(() => screen.includes('Ctrl-] ends it.'), () => screen);
    // More than 1 MiB of output: a checkpoint goes to the case at once, without waiting for the 30 s one.
    child.write('seq 1 300000; echo seq-"done"\r');
    await until(() => screen.includes('seq-done'), () => screen);
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGKILL');
    expect(await exited).toBe(9);

    const store = CaseStore.open(casePath, { readOnly: true });
    try {
      expect(store.verify().ok).toBe(true);
      const parts = store.collections().filter((collection) => collection.kind === 'terminal');
      expect(parts.length).toBeGreaterThanOrEqual(1);
      for (const part of parts) expect(part).toMatchObject({ outcome: 'checkpoint', tool: 'node-pty', argv: ['/bin/sh'] });
      const first = readTranscript(store.collection(parts[0]!.id).raw);
      expect(first.events.find((event) => event.code === 'i')).toMatchObject({ data: 'seq 1 300000; echo seq-"done"\r' });
      const kept = parts.map((part) => transcriptOutput(store.collection(part.id).raw)).join('');
      // All but what came after the last checkpoint (at most 1 MiB of transcript, or 30 s) survived the kill.
      expect(kept).toContain('\r\n100000\r\n');
      expect(kept.length).toBeGreaterThan(screen.length - 1.2 * 1024 * 1024);
    } finally {
      store.close();
    }
  });
});
