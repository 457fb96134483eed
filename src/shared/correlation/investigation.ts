// "Investigate this flow": which end of a flow to collect — the internal one(s), hosts already known first, then the
// flow's source (who started it), then its destination.
import type { FlowEndpoints } from './correlation';
import { canonicalAddress } from './socketAddress';

export interface InvestigationCandidate {
  end: 'src' | 'dst';
  address: string;
  /** Already in the host list. */
  known: boolean;
}

/** The internal ends of the flow in the order to try them; empty when both ends are external. */
export function investigationCandidates(flow: FlowEndpoints, isInternal: (address: string) => boolean, knownHostAddresses: readonly string[]): InvestigationCandidate[] {
  const known = new Set(knownHostAddresses.map(canonicalAddress));
  const candidates: InvestigationCandidate[] = [
    { end: 'src' as const, address: flow.srcAddr, known: known.has(canonicalAddress(flow.srcAddr)) },
    { end: 'dst' as const, address: flow.dstAddr, known: known.has(canonicalAddress(flow.dstAddr)) },
  ].filter((candidate) => isInternal(candidate.address));
  return candidates.sort((a, b) => Number(b.known) - Number(a.known));
}
