// Finds a tool's executable: the path the analyst configured, else the first match on PATH (with PATHEXT on Windows).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { AppError } from '../../../shared/errors';

export interface ToolLocation {
  /** The executable to run. */
  path: string;
  /** 'configured' when the analyst set it, 'path' when found on PATH. */
  source: 'configured' | 'path';
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The executable for `tool` ("psexec", "pslist", "ss"…). A configured path must exist and be executable; otherwise
 * each PATH folder is tried with the tool's name (and, on Windows, each PATHEXT extension and the 64-bit "64" variant).
 */
export function locateTool(tool: string, configuredPath: string | null, env: NodeJS.ProcessEnv = process.env): ToolLocation {
  if (configuredPath) {
    if (!isAbsolute(configuredPath) || !isExecutableFile(configuredPath)) {
      throw new AppError({ kind: 'tool-not-found', tool, searched: `the configured path ${configuredPath}` });
    }
    return { path: configuredPath, source: 'configured' };
  }
  const folders = (env.PATH ?? env.Path ?? '').split(delimiter).filter((folder) => folder !== '' && isAbsolute(folder));
  const windows = process.platform === 'win32';
  const names = windows
    ? [`${tool}64`, tool].flatMap((name) => (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean).map((extension) => `${name}${extension.toLowerCase()}`))
    : [tool];
  for (const folder of folders) {
    for (const name of names) {
      const candidate = join(folder, name);
      if (isExecutableFile(candidate)) return { path: candidate, source: 'path' };
    }
  }
  throw new AppError({ kind: 'tool-not-found', tool, searched: folders.length ? `PATH (${folders.length} folders)` : 'an empty PATH' });
}
