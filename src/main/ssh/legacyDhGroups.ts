// Ships the RFC 2409 Oakley groups 1 and 2 ourselves: Electron's BoringSSL lacks the named groups modp1/modp2,
// so ssh2's diffie-hellman-group1-sha1 (the only key exchange many old IOS routers offer) would fail with "Unknown DH group".
import crypto from 'node:crypto';

/** RFC 2409 §6.1, First Oakley Group (768-bit MODP), generator 2. */
export const OAKLEY_GROUP_1_PRIME_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF';

/** RFC 2409 §6.2, Second Oakley Group (1024-bit MODP), generator 2: the group of diffie-hellman-group1-sha1 (RFC 4253 §8.1). */
export const OAKLEY_GROUP_2_PRIME_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF';

const shippedGroups: Record<string, string> = { modp1: OAKLEY_GROUP_1_PRIME_HEX, modp2: OAKLEY_GROUP_2_PRIME_HEX };

const INSTALLED = Symbol.for('flowpivot.legacyDhGroups');

type GroupFactory = typeof crypto.createDiffieHellmanGroup;

/**
 * Make `crypto.createDiffieHellmanGroup('modp1' | 'modp2')` work whatever the runtime's TLS library,
 * by building the group from the shipped prime. Must run before ssh2 is first loaded (ssh2 destructures
 * the crypto functions at load time); `src/main/ssh/ssh2.ts` guarantees that order. Idempotent.
 */
export function installLegacyDhGroups(): void {
  const current = crypto.createDiffieHellmanGroup as GroupFactory & { [INSTALLED]?: true };
  if (current[INSTALLED]) return;
  const runtimeFactory = current;
  const withShippedGroups = ((name: string) => {
    const prime = shippedGroups[name];
    if (prime === undefined) return runtimeFactory(name);
    return crypto.createDiffieHellman(Buffer.from(prime, 'hex'), Buffer.from([2]));
  }) as GroupFactory & { [INSTALLED]?: true };
  withShippedGroups[INSTALLED] = true;
  crypto.createDiffieHellmanGroup = withShippedGroups;
  crypto.getDiffieHellman = withShippedGroups;
}
