// The lab router's SSH host key: kept in a file across runs, like a real router's, and identified by an OpenSSH-style fingerprint.
import { generateKeyPair } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';
import { utils, type ParsedKey } from '../ssh/ssh2';
import { sha256Fingerprint as fingerprintOf } from '../ssh/hostKeyFingerprint';
import { configPaths, defaultConfigDir } from '../config/configDir';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface LabHostKey {
  /** The private key as given to ssh2. */
  privateKey: string | Buffer;
  /** e.g. "ssh-rsa". */
  type: string;
  fingerprint: string;
}

/** OpenSSH's fingerprint of a public key blob, the same function the router sessions use. */
export { sha256Fingerprint as fingerprintOf } from '../ssh/hostKeyFingerprint';

/** Where `flowpivot lab` keeps the host key: the lab folder of FlowPivot's config folder. */
export function defaultLabHostKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return configPaths(defaultConfigDir(env)).labHostKey;
}

/** Parses a private host key; `source` names it in the error ("host key file /path"). */
export function parseHostKey(privateKey: string | Buffer, source: string): LabHostKey {
  const parsed = utils.parseKey(privateKey);
  const key: ParsedKey | undefined = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || !key.isPrivateKey()) {
    const detail = parsed instanceof Error ? parsed.message : 'not a private key';
    throw new AppError({ kind: 'invalid-input', method: 'lab.start', issues: [`the ${source} is not a usable SSH private key (${detail})`] });
  }
  return { privateKey, type: key.type, fingerprint: fingerprintOf(key.getPublicSSH()) };
}

/** A fresh 2048-bit RSA key in PEM: old IOS offers only ssh-rsa host keys. */
export async function generateRsaHostKey(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return privateKey;
}

/** Loads the key at `path`, or creates it there (directory 0700, file 0600) when missing. A file that exists is never overwritten. */
export async function loadOrCreateHostKey(path: string): Promise<LabHostKey> {
  const existing = await readKeyFile(path);
  if (existing !== undefined) return parseHostKey(existing, `host key file ${path}`);
  const created = await generateRsaHostKey();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, created, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another lab created it first: use theirs, so both present the same key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseHostKey(await readFile(path, 'utf8'), `host key file ${path}`);
  }
  return parseHostKey(created, `host key file ${path}`);
}

async function readKeyFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
