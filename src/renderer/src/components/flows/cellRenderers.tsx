// The shared ways a flow's fields are shown: port with service name, protocol with keyword, hex beside decimal, flagged addresses.
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { Flow, FlowMark } from '../../../../shared/domain';
import type { FlowGridContext } from './flowColumns';

/** "445 (microsoft-ds)", or "2161" when IANA names no service. */
export function portLabel(port: number, service: string | null): string {
  return service ? `${port} (${service})` : String(port);
}

/** "6 TCP", or "253" when the number is unassigned. */
export function protocolLabel(protocol: number, name: string | null): string {
  return name ? `${protocol} ${name}` : String(protocol);
}

export function hexLabel(hex: string): string {
  return `0x${hex.toUpperCase()}`;
}

/** Cisco puts an ICMP flow's type and code in the destination port column: type × 256 + code. */
export function icmpTypeCode(dstPort: number): string {
  return `ICMP type ${Math.floor(dstPort / 256)} code ${dstPort % 256}`;
}

export const addressFlagText: Record<FlowMark, string> = {
  'src-addr-not-numeric': 'The source address is not numeric (redacted or mangled in the output); do not match it against hosts.',
  'dst-addr-not-numeric': 'The destination address is not numeric (redacted or mangled in the output); do not match it against hosts.',
};

function HexBeside({ label, hex }: { label: string; hex: string }) {
  return (
    <span className="cell-with-hex">
      <span className="cell-main">{label}</span>
      <span className="cell-hex">{hexLabel(hex)}</span>
    </span>
  );
}

export function SrcPortCell({ data }: CustomCellRendererProps<Flow, number>) {
  if (!data) return null;
  return <HexBeside label={portLabel(data.srcPort, data.srcService)} hex={data.srcPortHex} />;
}

export function DstPortCell({ data }: CustomCellRendererProps<Flow, number>) {
  if (!data) return null;
  return <HexBeside label={portLabel(data.dstPort, data.dstService)} hex={data.dstPortHex} />;
}

export function ProtocolCell({ data }: CustomCellRendererProps<Flow, number>) {
  if (!data) return null;
  return <HexBeside label={protocolLabel(data.protocol, data.protocolName)} hex={data.protocolHex} />;
}

export function AddressCell({ address, flagged }: { address: string; flagged: boolean }) {
  if (!flagged) return <span className="cell-address">{address}</span>;
  return (
    <span className="cell-address flagged">
      <span className="flag-icon" aria-label="Warning: not a numeric address" role="img">⚠</span> {address}
    </span>
  );
}

export function SrcAddressCell({ data }: CustomCellRendererProps<Flow, string>) {
  if (!data) return null;
  return <AddressCell address={data.srcAddr} flagged={data.marks.includes('src-addr-not-numeric')} />;
}

export function DstAddressCell({ data }: CustomCellRendererProps<Flow, string>) {
  if (!data) return null;
  return <AddressCell address={data.dstAddr} flagged={data.marks.includes('dst-addr-not-numeric')} />;
}

/** The "interesting" flags of a flow: a mark and their number; the tooltip explains each. */
export function FlagsCell({ data, context }: CustomCellRendererProps<Flow, string>) {
  if (!data) return null;
  const flags = (context as FlowGridContext).flagsOf(data);
  if (flags.length === 0) return null;
  return (
    <span className="flow-flags" data-testid="flow-flags" data-rules={flags.map((f) => f.rule).join(' ')}>
      <span aria-hidden="true">⚑</span> {flags.length}
      <span className="visually-hidden"> interesting: {flags.map((f) => f.explanation).join(' ')}</span>
    </span>
  );
}

/** The row's "investigate this flow" button. */
export function InvestigateCell({ data, context }: CustomCellRendererProps<Flow, string>) {
  if (!data) return null;
  const ctx = context as FlowGridContext;
  return (
    <button
      type="button"
      className="row-action"
      data-testid="investigate-flow"
      disabled={ctx.investigateOff !== null}
      aria-label={`Investigate the flow ${data.srcAddr}:${data.srcPort} → ${data.dstAddr}:${data.dstPort}`}
      title={ctx.investigateOff ?? 'Investigate this flow: collect its internal host and land on the process (I)'}
      onClick={() => ctx.investigate(data)}
    >
      <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="2" />
        <line x1="10" y1="10" x2="14.5" y2="14.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
    </button>
  );
}
