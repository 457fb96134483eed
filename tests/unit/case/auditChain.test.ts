import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, sha256Hex, verifyChain } from '../../../src/shared/case/auditChain';
import type { AuditEntry } from '../../../src/shared/case/caseModel';

function nodeSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A chain of `n` entries, linked the way the case store writes them. */
function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const body = { seq, at: `2026-11-25T10:00:0${seq % 10}.000Z`, actor: 'alice', action: seq === 1 ? ('case-created' as const) : ('note' as const), summary: `entry ${seq}`, detail: { seq, nested: { b: [1, 'two', null], a: true } } };
    const hash = entryHash(prevHash, body);
    entries.push({ ...body, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('canonicalJson', () => {
  it('gives the same text whatever order the keys were written in', () => {
    const a = { z: 1, a: { y: [3, { d: 1, c: 2 }], x: 'x' }, m: null };
    const b = { m: null, a: { x: 'x', y: [3, { c: 2, d: 1 }] }, z: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[3,{"c":2,"d":1}]},"m":null,"z":1}');
  });

  it('has no whitespace and escapes strings as JSON does', () => {
    expect(canonicalJson({ text: 'line 1\nline "2"\t\u0001', list: [] })).toBe('{"list":[],"text":"line 1\\nline \\"2\\"\\t\\u0001"}');
  });

  it('sorts keys by UTF-16 code units (RFC 8785)', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":2,"a":4,"b":1,"é":3}');
  });

  it('leaves undefined members out and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('parses back to data with the same canonical text (what is stored is what is hashed)', () => {
    const value = { n: -0, big: 1e21, small: 5e-7, pi: Math.PI, s: '\ud83d\ude00 \ud800', arr: [{ b: 1, a: 2 }] };
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('refuses numbers JSON cannot carry instead of changing them', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('hashes the UTF-8 bytes at every padding boundary and for any Unicode, as node:crypto does', () => {
    for (let length = 50; length <= 130; length++) expect(sha256Hex('x'.repeat(length))).toBe(nodeSha256('x'.repeat(length)));
    for (const text of ['é', '€', '\ud83d\ude00', 'lone \ud800 high', 'lone \udc00 low', 'mixed Ünïcödé ✓ 😀 text\r\n']) expect(sha256Hex(text)).toBe(nodeSha256(text));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(6))).toEqual([]);
  });

  it('names exactly the entry whose content was changed', () => {
    const entries = chain(6);
    entries[3] = { ...entries[3]!, summary: 'something else' };
    const problems = verifyChain(entries);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'audit-altered', where: 'audit entry 4 (note)' });
  });

  it('finds a changed detail, not only a changed summary', () => {
    const entries = chain(4);
    entries[1] = { ...entries[1]!, detail: { ...entries[1]!.detail, seq: 99 } };
    expect(verifyChain(entries).map((problem) => problem.where)).toEqual(['audit entry 2 (note)']);
  });

  it('finds the broken link after an entry that was rewritten with a fresh hash', () => {
    const entries = chain(5);
    const forged = { ...entries[2]!, summary: 'forged' };
    forged.hash = entryHash(forged.prevHash, forged);
    entries[2] = forged;
    expect(verifyChain(entries)).toEqual([expect.objectContaining({ kind: 'audit-chain-broken', where: 'audit entry 4 (note)' })]);
  });

  it('reports a removed entry as missing, without also calling the next link broken', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    expect(verifyChain(entries)).toEqual([expect.objectContaining({ kind: 'audit-missing', where: 'audit entry 3' })]);
  });

  it('reports entries removed from the start', () => {
    expect(verifyChain(chain(4).slice(2))).toEqual([expect.objectContaining({ kind: 'audit-missing', where: 'audit entries 1–2' })]);
  });

  it('finds two entries swapped', () => {
    const entries = chain(5);
    const [second, third] = [entries[1]!, entries[2]!];
    entries[1] = { ...third, seq: 2 };
    entries[2] = { ...second, seq: 3 };
    const problems = verifyChain(entries);
    expect(problems.map((problem) => problem.where)).toContain('audit entry 2 (note)');
    expect(problems.map((problem) => problem.where)).toContain('audit entry 3 (note)');
  });
});
