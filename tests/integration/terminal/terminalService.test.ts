// The terminal through the contract, as the window uses it: the lab router's real SSH shell (host-key decisions, the
// output modifiers), a real local shell in node-pty, and the transcript recorded into a real case file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServices, type Services } from '../../../src/main/api/createServices';
import { CaseStore } from '../../../src/main/case/caseStore';
import { MemorySecretStore } from '../../../src/main/config/secretStore';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { utils } from '../../../src/main/ssh/ssh2';
import { readTranscript, transcriptOutput, MASKED_INPUT } from '../../../src/shared/terminal/transcript';
import type { Events } from '../../../src/shared/contract';
import { dispatchHelpers } from '../../support/dispatch';
import { withTempDir } from '../../support/tempDir';

let dir: Awaited<ReturnType<typeof withTempDir>>;
let services: Services;
const labs: LabRouter[] = [];
let output: Map<string, string>;
let exits: Events['terminal.exit'][];

const { ok, fails } = dispatchHelpers(() => services);

async function start(options: { localShell?: boolean } = {}) {
  services = await createServices({ configDir: dir.path, secrets: new MemorySecretStore(), mode: 'preview', ...options });
  services.events.subscribe((event, payload) => {
    if (event === 'terminal.output') {
      const { sessionId, data } = payload as Events['terminal.output'];
      output.set(sessionId, (output.get(sessionId) ?? '') + data);
    }
    if (event === 'terminal.exit') exits.push(payload as Events['terminal.exit']);
  });
}

beforeEach(async () => {
  dir = await withTempDir();
  output = new Map();
  exits = [];
});

afterEach(async () => {
  await services?.dispose();
  await Promise.all(labs.splice(0).map((lab) => lab.close()));
  await dir.remove();
});

