// The audit log's hash chain, pure: canonical JSON, SHA-256, each entry's hash and the check of a whole chain.
import type { AuditEntry, VerifyProblem } from './caseModel';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: everything but the hashes themselves. */
export type HashedEntry = Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'action' | 'summary' | 'detail'>;

/**
 * JSON with object keys sorted (by UTF-16 code units) and no whitespace, so equal data always gives equal text —
 * RFC 8785 (JCS) for the JSON-compatible data the audit log holds. Like JSON.stringify, object members that are
 * undefined are left out and array items that are undefined become null; numbers that JSON cannot carry
 * (NaN, Infinity) and bigints are refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

/** The hash of one entry: SHA-256 (hex) of `${prevHash}\n${canonicalJson(entry)}`. */
export function entryHash(prevHash: string, entry: HashedEntry): string {
  const { seq, at, actor, action, summary, detail } = entry;
  return sha256Hex(`${prevHash}\n${canonicalJson({ seq, at, actor, action, summary, detail })}`);
}

/** Where an audit problem is, in words. */
export function auditEntryName(entry: Pick<AuditEntry, 'seq' | 'action'>): string {
  return `audit entry ${entry.seq} (${entry.action})`;
}

/**
 * Checks a chain given in seq order: gaps in seq ('audit-missing'), an entry whose content no longer matches its own
 * hash ('audit-altered'), an entry whose link does not match the hash of the entry before it ('audit-chain-broken').
 * A gap already explains the broken link after it, so that link is not reported twice.
 */
export function verifyChain(entries: readonly AuditEntry[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  let expectedSeq = 1;
  let previous: AuditEntry | null = null;
  for (const entry of entries) {
    if (entry.seq > expectedSeq) {
      const missing = entry.seq - 1 === expectedSeq ? `audit entry ${expectedSeq}` : `audit entries ${expectedSeq}–${entry.seq - 1}`;
      problems.push({
        kind: 'audit-missing',
        where: missing,
        message: `${missing} ${entry.seq - expectedSeq === 1 ? 'is' : 'are'} missing: the log goes from ${previous ? `entry ${previous.seq}` : 'its start'} to ${auditEntryName(entry)}.`,
      });
    } else if (entry.prevHash !== (previous ? previous.hash : GENESIS_HASH)) {
      problems.push({
        kind: 'audit-chain-broken',
        where: auditEntryName(entry),
        message: `${auditEntryName(entry)} does not link to ${previous ? `entry ${previous.seq}` : 'the start of the log'}: an entry before it was rewritten, removed or reordered.`,
      });
    }
    if (entryHash(entry.prevHash, entry) !== entry.hash) {
      problems.push({
        kind: 'audit-altered',
        where: auditEntryName(entry),
        message: `${auditEntryName(entry)} no longer matches its hash: it was changed after it was written.`,
      });
    }
    previous = entry;
    expectedSeq = entry.seq + 1;
  }
  return problems;
}

/** SHA-256 of a string's UTF-8 bytes, as 64 hex digits (FIPS 180-4). Pure, so the renderer can check a chain too. */
export function sha256Hex(text: string): string {
  const bytes = utf8(text);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w = new Uint32Array(64);
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const w15 = w[i - 15]!;
      const w2 = w[i - 2]!;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  return h.map((word) => word.toString(16).padStart(8, '0')).join('');
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** UTF-8 bytes of a JS string; a lone surrogate becomes U+FFFD, as TextEncoder and Node's Buffer do. */
function utf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x80) {
      out[n++] = code;
    } else if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
  }
  return out.subarray(0, n);
}

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
