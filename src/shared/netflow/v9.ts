// NetFlow v9 (RFC 3954): a 20-byte header, then flowsets: templates (id 0), options templates (id 1), data (≥ 256).
import { compileTemplate, type TemplateFieldSpec } from './template';
import type { PacketFacts } from './flowMapping';
import type { PacketDecoding } from './packetDecoding';
import type { ObservationDomainState } from './templateCache';

export const V9_HEADER_LENGTH = 20;

/** Template records of flowset 0; how many were read (stored or refused). */
function readTemplates(bytes: Uint8Array, view: DataView, start: number, end: number, domain: ObservationDomainState, packet: PacketDecoding): number {
  let records = 0;
  let at = start;
  while (end - at >= 4) {
    const templateId = view.getUint16(at);
    const fieldCount = view.getUint16(at + 2);
    if (templateId < 256) {
      packet.problem('bad-template-id', at, `template id ${templateId}; expected 256 or more`);
      return records;
    }
    if (fieldCount === 0) {
      packet.problem('empty-template', at + 2, `template ${templateId} has no fields`);
      return records;
    }
    const recordEnd = at + 4 + fieldCount * 4;
    if (recordEnd > end) {
      packet.problem('template-truncated', at, `template ${templateId} declares ${fieldCount} fields (${fieldCount * 4} bytes) but the flowset ends at byte ${end}`);
      return records;
    }
    const specs: TemplateFieldSpec[] = [];
    let zeroAt = -1;
    for (let f = at + 4; f < recordEnd; f += 4) {
      const length = view.getUint16(f + 2);
      if (length === 0 && zeroAt < 0) zeroAt = f;
      specs.push({ id: view.getUint16(f), enterprise: 0, length });
    }
    records++;
    if (zeroAt >= 0) packet.problem('zero-length-field', zeroAt + 2, `template ${templateId}: field type ${view.getUint16(zeroAt)} has length 0; the template is ignored`);
    else packet.defineTemplate(domain, compileTemplate(9, templateId, specs, 0, false));
    at = recordEnd;
  }
  return records;
}

/** Options template records of flowset 1 (scope fields, then option fields; padding at the end of the flowset). */
function readOptionsTemplates(bytes: Uint8Array, view: DataView, start: number, end: number, domain: ObservationDomainState, packet: PacketDecoding): number {
  let records = 0;
  let at = start;
  while (end - at >= 6) {
    const templateId = view.getUint16(at);
    const scopeLength = view.getUint16(at + 2);
    const optionLength = view.getUint16(at + 4);
    if (templateId < 256) {
      packet.problem('bad-template-id', at, `options template id ${templateId}; expected 256 or more`);
      return records;
    }
    if (scopeLength % 4 !== 0 || optionLength % 4 !== 0) {
      packet.problem('bad-scope', at + 2, `options template ${templateId}: scope length ${scopeLength} and option length ${optionLength} must be multiples of 4`);
      return records;
    }
    if (scopeLength + optionLength === 0) {
      packet.problem('empty-template', at + 2, `options template ${templateId} has no fields`);
      return records;
    }
    const recordEnd = at + 6 + scopeLength + optionLength;
    if (recordEnd > end) {
      packet.problem('template-truncated', at, `options template ${templateId} declares ${scopeLength + optionLength} bytes of fields but the flowset ends at byte ${end}`);
      return records;
    }
    const specs: TemplateFieldSpec[] = [];
    let zeroAt = -1;
    for (let f = at + 6; f < recordEnd; f += 4) {
      const length = view.getUint16(f + 2);
      if (length === 0 && zeroAt < 0) zeroAt = f;
      specs.push({ id: view.getUint16(f), enterprise: 0, length });
    }
    records++;
    if (zeroAt >= 0) packet.problem('zero-length-field', zeroAt + 2, `options template ${templateId}: field type ${view.getUint16(zeroAt)} has length 0; the template is ignored`);
    else packet.defineTemplate(domain, compileTemplate(9, templateId, specs, scopeLength / 4, true));
    at = recordEnd;
  }
  return records;
}

export function decodeV9(bytes: Uint8Array, view: DataView, packet: PacketDecoding): void {
  const length = bytes.length;
  if (length < V9_HEADER_LENGTH) {
    packet.problem('short-packet', length, `expected a ${V9_HEADER_LENGTH}-byte header, the packet has ${length} bytes`);
    return;
  }
  const count = view.getUint16(2);
  const sysUptime = view.getUint32(4);
  const exportMs = view.getUint32(8) * 1000;
  const sequence = view.getUint32(12);
  const domain = packet.exporter.domain(9, view.getUint32(16));
  const facts: PacketFacts = packet.facts(domain, exportMs, sysUptime);
  let records = 0;
  let buffered = false;
  let at = V9_HEADER_LENGTH;
  while (at < length) {
    if (length - at < 4) {
      packet.problem('set-too-short', at, `${length - at} bytes left; expected a 4-byte flowset header`);
      break;
    }
    const setId = view.getUint16(at);
    const setLength = view.getUint16(at + 2);
    if (setLength < 4) {
      packet.problem('set-too-short', at + 2, `flowset ${setId} has length ${setLength}; expected at least 4`);
      break;
    }
    const end = at + setLength;
    if (end > length) {
      packet.problem('set-past-end', at + 2, `flowset ${setId} has length ${setLength}, past the end of the ${length}-byte packet`);
      break;
    }
    if (setId === 0) records += readTemplates(bytes, view, at + 4, end, domain, packet);
    else if (setId === 1) records += readOptionsTemplates(bytes, view, at + 4, end, domain, packet);
    else if (setId < 256) packet.problem('reserved-set-id', at, `flowset id ${setId} is reserved; expected 0, 1 or 256 and more`);
    else {
      const read = packet.dataSet(domain, facts, setId, bytes, view, at + 4, end);
      if (read < 0) buffered = true;
      else records += read;
    }
    at = end;
  }
  domain.noteSequence(sequence, 1);
  // RFC 3954 counts every record (templates too), softflowd counts only data records, others count flowsets: only a
  // count above what the flowsets hold says records are missing.
  if (!buffered && packet.outcome.problems.length === 0 && count > records) {
    packet.problem('count-mismatch', 2, `the header counts ${count} records; the flowsets hold only ${records}`);
  }
}
