// Records of an options template (v9 flowset 1, IPFIX set 3) read into OptionsRecords: exporter facts such as the
// sampling interval or the system init time.
import { hexOf, ipv4Text, ipv6Text, readUnsigned } from './bytes';
import { SAMPLING_INTERVAL_IES, V9_SCOPE_NAMES } from './fieldDefinitions';
import type { PacketFacts, RecordProblem } from './flowMapping';
import type { CompiledTemplate, TemplateField } from './template';
import type { OptionsField, OptionsRecord } from './types';

function valueOf(field: TemplateField, isV9Scope: boolean, bytes: Uint8Array, view: DataView, at: number, length: number): number | string {
  if (field.enterprise !== 0) return hexOf(bytes, at, length);
  // v9 scope values are ids (of the system, an interface, a line card…), not IEs.
  if (isV9Scope) return length >= 1 && length <= 6 ? readUnsigned(bytes, view, at, length) : hexOf(bytes, at, length);
  if (field.kind === 'unsigned' && length >= 1 && length <= 8) return readUnsigned(bytes, view, at, length);
  if (field.kind === 'ipv4' && length === 4) return ipv4Text(view.getUint32(at));
  if (field.kind === 'ipv6' && length === 16) return ipv6Text(bytes, at);
  return hexOf(bytes, at, length);
}

/** Reads the options records of bytes[start, end) into `records`; where one ran past the end, or null. */
export function readOptionsRecords(t: CompiledTemplate, bytes: Uint8Array, view: DataView, start: number, end: number, facts: PacketFacts, records: OptionsRecord[]): RecordProblem {
  let at = start;
  while (end - at >= t.minLength) {
    const recordStart = at;
    const scopes: OptionsField[] = [];
    const fields: OptionsField[] = [];
    let samplingInterval: number | null = null;
    for (let i = 0; i < t.fields.length; i++) {
      const field = t.fields[i]!;
      let length = field.length;
      if (field.variable) {
        if (at >= end) return { offset: at, expected: `the length byte of variable-length field ${field.key}` };
        length = bytes[at++]!;
        if (length === 255) {
          if (at + 2 > end) return { offset: at, expected: `the 2-byte length of variable-length field ${field.key}` };
          length = view.getUint16(at);
          at += 2;
        }
      }
      if (at + length > end) return { offset: recordStart, expected: `${length} bytes of field ${field.key} at ${at}, but the set ends at ${end}` };
      const isScope = i < t.scopeCount;
      const v9ScopeName = t.version === 9 && isScope ? V9_SCOPE_NAMES.get(field.id) : undefined;
      const name = v9ScopeName ?? (t.version === 9 && isScope ? `scope${field.id}` : field.name);
      const value = valueOf(field, t.version === 9 && isScope, bytes, view, at, length);
      (isScope ? scopes : fields).push({ name, id: field.id, enterprise: field.enterprise === 0 ? null : field.enterprise, value });
      if (!isScope && field.enterprise === 0 && SAMPLING_INTERVAL_IES.has(field.id) && typeof value === 'number') samplingInterval = value;
      at += length;
    }
    records.push({
      exporter: facts.exporter,
      observationDomain: facts.observationDomain,
      receivedAt: facts.receivedAt,
      version: facts.version === 9 ? 9 : 10,
      templateId: t.templateId,
      scopes,
      fields,
      samplingInterval,
    });
  }
  return null;
}
