// The Watch panel's fields: the target taken from a flow (its end on the watched host, else its destination) and
// the fields read as main takes them, with the sentence naming the wrong one.
import { describe, expect, it } from 'vitest';
import { defaultWatchForm, flowEndTarget, readWatchForm } from '../../../src/renderer/src/store/watchForm';

const beaconFlow = { srcAddr: '10.xx.50.77', srcPort: 51515, dstAddr: '203.0.113.45', dstPort: 9999, protocol: 17 };

describe('watch form', () => {
  it("takes the flow's end on the watched host, whichever direction the flow goes", () => {
    expect(flowEndTarget(beaconFlow, '10.xx.50.77')).toBe('udp:10.xx.50.77:51515');
    expect(flowEndTarget({ srcAddr: '10.0.0.9', srcPort: 50000, dstAddr: '10.0.0.5', dstPort: 445, protocol: 6 }, '10.0.0.5')).toBe('tcp:10.0.0.5:445');
  });

  it("takes the flow's destination when the host is neither end (watching a host behind NAT, or this machine)", () => {
    expect(flowEndTarget(beaconFlow, 'local')).toBe('udp:203.0.113.45:9999');
    expect(flowEndTarget({ ...beaconFlow, dstAddr: 'fe80::1' }, 'local')).toBe('udp:[fe80::1]:9999');
  });

  it('reads the defaults (every 2 s for 60 s) and short intervals down to 0.1 s', () => {
    expect(readWatchForm({ ...defaultWatchForm, target: 'udp:10.xx.50.77:51515' })).toEqual({ target: { protocol: 'udp', address: '10.xx.50.77', port: 51515 }, intervalMs: 2000, durationMs: 60_000 });
    expect(readWatchForm({ target: 'udp:51515', intervalSeconds: '0.1', durationSeconds: '25' })).toMatchObject({ intervalMs: 100, durationMs: 25_000 });
  });

  it('names the field that is wrong', () => {
    expect(readWatchForm({ ...defaultWatchForm, target: '' })).toMatchObject({ problem: expect.stringMatching(/^Target: /) });
    expect(readWatchForm({ target: 'tcp:445', intervalSeconds: '0.05', durationSeconds: '60' })).toMatchObject({ problem: expect.stringMatching(/^Every: /) });
    expect(readWatchForm({ target: 'tcp:445', intervalSeconds: '2', durationSeconds: 'soon' })).toMatchObject({ problem: expect.stringMatching(/^For: /) });
  });
});
