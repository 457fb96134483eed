// The app's services with the embedded lab running, fresh for each test in a temporary config folder, and the calls
// tests make through the contract dispatcher.
import { afterEach, beforeEach } from 'vitest';
import { createServices, type Services } from '../../src/main/api/createServices';
import { MemorySecretStore } from '../../src/main/config/secretStore';
import { dispatchHelpers } from './dispatch';
import { withTempDir } from './tempDir';

/** Registers beforeEach/afterEach that start and stop the services with the lab (`scenario`, default the app's). */
export function useLabServices(scenario: string | true = true) {
  let dir: Awaited<ReturnType<typeof withTempDir>>;
  let services: Services;
  beforeEach(async () => {
    dir = await withTempDir();
    services = await createServices({ configDir: dir.path, secrets: new MemorySecretStore(), mode: 'preview', startLab: scenario });
  });
  afterEach(async () => {
    await services.dispose();
    await dir.remove();
  });
  const calls = dispatchHelpers(() => services);
  return {
    ...calls,
    services: () => services,
    configDir: () => dir.path,
    /** The id of the listed host with this address. */
    async hostId(address: string): Promise<string> {
      const host = (await calls.ok('hosts.list', {})).find((candidate) => candidate.address === address);
      if (!host) throw new Error(`host ${address} not listed`);
      return host.id;
    },
  };
}
