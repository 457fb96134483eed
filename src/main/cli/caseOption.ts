// `--case FILE` on the commands that collect or act: what they did goes into that case exactly as the window would
// record it (raw output, hashes, audit entry) — through the same case service. The case is created when missing.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { NO_RECENT_CASES } from '../config/recentCases';
import { appVersion } from '../api/appVersion';
import { CaseService } from '../services/caseService';
import type { EventBus } from '../services/eventBus';
import type { LogBook } from '../services/logBook';
import { CASE_EXTENSION } from '../../shared/case/caseModel';

export const CASE_OPTION = { case: { type: 'string' } } as const;
export const CASE_OPTION_HELP = ['  --case FILE             record what was collected or done in this case file (created when missing)'];

/** A case service for one command-line run (the window's recent list untouched). */
export function commandLineCases(events: EventBus, log: LogBook): CaseService {
  return new CaseService(NO_RECENT_CASES, '.', events, log, `FlowPivot ${appVersion} (command line)`);
}

/** A case's name from its file: the file name without the folder and the .flowpivot extension. */
export function caseNameOf(path: string): string {
  return basename(path, CASE_EXTENSION);
}

/** Opens FILE as the live case, creating it (named after the file) when it does not exist yet. */
export async function openLiveCase(cases: CaseService, path: string): Promise<void> {
  if (existsSync(path)) await cases.openCase({ path, mode: 'live' });
  else await cases.create({ name: caseNameOf(path), path });
}
