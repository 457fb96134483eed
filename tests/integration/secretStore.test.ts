// Secrets on disk: only ciphertext from an OS-held key (safeStorage in Electron; a test cipher here), written atomically.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore, MemorySecretStore, type SecretCipher } from '../../src/main/config/secretStore';
import { withTempDir } from '../support/tempDir';

/** Stands in for safeStorage: AES-256-GCM under a key that never touches the disk. */
function testCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('encrypted secret store', () => {
  let dir: Awaited<ReturnType<typeof withTempDir>>;
  beforeEach(async () => {
    dir = await withTempDir();
  });
  afterEach(() => dir.remove());

  it('keeps only ciphertext on disk and reads the secret back', async () => {
    const path = join(dir.path, 'secrets.json');
    const store = new EncryptedFileSecretStore(path, testCipher());
    await store.set('router-1', 'password', 'Enable-Me-Not-42');
    await store.set('router-1', 'enablePassword', 'cisco-enable-secret');
    const onDisk = await readFile(path, 'utf8');
    expect(onDisk).not.toContain('Enable-Me-Not-42');
    expect(onDisk).not.toContain('cisco-enable-secret');
    expect(await store.get('router-1', 'password')).toBe('Enable-Me-Not-42');
    expect(await store.get('router-2', 'password')).toBeNull();
    expect(await readdir(dir.path)).toEqual(['secrets.json']);
  });

  it('forgets one secret or all of a router', async () => {
    const store = new EncryptedFileSecretStore(join(dir.path, 'secrets.json'), testCipher());
    await store.set('r1', 'password', 'a');
    await store.set('r1', 'passphrase', 'b');
    await store.set('r2', 'password', 'c');
    await store.delete('r1', 'passphrase');
    expect(await store.get('r1', 'passphrase')).toBeNull();
    expect(await store.get('r1', 'password')).toBe('a');
    await store.delete('r1');
    expect(await store.get('r1', 'password')).toBeNull();
    expect(await store.get('r2', 'password')).toBe('c');
  });

  it('cannot read secrets sealed under another key', async () => {
    const path = join(dir.path, 'secrets.json');
    await new EncryptedFileSecretStore(path, testCipher()).set('r1', 'password', 'x');
    await expect(new EncryptedFileSecretStore(path, testCipher()).get('r1', 'password')).rejects.toThrow();
  });

  it('says when secrets live for this run only', () => {
    expect(new MemorySecretStore().persistent).toBe(false);
    expect(new EncryptedFileSecretStore(join(dir.path, 's.json'), testCipher()).persistent).toBe(true);
  });
});
