// The argv of every Sysinternals run: built from validated parts, so a host or PID can never pose as an option.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { hostAddressProblem, parsePid } from '../../../src/shared/hostAddress';
import { maskSecrets } from '../../../src/main/hosts/hostRuns';
import { psexecNetstatArgs, pskillArgs, pslistArgs, uncHost } from '../../../src/main/hosts/sysinternals/sysinternalsArgv';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Sysinternals argv', () => {
  it('builds psexec netstat as the seed runs it, with or without an account', () => {
    expect(psexecNetstatArgs('10.xx.50.81', null, false)).toEqual(['\\\\10.xx.50.81', '-accepteula', '-nobanner', 'netstat', '-ano']);
    expect(psexecNetstatArgs('ws-57', { username: 'CORP\\ir', password: 'p w' }, true)).toEqual(['\\\\ws-57', '-u', 'CORP\\ir', '-p', 'p w', '-accepteula', '-nobanner', 'netstat', '-anob']);
  });

  it('builds pslist and pskill for a remote host or this machine, pskill always by PID', () => {
    expect(pslistArgs('10.xx.50.81', null, false)).toEqual(['\\\\10.xx.50.81', '-accepteula']);
    expect(pslistArgs(null, null, true)).toEqual(['-accepteula', '-t']);
    expect(pskillArgs('10.xx.50.81', null, 3968)).toEqual(['\\\\10.xx.50.81', '-accepteula', '3968']);
  });

  it.each(['-s', '\\\\a b', '/accepteula', 'a b', 'host\nname', '', 'x'.repeat(254), 'bad_name!'])('refuses the host %j before anything runs', (host) => {
    expect(refusal(() => psexecNetstatArgs(host, null, false)).data.kind).toBe('invalid-host');
    expect(hostAddressProblem(host)).not.toBeNull();
  });

  it('refuses a PID that is not a whole positive number', () => {
    for (const pid of [0, -4, 1.5, 2 ** 32, Number.NaN]) expect(refusal(() => pskillArgs('h', null, pid)).data.kind).toBe('invalid-pid');
    expect(parsePid('3756')).toBe(3756);
    expect(parsePid('-1')).toBeNull();
    expect(parsePid('12ab')).toBeNull();
  });

  it('refuses a user name that would be read as an option', () => {
    expect(refusal(() => pslistArgs('h', { username: '-s', password: '' }, false)).message).toContain('cannot start with "-"');
  });

  it('writes an IPv6 host in the UNC form Windows accepts', () => {
    expect(uncHost('fe80::1%4')).toBe('\\\\fe80--1s4.ipv6-literal.net');
    expect(uncHost('[2001:db8::5]')).toBe('\\\\2001-db8--5.ipv6-literal.net');
  });

  it('masks passwords wherever they appear in argv', () => {
    expect(maskSecrets(['-p', 'hunter2', 'x=hunter2'], ['hunter2', null])).toEqual(['-p', '********', 'x=********']);
  });
});
