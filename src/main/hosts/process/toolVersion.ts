// A tool's version for the evidence: read once per executable (path and modification time) by running it with the
// arguments that make it say its version, and kept for every later run.
import { statSync } from 'node:fs';
import type { ToolLocation } from './toolLocator';
import type { ToolRunner } from './toolRunner';

const PROBE_TIMEOUT_MS = 10_000;

/** How one tool says its version: the arguments, and how to read the version from what it prints. */
export interface VersionQuery {
  args: readonly string[];
  read: (output: string) => string | null;
}

/** A cached probe: `query(location)` runs the tool at most once per executable and resolves with its version or null. */
export function toolVersionProbe(runner: ToolRunner): (location: ToolLocation, query: VersionQuery) => Promise<string | null> {
  const versions = new Map<string, Promise<string | null>>();
  return (location, query) => {
    let modified = 0;
    try {
      modified = statSync(location.path).mtimeMs;
    } catch {
      return Promise.resolve(null);
    }
    const key = `${location.path}\u0000${modified}\u0000${query.args.join('\u0000')}`;
    let version = versions.get(key);
    if (!version) {
      version = runner
        .run({ executable: location.path, args: query.args, timeoutMs: PROBE_TIMEOUT_MS, encoding: 'latin1' })
        .then((outcome) => query.read(`${outcome.stdout}${outcome.stderr ?? ''}`))
        .catch(() => null);
      versions.set(key, version);
    }
    return version;
  };
}

/** PsExec prints its banner and usage when run with no arguments, and runs nothing. */
export const PSEXEC_VERSION: VersionQuery = { args: [], read: (output) => /PsExec v(\d+(?:\.\d+)+)/i.exec(output)?.[1] ?? null };

/** procps and iproute2 tools: `ps --version` → "ps from procps-ng 4.0.2", `ss -V` → "ss utility, iproute2-6.1.0". */
export function linuxToolVersion(tool: string): VersionQuery | null {
  const firstLine = (output: string) => output.split('\n').map((line) => line.trim()).find(Boolean) ?? null;
  if (tool === 'ss') return { args: ['-V'], read: (output) => /iproute2[-\s]\S+/.exec(output)?.[0] ?? firstLine(output) };
  if (tool === 'ps' || tool === 'kill') return { args: ['--version'], read: (output) => /procps(?:-ng)?\s+\S+/.exec(output)?.[0] ?? firstLine(output) };
  return null;
}
