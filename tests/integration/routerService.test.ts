// The app's services through the contract dispatcher, as the renderer calls them: add, host-key decision, collect, evidence.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/main/api/createServices';
import { MemorySecretStore } from '../../src/main/config/secretStore';
import { startLabRouter, type LabRouter } from '../../src/main/lab/labRouter';
import { utils } from '../../src/main/ssh/ssh2';
import { FlowTable } from '../../src/shared/flows/flowTable';
import { parse as parseShowIpCacheFlow } from '../../src/shared/parsers/cisco/showIpCacheFlow';
import { seedShowIpCacheFlow } from '../support/seed';
import { withTempDir } from '../support/tempDir';
import { dispatchHelpers } from '../support/dispatch';

let dir: Awaited<ReturnType<typeof withTempDir>>;
let services: Services;
const labs: LabRouter[] = [];

const { ok, fails } = dispatchHelpers(() => services);

function rsaHostKey(): string {
  return utils.generateKeyPairSync('rsa', { bits: 2048 }).private;
}

beforeEach(async () => {
  dir = await withTempDir();
  services = await createServices({ configDir: dir.path, secrets: new MemorySecretStore(), mode: 'preview' });
});

afterEach(async () => {
  await services.dispose();
  await Promise.all(labs.splice(0).map((lab) => lab.close()));
  await dir.remove();
});

async function addLabRouter(lab: LabRouter, extra: Record<string, unknown> = {}) {
  return ok('routers.add', { name: 'edge-1', host: lab.host, port: lab.port, username: lab.username, password: lab.password, enablePassword: lab.enablePassword, ...extra });
}

describe('router services through the contract', () => {
  it('asks for the host key, stores the accepted one, then collects the seed flows', async () => {
    const lab = await startLabRouter({ scenario: 'seed' });
    labs.push(lab);
    const router = await addLabRouter(lab);
    expect(router).toMatchObject({ hasPassword: true, hasEnablePassword: true, isLab: false });

    const unknown = await fails('routers.collectFlows', { id: router.id });
    expect(unknown).toEqual({ kind: 'host-key-unknown', device: `edge-1 (127.0.0.1:${lab.port})`, keyType: 'ssh-rsa', fingerprint: lab.fingerprint });
    expect(lab.commandLog).toEqual([]);

    expect(await fails('hostKeys.accept', { id: router.id, fingerprint: `SHA256:${'A'.repeat(43)}` })).toMatchObject({ kind: 'host-key-mismatch' });
    await ok('hostKeys.accept', { id: router.id, fingerprint: lab.fingerprint });
    const knownHosts = await readFile(join(dir.path, 'known_hosts'), 'utf8');
    expect(knownHosts).toContain(`[127.0.0.1]:${lab.port} ssh-rsa `);

    const collection = await ok('routers.collectFlows', { id: router.id });
    // The window is sent the flows in columns and the command without its output (main keeps it: the log, the case).
    expect(collection.command).not.toHaveProperty('raw');
    expect(collection.command).not.toHaveProperty('output');
    expect(collection.command.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(collection.command.device).toBe(`edge-1 (127.0.0.1:${lab.port})`);
    const flows = new FlowTable(collection.result.table).flows();
    expect(flows).toEqual(parseShowIpCacheFlow(seedShowIpCacheFlow()).records);
    expect(flows).toHaveLength(11);
    const smb = flows.find((flow) => flow.dstPortHex === '01BD')!;
    expect(smb).toMatchObject({ dstPort: 445, dstService: 'microsoft-ds', protocol: 6, protocolName: 'TCP' });

    const log = await ok('log.list', {});
    const commandEntry = log.find((entry) => entry.kind === 'command')!;
    expect(commandEntry.detail).toContain('show ip cache flow\r\n');
    expect(commandEntry.detail).toHaveLength(collection.command.rawLength);
    expect(commandEntry.detailLength).toBeUndefined();
    expect(log.some((entry) => entry.message.includes('accepted by the analyst'))).toBe(true);
  });

  it('refuses a router whose host key changed, and connects again only after the analyst forgets the old key', async () => {
    const first = await startLabRouter({ hostKey: rsaHostKey() });
    const port = first.port;
    const router = await addLabRouter(first);
    await fails('routers.connect', { id: router.id });
    await ok('hostKeys.accept', { id: router.id, fingerprint: first.fingerprint });
    await ok('routers.connect', { id: router.id });
    await ok('routers.disconnect', { id: router.id });
    await first.close();

    const impostor = await startLabRouter({ hostKey: rsaHostKey(), port });
    labs.push(impostor);
    const changed = await fails('routers.connect', { id: router.id });
    expect(changed).toMatchObject({ kind: 'host-key-changed', expectedFingerprint: first.fingerprint, actualFingerprint: impostor.fingerprint });
    expect(impostor.commandLog).toEqual([]);
    // Accepting the new key is refused while the old one is stored: a changed key is never overridden in one click.
    expect(await fails('hostKeys.accept', { id: router.id, fingerprint: impostor.fingerprint })).toMatchObject({ kind: 'host-key-mismatch' });

    await ok('hostKeys.forget', { id: router.id });
    await fails('routers.connect', { id: router.id });
    await ok('hostKeys.accept', { id: router.id, fingerprint: impostor.fingerprint });
    expect(await ok('routers.connect', { id: router.id })).toMatchObject({ state: 'connected', prompt: 'Router#' });
  });

  it('explains a legacy-only router and connects once the analyst opts in', async () => {
    const lab = await startLabRouter({ legacyOnly: true });
    labs.push(lab);
    const router = await addLabRouter(lab);
    const refused = await fails('routers.connect', { id: router.id });
    expect(refused).toMatchObject({ kind: 'no-matching-algorithm', legacyEnabled: false });
    await ok('routers.update', { id: router.id, changes: { legacyAlgorithms: true } });
    await fails('routers.connect', { id: router.id });
    await ok('hostKeys.accept', { id: router.id, fingerprint: lab.fingerprint });
    const status = await ok('routers.connect', { id: router.id });
    expect(status.algorithms?.kex).toMatch(/^diffie-hellman-group(1|14)-sha1$/);
  });

  it('never writes passwords into the router list', async () => {
    const lab = await startLabRouter();
    labs.push(lab);
    await addLabRouter(lab, { password: 'Very-Secret-Login-1', enablePassword: 'Very-Secret-Enable-2' });
    const stored = await readFile(join(dir.path, 'routers.json'), 'utf8');
    expect(stored).not.toContain('Very-Secret');
    expect(JSON.parse(stored).routers[0]).not.toHaveProperty('password');
  });

  it('starts the embedded lab and lists it as a router on first run', async () => {
    expect(await ok('app.info', {})).toMatchObject({ firstRun: true });
    const info = await ok('lab.start', {});
    expect(info).toMatchObject({ host: '127.0.0.1', scenario: 'investigation' });
    const routers = await ok('routers.list', {});
    expect(routers).toEqual([expect.objectContaining({ id: info.routerId, isLab: true, port: info.port, hasPassword: true })]);
    await ok('lab.stop', {});
    expect(await ok('lab.status', {})).toBeNull();
  });
});
