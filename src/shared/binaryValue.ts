// JSON values that may hold typed arrays, as one byte string: the browser preview's binary WebSocket frames and the
// case file's record blobs. A million-flow table travels as its columns' bytes, not as a million numbers in JSON.
//
// Layout (little-endian): "FPB1"; the header's byte length (u32) and the header (UTF-8 JSON: the value with every
// typed array replaced by {"$fpb": k}); the section list's byte length (u32) and the list (JSON: [type, offset, count]
// per typed array, offsets from the start of the data); then, from the next multiple of 8, each array's bytes, each at
// a multiple of 8 so a reader can view them in place. A plain object with its own "$fpb" key is written as
// {"$fpb": -1, "entries": [...]}, so no data is ever mistaken for a section.

const MAGIC = 0x31425046; // "FPB1" read as a little-endian u32
const MARKER = '$fpb';
const ALIGN = 8;

const TYPES = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypeName = keyof typeof TYPES;
type AnyTypedArray = InstanceType<(typeof TYPES)[TypeName]>;

/** [type, byte offset from the start of the data, element count] */
type Section = [TypeName, number, number];

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function typeNameOf(value: ArrayBufferView): TypeName {
  for (const name of Object.keys(TYPES) as TypeName[]) if (value instanceof TYPES[name]) return name;
  throw new TypeError(`binaryValue: ${value.constructor.name} is not one of the typed arrays it carries`);
}

function aligned(offset: number): number {
  return Math.ceil(offset / ALIGN) * ALIGN;
}

/** Whether the value holds a typed array anywhere (then only the binary form carries it). */
export function holdsTypedArray(value: unknown): boolean {
  if (ArrayBuffer.isView(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsTypedArray);
  for (const key in value) if (holdsTypedArray((value as Record<string, unknown>)[key])) return true;
  return false;
}

export function encodeBinaryValue(value: unknown): Uint8Array {
  if (!littleEndian) throw new Error('binaryValue: this machine is big-endian; the format is little-endian');
  const arrays: AnyTypedArray[] = [];
  const headerJson = JSON.stringify(value, (_key, item: unknown) => {
    if (ArrayBuffer.isView(item)) {
      arrays.push(item as AnyTypedArray);
      return { [MARKER]: arrays.length - 1 };
    }
    if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.hasOwn(item, MARKER)) return { [MARKER]: -1, entries: Object.entries(item) };
    return item;
  }) ?? 'null';
  const sections: Section[] = [];
  let dataLength = 0;
  for (const array of arrays) {
    sections.push([typeNameOf(array), dataLength, array.length]);
    dataLength = aligned(dataLength + array.byteLength);
  }
  const encoder = new TextEncoder();
  const header = encoder.encode(headerJson);
  const list = encoder.encode(JSON.stringify(sections));
  const listAt = 8 + header.length;
  const dataAt = aligned(listAt + 4 + list.length);
  const bytes = new Uint8Array(dataAt + dataLength);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  bytes.set(header, 8);
  view.setUint32(listAt, list.length, true);
  bytes.set(list, listAt + 4);
  arrays.forEach((array, i) => bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataAt + sections[i]![1]));
  return bytes;
}

/** Whether `bytes` start like encodeBinaryValue's output. */
export function isBinaryValue(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) === MAGIC;
}

/**
 * The value encodeBinaryValue wrote. Typed arrays are views into `bytes` where their alignment allows (so keep
 * `bytes` unchanged while they are used), copies otherwise. Throws a RangeError naming what is wrong with bad bytes.
 */
export function decodeBinaryValue(bytes: Uint8Array): unknown {
  if (!isBinaryValue(bytes)) throw new RangeError('binaryValue: not a FlowPivot binary value (no FPB1 mark)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  const listAt = 8 + headerLength;
  if (listAt + 4 > bytes.length) throw new RangeError(`binaryValue: the header says ${headerLength} bytes but only ${bytes.length - 8} follow`);
  const listLength = view.getUint32(listAt, true);
  if (listAt + 4 + listLength > bytes.length) throw new RangeError('binaryValue: the section list runs past the end');
  const dataAt = aligned(listAt + 4 + listLength);
  const decoder = new TextDecoder();
  const sections = JSON.parse(decoder.decode(bytes.subarray(listAt + 4, listAt + 4 + listLength))) as Section[];
  const arrays = sections.map(([type, offset, length], index) => {
    const Type = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
    if (Type === undefined) throw new RangeError(`binaryValue: section ${index} has the unknown type ${String(type)}`);
    const byteLength = length * Type.BYTES_PER_ELEMENT;
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || dataAt + offset + byteLength > bytes.length) {
      throw new RangeError(`binaryValue: section ${index} (${type} × ${length} at ${offset}) runs past the end (${bytes.length} bytes)`);
    }
    const at = bytes.byteOffset + dataAt + offset;
    if (at % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer as ArrayBuffer, at, length);
    return new Type(bytes.slice(dataAt + offset, dataAt + offset + byteLength).buffer, 0, length);
  });
  return JSON.parse(decoder.decode(bytes.subarray(8, listAt)), (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || !Object.hasOwn(item, MARKER)) return item;
    const marker = (item as Record<string, unknown>)[MARKER];
    if (marker === -1) return Object.fromEntries((item as { entries: [string, unknown][] }).entries);
    if (typeof marker === 'number' && Number.isInteger(marker) && marker >= 0 && marker < arrays.length) return arrays[marker];
    throw new RangeError(`binaryValue: the header refers to section ${String(marker)}, which is not there`);
  }) as unknown;
}
