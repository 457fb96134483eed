import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnownHostsFile, knownHostsName } from '../../src/main/ssh/knownHosts';
import { sha256Fingerprint } from '../../src/main/ssh/hostKeyFingerprint';
import { utils } from '../../src/main/ssh/ssh2';
import { withTempDir } from '../support/tempDir';
import { generateEd25519Key } from '../support/sshKeys';

function publicBlob(): Buffer {
  const pair = generateEd25519Key();
  const parsed = utils.parseKey(pair.public);
  if (parsed instanceof Error) throw parsed;
  return parsed.getPublicSSH();
}

describe('known_hosts store', () => {
  let dir: Awaited<ReturnType<typeof withTempDir>>;
  let file: KnownHostsFile;
  beforeEach(async () => {
    dir = await withTempDir();
    file = new KnownHostsFile(join(dir.path, 'known_hosts'));
  });
  afterEach(() => dir.remove());

  it('names hosts like OpenSSH: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostsName('10.1.1.1', 22)).toBe('10.1.1.1');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('reports an unknown host, then trusts the accepted key', async () => {
    const key = publicBlob();
    expect(await file.verify('127.0.0.1', 2222, key)).toEqual({ status: 'unknown' });
    await file.add('127.0.0.1', 2222, key);
    expect(await file.verify('127.0.0.1', 2222, key)).toEqual({ status: 'trusted' });
    expect(await file.verify('127.0.0.1', 2223, key)).toEqual({ status: 'unknown' });
    const text = await readFile(join(dir.path, 'known_hosts'), 'utf8');
    expect(text).toBe(`[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}\n`);
  });

  it('reports a changed key with the fingerprint that was expected', async () => {
    const original = publicBlob();
    await file.add('127.0.0.1', 2222, original);
    const verdict = await file.verify('127.0.0.1', 2222, publicBlob());
    expect(verdict).toEqual({ status: 'changed', expectedFingerprint: sha256Fingerprint(original), expectedKeyType: 'ssh-ed25519' });
  });

  it('reads hashed and wildcard entries written by OpenSSH, and refuses revoked keys', async () => {
    const hashedKey = publicBlob();
    const wildKey = publicBlob();
    const revokedKey = publicBlob();
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[127.0.0.1]:2200').digest('base64');
    await writeFile(
      join(dir.path, 'known_hosts'),
      [
        '# comment',
        `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${hashedKey.toString('base64')}`,
        `[127.0.0.*]:2201,![127.0.0.9]:2201 ssh-ed25519 ${wildKey.toString('base64')}`,
        `@revoked * ssh-ed25519 ${revokedKey.toString('base64')}`,
      ].join('\n'),
    );
    expect(await file.verify('127.0.0.1', 2200, hashedKey)).toEqual({ status: 'trusted' });
    expect(await file.verify('127.0.0.5', 2201, wildKey)).toEqual({ status: 'trusted' });
    expect(await file.verify('127.0.0.9', 2201, wildKey)).toEqual({ status: 'unknown' });
    expect(await file.verify('127.0.0.5', 2201, revokedKey)).toEqual({ status: 'revoked' });
  });

  it('forgets a host like ssh-keygen -R and keeps the others', async () => {
    const a = publicBlob();
    const b = publicBlob();
    await file.add('127.0.0.1', 2222, a);
    await file.add('127.0.0.2', 2222, b);
    expect(await file.forget('127.0.0.1', 2222)).toBe(1);
    expect(await file.verify('127.0.0.1', 2222, a)).toEqual({ status: 'unknown' });
    expect(await file.verify('127.0.0.2', 2222, b)).toEqual({ status: 'trusted' });
  });
});
