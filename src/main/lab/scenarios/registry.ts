// The list of lab scenarios: adding one is a module in this folder and a line here.
import type { LabScenarioInfo } from '../../../shared/domain';
import { INVESTIGATION_SCENARIO, investigationScenario } from './investigationScenario';
import type { LabScenario } from './labScenario';
import { largeScenario } from './largeScenario';
import { officeScenario } from './officeScenario';
import { seedScenario } from './seedScenario';
import { beaconScenario } from './beaconScenario';

export const LAB_SCENARIOS: readonly LabScenario[] = [investigationScenario, seedScenario, officeScenario, largeScenario, beaconScenario];

/** What the app's lab and `flowpivot lab` serve when no scenario is named. */
export const DEFAULT_LAB_SCENARIO = INVESTIGATION_SCENARIO;

export function findLabScenario(name: string): LabScenario | undefined {
  return LAB_SCENARIOS.find((scenario) => scenario.name === name);
}

export function labScenarioInfos(): LabScenarioInfo[] {
  return LAB_SCENARIOS.map(({ name, description }) => ({ name, description }));
}
