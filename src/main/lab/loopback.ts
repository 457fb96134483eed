// The lab only ever listens on loopback: a simulated router with a published password must not be reachable from the network.
import { BlockList, isIP } from 'node:net';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** True for literal addresses in 127.0.0.0/8 and ::1 (names such as "localhost" are not resolved, so not accepted). */
export function isLoopbackAddress(host: string): boolean {
  const family = isIP(host);
  if (family === 0) return false;
  return loopback.check(host, family === 4 ? 'ipv4' : 'ipv6');
}
