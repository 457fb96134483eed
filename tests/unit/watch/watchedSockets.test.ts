// Snapshots merged into watched sockets: each socket once, first and last seen, times seen, owners and states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/shared/domain';
import { WatchedSocketSet, watchedSocketKey } from '../../../src/shared/watch/watchedSockets';

function socket(fields: Partial<Connection>): Connection {
  return { line: 1, proto: 'TCP', localAddr: '10.1.2.3', localPort: 1822, remoteAddr: '10.9.9.9', remotePort: 8080, state: 'ESTABLISHED', pid: 3756, process: null, components: [], marks: [], ...fields };
}

const at = (second: number) => new Date(Date.UTC(2026, 0, 31, 9, 0, second)).toISOString();

describe('WatchedSocketSet', () => {
  it('keeps first and last seen, times seen and whether the newest snapshot lists it', () => {
    const set = new WatchedSocketSet();
    const beacon = socket({ proto: 'UDP', localPort: 51515, remoteAddr: '*', remotePort: null, state: null, pid: 7204 });
    const steady = socket({});
    expect(set.add({ snapshot: 1, at: at(0), connections: [steady] }).appeared).toHaveLength(1);
    const second = set.add({ snapshot: 2, at: at(2), connections: [steady, beacon] });
    expect(second.appeared.map((watched) => watched.localPort)).toEqual([51515]);
    const third = set.add({ snapshot: 3, at: at(4), connections: [steady] });
    expect(third.vanished.map((watched) => watched.localPort)).toEqual([51515]);
    set.add({ snapshot: 4, at: at(6), connections: [steady, { ...beacon, pid: 7352 }] });
    const [first, udp] = set.sockets();
    expect(first).toMatchObject({ firstSeenAt: at(0), lastSeenAt: at(6), timesSeen: 4, present: true, states: ['ESTABLISHED'] });
    expect(udp).toMatchObject({ firstSeenAt: at(2), lastSeenAt: at(6), firstSnapshot: 2, lastSnapshot: 4, timesSeen: 2, states: [] });
    expect(udp!.owners).toEqual([
      { pid: 7204, firstSeenAt: at(2), lastSeenAt: at(2) },
      { pid: 7352, firstSeenAt: at(6), lastSeenAt: at(6) },
    ]);
  });

  it('keeps every state a connection went through, in order', () => {
    const set = new WatchedSocketSet();
    set.add({ snapshot: 1, at: at(0), connections: [socket({ state: 'SYN_SENT' })] });
    set.add({ snapshot: 2, at: at(1), connections: [socket({ state: 'ESTABLISHED' })] });
    set.add({ snapshot: 3, at: at(2), connections: [socket({ state: 'TIME_WAIT', pid: 0 })] });
    expect(set.sockets()[0]!.states).toEqual(['SYN_SENT', 'ESTABLISHED', 'TIME_WAIT']);
  });

  it('takes TCPv6 with brackets and tcp without as the same socket', () => {
    expect(watchedSocketKey(socket({ proto: 'TCPv6', localAddr: '[::1]' }))).toBe(watchedSocketKey(socket({ proto: 'tcp', localAddr: '::1' })));
  });

  it('decides the match when a socket is first seen, and refuses snapshots out of order', () => {
    const set = new WatchedSocketSet((connection) => (connection.localPort === 51515 ? 'udp-bind' : null));
    set.add({ snapshot: 1, at: at(0), connections: [socket({}), socket({ localPort: 51515 })] });
    expect(set.sockets().map((watched) => watched.match)).toEqual([null, 'udp-bind']);
    expect(() => set.add({ snapshot: 1, at: at(1), connections: [] })).toThrow(/after snapshot 1/);
  });

  it('counts, for any snapshots, each socket as often as the snapshots that list it (property)', () => {
    const port = fc.integer({ min: 1, max: 6 });
    fc.assert(
      fc.property(fc.array(fc.array(port, { maxLength: 6 }), { minLength: 1, maxLength: 12 }), (snapshots) => {
        const set = new WatchedSocketSet();
        snapshots.forEach((ports, index) => set.add({ snapshot: index + 1, at: at(index), connections: ports.map((localPort) => socket({ localPort })) }));
        for (const watched of set.sockets()) {
          const listing = snapshots.flatMap((ports, index) => (ports.includes(watched.localPort!) ? [index + 1] : []));
          expect(watched.timesSeen).toBe(listing.length);
          expect(watched.firstSnapshot).toBe(listing[0]);
          expect(watched.lastSnapshot).toBe(listing.at(-1));
          expect(watched.present).toBe(listing.at(-1) === snapshots.length);
        }
        expect(set.size).toBe(new Set(snapshots.flat()).size);
      }),
    );
  });
});
