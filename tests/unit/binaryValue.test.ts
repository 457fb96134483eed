// JSON values with typed arrays as one byte string: exact round trips, arrays viewed in place, bad bytes named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBinaryValue, encodeBinaryValue, holdsTypedArray, isBinaryValue } from '../../src/shared/binaryValue';

describe('binaryValue', () => {
  it('gives back JSON values with typed arrays of every kind, at any depth', () => {
    const value = {
      name: 'table',
      columns: { line: new Uint32Array([1, 2, 0xffffffff]), bits: new Uint8Array([0, 255]), packets: new Float64Array([1.5, Number.NaN, 2 ** 52]) },
      more: [new Int32Array([-1, 7]), new Uint16Array([65535]), new Int8Array([-128]), new Int16Array([-2]), new Float32Array([0.25])],
      empty: new Uint32Array(0),
      nothing: null,
    };
    const back = decodeBinaryValue(encodeBinaryValue(value)) as typeof value;
    expect(back).toEqual(value);
    expect(back.columns.line).toBeInstanceOf(Uint32Array);
    expect(Number.isNaN(back.columns.packets[1])).toBe(true);
  });

  it('gives back any JSON value, objects that use its marker key included (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom('$fpb', 'entries', 'x'), fc.jsonValue()), (value, marked) => {
        const input = { value, marked, nested: [{ $fpb: 0, entries: [] }, marked] };
        expect(decodeBinaryValue(encodeBinaryValue(input))).toEqual(JSON.parse(JSON.stringify(input)));
      }),
      { numRuns: 500 },
    );
  });

  it('views aligned arrays in the bytes without copying them, and copies a misaligned one', () => {
    const bytes = encodeBinaryValue({ a: new Uint8Array([1, 2, 3]), b: new Float64Array([4, 5]) });
    const view = decodeBinaryValue(bytes) as { a: Uint8Array; b: Float64Array };
    expect(view.b.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const copy = decodeBinaryValue(shifted.subarray(1)) as { b: Float64Array };
    expect([...copy.b]).toEqual([4, 5]);
  });

  it('says what is wrong with bytes it did not write', () => {
    expect(() => decodeBinaryValue(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/no FPB1 mark/);
    const bytes = encodeBinaryValue({ a: new Uint32Array([1, 2, 3]) });
    expect(() => decodeBinaryValue(bytes.subarray(0, bytes.length - 8))).toThrow(/section 0 \(Uint32Array × 3 at 0\) runs past the end/);
    expect(() => decodeBinaryValue(bytes.subarray(0, 12))).toThrow(/header says/);
    expect(isBinaryValue(bytes)).toBe(true);
    expect(isBinaryValue(new TextEncoder().encode('{"type":"result"}'))).toBe(false);
  });

  it('tells whether a value needs the binary form', () => {
    expect(holdsTypedArray({ a: [1, { b: 'x' }] })).toBe(false);
    expect(holdsTypedArray({ a: [1, { b: new Uint8Array(1) }] })).toBe(true);
  });
});
