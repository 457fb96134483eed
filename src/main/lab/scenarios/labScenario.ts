// What a lab scenario is: a named flow cache the lab router prints for `show ip cache flow`, and the Windows hosts
// behind its flows for the lab's simulated PsExec, PsList and PsKill.
import type { FleetState } from '../fleet/fleetState';

export interface LabScenarioOptions {
  /** Number of flows, for scenarios that are generated at any size. */
  flowCount: number | undefined;
}

export interface LabScenario {
  name: string;
  description: string;
  /** The lines of `show ip cache flow` (no line endings), pulled one at a time so large caches stream. */
  showIpCacheFlow(options: LabScenarioOptions): Iterable<string>;
  /** The scenario's Windows fleet as it is when the lab starts: a new state on every call, free to change. */
  windowsFleet(options: LabScenarioOptions): FleetState;
}
