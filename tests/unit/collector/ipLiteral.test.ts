// Where the collector may bind: IP address literals only, never a name or a zone.
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipLiteralFamily } from '../../../src/shared/collector/ipLiteral';

describe('IP address literals', () => {
  it.each([
    ['127.0.0.1', 4],
    ['0.0.0.0', 4],
    ['::1', 6],
    ['::', 6],
    ['fe80::1', 6],
    ['::ffff:127.0.0.1', 6],
    ['1:2:3:4:5:6:7:8', 6],
    ['1:2:3:4:5:6:127.0.0.1', 6],
    ['localhost', 0],
    ['01.2.3.4', 0],
    ['256.1.1.1', 0],
    ['1.2.3', 0],
    [':::', 0],
    ['1::2::3', 0],
    ['1:2:3:4:5:6:7:8:9', 0],
    ['fe80::1%eth0', 0],
    ['[::1]', 0],
    ['-p', 0],
    ['', 0],
  ])('%s is family %i', (text, family) => {
    expect(ipLiteralFamily(text)).toBe(family);
  });

  it('agrees with Node on generated IPv4 and IPv6 addresses', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (address) => ipLiteralFamily(address) === isIP(address)));
  });
});
