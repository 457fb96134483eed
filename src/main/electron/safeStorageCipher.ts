// Electron's safeStorage (DPAPI, Keychain, libsecret) as the cipher of the encrypted secret store.
import { safeStorage } from 'electron';
import type { SecretCipher } from '../config/secretStore';

export function safeStorageCipher(): SecretCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  // On Linux without a keyring, safeStorage falls back to a hard-coded key: that is plaintext in disguise, so refuse it.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    encrypt: (plaintext) => safeStorage.encryptString(plaintext),
    decrypt: (ciphertext) => safeStorage.decryptString(ciphertext),
  };
}
