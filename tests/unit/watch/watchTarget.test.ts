// Which sockets a watch's target matches (the pivot's rules: an exact end either way, a listener, a UDP bind), and
// the target as the analyst types it read back (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/shared/domain';
import { formatWatchTarget, parseWatchTarget, watchedHostAddresses, watchMatch, type WatchTarget } from '../../../src/shared/watch/watchTarget';

function socket(fields: Partial<Connection>): Connection {
  return { line: 1, proto: 'UDP', localAddr: '0.0.0.0', localPort: 0, remoteAddr: '*', remotePort: null, state: null, pid: 100, process: null, components: [], marks: [], ...fields };
}

const HOST = '10.1.2.3';
const hostAddresses = watchedHostAddresses(HOST, []);
const target = (fields: Partial<WatchTarget>): WatchTarget => ({ protocol: null, address: null, port: null, ...fields });

describe('watchMatch', () => {
  it("matches a UDP socket bound to the flow's port on the host's address, as netstat prints it with no peer", () => {
    expect(watchMatch(socket({ localAddr: HOST, localPort: 51515 }), target({ protocol: 'udp', address: HOST, port: 51515 }), hostAddresses)).toBe('udp-bind');
  });

  it("matches a UDP socket bound to all addresses when the target's address is the host's", () => {
    expect(watchMatch(socket({ localAddr: '0.0.0.0', localPort: 500 }), target({ protocol: 'udp', address: HOST, port: 500 }), hostAddresses)).toBe('udp-bind');
    expect(watchMatch(socket({ localAddr: '[::]', localPort: 500 }), target({ protocol: 'udp', address: HOST, port: 500 }), hostAddresses)).toBeNull();
  });

  it('does not take a bind to all addresses for a flow end that is not the host (the remote server and its port)', () => {
    expect(watchMatch(socket({ localAddr: '0.0.0.0', localPort: 9999 }), target({ protocol: 'udp', address: '203.0.113.45', port: 9999 }), hostAddresses)).toBeNull();
  });

  it('matches a connected socket by its remote end (the other direction of the flow)', () => {
    const connected = socket({ proto: 'TCP', localAddr: HOST, localPort: 1822, remoteAddr: '10.9.9.9', remotePort: 8080, state: 'ESTABLISHED' });
    expect(watchMatch(connected, target({ protocol: 'tcp', address: '10.9.9.9', port: 8080 }), hostAddresses)).toBe('exact');
    expect(watchMatch(connected, target({ protocol: 'tcp', address: HOST, port: 1822 }), hostAddresses)).toBe('exact');
    expect(watchMatch(connected, target({ protocol: 'tcp', address: '10.9.9.9', port: 8081 }), hostAddresses)).toBeNull();
  });

  it('matches a TCP listener on the port as a listener, and never across protocols', () => {
    const listener = socket({ proto: 'TCP', localAddr: '0.0.0.0', localPort: 445, remoteAddr: '0.0.0.0', remotePort: 0, state: 'LISTENING' });
    expect(watchMatch(listener, target({ protocol: 'tcp', port: 445 }), hostAddresses)).toBe('listener');
    expect(watchMatch(listener, target({ protocol: 'udp', port: 445 }), hostAddresses)).toBeNull();
  });

  it('takes a port alone at either end, and an address alone only on a specific end', () => {
    expect(watchMatch(socket({ proto: 'TCP', localAddr: HOST, localPort: 50000, remoteAddr: '10.9.9.9', remotePort: 443, state: 'ESTABLISHED' }), target({ port: 443 }), hostAddresses)).toBe('exact');
    expect(watchMatch(socket({ localAddr: '0.0.0.0', localPort: 53 }), target({ address: HOST }), hostAddresses)).toBeNull();
    expect(watchMatch(socket({ localAddr: HOST, localPort: 53 }), target({ address: HOST }), hostAddresses)).toBe('udp-bind');
  });

  it('meets ss and netstat spellings as equals (IPv4-mapped, brackets, upper case)', () => {
    expect(watchMatch(socket({ proto: 'udp', localAddr: '::ffff:127.0.0.1', localPort: 4000, remoteAddr: '0.0.0.0', remotePort: null }), target({ protocol: 'udp', address: '127.0.0.1', port: 4000 }), hostAddresses)).toBe('udp-bind');
    expect(watchMatch(socket({ proto: 'UDPv6', localAddr: '[FE80::1%7]', localPort: 546 }), target({ address: 'fe80::1', port: 546 }), hostAddresses)).toBe('udp-bind');
  });

  it('never matches a socket of another port, whatever the address (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), fc.boolean(), (socketPort, targetPort, wildcard) => {
        fc.pre(socketPort !== targetPort);
        const bound = socket({ localAddr: wildcard ? '0.0.0.0' : HOST, localPort: socketPort });
        expect(watchMatch(bound, target({ protocol: 'udp', address: HOST, port: targetPort }), hostAddresses)).toBeNull();
      }),
    );
  });
});

describe('parseWatchTarget', () => {
  it('reads the forms an analyst types', () => {
    expect(parseWatchTarget('udp:10.1.2.3:51515')).toEqual({ target: { protocol: 'udp', address: '10.1.2.3', port: 51515 } });
    expect(parseWatchTarget('TCP:445')).toEqual({ target: { protocol: 'tcp', address: null, port: 445 } });
    expect(parseWatchTarget('udp:[fe80::1]:53')).toEqual({ target: { protocol: 'udp', address: 'fe80::1', port: 53 } });
    expect(parseWatchTarget('*:10.xx.50.77:*')).toEqual({ target: { protocol: null, address: '10.xx.50.77', port: null } });
  });

  it('says why a text is not a target', () => {
    expect(parseWatchTarget('icmp:1.2.3.4:0')).toMatchObject({ problem: expect.stringContaining('tcp or udp') });
    expect(parseWatchTarget('udp:1.2.3.4:70000')).toMatchObject({ problem: expect.stringContaining('1 to 65535') });
    expect(parseWatchTarget('udp')).toMatchObject({ problem: expect.stringContaining('every socket') });
    expect(parseWatchTarget('udp:[fe80::1:53')).toMatchObject({ problem: expect.stringContaining('not closed') });
  });

  it('reads back every target it writes (property)', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const address = fc.oneof(fc.constant(null), fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.')), fc.constant('fe80::1'));
    const arbitrary = fc.record({ protocol: fc.constantFrom<WatchTarget['protocol']>('tcp', 'udp', null), address, port: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 65535 })) });
    fc.assert(
      fc.property(arbitrary, (written) => {
        fc.pre(written.address !== null || written.port !== null);
        expect(parseWatchTarget(formatWatchTarget(written))).toEqual({ target: written });
      }),
    );
  });
});
