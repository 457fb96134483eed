// Which SSH algorithms a router profile offers: ssh2's modern defaults, plus — only when the analyst opts in — what old IOS needs.
import type { Algorithms } from './ssh2';

/** Appended, never replacing the defaults, so a legacy profile still prefers modern algorithms when the router has them. */
export const LEGACY_ALGORITHMS = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
  cipher: ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  serverHostKey: ['ssh-rsa'],
  hmac: ['hmac-sha1', 'hmac-sha1-96', 'hmac-md5'],
} as const;

export function algorithmsFor(legacy: boolean): Algorithms | undefined {
  if (!legacy) return undefined;
  return {
    kex: { append: [...LEGACY_ALGORITHMS.kex] },
    cipher: { append: [...LEGACY_ALGORITHMS.cipher] },
    serverHostKey: { append: [...LEGACY_ALGORITHMS.serverHostKey] },
    hmac: { append: [...LEGACY_ALGORITHMS.hmac] },
  } as Algorithms;
}
