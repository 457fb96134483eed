// IosFrame: the echoed command and the prompts around an IOS command's output, recognised in one place.
import { describe, expect, it } from 'vitest';
import { IosFrame } from '../../../src/shared/parsers/cisco/iosCommandOutput';
import { ParseLog } from '../../../src/shared/parsers/parseLog';

function frame(maxLength = Infinity) {
  const log = new ParseLog('');
  const rules = { isEcho: (line: string) => /^(?:R1#)?show ip cache flow$/.test(line), expectedOutput: 'flows', maxEchoLength: maxLength, maxPromptLength: maxLength };
  return { log, frame: new IosFrame(log, rules) };
}

describe('IosFrame', () => {
  it('takes a leading echo as structure and a later one as a second capture', () => {
    const { log, frame: ios } = frame();
    expect(ios.read(1, 'R1#show ip cache flow', 'R1#show ip cache flow', true)).toBe(true);
    expect(ios.read(2, 'output', 'output', true)).toBe(false);
    expect(ios.read(3, 'show ip cache flow', 'show ip cache flow', true)).toBe(true);
    expect(log.structuralLines).toEqual([1]);
    expect(log.diagnostics.map((d) => [d.line, d.severity])).toEqual([[3, 'warning']]);
  });

  it('reports a prompt with output after it and keeps a final one as structure', () => {
    const { log, frame: ios } = frame();
    ios.read(1, 'R1#', 'R1#', true);
    expect(ios.promptPending).toBe(true);
    ios.read(2, 'output', 'output', true);
    ios.read(3, 'R1#', 'R1#', true);
    ios.finish();
    expect(log.diagnostics.map((d) => [d.line, d.expected])).toEqual([[1, 'flows']]);
    expect(log.structuralLines).toEqual([3]);
  });

  it('reads lines longer than its limits as output', () => {
    const { frame: ios } = frame(2);
    expect(ios.read(1, 'R1#', 'R1#', true)).toBe(false);
  });
});
