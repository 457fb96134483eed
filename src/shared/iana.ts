// IANA lookups: protocol keyword by number, primary service name by port and transport (data in resources/iana).
import protocolNumbers from '../../resources/iana/protocol-numbers.json';
import serviceNames from '../../resources/iana/service-names.json';

interface ProtocolEntry {
  keyword: string | null;
  description: string | null;
}

type ServiceTable = Record<string, readonly [string, string] | readonly string[]>;

const PROTOCOL_TCP = 6;
const PROTOCOL_UDP = 17;

const protocols = protocolNumbers as Record<string, ProtocolEntry>;

// Flow tables reach a million rows: index by number once instead of converting every port to a string key.
let tcpNames: (string | undefined)[] | null = null;
let udpNames: (string | undefined)[] | null = null;

function indexByPort(table: ServiceTable): (string | undefined)[] {
  const byPort: (string | undefined)[] = new Array<string | undefined>(65536);
  for (const port of Object.keys(table)) byPort[Number(port)] = table[port]![0];
  return byPort;
}

function namesFor(protocol: number): (string | undefined)[] | null {
  if (protocol === PROTOCOL_TCP) return (tcpNames ??= indexByPort(serviceNames.tcp as ServiceTable));
  if (protocol === PROTOCOL_UDP) return (udpNames ??= indexByPort(serviceNames.udp as ServiceTable));
  return null;
}

/** IANA keyword of an IP protocol number ("TCP" for 6, "GRE" for 47); null when IANA assigns none. */
export function protocolName(protocol: number): string | null {
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) return null;
  return protocols[String(protocol)]?.keyword ?? null;
}

/** IANA description of an IP protocol number ("Transmission Control" for 6); null when unassigned. */
export function protocolDescription(protocol: number): string | null {
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) return null;
  return protocols[String(protocol)]?.description ?? null;
}

/**
 * Primary IANA service name of a port ("microsoft-ds" for 445/TCP, "domain" for 53/UDP).
 * Only TCP (6) and UDP (17) have ports; any other protocol, or an unassigned port, gives null.
 */
export function serviceName(port: number, protocol: number): string | null {
  const names = namesFor(protocol);
  if (names === null || !Number.isInteger(port) || port < 0 || port > 65535) return null;
  return names[port] ?? null;
}

/** IANA description of a port's service ("World Wide Web HTTP" for 80/TCP); null as for serviceName. */
export function serviceDescription(port: number, protocol: number): string | null {
  const table = protocol === PROTOCOL_TCP ? serviceNames.tcp : protocol === PROTOCOL_UDP ? serviceNames.udp : null;
  if (table === null || !Number.isInteger(port) || port < 0 || port > 65535) return null;
  const entry = (table as ServiceTable)[String(port)];
  return entry?.[1] ?? null;
}
