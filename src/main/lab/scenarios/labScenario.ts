// What a lab scenario is: a named flow cache the lab router prints for `show ip cache flow`.

export interface LabScenarioOptions {
  /** Number of flows, for scenarios that are generated at any size. */
  flowCount: number | undefined;
}

export interface LabScenario {
  name: string;
  description: string;
  /** The lines of `show ip cache flow` (no line endings), pulled one at a time so large caches stream. */
  showIpCacheFlow(options: LabScenarioOptions): Iterable<string>;
}
