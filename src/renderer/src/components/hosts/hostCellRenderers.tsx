// Cells of the host grids: endpoints through the flow grid's shared AddressCell and portLabel, process names indented
// by tree depth; all of it text, never HTML.
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { Connection, ProcessEntry } from '../../../../shared/domain';
import { AddressCell } from '../flows/cellRenderers';
import { addressForEndpoint, endpointPortText, localService, remoteService } from './connectionEndpoints';
import type { ProcessGridContext } from './processColumns';

/** "10.xx.50.241:8080 (http-alt)": the address through the flow grid's AddressCell (flagged when not numeric), then the port. */
function EndpointCell({ address, port, service, flagged }: { address: string | null; port: number | null; service: string | null; flagged: boolean }) {
  if (address === null) return null;
  const portText = endpointPortText(port, service, address);
  return (
    <span className="cell-endpoint">
      <AddressCell address={addressForEndpoint(address)} flagged={flagged} />
      {portText !== '' && <span className="cell-port">:{portText}</span>}
    </span>
  );
}

export function LocalEndpointCell({ data }: CustomCellRendererProps<Connection, string>) {
  if (!data) return null;
  return <EndpointCell address={data.localAddr} port={data.localPort} service={localService(data)} flagged={data.marks.includes('local-addr-not-numeric')} />;
}

export function RemoteEndpointCell({ data }: CustomCellRendererProps<Connection, string>) {
  if (!data) return null;
  return <EndpointCell address={data.remoteAddr} port={data.remotePort} service={remoteService(data)} flagged={data.marks.includes('remote-addr-not-numeric')} />;
}

/** The name as text (it comes from the host), indented by its depth in a PsList -t tree. */
export function ProcessNameCell({ data }: CustomCellRendererProps<ProcessEntry, string>) {
  if (!data) return null;
  const depth = data.depth ?? 0;
  return (
    <span className="cell-process" style={depth > 0 ? { paddingLeft: depth * 12 } : undefined}>
      {data.name}
    </span>
  );
}

/** The row's kill button: opens the one confirmation, which shows what is about to be stopped. */
export function KillCell({ data, context }: CustomCellRendererProps<ProcessEntry, string>) {
  if (!data) return null;
  const ctx = context as ProcessGridContext;
  return (
    <button
      type="button"
      className="row-action row-action-danger"
      data-testid="kill-process"
      data-pid={data.pid}
      disabled={!ctx.canKill}
      aria-label={`Kill ${data.name} (PID ${data.pid})`}
      title={ctx.canKill ? `Kill ${data.name} (PID ${data.pid}), after a confirmation (Delete)` : (ctx.killOff ?? 'This host is no longer in the host list')}
      onClick={() => ctx.kill(data)}
    >
      Kill
    </button>
  );
}
