// The ProcessEntry every process listing's parser starts a row from: what all of them print (line, name, PID), every
// other field null until the parser reads the column its format has.
import type { ProcessEntry } from '../domain';

export function bareProcessEntry(line: number, name: string, pid: number): ProcessEntry {
  return {
    line,
    name,
    pid,
    ppid: null,
    priority: null,
    threads: null,
    handles: null,
    privateKb: null,
    cpuSec: null,
    elapsedSec: null,
    depth: null,
    user: null,
    startedAt: null,
    commandLine: null,
  };
}
