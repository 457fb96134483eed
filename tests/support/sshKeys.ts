// Ed25519 key pairs for tests, from ssh2. ssh2 1.x writes a public key whose first byte is 0 one byte short (about 1
// key in 128), which OpenSSH then refuses ("error in libcrypto"): such pairs are drawn again.
import { utils } from '../../src/main/ssh/ssh2';

/** Wire length of an ssh-ed25519 public key: string "ssh-ed25519" (4 + 11) and the 32-byte key (4 + 32). */
const ED25519_PUBLIC_BLOB_LENGTH = 51;

export function generateEd25519Key(passphrase?: string, cipher = 'aes256-ctr'): { private: string; public: string } {
  for (;;) {
    const pair = passphrase ? utils.generateKeyPairSync('ed25519', { passphrase, cipher, rounds: 16 }) : utils.generateKeyPairSync('ed25519');
    const parsed = utils.parseKey(pair.public);
    if (!(parsed instanceof Error) && parsed.getPublicSSH().length === ED25519_PUBLIC_BLOB_LENGTH) return pair;
  }
}