/** Waits until the session's screen output so far satisfies `done`. */
async function screenUntil(sessionId: string, done: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const screen = output.get(sessionId) ?? '';
    if (done(screen)) return screen;
    if (Date.now() > until) throw new Error(`timed out; the screen so far: ${JSON.stringify(screen.slice(-400))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function addLabRouter(lab: LabRouter) {
  return ok('routers.add', { name: 'edge-1', host: lab.host, port: lab.port, username: lab.username, password: lab.password, enablePassword: lab.enablePassword });
}

describe('a terminal on a router', () => {
  it('asks for the host key first, then types a filtered show command, and keeps the transcript in the case', async () => {
    await start();
    const lab = await startLabRouter({ scenario: 'seed' });
    labs.push(lab);
    const router = await addLabRouter(lab);
    const casePath = join(dir.path, 'incident.flowpivot');
    await ok('case.create', { name: 'incident', path: casePath });

    const unknown = await fails('terminal.open', { target: { router: router.id }, cols: 100, rows: 30 });
    expect(unknown).toEqual({ kind: 'host-key-unknown', device: `edge-1 (127.0.0.1:${lab.port})`, keyType: 'ssh-rsa', fingerprint: lab.fingerprint });
    await ok('hostKeys.accept', { id: router.id, fingerprint: lab.fingerprint });

    const opened = await ok('terminal.open', { target: { router: router.id }, cols: 100, rows: 30 });
    expect(opened).toMatchObject({ kind: 'router', routerId: router.id, device: `edge-1 (127.0.0.1:${lab.port})`, title: `ssh ${lab.username}@127.0.0.1:${lab.port}`, recording: true });
    const { sessionId } = opened;
    await screenUntil(sessionId, (screen) => screen.endsWith('Router>'));

    await ok('terminal.input', { sessionId, data: 'enable\r' });
    await screenUntil(sessionId, (screen) => screen.endsWith('Password: '));
    await ok('terminal.input', { sessionId, data: `${lab.enablePassword}\r` });
    await screenUntil(sessionId, (screen) => screen.endsWith('Router#'));
    await ok('terminal.input', { sessionId, data: 'terminal length 0\r' });
    await screenUntil(sessionId, (screen) => screen.match(/Router#/g)!.length >= 2);
    await ok('terminal.resize', { sessionId, cols: 132, rows: 40 });
    await ok('terminal.input', { sessionId, data: 'show ip cache flow | include 01BD\r' });
    const screen = await screenUntil(sessionId, (text) => text.match(/Router#/g)!.length >= 3);
    const shown = screen.slice(screen.indexOf('show ip cache flow | include 01BD'));
    const flowLines = shown.split('\r\n').slice(1, -1);
    expect(flowLines.length).toBeGreaterThan(0);
    // Only the lines with 01BD (port 445, SMB), as IOS's include does.
    for (const line of flowLines) expect(line).toContain('01BD');
    expect(lab.commandLog.map((entry) => entry.command)).toContain('show ip cache flow | include 01BD');

    const exit = await ok('terminal.close', { sessionId });
    expect(exit).toMatchObject({ sessionId, reason: 'closed', collectionIds: [`${sessionId}-1`] });
    expect(exit.message).toContain('Its transcript is in the case (1 collection)');
    expect(exits).toEqual([exit]);
    expect(await fails('terminal.input', { sessionId, data: 'x' })).toEqual({ kind: 'terminal-not-open', sessionId });

    // The case file, read back as a review would.
    await services.dispose();
    services = undefined as unknown as Services;
    const store = CaseStore.open(casePath, { readOnly: true });
    try {
      expect(store.verify().ok).toBe(true);
      const [collection] = store.collections().filter((c) => c.kind === 'terminal');
      expect(collection).toMatchObject({ id: `${sessionId}-1`, kind: 'terminal', command: 'terminal session', device: `edge-1 (127.0.0.1:${lab.port})`, tool: 'ssh', outcome: 'closed', recordCount: 0 });
      expect(collection!.sections).toMatchObject({ format: 'asciicast-v2', sessionId, part: 1, final: true, maskedSecrets: 1, typed: ['enable', MASKED_INPUT, 'terminal length 0', 'show ip cache flow | include 01BD'] });
      const raw = store.collection(collection!.id).raw;
      // The enable password never reaches the case.
      expect(raw).not.toContain(lab.enablePassword);
      const { header, events } = readTranscript(raw);
      expect(header).toMatchObject({ version: 2, width: 100, height: 30 });
      expect(events.filter((event) => event.code === 'i').map((event) => event.data)).toEqual(['enable\r', `${MASKED_INPUT}\r`, 'terminal length 0\r', 'show ip cache flow | include 01BD\r']);
      expect(events).toContainEqual(expect.objectContaining({ code: 'r', data: '132x40' }));
      const times = events.map((event) => event.time);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      // Everything printed, verbatim and in order: what the window was sent.
      expect(transcriptOutput(raw)).toBe(screen);
      const audit = store.audit().find((entry) => entry.detail.collectionId === collection!.id);
      expect(audit).toMatchObject({ action: 'collection', detail: { kind: 'terminal', rawSha256: collection!.rawSha256 } });
      expect(store.devices()).toContainEqual(expect.objectContaining({ id: router.id, kind: 'router', hostKeyFingerprint: lab.fingerprint }));
    } finally {
      store.close();
    }
  });

  it('refuses a router whose host key changed, before any credential is sent', async () => {
    await start();
    const first = await startLabRouter({ hostKey: utils.generateKeyPairSync('rsa', { bits: 2048 }).private });
    const port = first.port;
    const router = await addLabRouter(first);
    await fails('terminal.open', { target: { router: router.id }, cols: 80, rows: 24 });
    await ok('hostKeys.accept', { id: router.id, fingerprint: first.fingerprint });
    const { sessionId } = await ok('terminal.open', { target: { router: router.id }, cols: 80, rows: 24 });
    await screenUntil(sessionId, (screen) => screen.endsWith('Router>'));
    await ok('terminal.close', { sessionId });
    await first.close();

    const impostor = await startLabRouter({ hostKey: utils.generateKeyPairSync('rsa', { bits: 2048 }).private, port });
    labs.push(impostor);
    const changed = await fails('terminal.open', { target: { router: router.id }, cols: 80, rows: 24 });
    expect(changed).toMatchObject({ kind: 'host-key-changed', expectedFingerprint: first.fingerprint, actualFingerprint: impostor.fingerprint });
    expect(impostor.commandLog).toEqual([]);
    expect(await ok('terminal.list', {})).toEqual([]);
  });

  it('connects to a legacy-only router with the legacy algorithms, as its sessions do', async () => {
    await start();
    const lab = await startLabRouter({ legacyOnly: true });
    labs.push(lab);
    const router = await addLabRouter(lab);
    expect(await fails('terminal.open', { target: { router: router.id }, cols: 80, rows: 24 })).toMatchObject({ kind: 'no-matching-algorithm', legacyEnabled: false });
    await ok('routers.update', { id: router.id, changes: { legacyAlgorithms: true } });
    await fails('terminal.open', { target: { router: router.id }, cols: 80, rows: 24 });
    await ok('hostKeys.accept', { id: router.id, fingerprint: lab.fingerprint });
    const opened = await ok('terminal.open', { target: { router: router.id }, cols: 80, rows: 24 });
    // No case is open: the window is told nothing is kept.
    expect(opened.recording).toBe(false);
    const { sessionId } = opened;
    await screenUntil(sessionId, (screen) => screen.endsWith('Router>'));
    await ok('terminal.input', { sessionId, data: 'exit\r' });
    await vi_waitFor(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ sessionId, reason: 'exited' });
    expect(exits[0]!.message).toContain('NOT kept: no case was recording');
  });
});

async function vi_waitFor(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a terminal on this machine', () => {
  it('runs the shell in a pty: echo prints, exit ends it, and the transcript is in the case', async () => {
    await start();
    const casePath = join(dir.path, 'local.flowpivot');
    await ok('case.create', { name: 'local', path: casePath });
    const opened = await ok('terminal.open', { target: { local: true }, cols: 80, rows: 24 });
    expect(opened).toMatchObject({ kind: 'local', routerId: null, device: expect.stringMatching(/^this machine \(/) });
    const { sessionId } = opened;
    await ok('terminal.input', { sessionId, data: 'echo "flow""pivot-$((6*7))"\r' });
    await screenUntil(sessionId, (screen) => screen.includes('flowpivot-42'));
    await ok('terminal.input', { sessionId, data: 'exit 3\r' });
    await vi_waitFor(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ sessionId, reason: 'exited', exitCode: 3, collectionIds: [`${sessionId}-1`] });

    const live = await ok('case.live', {});
    const raw = await ok('case.raw', { handle: live!.handle, collectionId: `${sessionId}-1` });
    expect(transcriptOutput(raw)).toContain('flowpivot-42');
    expect(readTranscript(raw).events.filter((event) => event.code === 'i').map((event) => event.data)).toEqual(['echo "flow""pivot-$((6*7))"\r', 'exit 3\r']);
    const contents = await ok('case.contents', { handle: live!.handle });
    expect(contents.collections.find((c) => c.id === `${sessionId}-1`)).toMatchObject({ kind: 'terminal', tool: 'node-pty', outcome: 'exited', exitCode: 3, argv: [expect.stringMatching(/^\//)] });
    expect(contents.devices).toContainEqual(expect.objectContaining({ id: 'this-machine', kind: 'host', via: 'local' }));
  });

  it('checkpoints a long session into the case while it runs', async () => {
    services = await createServices({ configDir: dir.path, secrets: new MemorySecretStore(), mode: 'preview' });
    // A service of our own with a short checkpoint interval, on the same case service.
    const { TerminalService } = await import('../../../src/main/terminal/terminalService');
    const terminals = new TerminalService(services.routers, services.events, services.log, { allowLocalShell: true, localShell: ['/bin/sh'], timing: { checkpointMs: 100 } });
    terminals.recordInto(services.cases);
    const casePath = join(dir.path, 'checkpoints.flowpivot');
    await services.cases.create({ name: 'checkpoints', path: casePath });
    const { sessionId } = await terminals.open({ local: true }, { cols: 80, rows: 24 });
    terminals.input(sessionId, 'echo first-part\r');
    await vi_waitFor(() => services.cases.contents(services.cases.live()!.handle).collections.some((c) => c.id === `${sessionId}-1`));
    const checkpoint = services.cases.contents(services.cases.live()!.handle).collections.find((c) => c.id === `${sessionId}-1`)!;
    expect(checkpoint).toMatchObject({ kind: 'terminal', outcome: 'checkpoint' });
    terminals.input(sessionId, 'echo second-part\r');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = await terminals.close(sessionId);
    expect(exit.collectionIds.length).toBeGreaterThanOrEqual(2);
    const handle = services.cases.live()!.handle;
    const raws = exit.collectionIds.map((id) => services.cases.raw(handle, id));
    // The parts together hold the whole session, each input once, in order.
    const inputs = raws.flatMap((raw) => readTranscript(raw).events.filter((event) => event.code === 'i').map((event) => event.data));
    expect(inputs).toEqual(['echo first-part\r', 'echo second-part\r']);
    expect(services.cases.contents(handle).collections.find((c) => c.id === exit.collectionIds.at(-1))).toMatchObject({ outcome: 'closed' });
  });

  it('closes a session left idle, and every session when FlowPivot closes, each transcript kept first', async () => {
    await start();
    const { TerminalService } = await import('../../../src/main/terminal/terminalService');
    const idle = new TerminalService(services.routers, services.events, services.log, { allowLocalShell: true, localShell: ['/bin/sh'], timing: { idleMs: 300 } });
    idle.recordInto(services.cases);
    await services.cases.create({ name: 'ends', path: join(dir.path, 'ends.flowpivot') });
    const ended = exits;
    const quiet = await idle.open({ local: true }, { cols: 80, rows: 24 });
    await vi_waitFor(() => ended.some((exit) => exit.sessionId === quiet.sessionId));
    expect(ended.find((exit) => exit.sessionId === quiet.sessionId)).toMatchObject({ reason: 'idle', collectionIds: [`${quiet.sessionId}-1`] });

    const { sessionId } = await services.terminals.open({ local: true }, { cols: 80, rows: 24 });
    services.terminals.input(sessionId, 'echo still-here\r');
    await screenUntil(sessionId, (screen) => screen.includes('still-here\r\n'));
    const handle = services.cases.live()!.handle;
    await services.terminals.disposeAll();
    const collection = services.cases.contents(handle).collections.find((c) => c.id === `${sessionId}-1`);
    expect(collection).toMatchObject({ kind: 'terminal', outcome: 'shutdown' });
    expect(transcriptOutput(services.cases.raw(handle, `${sessionId}-1`))).toContain('still-here');
  });

  it('refuses a local shell when local shells are turned off', async () => {
    await start({ localShell: false });
    expect(await fails('terminal.open', { target: { local: true }, cols: 80, rows: 24 })).toMatchObject({ kind: 'terminal-unavailable', target: 'this machine' });
  });

  it('validates what the window sends', async () => {
    await start();
    expect(await fails('terminal.open', { target: { local: true }, cols: 0, rows: 24 })).toMatchObject({ kind: 'invalid-input' });
    expect(await fails('terminal.open', { target: { router: '../x' }, cols: 80, rows: 24 })).toMatchObject({ kind: 'invalid-input' });
    expect(await fails('terminal.input', { sessionId: 'abc', data: 'x'.repeat(64 * 1024 + 1) })).toMatchObject({ kind: 'invalid-input' });
    expect(await fails('terminal.input', { sessionId: 'abc', data: 'ls\r' })).toEqual({ kind: 'terminal-not-open', sessionId: 'abc' });
  });
});
