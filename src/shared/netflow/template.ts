// A template as the decoder keeps it: its fields, each already told where its value goes, so reading a record is one
// switch per field with no look-ups.
import { FIELD_DEFINITIONS, Target, extraKey, type FieldKind } from './fieldDefinitions';

/** IPFIX field length meaning "variable": each record carries the length (RFC 7011 section 7). */
export const VARIABLE_LENGTH = 65535;

/** A field as a template declares it. */
export interface TemplateFieldSpec {
  id: number;
  /** Private enterprise number; 0 for IANA fields. */
  enterprise: number;
  length: number;
}

export interface TemplateField extends TemplateFieldSpec {
  target: Target;
  kind: FieldKind;
  /** IANA name where known, else the extras key. */
  name: string;
  /** "ie<id>" / "ie<enterprise>.<id>". */
  key: string;
  variable: boolean;
}

export interface CompiledTemplate {
  version: 9 | 10;
  templateId: number;
  /** An options template: its records are OptionsRecords, the first scopeCount fields being the scope. */
  isOptions: boolean;
  scopeCount: number;
  fields: TemplateField[];
  /** Bytes of the shortest record (variable-length fields count their 1-byte length). */
  minLength: number;
  /** IPv6 when the template carries IPv6 addresses. */
  ipVersion: 4 | 6;
  /** Whether any field lands in extras (else every flow shares one frozen empty extras object). */
  hasExtras: boolean;
}

/** Widest encoding a flow field takes (reduced-size encoding may send less, RFC 7011 section 6.2); wider stays raw. */
function widestLength(target: Target): number {
  switch (target) {
    case Target.protocol:
    case Target.tos:
    case Target.srcMask:
    case Target.dstMask:
    case Target.ipVersion:
      return 1;
    case Target.srcPort:
    case Target.dstPort:
    case Target.tcpFlags:
    case Target.icmpTypeCode:
      return 2;
    case Target.inputIf:
    case Target.outputIf:
    case Target.srcAs:
    case Target.dstAs:
      return 4;
    default:
      return 8;
  }
}

function lengthFits(kind: FieldKind, target: Target, length: number): boolean {
  if (target === Target.startNtp || target === Target.endNtp) return length === 8;
  if (kind === 'ipv4') return length === 4;
  if (kind === 'ipv6') return length === 16;
  if (kind === 'unsigned') return length >= 1 && length <= widestLength(target);
  return false;
}

/** Tells each field where its value goes: mapped flow fields first come, first served; the rest are extras. */
export function compileTemplate(version: 9 | 10, templateId: number, specs: TemplateFieldSpec[], scopeCount: number, isOptions: boolean): CompiledTemplate {
  const taken = new Set<Target>();
  let minLength = 0;
  let ipVersion = 4 as 4 | 6;
  let hasExtras = false;
  const fields = specs.map((spec, index): TemplateField => {
    const variable = version === 10 && spec.length === VARIABLE_LENGTH;
    minLength += variable ? 1 : spec.length;
    const key = extraKey(spec.id, spec.enterprise);
    const definition = spec.enterprise === 0 && !(version === 9 && index < scopeCount) ? FIELD_DEFINITIONS.get(spec.id) : undefined;
    let target: Target = Target.extra;
    if (definition !== undefined && !isOptions && !variable && definition.target !== Target.extra && !taken.has(definition.target) && lengthFits(definition.kind, definition.target, spec.length)) {
      target = definition.target;
      taken.add(target);
      if (target === Target.srcAddr6 || target === Target.dstAddr6) ipVersion = 6;
    }
    if (target === Target.extra) hasExtras = true;
    return { ...spec, target, kind: definition?.kind ?? 'raw', name: definition?.name ?? key, key, variable };
  });
  // IPv4 and IPv6 addresses in one template: the IPv4 pair names the flow, the IPv6 pair stays raw.
  if (ipVersion === 6 && (taken.has(Target.srcAddr4) || taken.has(Target.dstAddr4))) {
    ipVersion = 4;
    for (const field of fields) {
      if (field.target === Target.srcAddr6 || field.target === Target.dstAddr6) {
        field.target = Target.extra;
        hasExtras = true;
      }
    }
  }
  return { version, templateId, isOptions, scopeCount, fields, minLength, ipVersion, hasExtras };
}
