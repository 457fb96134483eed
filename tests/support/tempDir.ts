// Real temporary folders for tests that touch files, removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withTempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'flowpivot-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
