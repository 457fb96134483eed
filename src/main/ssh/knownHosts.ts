// The analyst's accepted host keys, kept in OpenSSH known_hosts format so `ssh` and FlowPivot share one truth.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { keyTypeOf, sha256Fingerprint } from './hostKeyFingerprint';
import { readTextIfExists, writeFileAtomic } from '../config/configFiles';

export type HostKeyVerdict =
  | { status: 'trusted' }
  | { status: 'unknown' }
  | { status: 'changed'; expectedFingerprint: string; expectedKeyType: string }
  | { status: 'revoked' };

interface KnownHostLine {
  marker: '@revoked' | '@cert-authority' | null;
  patterns: string;
  keyType: string;
  blob: Buffer;
}

/** known_hosts host field: `host` on port 22, `[host]:port` otherwise (as OpenSSH writes it). */
export function knownHostsName(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return port === 22 ? bare : `[${bare}]:${port}`;
}

function parseLine(line: string): KnownHostLine | null {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return null;
  const fields = trimmed.split(/\s+/);
  let marker: KnownHostLine['marker'] = null;
  if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostLine['marker'];
  const [patterns, keyType, base64] = fields;
  if (!patterns || !keyType || !base64) return null;
  return { marker, patterns, keyType, blob: Buffer.from(base64, 'base64') };
}

function hashedPatternMatches(pattern: string, name: string): boolean {
  const [, kind, salt, hash] = pattern.split('|');
  if (kind !== '1' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped.replace(/\[/g, '\\[').replace(/\]/g, '\\]')}$`, 'i');
}

/** OpenSSH pattern-list semantics: comma-separated, `!` negates, `*`/`?` wildcards, `|1|` hashed names. */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedPatternMatches(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (globToRegExp(body).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export class KnownHostsFile {
  constructor(readonly path: string) {}

  private async lines(): Promise<KnownHostLine[]> {
    const text = await this.readText();
    return text.split('\n').map(parseLine).filter((line): line is KnownHostLine => line !== null);
  }

  /** Like OpenSSH: a revoked key is refused; a stored key for the host that differs means the key changed. */
  async verify(host: string, port: number, blob: Buffer): Promise<HostKeyVerdict> {
    const name = knownHostsName(host, port);
    const entries = (await this.lines()).filter((line) => line.marker !== '@cert-authority' && patternsMatch(line.patterns, name));
    if (entries.some((line) => line.marker === '@revoked' && line.blob.equals(blob))) return { status: 'revoked' };
    const keys = entries.filter((line) => line.marker === null);
    if (keys.some((line) => line.blob.equals(blob))) return { status: 'trusted' };
    const presentedType = keyTypeOf(blob);
    const sameType = keys.find((line) => line.keyType === presentedType) ?? keys[0];
    if (sameType) return { status: 'changed', expectedFingerprint: sha256Fingerprint(sameType.blob), expectedKeyType: sameType.keyType };
    return { status: 'unknown' };
  }

  async add(host: string, port: number, blob: Buffer): Promise<void> {
    const existing = await this.readText();
    const separator = existing.length > 0 && !existing.endsWith('\n') ? '\n' : '';
    const line = `${knownHostsName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`;
    await writeFileAtomic(this.path, existing + separator + line, 0o600);
  }

  /** Removes every plain entry for the host (like `ssh-keygen -R`); hashed and revoked lines are kept. */
  async forget(host: string, port: number): Promise<number> {
    const name = knownHostsName(host, port);
    const text = await this.readText();
    let removed = 0;
    const kept = text.split('\n').filter((raw) => {
      const line = parseLine(raw);
      if (!line || line.marker !== null || line.patterns.startsWith('|')) return true;
      const remaining = line.patterns.split(',').filter((pattern) => pattern.toLowerCase() !== name.toLowerCase());
      if (remaining.length === line.patterns.split(',').length) return true;
      removed += 1;
      return false;
    });
    if (removed > 0) await writeFileAtomic(this.path, kept.join('\n'), 0o600);
    return removed;
  }

  private async readText(): Promise<string> {
    return (await readTextIfExists(this.path)) ?? '';
  }
}
