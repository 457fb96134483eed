// The lab router's output modifiers over real SSH: `| include`, `| exclude`, `| begin` filter a show command's lines
// as IOS does, and a bar after anything but a show command is refused with the caret under it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import { crlf, LabTerminal } from './labTerminal';

let lab: LabRouter;
let terminal: LabTerminal;

beforeAll(async () => {
  lab = await startLabRouter({ scenario: 'seed' });
  terminal = await LabTerminal.open(lab);
  await terminal.run('terminal length 0');
});

afterAll(async () => {
  terminal.end();
  await lab.close();
});

describe('lab router output modifiers', () => {
  it('include keeps only the lines with a match (the SMB flows, port 01BD)', async () => {
    const expected = seedShowIpCacheFlowLines().filter((line) => /01BD/.test(line));
    expect(expected.length).toBeGreaterThan(0);
    expect(await terminal.run('show ip cache flow | include 01BD')).toBe(`show ip cache flow | include 01BD\r\n${crlf(expected)}Router>`);
  });

  it('exclude and begin filter as IOS does, and the modifier may be abbreviated', async () => {
    const lines = seedShowIpCacheFlowLines();
    expect(await terminal.run('sh ip cache flow | ex ^$|TCP')).toBe(`sh ip cache flow | ex ^$|TCP\r\n${crlf(lines.filter((line) => !/^$|TCP/.test(line)))}Router>`);
    const start = lines.findIndex((line) => line.startsWith('SrcIf'));
    expect(await terminal.run('show ip cache flow | begin ^SrcIf')).toBe(`show ip cache flow | begin ^SrcIf\r\n${crlf(lines.slice(start))}Router>`);
  });

  it('refuses a bar after a command that is not show, and an unknown modifier, with the caret where IOS puts it', async () => {
    expect(await terminal.run('terminal length 0 | include x')).toBe(`terminal length 0 | include x\r\n${' '.repeat('Router>terminal length 0 '.length)}^\r\n% Invalid input detected at '^' marker.\r\n\r\nRouter>`);
    expect(await terminal.run('show clock | grep x')).toBe(`show clock | grep x\r\n${' '.repeat('Router>show clock | '.length)}^\r\n% Invalid input detected at '^' marker.\r\n\r\nRouter>`);
  });
});
