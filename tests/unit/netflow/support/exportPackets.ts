// A small NetFlow v5 / v9 / IPFIX encoder for tests: builds packets field by field so each test states its bytes.

/** Big-endian byte writer. */
export class Bytes {
  private readonly parts: number[] = [];

  u8(value: number): this {
    this.parts.push(value & 255);
    return this;
  }
  u16(value: number): this {
    return this.u8(value >>> 8).u8(value);
  }
  u32(value: number): this {
    return this.u16(Math.floor(value / 65536)).u16(value & 0xffff);
  }
  u64(value: bigint): this {
    return this.u32(Number(value >> 32n)).u32(Number(value & 0xffffffffn));
  }
  uint(value: number, length: number): this {
    for (let i = length - 1; i >= 0; i--) this.u8(Math.floor(value / 256 ** i));
    return this;
  }
  ipv4(text: string): this {
    for (const part of text.split('.')) this.u8(Number(part));
    return this;
  }
  ipv6(text: string): this {
    const [head = '', tail] = text.split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === undefined || tail === '' ? [] : tail.split(':');
    const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
    for (const group of groups) this.u16(parseInt(group, 16));
    return this;
  }
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.u8(bytes[i]!);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export interface V5Record {
  srcAddr: string;
  dstAddr: string;
  nextHop?: string;
  inputIf?: number;
  outputIf?: number;
  packets: number;
  bytes: number;
  /** sysUptime ms of the first and last packet. */
  first: number;
  last: number;
  srcPort: number;
  dstPort: number;
  tcpFlags?: number;
  protocol: number;
  tos?: number;
  srcAs?: number;
  dstAs?: number;
  srcMask?: number;
  dstMask?: number;
}

export interface V5Header {
  sysUptime: number;
  unixSecs: number;
  unixNsecs?: number;
  sequence: number;
  engineType?: number;
  engineId?: number;
}

export function v5Packet(header: V5Header, records: V5Record[]): Uint8Array {
  const out = new Bytes().u16(5).u16(records.length).u32(header.sysUptime).u32(header.unixSecs).u32(header.unixNsecs ?? 0).u32(header.sequence);
  out.u8(header.engineType ?? 0).u8(header.engineId ?? 0).u16(0);
  for (const r of records) {
    out.ipv4(r.srcAddr).ipv4(r.dstAddr).ipv4(r.nextHop ?? '0.0.0.0').u16(r.inputIf ?? 0).u16(r.outputIf ?? 0);
    out.u32(r.packets).u32(r.bytes).u32(r.first).u32(r.last).u16(r.srcPort).u16(r.dstPort);
    out.u8(0).u8(r.tcpFlags ?? 0).u8(r.protocol).u8(r.tos ?? 0).u16(r.srcAs ?? 0).u16(r.dstAs ?? 0).u8(r.srcMask ?? 0).u8(r.dstMask ?? 0).u16(0);
  }
  return out.build();
}

/** A template field: IE id, length, and for IPFIX an optional enterprise number. */
export interface FieldSpec {
  id: number;
  length: number;
  enterprise?: number;
}

/** A set/flowset: id and body bytes; the length (and optional zero padding) is added. */
export interface SetSpec {
  id: number;
  body: Uint8Array;
  padding?: number;
}

function sets(out: Bytes, list: SetSpec[]): void {
  for (const set of list) {
    const padding = set.padding ?? 0;
    out.u16(set.id).u16(4 + set.body.length + padding).raw(set.body);
    for (let i = 0; i < padding; i++) out.u8(0);
  }
}

export interface V9Header {
  count: number;
  sysUptime: number;
  unixSecs: number;
  sequence: number;
  sourceId: number;
}

export function v9Packet(header: V9Header, list: SetSpec[]): Uint8Array {
  const out = new Bytes().u16(9).u16(header.count).u32(header.sysUptime).u32(header.unixSecs).u32(header.sequence).u32(header.sourceId);
  sets(out, list);
  return out.build();
}

/** Body of a v9 template flowset (id 0) with these templates. */
export function v9Templates(templates: { id: number; fields: FieldSpec[] }[]): SetSpec {
  const body = new Bytes();
  for (const t of templates) {
    body.u16(t.id).u16(t.fields.length);
    for (const f of t.fields) body.u16(f.id).u16(f.length);
  }
  return { id: 0, body: body.build() };
}

/** A v9 options template flowset (id 1), padded to 4 bytes. */
export function v9OptionsTemplate(id: number, scopes: FieldSpec[], options: FieldSpec[]): SetSpec {
  const body = new Bytes().u16(id).u16(scopes.length * 4).u16(options.length * 4);
  for (const f of [...scopes, ...options]) body.u16(f.id).u16(f.length);
  return { id: 1, body: body.build(), padding: (4 - ((4 + body.length) % 4)) % 4 };
}

export interface IpfixHeader {
  exportTime: number;
  sequence: number;
  domain: number;
}

export function ipfixMessage(header: IpfixHeader, list: SetSpec[]): Uint8Array {
  const body = new Bytes();
  sets(body, list);
  const out = new Bytes().u16(10).u16(16 + body.length).u32(header.exportTime).u32(header.sequence).u32(header.domain).raw(body.build());
  return out.build();
}

function ipfixFields(body: Bytes, fields: FieldSpec[]): void {
  for (const f of fields) {
    if (f.enterprise === undefined) body.u16(f.id).u16(f.length);
    else body.u16(f.id | 0x8000).u16(f.length).u32(f.enterprise);
  }
}

/** An IPFIX template set (id 2); a template with no fields is a withdrawal. */
export function ipfixTemplates(templates: { id: number; fields: FieldSpec[] }[]): SetSpec {
  const body = new Bytes();
  for (const t of templates) {
    body.u16(t.id).u16(t.fields.length);
    ipfixFields(body, t.fields);
  }
  return { id: 2, body: body.build() };
}

/** An IPFIX options template set (id 3). */
export function ipfixOptionsTemplate(id: number, scopes: FieldSpec[], options: FieldSpec[]): SetSpec {
  const body = new Bytes().u16(id).u16(scopes.length + options.length).u16(scopes.length);
  ipfixFields(body, [...scopes, ...options]);
  return { id: 3, body: body.build() };
}

/** A data set of already-encoded records. */
export function dataSet(templateId: number, records: Uint8Array[], padding = 0): SetSpec {
  const body = new Bytes();
  for (const record of records) body.raw(record);
  return { id: templateId, body: body.build(), padding };
}

/** Variable-length IPFIX field content: 1-byte length, or 255 then a 2-byte length. */
export function variableLength(out: Bytes, content: Uint8Array, longForm = content.length >= 255): Bytes {
  if (longForm) out.u8(255).u16(content.length);
  else out.u8(content.length);
  return out.raw(content);
}

/** The IPv4 5-tuple template most tests use: addresses, ports, protocol, counters, times, interfaces. */
export const IPV4_FIELDS: FieldSpec[] = [
  { id: 8, length: 4 },
  { id: 12, length: 4 },
  { id: 7, length: 2 },
  { id: 11, length: 2 },
  { id: 4, length: 1 },
  { id: 6, length: 1 },
  { id: 5, length: 1 },
  { id: 2, length: 4 },
  { id: 1, length: 4 },
  { id: 10, length: 2 },
  { id: 14, length: 2 },
  { id: 22, length: 4 },
  { id: 21, length: 4 },
];

export interface SimpleFlow {
  srcAddr: string;
  dstAddr: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  tcpFlags?: number;
  tos?: number;
  packets: number;
  bytes: number;
  inputIf?: number;
  outputIf?: number;
  first: number;
  last: number;
}

/** One record of IPV4_FIELDS. */
export function ipv4Record(flow: SimpleFlow): Uint8Array {
  return new Bytes()
    .ipv4(flow.srcAddr)
    .ipv4(flow.dstAddr)
    .u16(flow.srcPort)
    .u16(flow.dstPort)
    .u8(flow.protocol)
    .u8(flow.tcpFlags ?? 0)
    .u8(flow.tos ?? 0)
    .u32(flow.packets)
    .u32(flow.bytes)
    .u16(flow.inputIf ?? 0)
    .u16(flow.outputIf ?? 0)
    .u32(flow.first)
    .u32(flow.last)
    .build();
}
