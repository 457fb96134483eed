// Where router passwords, enable passwords and key passphrases live: never in the router list, never in plaintext on disk.
import { readTextIfExists, writeFileAtomic } from './configFiles';

export type SecretName = 'password' | 'enablePassword' | 'passphrase';

export interface SecretStore {
  /** False when secrets only live for this run (browser preview without an OS keychain). */
  readonly persistent: boolean;
  get(owner: string, name: SecretName): Promise<string | null>;
  set(owner: string, name: SecretName, value: string): Promise<void>;
  delete(owner: string, name?: SecretName): Promise<void>;
}

/** Secrets kept in memory only: used where no OS keychain is available; they are gone when the process ends. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();
  async get(owner: string, name: SecretName) {
    return this.values.get(`${owner}/${name}`) ?? null;
  }
  async set(owner: string, name: SecretName, value: string) {
    this.values.set(`${owner}/${name}`, value);
  }
  async delete(owner: string, name?: SecretName) {
    for (const key of [...this.values.keys()]) if (key === `${owner}/${name}` || (!name && key.startsWith(`${owner}/`))) this.values.delete(key);
  }
}

/** Encrypts and decrypts with a key the OS keeps (Electron's safeStorage: DPAPI, Keychain, libsecret). */
export interface SecretCipher {
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
}

/** Secrets encrypted by an OS-held key, stored as ciphertext in one file written atomically. */
export class EncryptedFileSecretStore implements SecretStore {
  readonly persistent = true;
  constructor(private readonly path: string, private readonly cipher: SecretCipher) {}

  private async load(): Promise<Record<string, string>> {
    const text = await readTextIfExists(this.path);
    return text === null ? {} : (JSON.parse(text) as Record<string, string>);
  }

  async get(owner: string, name: SecretName) {
    const sealed = (await this.load())[`${owner}/${name}`];
    return sealed === undefined ? null : this.cipher.decrypt(Buffer.from(sealed, 'base64'));
  }

  async set(owner: string, name: SecretName, value: string) {
    const all = await this.load();
    all[`${owner}/${name}`] = this.cipher.encrypt(value).toString('base64');
    await writeFileAtomic(this.path, JSON.stringify(all, null, 1), 0o600);
  }

  async delete(owner: string, name?: SecretName) {
    const all = await this.load();
    for (const key of Object.keys(all)) if (key === `${owner}/${name}` || (!name && key.startsWith(`${owner}/`))) delete all[key];
    await writeFileAtomic(this.path, JSON.stringify(all, null, 1), 0o600);
  }
}
