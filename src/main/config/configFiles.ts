// Config files on disk: read if present, and written so that a crash leaves either the old or the new content.
import { open, rename, mkdir, unlink, readFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export async function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncFolder(folder);
}

async function fsyncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be fsynced on Windows from Node
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file's text, or null when it does not exist yet (any other error is thrown). */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A document the services load once and save whole: a file on disk in the app, memory for one command-line run. */
export interface DocumentStore<T> {
  load(): Promise<T>;
  save(content: T): Promise<void>;
}

/** A document that lives only as long as the process: the command line's routers and hosts, never written to disk. */
export class MemoryDocument<T> implements DocumentStore<T> {
  constructor(private content: T) {}
  async load(): Promise<T> {
    return structuredClone(this.content);
  }
  async save(content: T): Promise<void> {
    this.content = content;
  }
}
