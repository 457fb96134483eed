// The analyst's settings through the contract: defaults on first run, changed field by field, kept in settings.json
// across launches, and a range that is not a CIDR refused by name.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/main/api/createServices';
import { MemorySecretStore } from '../../src/main/config/secretStore';
import { dispatchHelpers } from '../support/dispatch';
import { withTempDir } from '../support/tempDir';

let dir: Awaited<ReturnType<typeof withTempDir>>;
let services: Services;

const { ok, fails } = dispatchHelpers(() => services);

const start = () => createServices({ configDir: dir.path, secrets: new MemorySecretStore(), mode: 'preview' });

beforeEach(async () => {
  dir = await withTempDir();
  services = await start();
});

afterEach(async () => {
  await services.dispose();
  await dir.remove();
});

const DEFAULTS = {
  internalRanges: [],
  flagRules: { highPortAbove: 49151, uncommonPorts: true, unknownProtocols: true, internalToExternal: true, longLivedSeconds: 1800, highVolumePackets: 10000 },
};

describe('settings through the contract', () => {
  it('starts from the defaults, changes only what is given, and keeps it in settings.json for the next launch', async () => {
    expect(await ok('settings.get', {})).toEqual(DEFAULTS);
    const changed = await ok('settings.update', { internalRanges: [' 100.64.0.0/10', '2001:db8::/32', '100.64.0.0/10'], flagRules: { highPortAbove: 1024, uncommonPorts: false } });
    expect(changed).toEqual({ internalRanges: ['100.64.0.0/10', '2001:db8::/32'], flagRules: { ...DEFAULTS.flagRules, highPortAbove: 1024, uncommonPorts: false } });
    expect(await ok('settings.update', { flagRules: { longLivedSeconds: 600 } })).toEqual({ ...changed, flagRules: { ...changed.flagRules, longLivedSeconds: 600 } });

    const path = join(dir.path, 'settings.json');
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 1, internalRanges: ['100.64.0.0/10', '2001:db8::/32'] });
    await services.dispose();
    services = await start();
    expect((await ok('settings.get', {})).flagRules).toMatchObject({ highPortAbove: 1024, uncommonPorts: false, longLivedSeconds: 600 });
  });

  it('refuses a range that is not an IPv4 or IPv6 CIDR, naming it, and keeps the settings as they were', async () => {
    for (const bad of ['10.0.0/8', '10.0.0.0', '10.0.0.0/33', 'fd00::/129', 'intranet/8', '10.xx.0.0/16']) {
      const refused = await fails('settings.update', { internalRanges: ['192.168.0.0/16', bad] });
      expect(refused).toMatchObject({ kind: 'invalid-input', method: 'settings.update' });
      expect((refused as { issues: string[] }).issues).toEqual([expect.stringContaining(`internal range 2, "${bad}"`)]);
    }
    expect(await fails('settings.update', { flagRules: { highPortAbove: 70000 } })).toMatchObject({ kind: 'invalid-input' });
    expect(await ok('settings.get', {})).toEqual(DEFAULTS);
  });

  it('reads a file without the newer fields with their defaults, and refuses a hand-edited bad range at start', async () => {
    await services.dispose();
    const path = join(dir.path, 'settings.json');
    await writeFile(path, JSON.stringify({ version: 1, internalRanges: ['172.31.0.0/16'] }));
    services = await start();
    expect(await ok('settings.get', {})).toEqual({ ...DEFAULTS, internalRanges: ['172.31.0.0/16'] });
    await services.dispose();
    await writeFile(path, JSON.stringify({ version: 1, internalRanges: ['172.31.0.0/66'] }));
    await expect(start()).rejects.toThrow(/settings\.json: internal range 1, "172\.31\.0\.0\/66"/);
    // A running app for afterEach to stop.
    await writeFile(path, JSON.stringify({ version: 1 }));
    services = await start();
  });
});
