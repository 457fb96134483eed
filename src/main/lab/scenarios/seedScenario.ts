// The seed scenario: `show ip cache flow` exactly as captured in the seed article (Troy Tate, 2009), kept verbatim in a text file beside this module, and the article's host 10.xx.50.81 in its Windows fleet.
import { readFileSync } from 'node:fs';
import type { LabScenario } from './labScenario';
import { seedFleet } from './seedFleet';

const SEED_OUTPUT_URL = new URL('./seed-show-ip-cache-flow.txt', import.meta.url);

let seedLines: string[] | undefined;

/** The seed output's lines, without line endings; the router sends each with CRLF. */
export function seedShowIpCacheFlowLines(): string[] {
  if (seedLines === undefined) {
    const text = readFileSync(SEED_OUTPUT_URL, 'latin1');
    // Tolerate a checkout that turned the file's LF into CRLF: the router adds its own CRLF.
    const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (lines.at(-1) === '') lines.pop();
    seedLines = lines;
  }
  return seedLines;
}

export const seedScenario: LabScenario = {
  name: 'seed',
  description: 'The seed capture: a WAN edge router with two tunnels, printed byte for byte as published (single-spaced columns, masked addresses such as 10.bb.21.1).',
  showIpCacheFlow: () => seedShowIpCacheFlowLines(),
  windowsFleet: () => seedFleet(),
};
