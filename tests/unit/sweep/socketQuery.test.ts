// What a sweep looks for: PROTO:PORT as typed, which sockets match it, how their processes are named, the host list
// file, and the records a host's answer becomes.
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/shared/domain';
import { readHostList } from '../../../src/shared/sweep/hostList';
import { formatSocketQuery, parseSocketQuery, socketMatch, socketMatchesQuery, socketProtocol, socketsNameProcesses } from '../../../src/shared/sweep/socketQuery';
import { failedRecord, foundRecords } from '../../../src/shared/sweep/sweepRecords';

const socket = (fields: Partial<Connection>): Connection => ({
  line: 1, proto: 'TCP', localAddr: '0.0.0.0', localPort: 445, remoteAddr: '0.0.0.0', remotePort: 0, state: 'LISTENING', pid: 4, process: null, components: [], marks: [], ...fields,
});

describe('parseSocketQuery', () => {
  it('reads PROTO:PORT in any case, with spaces around', () => {
    expect(parseSocketQuery('tcp:445')).toEqual({ query: { protocol: 'tcp', port: 445 } });
    expect(parseSocketQuery(' UDP : 53 ')).toEqual({ query: { protocol: 'udp', port: 53 } });
    expect(parseSocketQuery('tcp:65535')).toEqual({ query: { protocol: 'tcp', port: 65535 } });
  });

  it('says what is wrong with anything else', () => {
    expect(parseSocketQuery('445')).toEqual({ problem: '"445" is not PROTO:PORT (for example tcp:445 or udp:53)' });
    expect(parseSocketQuery('tcp:')).toHaveProperty('problem');
    expect(parseSocketQuery('tcp:-1')).toHaveProperty('problem');
    expect(parseSocketQuery('tcp:4 45')).toHaveProperty('problem');
    expect(parseSocketQuery('icmp:8')).toEqual({ problem: '"icmp" is not a protocol a sweep can find: tcp or udp' });
    expect(parseSocketQuery('tcp:0')).toEqual({ problem: 'port 0 is not from 1 to 65535' });
    expect(parseSocketQuery('tcp:65536')).toEqual({ problem: 'port 65536 is not from 1 to 65535' });
  });

  it('writes a query back as typed', () => {
    expect(formatSocketQuery({ protocol: 'udp', port: 53 })).toBe('udp:53');
  });
});

describe('socketMatchesQuery', () => {
  const tcp445 = { protocol: 'tcp', port: 445 } as const;

  it('matches the port at the local end (a listener, a server side) or the remote end (a client)', () => {
    expect(socketMatchesQuery(socket({}), tcp445)).toBe(true);
    expect(socketMatchesQuery(socket({ localAddr: '10.xx.50.81', localPort: 445, remoteAddr: '10.bb.50.64', remotePort: 1826, state: 'ESTABLISHED' }), tcp445)).toBe(true);
    expect(socketMatchesQuery(socket({ localAddr: '10.ee.12.200', localPort: 2595, remoteAddr: '10.bb.ee.140', remotePort: 445, state: 'ESTABLISHED' }), tcp445)).toBe(true);
    expect(socketMatchesQuery(socket({ localPort: 139 }), tcp445)).toBe(false);
  });

  it('matches the protocol family whatever the tool prints (TCPv6, udp6), and nothing of the other', () => {
    expect(socketMatchesQuery(socket({ proto: 'TCPv6', localAddr: '[::]' }), tcp445)).toBe(true);
    expect(socketMatchesQuery(socket({ proto: 'UDP', remoteAddr: '*', remotePort: null, state: null }), tcp445)).toBe(false);
    expect(socketMatchesQuery(socket({ proto: 'UDP', remoteAddr: '*', remotePort: null, state: null }), { protocol: 'udp', port: 445 })).toBe(true);
    expect(socketProtocol('udp6')).toBe('udp');
    expect(socketProtocol('RAW')).toBeNull();
  });

  it('does not take an unknown port for a match', () => {
    expect(socketMatchesQuery(socket({ localPort: null, remotePort: null }), tcp445)).toBe(false);
  });
});

describe('socketMatch', () => {
  it('names the process from the socket listing when it does, else from the process listing by PID', () => {
    expect(socketsNameProcesses([socket({})])).toBe(false);
    expect(socketsNameProcesses([socket({}), socket({ process: 'svchost.exe' })])).toBe(true);
    expect(socketMatch(socket({}), new Map([[4, 'System']]))).toEqual({
      protocol: 'tcp', localAddr: '0.0.0.0', localPort: 445, remoteAddr: '0.0.0.0', remotePort: 0, state: 'LISTENING', pid: 4, processName: 'System',
    });
    expect(socketMatch(socket({ process: 'sshd' }), new Map([[4, 'System']])).processName).toBe('sshd');
    expect(socketMatch(socket({ pid: 9999 }), new Map([[4, 'System']])).processName).toBeNull();
    expect(socketMatch(socket({ pid: null }), null).processName).toBeNull();
  });
});

describe('readHostList', () => {
  it('keeps one host per line with its line number, skipping blank lines and # comments', () => {
    const text = '# branch office\n10.xx.50.81\n\n  192.168.20.17   # off since Monday\r\nWS-0142\n   \n#10.0.0.1\n';
    expect(readHostList(text)).toEqual([
      { line: 2, address: '10.xx.50.81' },
      { line: 4, address: '192.168.20.17' },
      { line: 5, address: 'WS-0142' },
    ]);
  });

  it('leaves a line that is not a host as written, for the host form to refuse', () => {
    expect(readHostList('10.0.0.1 10.0.0.2\n')).toEqual([{ line: 1, address: '10.0.0.1 10.0.0.2' }]);
  });
});

describe('sweep records', () => {
  it('are one per socket found, or one with nulls for a host without', () => {
    const found = socketMatch(socket({}), new Map([[4, 'System']]));
    expect(foundRecords('10.xx.50.81', [found, found], null)).toEqual([
      { host: '10.xx.50.81', status: 'found', ...found, error: null },
      { host: '10.xx.50.81', status: 'found', ...found, error: null },
    ]);
    expect(foundRecords('10.bb.50.200', [], null)).toEqual([
      { host: '10.bb.50.200', status: 'none', protocol: null, localAddr: null, localPort: null, remoteAddr: null, remotePort: null, state: null, pid: null, processName: null, error: null },
    ]);
  });

  it('keep why a process could not be named beside the socket found', () => {
    const found = socketMatch(socket({}), null);
    expect(foundRecords('h', [found], 'pslist on h failed.')[0]).toMatchObject({ status: 'found', pid: 4, processName: null, error: 'pslist on h failed.' });
  });

  it('carry the sentence of a host that failed', () => {
    expect(failedRecord('h', 'error', 'psexec on h failed.')).toMatchObject({ host: 'h', status: 'error', protocol: null, pid: null, error: 'psexec on h failed.' });
  });
});
