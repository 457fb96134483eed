// Data records of a template read into ExportedFlows: one pass over the record, one switch per field.
import { Ipv4Texts, hexOf, ipv6Text, readUnsigned } from './bytes';
import { Target } from './fieldDefinitions';
import type { CompiledTemplate } from './template';
import type { ExportedFlow, ExportVersion } from './types';

/** What a record needs from its packet: who sent it, and the clocks its times are relative to. */
export interface PacketFacts {
  exporter: string;
  observationDomain: number;
  receivedAt: number;
  version: ExportVersion;
  /** The packet header's export time in ms since the epoch (v5/v9 unix secs, IPFIX export time). */
  exportMs: number;
  /** v5/v9 sysUptime (ms) at export; -1 for IPFIX. */
  sysUptime: number;
  /** IPFIX: systemInitTimeMilliseconds the exporter sent in an options record; -1 when unknown. */
  systemInitMs: number;
}

/** Shared by every flow whose template has no unmapped field; frozen, so copy it before adding. */
export const NO_EXTRAS: Record<string, string> = Object.freeze({}) as Record<string, string>;

const NTP_UNIX_OFFSET_SECONDS = 2208988800;

function ntpMillis(view: DataView, at: number): number {
  return (view.getUint32(at) - NTP_UNIX_OFFSET_SECONDS) * 1000 + Math.floor((view.getUint32(at + 4) / 4294967296) * 1000);
}

/**
 * ms since the epoch of a sysUptime stamp: the export time less how long before the export it was, taken modulo 2^32
 * as a signed difference, so an uptime that wrapped (49.7 days) or a stamp "before boot" (softflowd reading an old
 * pcap) still lands next to the export time.
 */
export function uptimeMillis(exportMs: number, sysUptime: number, stamp: number): number {
  return exportMs - ((sysUptime - stamp) | 0);
}

/** Reading records: what went wrong, or null. */
export type RecordProblem = { offset: number; expected: string } | null;

/**
 * Reads the data records of bytes[start, end) with template `t` into `flows`. Trailing bytes shorter than a record
 * are padding. Returns where a record ran past the set's end (the records before it are kept), else null.
 */
