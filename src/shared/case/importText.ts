// A raw text file someone saved or mailed (a show ip cache flow capture, a netstat, a tcpvcon CSV, a Velociraptor or
// osquery export) as a case collection: format detected, text kept verbatim, records as the parser reads them.
import type { Diagnostic } from '../domain';
import { readFlows } from '../flows/flowReading';
import { detectFormat, parsers, recordKindOf } from '../parsers/registry';
import type { CaseDevice, NewCollection } from './caseModel';
import { deviceNameOf } from './deviceName';

export interface ImportedText {
  device: CaseDevice;
  collection: NewCollection;
}

/** The collection for `text`, or the sentence saying why it cannot be imported. */
export function importText(text: string, fileName: string, options: { device?: string | undefined; id: string; now: string }): ImportedText | { error: string } {
  const detected = detectFormat(text);
  if (detected === null) return { error: `${fileName}: cannot tell its format; it looks like none of ${parsers.map((parser) => parser.id).join(', ')}.` };
  const kind = recordKindOf(detected.parser);
  if (kind === null) return { error: `${fileName} is ${detected.parser.id} output: only flows, connections and processes can be imported.` };
  // Flows go straight into a table's columns; the other kinds stay records.
  let result: { format: string; parserVersion: string; sections: unknown; diagnostics: Diagnostic[]; records: NewCollection['records']; count: number };
  if (kind === 'flows') {
    const reading = readFlows(detected.parser, text);
    result = { ...reading, records: reading.table, count: reading.table.length };
  } else {
    const parsed = detected.parser.parse(text);
    result = { ...parsed, records: parsed.records as NewCollection['records'], count: parsed.records.length };
  }
  if (result.count === 0 && result.diagnostics.length > 0) {
    return { error: `${fileName}: nothing in it could be read as ${detected.parser.id} (${result.diagnostics.length} unreadable line(s), first at line ${result.diagnostics[0]!.line}: ${result.diagnostics[0]!.message}).` };
  }
  const label = options.device?.trim() || deviceNameOf(fileName);
  const device: CaseDevice = { id: `import:${kind === 'flows' ? 'router' : 'host'}:${label}`, kind: kind === 'flows' ? 'router' : 'host', label, address: label, port: null, via: 'import', os: null, username: null, hostKeyFingerprint: null };
  const collection: NewCollection = {
    id: options.id,
    deviceId: device.id,
    device: label,
    kind,
    source: 'imported',
    command: `import ${fileName}`,
    tool: 'import',
    toolVersion: null,
    argv: null,
    startedAt: options.now,
    finishedAt: options.now,
    exitCode: null,
    outcome: 'imported',
    raw: text,
    stderr: null,
    parserId: result.format,
    parserVersion: result.parserVersion,
    importedFrom: fileName,
    diagnostics: result.diagnostics,
    sections: result.sections,
    records: result.records,
  };
  return { device, collection };
}
