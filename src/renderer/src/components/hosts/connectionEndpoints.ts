// A socket's endpoints as the analyst reads them: address:port with the port's IANA service name (by TCP or UDP).
import type { Connection } from '../../../../shared/domain';
import { serviceName } from '../../../../shared/iana';
import { portLabel } from '../flows/cellRenderers';

const PROTOCOL_TCP = 6;
const PROTOCOL_UDP = 17;

/** IANA protocol number of netstat's / ss's "TCP", "TCPv6", "UDP", "udp"; null for anything else. */
export function connectionProtocol(proto: string): number | null {
  const upper = proto.toUpperCase();
  if (upper.startsWith('TCP')) return PROTOCOL_TCP;
  if (upper.startsWith('UDP')) return PROTOCOL_UDP;
  return null;
}

function service(port: number | null, proto: string): string | null {
  const protocol = connectionProtocol(proto);
  return port === null || protocol === null ? null : serviceName(port, protocol);
}

export function localService(c: Connection): string | null {
  return service(c.localPort, c.proto);
}

export function remoteService(c: Connection): string | null {
  return service(c.remotePort, c.proto);
}

/** An address as netstat writes it before a port: IPv6 in brackets. */
export function addressForEndpoint(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** "8080 (http-alt)"; "*" for netstat's `*:*`; empty when there is no port. */
export function endpointPortText(port: number | null, name: string | null, address: string | null): string {
  if (port === null) return address === '*' ? '*' : '';
  return portLabel(port, name);
}

/** "10.xx.50.241:8080 (http-alt)", "*:*", "[::]:135 (epmap)": the endpoint as one text, for filters and sorting. */
export function endpointText(address: string | null, port: number | null, name: string | null): string {
  if (address === null) return '';
  const portText = endpointPortText(port, name, address);
  return portText === '' ? address : `${addressForEndpoint(address)}:${portText}`;
}
