// The case service through the contract, as the window calls it: a live case records what the services collect and do,
// a closed case reopens read-only with the same rows, imports refuse what nothing can be read from.
import { existsSync } from 'node:fs';
import { recordsOfContents } from '../../../src/shared/case/caseModel';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEED_HOST } from '../../../src/main/lab/scenarios/seedFleet';
import { useLabServices } from '../../support/labServices';

const lab = useLabServices('investigation');

async function collectOnTheLab(): Promise<{ routerId: string; hostId: string }> {
  const [router] = await lab.ok('routers.list', {});
  const info = await lab.ok('lab.status', {});
  await lab.fails('routers.connect', { id: router!.id });
  await lab.ok('hostKeys.accept', { id: router!.id, fingerprint: info!.fingerprint });
  await lab.ok('routers.collectFlows', { id: router!.id });
  const hostId = await lab.hostId(SEED_HOST);
  await lab.ok('hosts.collectConnections', { id: hostId });
  await lab.ok('hosts.collectProcesses', { id: hostId });
  return { routerId: router!.id, hostId };
}

describe('the case service', () => {
  it('records live work into the live case, in the cases folder by default, and reopens it read-only with the same rows', async () => {
    const created = await lab.ok('case.create', { name: 'Beacon on WS5081' });
    expect(created.path.startsWith(`${lab.configDir()}/cases/Beacon-on-WS5081-`)).toBe(true);
    expect(existsSync(created.path)).toBe(true);

    const { hostId } = await collectOnTheLab();
    const killed = await lab.ok('hosts.kill', { id: hostId, pid: 3968, expectName: 'ctfmon.exe', reason: 'test' });
    expect(killed.outcome).toBe('killed');

    const live = await lab.ok('case.contents', { handle: created.handle });
    expect(live.summary.counts).toMatchObject({ collections: expect.any(Number), flows: expect.any(Number) });
    const kinds = live.collections.map((collection) => collection.kind);
    expect(kinds.filter((kind) => kind === 'flows')).toHaveLength(1);
    expect(kinds).toContain('connections');
    expect(kinds).toContain('kill');
    expect(live.audit.map((entry) => entry.action)).toContain('kill');

    await lab.ok('case.close', { handle: created.handle });
    const review = await lab.ok('case.open', { path: created.path, mode: 'review' });
    expect(review.verify.ok).toBe(true);
    const reopened = await lab.ok('case.contents', { handle: review.handle });
    expect(reopened.collections.map(recordsOfContents)).toEqual(live.collections.map(recordsOfContents));
    expect(recordsOfContents(reopened.collections.find((collection) => collection.kind === 'flows')!).length).toBeGreaterThan(0);
    expect(await lab.fails('case.addNote', { handle: review.handle, target: { collectionId: reopened.collections[0]!.id, row: 0 }, text: 'x' })).toMatchObject({ kind: 'case-read-only' });

    const recent = await lab.ok('case.recent', {});
    expect(recent[0]).toMatchObject({ path: created.path, name: 'Beacon on WS5081', exists: true });
    const report = await lab.ok('case.report', { handle: review.handle });
    expect(report).toContain('Beacon on WS5081');
    expect(report).not.toMatch(/<script/i);
  });

  it('imports what it can read and says why it refuses the rest, per file', async () => {
    const created = await lab.ok('case.create', { name: 'imports' });
    const seed = await readFile(fileURLToPath(new URL('../../fixtures/ios-ip-cache-flow/seed.txt', import.meta.url)), 'utf8');
    const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const results = await lab.ok('case.import', { handle: created.handle, files: [{ fileName: 'router1.txt', text: seed }, { fileName: 'README.md', text: readme }, { fileName: 'empty.txt', text: '' }] });
    expect(results[0]).toMatchObject({ ok: true, format: 'ios-ip-cache-flow', kind: 'flows', device: 'router1' });
    expect(results[1]).toMatchObject({ ok: false });
    expect(results[2]).toMatchObject({ ok: false, error: expect.stringContaining('cannot tell its format') });
    const summary = await lab.ok('case.verify', { handle: created.handle });
    expect(summary.counts.collections).toBe(1);
    expect(summary.verify.ok).toBe(true);
  });
});
