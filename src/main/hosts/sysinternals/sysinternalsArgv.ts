// The argv of each Sysinternals run, built from validated parts only: a host and a PID can never pose as an option.
import { AppError } from '../../../shared/errors';
import { hasControlCharacter, hostAddressProblem, parsePid } from '../../../shared/hostAddress';

/** Credentials for -u/-p; null: the tools use the current Windows logon. */
export interface SysinternalsCredentials {
  username: string;
  password: string;
}

/**
 * `\\HOST` as the tools take it. An IPv6 literal becomes its UNC form (`fe80--1s4.ipv6-literal.net`), since Windows
 * does not accept brackets or colons in a UNC host.
 */
export function uncHost(host: string): string {
  const problem = hostAddressProblem(host);
  if (problem !== null) throw new AppError({ kind: 'invalid-host', host, reason: problem });
  if (!host.includes(':')) return `\\\\${host}`;
  const bare = host.replace(/^\[|\]$/g, '');
  const [address, zone] = bare.split('%');
  return `\\\\${address!.replace(/:/g, '-')}${zone ? `s${zone}` : ''}.ipv6-literal.net`;
}

function credentialArgs(host: string | null, credentials: SysinternalsCredentials | null): string[] {
  if (credentials === null || credentials.username === '') return [];
  // A user name starting with "-" would be read as the next option by the tools.
  if (credentials.username.startsWith('-') || hasControlCharacter(credentials.username)) {
    throw new AppError({ kind: 'invalid-host', host: host ?? 'this machine', reason: `the user name "${credentials.username}" cannot start with "-" or contain control characters` });
  }
  return ['-u', credentials.username, '-p', credentials.password];
}

/** `psexec \\HOST [-u U -p P] -accepteula -nobanner netstat -ano|-anob`. */
export function psexecNetstatArgs(host: string, credentials: SysinternalsCredentials | null, withOwners: boolean): string[] {
  return [uncHost(host), ...credentialArgs(host, credentials), '-accepteula', '-nobanner', 'netstat', withOwners ? '-anob' : '-ano'];
}

/** `pslist [\\HOST] [-u U -p P] -accepteula [-t]`; host null: this machine. The banner is kept: it names the version. */
export function pslistArgs(host: string | null, credentials: SysinternalsCredentials | null, tree: boolean): string[] {
  return [...(host === null ? [] : [uncHost(host)]), ...credentialArgs(host, credentials), '-accepteula', ...(tree ? ['-t'] : [])];
}

/** `pskill [\\HOST] [-u U -p P] -accepteula PID` — always a PID, never an image name. */
export function pskillArgs(host: string | null, credentials: SysinternalsCredentials | null, pid: number): string[] {
  const checked = parsePid(pid);
  if (checked === null) throw new AppError({ kind: 'invalid-pid', host: host ?? 'this machine', pid: String(pid) });
  return [...(host === null ? [] : [uncHost(host)]), ...credentialArgs(host, credentials), '-accepteula', String(checked)];
}
