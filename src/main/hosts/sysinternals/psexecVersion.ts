// PsExec's version: hidden by -nobanner in every real run, so read once per executable from its usage banner.
import { statSync } from 'node:fs';
import type { ToolLocation } from '../process/toolLocator';
import type { ToolRunner } from '../process/toolRunner';

const PROBE_TIMEOUT_MS = 10_000;

/** A cached probe: `psexec` with no arguments prints its banner and usage, runs nothing, and exits. */
export function psexecVersionProbe(runner: ToolRunner): (location: ToolLocation) => Promise<string | null> {
  const versions = new Map<string, Promise<string | null>>();
  return (location) => {
    let modified = 0;
    try {
      modified = statSync(location.path).mtimeMs;
    } catch {
      return Promise.resolve(null);
    }
    const key = `${location.path}\u0000${modified}`;
    let version = versions.get(key);
    if (!version) {
      version = runner
        .run({ executable: location.path, args: [], timeoutMs: PROBE_TIMEOUT_MS, encoding: 'latin1' })
        .then((outcome) => /PsExec v(\d+(?:\.\d+)+)/i.exec(`${outcome.stdout}${outcome.stderr ?? ''}`)?.[1] ?? null)
        .catch(() => null);
      versions.set(key, version);
    }
    return version;
  };
}
