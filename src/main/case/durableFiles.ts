// The file-system steps that make a new or replaced file survive a crash: fsync of the file and of its folder.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a create or rename in the folder durable (POSIX). Windows cannot open a folder for fsync from Node; NTFS
 * journals the rename itself, so there is nothing to do there.
 */
export function syncFolderOf(path: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
