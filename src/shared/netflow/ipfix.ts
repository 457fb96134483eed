// IPFIX (RFC 7011): a 16-byte message header, then sets: templates (2), options templates (3), data (≥ 256);
// enterprise-specific fields, variable-length fields and template withdrawal.
import { compileTemplate, type TemplateFieldSpec } from './template';
import type { PacketFacts } from './flowMapping';
import type { PacketDecoding } from './packetDecoding';
import type { ObservationDomainState } from './templateCache';

export const IPFIX_HEADER_LENGTH = 16;
const TEMPLATE_SET = 2;
const OPTIONS_TEMPLATE_SET = 3;

/** Field specifiers from `at`: the fields and where they end, or null after reporting a truncation or zero length. */
function readFieldSpecs(view: DataView, at: number, end: number, fieldCount: number, templateId: number, packet: PacketDecoding): { specs: TemplateFieldSpec[]; end: number; zeroLength: boolean } | null {
  const specs: TemplateFieldSpec[] = [];
  let zeroLength = false;
  let cursor = at;
  for (let i = 0; i < fieldCount; i++) {
    if (cursor + 4 > end) {
      packet.problem('template-truncated', cursor, `template ${templateId} declares ${fieldCount} fields; field ${i + 1} runs past the set's end at byte ${end}`);
      return null;
    }
    let id = view.getUint16(cursor);
    const length = view.getUint16(cursor + 2);
    cursor += 4;
    let enterprise = 0;
    if (id & 0x8000) {
      if (cursor + 4 > end) {
        packet.problem('template-truncated', cursor, `template ${templateId}: field ${i + 1} has the enterprise bit but its enterprise number runs past the set's end at byte ${end}`);
        return null;
      }
      id &= 0x7fff;
      enterprise = view.getUint32(cursor);
      cursor += 4;
    }
    if (length === 0 && !zeroLength) {
      zeroLength = true;
      packet.problem('zero-length-field', cursor - 2, `template ${templateId}: field ${enterprise === 0 ? id : `${enterprise}.${id}`} has length 0; the template is ignored`);
    }
    specs.push({ id, enterprise, length });
  }
  return { specs, end: cursor, zeroLength };
}

function readTemplateSet(view: DataView, start: number, end: number, isOptions: boolean, domain: ObservationDomainState, packet: PacketDecoding): void {
  const setId = isOptions ? OPTIONS_TEMPLATE_SET : TEMPLATE_SET;
  const what = isOptions ? 'options template' : 'template';
  let at = start;
  while (end - at >= 4) {
    const templateId = view.getUint16(at);
    const fieldCount = view.getUint16(at + 2);
    if (fieldCount === 0) {
      // Withdrawal: one template, or all of this set's kind when the id is the set id (RFC 7011 section 8.1).
      if (templateId === setId) packet.withdrawTemplates(domain, isOptions ? 'all-options' : 'all-data');
      else if (templateId < 256) {
        packet.problem('bad-template-id', at, `${what} withdrawal for id ${templateId}; expected ${setId} or 256 and more`);
        return;
      } else packet.withdrawTemplates(domain, templateId);
      at += 4;
      continue;
    }
    if (templateId < 256) {
      packet.problem('bad-template-id', at, `${what} id ${templateId}; expected 256 or more`);
      return;
    }
    let scopeCount = 0;
    let fieldsAt = at + 4;
    if (isOptions) {
      if (end - at < 6) {
        packet.problem('template-truncated', at, `options template ${templateId}: the scope field count runs past the set's end at byte ${end}`);
        return;
      }
      scopeCount = view.getUint16(at + 4);
      fieldsAt = at + 6;
      if (scopeCount === 0 || scopeCount > fieldCount) {
        packet.problem('bad-scope', at + 4, `options template ${templateId}: scope field count ${scopeCount}; expected 1 to ${fieldCount}`);
        return;
      }
    }
    const read = readFieldSpecs(view, fieldsAt, end, fieldCount, templateId, packet);
    if (read === null) return;
    if (!read.zeroLength) packet.defineTemplate(domain, compileTemplate(10, templateId, read.specs, scopeCount, isOptions));
    at = read.end;
  }
}

export function decodeIpfix(bytes: Uint8Array, view: DataView, packet: PacketDecoding): void {
  const length = bytes.length;
  if (length < IPFIX_HEADER_LENGTH) {
    packet.problem('short-packet', length, `expected a ${IPFIX_HEADER_LENGTH}-byte message header, the packet has ${length} bytes`);
    return;
  }
  const messageLength = view.getUint16(2);
  if (messageLength !== length) {
    packet.problem('bad-length', 2, `the message length is ${messageLength} but the datagram has ${length} bytes`);
    return;
  }
  const exportMs = view.getUint32(4) * 1000;
  const sequence = view.getUint32(8);
  const domain = packet.exporter.domain(10, view.getUint32(12));
  const facts: PacketFacts = packet.facts(domain, exportMs, -1);
  let dataRecords = 0;
  let buffered = false;
  let at = IPFIX_HEADER_LENGTH;
  while (at < length) {
    if (length - at < 4) {
      packet.problem('set-too-short', at, `${length - at} bytes left; expected a 4-byte set header`);
      break;
    }
    const setId = view.getUint16(at);
    const setLength = view.getUint16(at + 2);
    if (setLength < 4) {
      packet.problem('set-too-short', at + 2, `set ${setId} has length ${setLength}; expected at least 4`);
      break;
    }
    const end = at + setLength;
    if (end > length) {
      packet.problem('set-past-end', at + 2, `set ${setId} has length ${setLength}, past the end of the ${length}-byte message`);
      break;
    }
    if (setId === TEMPLATE_SET || setId === OPTIONS_TEMPLATE_SET) readTemplateSet(view, at + 4, end, setId === OPTIONS_TEMPLATE_SET, domain, packet);
    else if (setId < 256) packet.problem('reserved-set-id', at, `set id ${setId} is reserved; expected 2, 3 or 256 and more`);
    else {
      const read = packet.dataSet(domain, facts, setId, bytes, view, at + 4, end);
      if (read < 0) buffered = true;
      else dataRecords += read;
    }
    at = end;
  }
  domain.noteSequence(sequence, buffered ? null : dataRecords);
}
