// The lab router's output modifiers read and filter as IOS's do: `| include`, `| exclude`, `| begin`, case-sensitive.
import { describe, expect, it } from 'vitest';
import { applyOutputModifier, splitOutputModifier, type OutputModifier } from '../../../src/main/lab/outputModifier';

const FLOW_LINES = [
  'SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts',
  'Gi0/1         10.bb.50.64     Gi0/0         10.xx.50.81     06 0722 01BD     5',
  'Gi0/1         10.xx.50.81     Gi0/0         10.xx.50.241    06 0EA7 1F90    12',
  'Gi0/0         10.xx.50.81     Gi0/1         10.bb.50.64     06 01BD 0722     4',
  'Gi0/1         10.xx.50.12     Gi0/0         10.xx.50.1      11 0035 0035     1',
];

function modifierOf(line: string): OutputModifier {
  const split = splitOutputModifier(line);
  if (split.kind !== 'modified') throw new Error(`not a modified line: ${JSON.stringify(split)}`);
  return split.modifier;
}

describe('splitting an output modifier off a command line', () => {
  it('leaves a line without a bar as it is', () => {
    expect(splitOutputModifier('show ip cache flow')).toEqual({ kind: 'plain', command: 'show ip cache flow' });
  });

  it('reads the keyword by unique prefix and keeps the rest of the line as the expression, spaces included', () => {
    expect(splitOutputModifier('show ip cache flow | include 01BD')).toMatchObject({ kind: 'modified', command: 'show ip cache flow ', modifier: { kind: 'include', expression: '01BD' } });
    expect(splitOutputModifier('sh ip cache flow | i Gi0/1  10')).toMatchObject({ kind: 'modified', modifier: { kind: 'include', expression: 'Gi0/1  10' } });
    expect(splitOutputModifier('show ip cache flow |ex 0035')).toMatchObject({ kind: 'modified', modifier: { kind: 'exclude', expression: '0035' } });
    expect(splitOutputModifier('show ip cache flow | BEG SrcIf')).toMatchObject({ kind: 'modified', modifier: { kind: 'begin', expression: 'SrcIf' } });
  });

  it('takes a bar inside the expression as alternation, as IOS does', () => {
    const modifier = modifierOf('show ip cache flow | include 01BD|1F90');
    expect(modifier.expression).toBe('01BD|1F90');
    expect([...applyOutputModifier(FLOW_LINES, modifier)]).toHaveLength(3);
  });

  it('puts the caret under an unknown keyword or an unreadable expression', () => {
    const line = 'show ip cache flow | grep 01BD';
    expect(splitOutputModifier(line)).toEqual({ kind: 'invalid', offset: line.indexOf('grep') });
    const bad = 'show ip cache flow | include 01BD(';
    expect(splitOutputModifier(bad)).toEqual({ kind: 'invalid', offset: bad.indexOf('01BD(') });
  });

  it('says a modifier without its expression is incomplete', () => {
    expect(splitOutputModifier('show ip cache flow |')).toEqual({ kind: 'incomplete' });
    expect(splitOutputModifier('show ip cache flow | include   ')).toEqual({ kind: 'incomplete' });
  });
});

describe('filtering output lines', () => {
  it('include keeps the lines the expression matches, case-sensitively', () => {
    expect([...applyOutputModifier(FLOW_LINES, modifierOf('show ip cache flow | include 01BD'))]).toEqual([FLOW_LINES[1], FLOW_LINES[3]]);
    expect([...applyOutputModifier(FLOW_LINES, modifierOf('show ip cache flow | include 01bd'))]).toEqual([]);
  });

  it('exclude drops the lines the expression matches', () => {
    expect([...applyOutputModifier(FLOW_LINES, modifierOf('show ip cache flow | exclude ^Gi0/1'))]).toEqual([FLOW_LINES[0], FLOW_LINES[3]]);
  });

  it('begin starts at the first matching line and keeps everything after it', () => {
    expect([...applyOutputModifier(FLOW_LINES, modifierOf('show ip cache flow | begin 1F90'))]).toEqual(FLOW_LINES.slice(2));
    expect([...applyOutputModifier(FLOW_LINES, modifierOf('show ip cache flow | begin nothing'))]).toEqual([]);
  });
});
