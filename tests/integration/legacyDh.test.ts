// diffie-hellman-group1-sha1 where the runtime lacks the named groups (Electron's BoringSSL), simulated in a child process.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter } from '../../src/main/lab/labRouter';

const run = promisify(execFile);
const child = resolve(import.meta.dirname, 'legacyDh/connectGroup1.ts');

async function connectInChild(mode: 'shipped' | 'without-shim', port: number) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child, mode, String(port)], { timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { modp2AvailableBefore: boolean; kex?: string; error?: string };
}

describe('legacy key exchange without the runtime named DH groups', () => {
  let lab: LabRouter;
  beforeAll(async () => {
    lab = await startLabRouter({ legacyOnly: true });
  });
  afterAll(() => lab.close());

  it('fails with "Unknown DH group" when ssh2 is used without the shipped groups', async () => {
    const result = await connectInChild('without-shim', lab.port);
    expect(result.modp2AvailableBefore).toBe(false);
    expect(result.error).toMatch(/Unknown DH group/);
  });

  it('negotiates diffie-hellman-group1-sha1 on both ends with the shipped RFC 2409 group', async () => {
    const result = await connectInChild('shipped', 0);
    expect(result.modp2AvailableBefore).toBe(false);
    expect(result.error).toBeUndefined();
    expect(result.kex).toBe('diffie-hellman-group1-sha1');
  });
});
