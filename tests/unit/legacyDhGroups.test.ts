import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OAKLEY_GROUP_1_PRIME_HEX, OAKLEY_GROUP_2_PRIME_HEX } from '../../src/main/ssh/legacyDhGroups';

describe('shipped RFC 2409 groups', () => {
  it('ships the same group-2 prime as OpenSSL names modp2 (diffie-hellman-group1-sha1)', () => {
    expect(OAKLEY_GROUP_2_PRIME_HEX).toBe(crypto.getDiffieHellman('modp2').getPrime('hex').toUpperCase());
    expect(OAKLEY_GROUP_2_PRIME_HEX.length * 4).toBe(1024);
  });

  it('ships the same group-1 prime as OpenSSL names modp1', () => {
    expect(OAKLEY_GROUP_1_PRIME_HEX).toBe(crypto.getDiffieHellman('modp1').getPrime('hex').toUpperCase());
    expect(OAKLEY_GROUP_1_PRIME_HEX.length * 4).toBe(768);
  });
});
