// The app's default lab, the investigation scenario, end to end through the contract: the router's flows collected over
// SSH and parsed include the seed fleet's own connections, and each pivots to a socket and a process on a lab host;
// PID reuse on the fleet ends the process's sockets and lists the new image as just started.
import { FlowTable } from '../../../src/shared/flows/flowTable';
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../src/shared/domain';
import { useLabServices } from '../../support/labServices';

const { ok, fails, hostId } = useLabServices();

const tuple = (flow: Flow) => `${flow.srcAddr}:${flow.srcPort} > ${flow.dstAddr}:${flow.dstPort}`;

describe('the investigation lab', () => {
  it('serves flows over SSH that pivot to the seed host\'s sockets and processes', async () => {
    const lab = (await ok('lab.status', {}))!;
    expect(lab.scenario).toBe('investigation');
    expect(await fails('routers.collectFlows', { id: lab.routerId! })).toMatchObject({ kind: 'host-key-unknown', fingerprint: lab.fingerprint });
    await ok('hostKeys.accept', { id: lab.routerId!, fingerprint: lab.fingerprint });
    const collection = await ok('routers.collectFlows', { id: lab.routerId! });
    expect(collection.result.diagnostics).toEqual([]);
    const records = new FlowTable(collection.result.table).flows();
    const flows = records.map(tuple);
    expect(flows).toContain('10.bb.50.64:1826 > 10.xx.50.81:445');
    expect(flows).toContain('10.xx.50.81:1822 > 10.xx.50.241:8080');
    expect(records.length).toBe(collection.result.sections.cache?.activeFlows);
    const proxyFlow = records.find((flow) => tuple(flow) === '10.xx.50.81:1822 > 10.xx.50.241:8080')!;
    expect(proxyFlow).toMatchObject({ protocolName: 'TCP', dstPortHex: '1F90', srcIf: 'Tu0', dstIf: 'Tu0' });

    const id = await hostId('10.xx.50.81');
    const connections = await ok('hosts.collectConnections', { id });
    const socket = connections.result.records.find((connection) => connection.localPort === 1822 && connection.remoteAddr === '10.xx.50.241' && connection.remotePort === 8080);
    expect(socket?.pid).toBe(3756);
    const smb = connections.result.records.find((connection) => connection.localPort === 445 && connection.remoteAddr === '10.bb.50.64' && connection.remotePort === 1826);
    expect(smb?.pid).toBe(4);
    const processes = await ok('hosts.collectProcesses', { id });
    expect(processes.result.records.find((process) => process.pid === 3756)?.name).toBe('winupd');
  });

  it('ends the sockets of a process whose PID the lab reuses, and lists the new image as just started', async () => {
    const id = await hostId('10.xx.50.81');
    expect(await ok('lab.simulatePidReuse', { host: 'WS5081', pid: 3756 })).toEqual({ host: '10.xx.50.81', pid: 3756, previousName: 'winupd', newName: 'notepad' });
    const connections = await ok('hosts.collectConnections', { id });
    expect(connections.result.records.some((connection) => connection.pid === 3756)).toBe(false);
    const reused = (await ok('hosts.collectProcesses', { id })).result.records.find((process) => process.pid === 3756);
    expect(reused).toMatchObject({ name: 'notepad' });
    expect(reused!.elapsedSec).toBeLessThan(30);
    const logged = (await ok('log.list', {})).filter((entry) => entry.kind === 'lab');
    expect(logged.at(-1)?.message).toContain('process 3756 (winupd) on 10.xx.50.81 ended and notepad');
  });
});
