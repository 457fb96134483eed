// The generated captures the bench parses: the lab large scenario's `show ip cache flow` and a Windows `netstat -ano`.
import { renderShowIpCacheFlow } from '../../src/main/lab/renderShowIpCacheFlow';
import { largeFlowCache } from '../../src/main/lab/scenarios/largeScenario';

/**
 * Lines as one CRLF text, built the way captures reach the parsers (one join of received chunks, one file read): a
 * flat string. (A template literal appending the last CRLF would leave a concatenation that every read goes through.)
 */
function asReceived(lines: string[]): string {
  lines.push('');
  return lines.join('\r\n');
}

/** `show ip cache flow` of the lab's large scenario with `flowCount` flows, as the router prints it (CRLF). */
export function flowCacheCapture(flowCount: number): string {
  return asReceived([...renderShowIpCacheFlow(largeFlowCache(flowCount))]);
}

/** `netstat -ano` as Windows prints it, with a realistic mix of states and IPv4/IPv6 sockets. */
export function netstatCapture(lines: number): string {
  const states = ['ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'TIME_WAIT', 'LISTENING', 'CLOSE_WAIT', 'SYN_SENT'];
  const out = ['', 'Active Connections', '', '  Proto  Local Address          Foreign Address        State           PID'];
  for (let i = 0; i < lines; i++) {
    const pid = 400 + ((i * 7919) % 9000);
    if (i % 10 === 9) {
      out.push(`  UDP    0.0.0.0:${5000 + (i % 60000)}           *:*                                    ${pid}`);
      continue;
    }
    const state = states[i % states.length]!;
    const local = i % 13 === 0 ? `[fe80::1c2d:${(i % 65535).toString(16)}%4]:${1024 + (i % 60000)}` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${49152 + (i % 16384)}`;
    const remote = state === 'LISTENING' ? '0.0.0.0:0' : `93.184.${(i >> 8) & 255}.${i & 255}:${[443, 80, 445, 3389][i % 4]}`;
    out.push(`  TCP    ${local.padEnd(21)}  ${remote.padEnd(21)}  ${state.padEnd(16)}${pid}`);
  }
  return asReceived(out);
}
