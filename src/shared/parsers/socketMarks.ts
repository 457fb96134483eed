// The marks a socket record carries, as shared frozen lists: a hundred thousand sockets need no hundred thousand arrays.
import type { HostRecordMark } from '../domain';

export const MARK_LOCAL = 1;
export const MARK_REMOTE = 2;
export const MARK_OWNER = 4;

/** Mark lists indexed by bits (MARK_LOCAL, MARK_REMOTE, MARK_OWNER); records are read-only, so they share them. */
export const SOCKET_MARKS: readonly HostRecordMark[][] = Array.from({ length: 8 }, (_, bits) => {
  const marks: HostRecordMark[] = [];
  if (bits & MARK_LOCAL) marks.push('local-addr-not-numeric');
  if (bits & MARK_REMOTE) marks.push('remote-addr-not-numeric');
  if (bits & MARK_OWNER) marks.push('owner-unknown');
  return Object.freeze(marks) as HostRecordMark[];
});

/** The components list of a socket whose format names none. */
export const NO_COMPONENTS = Object.freeze([]) as unknown as string[];
