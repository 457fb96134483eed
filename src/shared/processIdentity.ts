// Whether a listed process is still the one the analyst saw (its image name and start time, worked out the same way in
// the renderer and in main), and which processes are the system's own, refused to a kill without a deliberate override.
import type { HostOs, ProcessEntry } from './domain';

/** How far two start times of one process may lie apart: listings date them from elapsed times, to the second. */
export const START_TIME_TOLERANCE_MS = 5000;

/** "ctfmon.exe" and "ctfmon" name the same image; Windows and our comparisons ignore case. */
export function sameImageName(listed: string, expected: string): boolean {
  const normal = (name: string) => name.trim().toLowerCase().replace(/\.exe$/, '');
  return normal(listed) === normal(expected);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** ps `lstart` under LC_ALL=C: "Tue Nov 25 11:54:31 2026" (the day may be space-padded). */
const LSTART = /^\s*[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})\s*$/;
/** Every time zone offset in use is a multiple of 15 minutes. */
const ZONE_STEP_MS = 15 * 60_000;

/**
 * When the process started, as ISO-8601 UTC, from a listing made at `listedAt` (the listing command's finish time);
 * null when the listing cannot tell (tasklist prints no times; PsList -t none either).
 *
 * - Linux ps: `lstart`, which the host prints in its own time zone. The zone is not in the output, so it is worked out
 *   from `etimes`: listedAt − elapsed is the start give or take a second, and lstart read as UTC differs from it by
 *   the zone's offset, rounded here to the 15 minutes every offset is a multiple of. The result is lstart's second.
 * - PsList: listedAt − Elapsed Time.
 */
export function processStartedAt(process: Pick<ProcessEntry, 'startedAt' | 'elapsedSec'>, listedAt: string): string | null {
  const listedMs = Date.parse(listedAt);
  // PsList prints 0:00:00.000 for System and Idle: no start time to compare, rather than "now" at every listing.
  if (Number.isNaN(listedMs) || process.elapsedSec === null || (process.elapsedSec === 0 && process.startedAt === null)) return null;
  const fromElapsed = listedMs - Math.round(process.elapsedSec * 1000);
  if (process.startedAt === null) return new Date(fromElapsed).toISOString();
  const match = LSTART.exec(process.startedAt);
  const month = match ? MONTHS.indexOf(match[1]!.toLowerCase()) : -1;
  if (match === null || month < 0) return null;
  const [day, hours, minutes, seconds, year] = [match[2], match[3], match[4], match[5], match[6]].map(Number) as [number, number, number, number, number];
  const asIfUtc = Date.UTC(year, month, day, hours, minutes, seconds);
  const offset = Math.round((asIfUtc - fromElapsed) / ZONE_STEP_MS) * ZONE_STEP_MS;
  return new Date(asIfUtc - offset).toISOString();
}

/** Windows processes whose end ends the session or the machine (or its protection), by image name without ".exe". */
const WINDOWS_PROTECTED: ReadonlyMap<string, string> = new Map([
  ['idle', 'the System Idle Process is not a process that can end'],
  ['system idle process', 'the System Idle Process is not a process that can end'],
  ['system', 'System is the Windows kernel'],
  ['secure system', 'Secure System is the kernel\'s isolated half'],
  ['registry', 'Registry holds the loaded registry hives'],
  ['memory compression', 'Memory Compression is the kernel\'s compressed memory store'],
  ['smss', 'smss is the Session Manager: stopping it stops Windows'],
  ['csrss', 'csrss is the Client/Server Runtime: stopping it crashes Windows (blue screen)'],
  ['wininit', 'wininit is the Windows start-up process: stopping it crashes Windows (blue screen)'],
  ['winlogon', 'winlogon runs the logons: stopping it logs everybody off or crashes Windows'],
  ['lsass', 'lsass is the Local Security Authority: stopping it ends every logon and restarts Windows within a minute'],
  ['lsaiso', 'LsaIso is the isolated Local Security Authority'],
  ['services', 'services is the Service Control Manager: stopping it crashes Windows'],
  ['msmpeng', 'MsMpEng is the Defender antimalware engine: stopping it leaves the host unprotected and is itself an alert'],
]);

/** Linux processes whose end takes the host, or the way in, with it. */
const LINUX_PROTECTED: ReadonlyMap<string, string> = new Map([
  ['systemd', 'systemd is the service manager'],
  ['init', 'init is the service manager'],
  ['sshd', 'sshd is the SSH server: stopping it can cut off every remote session, this one included'],
]);

/**
 * Why stopping this process would harm the host itself, or null when it is an ordinary process. The analyst may still
 * stop one on purpose (the kill's `allowProtected`); FlowPivot's own process is judged in main, which knows it.
 */
export function protectedProcessReason(os: HostOs, process: Pick<ProcessEntry, 'pid' | 'ppid' | 'name'>): string | null {
  const name = process.name.trim().toLowerCase().replace(/\.exe$/, '');
  if (os === 'windows') {
    if (process.pid === 0) return 'PID 0 is the System Idle Process';
    if (process.pid === 4) return 'PID 4 is System, the Windows kernel';
    const why = WINDOWS_PROTECTED.get(name);
    return why === undefined ? null : `${process.name} is a protected system process (${why})`;
  }
  if (process.pid === 1) return `PID 1 (${process.name}) is the host's init: stopping it stops the host`;
  if (process.pid === 2 || process.ppid === 2) return `${process.name} is a kernel thread`;
  const why = LINUX_PROTECTED.get(name);
  return why === undefined ? null : `${process.name} is a protected system process (${why})`;
}
