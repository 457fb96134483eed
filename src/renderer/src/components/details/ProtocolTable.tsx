// The router's per-protocol statistics ("Protocol Total Flows …") with its Total row.
import type { ProtocolStatistics } from '../../../../shared/domain';
import { formatCount, formatDecimal } from '../format';

interface Props {
  protocols: ProtocolStatistics[];
  total: ProtocolStatistics | null;
}

const columns: { label: string; title: string; cell: (row: ProtocolStatistics) => string }[] = [
  { label: 'Total flows', title: 'Total Flows', cell: (r) => formatCount(r.totalFlows) },
  { label: 'Flows/s', title: 'Flows /Sec', cell: (r) => formatDecimal(r.flowsPerSec) },
  { label: 'Pkts/flow', title: 'Packets /Flow', cell: (r) => formatCount(r.packetsPerFlow) },
  { label: 'Bytes/pkt', title: 'Bytes /Pkt', cell: (r) => formatCount(r.bytesPerPacket) },
  { label: 'Pkts/s', title: 'Packets /Sec', cell: (r) => formatDecimal(r.packetsPerSec) },
  { label: 'Active s/flow', title: 'Active(Sec) /Flow', cell: (r) => formatDecimal(r.activeSecPerFlow) },
  { label: 'Idle s/flow', title: 'Idle(Sec) /Flow', cell: (r) => formatDecimal(r.idleSecPerFlow) },
];

export function ProtocolTable({ protocols, total }: Props) {
  if (protocols.length === 0 && !total) {
    return <p className="muted" data-testid="protocol-table">The router printed no protocol statistics.</p>;
  }
  return (
    <table className="stats-table" data-testid="protocol-table">
      <caption className="visually-hidden">Flows per protocol, as the router counted them</caption>
      <thead>
        <tr>
          <th scope="col">Protocol</th>
          {columns.map((c) => (
            <th scope="col" key={c.label} title={`Router column “${c.title}”`} className="num">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {protocols.map((row) => (
          <tr key={row.line}>
            <th scope="row">{row.name}</th>
            {columns.map((c) => (
              <td key={c.label} className="num">
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {columns.map((c) => (
              <td key={c.label} className="num">
                {c.cell(total)}
              </td>
            ))}
          </tr>
        </tfoot>
      )}
    </table>
  );
}