export function readFlowRecords(t: CompiledTemplate, bytes: Uint8Array, view: DataView, start: number, end: number, facts: PacketFacts, addresses: Ipv4Texts, flows: ExportedFlow[]): RecordProblem {
  const fields = t.fields;
  const count = fields.length;
  const isIpfix = facts.version === 10;
  let at = start;
  while (end - at >= t.minLength) {
    const recordStart = at;
    const flow: ExportedFlow = {
      exporter: facts.exporter,
      observationDomain: facts.observationDomain,
      receivedAt: facts.receivedAt,
      version: facts.version,
      ipVersion: t.ipVersion,
      srcAddr: '',
      dstAddr: '',
      srcPort: 0,
      dstPort: 0,
      protocol: 0,
      packets: 0,
      bytes: 0,
      tos: null,
      tcpFlags: null,
      inputIf: null,
      outputIf: null,
      srcMask: null,
      dstMask: null,
      srcAs: null,
      dstAs: null,
      nextHop: null,
      flowStart: null,
      flowEnd: null,
      extras: t.hasExtras ? {} : NO_EXTRAS,
    };
    let startMs = -1;
    let endMs = -1;
    let startUptime = -1;
    let endUptime = -1;
    let systemInit = facts.systemInitMs;
    let icmpTypeCode = -1;
    let sawDstPort = false;
    for (let i = 0; i < count; i++) {
      const field = fields[i]!;
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
      switch (field.target) {
        case Target.extra:
          flow.extras[field.key] = hexOf(bytes, at, length);
          break;
        case Target.bytes:
          flow.bytes = readUnsigned(bytes, view, at, length);
          break;
        case Target.packets:
          flow.packets = readUnsigned(bytes, view, at, length);
          break;
        case Target.protocol:
          flow.protocol = readUnsigned(bytes, view, at, length);
          break;
        case Target.tos:
          flow.tos = readUnsigned(bytes, view, at, length);
          break;
        case Target.tcpFlags:
          flow.tcpFlags = readUnsigned(bytes, view, at, length);
          break;
        case Target.srcPort:
          flow.srcPort = readUnsigned(bytes, view, at, length);
          break;
        case Target.dstPort:
          flow.dstPort = readUnsigned(bytes, view, at, length);
          sawDstPort = true;
          break;
        case Target.srcAddr4:
          flow.srcAddr = addresses.text(view.getUint32(at));
          break;
        case Target.dstAddr4:
          flow.dstAddr = addresses.text(view.getUint32(at));
          break;
        case Target.srcAddr6:
          flow.srcAddr = ipv6Text(bytes, at);
          break;
        case Target.dstAddr6:
          flow.dstAddr = ipv6Text(bytes, at);
          break;
        case Target.srcMask:
          flow.srcMask = readUnsigned(bytes, view, at, length);
          break;
        case Target.dstMask:
          flow.dstMask = readUnsigned(bytes, view, at, length);
          break;
        case Target.inputIf:
          flow.inputIf = readUnsigned(bytes, view, at, length);
          break;
        case Target.outputIf:
          flow.outputIf = readUnsigned(bytes, view, at, length);
          break;
        case Target.nextHop4:
          flow.nextHop = addresses.text(view.getUint32(at));
          break;
        case Target.nextHop6:
          flow.nextHop = ipv6Text(bytes, at);
          break;
        case Target.srcAs:
          flow.srcAs = readUnsigned(bytes, view, at, length);
          break;
        case Target.dstAs:
          flow.dstAs = readUnsigned(bytes, view, at, length);
          break;
        case Target.startUptime:
          startUptime = readUnsigned(bytes, view, at, length);
          break;
        case Target.endUptime:
          endUptime = readUnsigned(bytes, view, at, length);
          break;
        case Target.startSeconds:
          startMs = readUnsigned(bytes, view, at, length) * 1000;
          break;
        case Target.endSeconds:
          endMs = readUnsigned(bytes, view, at, length) * 1000;
          break;
        case Target.startMillis:
          startMs = readUnsigned(bytes, view, at, length);
          break;
        case Target.endMillis:
          endMs = readUnsigned(bytes, view, at, length);
          break;
        case Target.startNtp:
          startMs = ntpMillis(view, at);
          break;
        case Target.endNtp:
          endMs = ntpMillis(view, at);
          break;
        case Target.systemInit:
          systemInit = readUnsigned(bytes, view, at, length);
          break;
        case Target.icmpTypeCode:
          icmpTypeCode = readUnsigned(bytes, view, at, length);
          break;
        case Target.ipVersion: {
          const ipVersion = readUnsigned(bytes, view, at, length);
          if (ipVersion === 4 || ipVersion === 6) flow.ipVersion = ipVersion;
          break;
        }
      }
      at += length;
    }
    if (!sawDstPort && icmpTypeCode >= 0) flow.dstPort = icmpTypeCode;
    if (startUptime >= 0 || endUptime >= 0) {
      // IPFIX has no sysUptime in its header: the uptime at export is the export time less the system init time.
      const sysUptime = isIpfix ? (systemInit >= 0 ? facts.exportMs - systemInit : -1) : facts.sysUptime;
      if (sysUptime >= 0 || !isIpfix) {
        if (startMs < 0 && startUptime >= 0) startMs = uptimeMillis(facts.exportMs, sysUptime, startUptime);
        if (endMs < 0 && endUptime >= 0) endMs = uptimeMillis(facts.exportMs, sysUptime, endUptime);
      }
    }
    if (startMs >= 0) flow.flowStart = startMs;
    if (endMs >= 0) flow.flowEnd = endMs;
    flows.push(flow);
  }
  return null;
}
