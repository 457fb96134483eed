// The bench's TextFSM template reads exactly the flows our show ip cache flow parser reads, on every fixture and on the
// bench's own capture: the comparison in `npm run bench` is between two parsers that agree.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../src/shared/domain';
import { parse } from '../../src/shared/parsers/cisco/showIpCacheFlow';
import { flowCacheCapture } from '../../scripts/bench/captures';
import { runTextFsm, TEXTFSM_INSTALL, textFsmVersion, type TextFsmFlowRow } from '../../scripts/bench/textFsm';
import { withTempDir } from '../support/tempDir';

const FIXTURES = fileURLToPath(new URL('../fixtures/ios-ip-cache-flow/', import.meta.url));
const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt')).sort();
const version = await textFsmVersion();

/** IOS's rounded counters (`12K`) as numbers, 1000-based like our parser reads them. */
function packetCount(printed: string): number {
  const multiplier = { K: 1e3, M: 1e6, G: 1e9 }[printed.slice(-1)] ?? 1;
  return Number(multiplier === 1 ? printed : printed.slice(0, -1)) * multiplier;
}

/** The fields both parsers give, as printed (addresses, hex) or as numbers (packets). */
function fromTextFsm(row: TextFsmFlowRow) {
  return { srcIf: row.SRC_INTF, srcAddr: row.SRC_IPADDR, dstIf: row.DST_INTF, dstAddr: row.DST_IPADDR, protocolHex: row.PROTOCOL, srcPortHex: row.SRC_PORT, dstPortHex: row.DST_PORT, packets: packetCount(row.PACKETS) };
}

function fromFlow(flow: Flow) {
  return { srcIf: flow.srcIf, srcAddr: flow.srcAddr, dstIf: flow.dstIf, dstAddr: flow.dstAddr, protocolHex: flow.protocolHex, srcPortHex: flow.srcPortHex, dstPortHex: flow.dstPortHex, packets: flow.packets };
}

describe.skipIf(version === null)(version === null ? `the TextFSM template (skipped: no textfsm for /usr/bin/python3; ${TEXTFSM_INSTALL})` : `the TextFSM template under textfsm ${version}`, () => {
  let dir: Awaited<ReturnType<typeof withTempDir>>;
  beforeAll(async () => {
    dir = await withTempDir();
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('has fixtures to read', () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });

  for (const name of fixtures) {
    it(`reads the same flows as our parser in ios-ip-cache-flow/${name}`, async () => {
      const path = join(FIXTURES, name);
      const ours = parse(readFileSync(path, 'utf8')).records.map(fromFlow);
      const textFsm = await runTextFsm(path, { rows: true });
      expect(textFsm.rowCount).toBe(ours.length);
      expect(textFsm.rows!.map(fromTextFsm)).toEqual(ours);
    });
  }

  it("reads the same flows as our parser in the bench's capture (the lab's large scenario, CRLF)", async () => {
    const text = flowCacheCapture(2000);
    const path = join(dir.path, 'large-2000.txt');
    await writeFile(path, text);
    const ours = parse(text).records.map(fromFlow);
    const textFsm = await runTextFsm(path, { rows: true });
    expect(ours).toHaveLength(2000);
    expect(textFsm.rows!.map(fromTextFsm)).toEqual(ours);
  });
});
