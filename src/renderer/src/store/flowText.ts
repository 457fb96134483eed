// A flow in one line of words, as the pivot bar, the kill confirmation and the kill's audit reason say it.
import type { Flow } from '../../../shared/domain';

function endpoint(address: string, port: number, service: string | null, ported: boolean): string {
  if (!ported) return address;
  return `${address}:${port}${service ? ` (${service})` : ''}`;
}

/** "TCP 10.xx.50.81:1822 → 10.xx.50.241:8080 (http-alt), 7 packets". */
export function flowText(flow: Flow): string {
  const ported = flow.protocol === 6 || flow.protocol === 17;
  const protocol = flow.protocolName ?? `protocol ${flow.protocol}`;
  const packets = `${flow.packets} packet${flow.packets === 1 ? '' : 's'}`;
  return `${protocol} ${endpoint(flow.srcAddr, flow.srcPort, flow.srcService, ported)} → ${endpoint(flow.dstAddr, flow.dstPort, flow.dstService, ported)}, ${packets}`;
}
