// Whether a listed process is still the one the analyst saw: image names, start times from ps and PsList listings,
// and the processes refused to a kill without a deliberate override.
import { describe, expect, it } from 'vitest';
import type { ProcessEntry } from '../../../src/shared/domain';
import { processStartedAt, protectedProcessReason, sameImageName } from '../../../src/shared/processIdentity';

const entry = (fields: Partial<ProcessEntry>): ProcessEntry => ({
  line: 1, name: 'x', pid: 100, ppid: 1, priority: null, threads: null, handles: null, privateKb: null, cpuSec: null, elapsedSec: null, depth: null, user: null, startedAt: null, commandLine: null, ...fields,
});

describe('image names', () => {
  it('match without case and with or without ".exe"', () => {
    expect(sameImageName('ctfmon', 'CTFMON.EXE')).toBe(true);
    expect(sameImageName('notepad.exe', 'notepad')).toBe(true);
    expect(sameImageName('notepad', 'ctfmon')).toBe(false);
    expect(sameImageName('note', 'notepad')).toBe(false);
  });
});

describe('start times', () => {
  it('date a PsList process from the listing time less its elapsed time', () => {
    expect(processStartedAt(entry({ elapsedSec: 14_365.828 }), '2026-03-02T12:00:00.000Z')).toBe('2026-03-02T08:00:34.172Z');
  });

  it('read ps lstart in the host\'s own time zone, worked out from etimes, as UTC', () => {
    const listedAt = '2026-11-25T10:55:00.400Z';
    // Printed by a host on UTC+1: 11:54:31 local is 10:54:31 UTC, 29 s before the listing.
    expect(processStartedAt(entry({ startedAt: 'Wed Nov 25 11:54:31 2026', elapsedSec: 29 }), listedAt)).toBe('2026-11-25T10:54:31.000Z');
    // The same instant printed on UTC-9:30 and on UTC+5:45, and a day padded with a space.
    expect(processStartedAt(entry({ startedAt: 'Wed Nov 25 01:24:31 2026', elapsedSec: 30 }), listedAt)).toBe('2026-11-25T10:54:31.000Z');
    expect(processStartedAt(entry({ startedAt: 'Wed Nov 25 16:39:31 2026', elapsedSec: 29 }), listedAt)).toBe('2026-11-25T10:54:31.000Z');
    expect(processStartedAt(entry({ startedAt: 'Thu Nov  5 10:54:31 2026', elapsedSec: 20 * 86_400 + 29 }), listedAt)).toBe('2026-11-05T10:54:31.000Z');
  });

  it('cannot tell without an elapsed time (tasklist, PsList -t) or from an unreadable lstart', () => {
    expect(processStartedAt(entry({}), '2026-03-02T12:00:00.000Z')).toBeNull();
    expect(processStartedAt(entry({ startedAt: 'Wed Nov 25 11:54:31 2026' }), '2026-03-02T12:00:00.000Z')).toBeNull();
    expect(processStartedAt(entry({ startedAt: 'gestern', elapsedSec: 5 }), '2026-03-02T12:00:00.000Z')).toBeNull();
    expect(processStartedAt(entry({ elapsedSec: 5 }), 'not a time')).toBeNull();
  });

  it('gives no start time for the PsList rows of System and Idle, whose elapsed time reads 0', () => {
    expect(processStartedAt(entry({ elapsedSec: 0 }), '2026-03-02T12:00:00.000Z')).toBeNull();
  });
});

describe('protected processes', () => {
  it('names the Windows processes whose end ends the session or the machine', () => {
    for (const name of ['System', 'Idle', 'smss', 'csrss', 'wininit', 'winlogon', 'lsass.exe', 'services', 'Registry', 'MsMpEng', 'LSASS']) {
      expect(protectedProcessReason('windows', { pid: 700, ppid: 600, name }), name).toMatch(/protected system process|System|Idle/);
    }
    expect(protectedProcessReason('windows', { pid: 4, ppid: 0, name: 'whatever' })).toContain('PID 4');
    expect(protectedProcessReason('windows', { pid: 0, ppid: 0, name: 'whatever' })).toContain('PID 0');
    expect(protectedProcessReason('windows', { pid: 3968, ppid: 3676, name: 'ctfmon' })).toBeNull();
    expect(protectedProcessReason('windows', { pid: 3756, ppid: 3676, name: 'winupd' })).toBeNull();
  });

  it('names init, kernel threads, systemd and sshd on Linux', () => {
    expect(protectedProcessReason('linux', { pid: 1, ppid: 0, name: 'bash' })).toContain('init');
    expect(protectedProcessReason('linux', { pid: 2, ppid: 0, name: 'kthreadd' })).toContain('kernel thread');
    expect(protectedProcessReason('linux', { pid: 31, ppid: 2, name: 'kworker/0:1' })).toContain('kernel thread');
    expect(protectedProcessReason('linux', { pid: 812, ppid: 1, name: 'sshd' })).toContain('SSH server');
    expect(protectedProcessReason('linux', { pid: 1201, ppid: 1, name: 'systemd' })).toContain('service manager');
    expect(protectedProcessReason('linux', { pid: 4242, ppid: 1, name: 'node' })).toBeNull();
  });
});
