// The parser registry: commands as engineers type them, most specific first, and detection by content.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileCommandPattern, isCommandEcho } from '../../../src/shared/parsers/commandPattern';
import { commandIndex, compareSpecificity, detectFormat, findParser, findParserForCommand, parsers, type CommandEntry } from '../../../src/shared/parsers/registry';

const SHOW_IP_CACHE_FLOW = 'ios-ip-cache-flow';

describe('parser registry', () => {
  it('lists every parser once, with a semver version and at least one command that compiles', () => {
    expect(new Set(parsers.map((parser) => parser.id)).size).toBe(parsers.length);
    for (const parser of parsers) {
      expect(parser.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(parser.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(parser.commands.length).toBeGreaterThan(0);
      for (const pattern of parser.commands) expect(() => compileCommandPattern(pattern)).not.toThrow();
    }
  });

  it('finds a parser by id', () => {
    expect(findParser(SHOW_IP_CACHE_FLOW)?.id).toBe(SHOW_IP_CACHE_FLOW);
    expect(findParser('cisco-ios/show-nothing')).toBeNull();
  });

  it.each([
    'show ip cache flow',
    'sh ip cache fl',
    'sh ip cac fl',
    'sho ip cach flo',
    'SHOW IP CACHE FLOW',
    '  show   ip  cache   flow  ',
    'show ip cache flow | include 01BD',
    'sh ip cac fl | begin SrcIf',
  ])('recognises %j as show ip cache flow', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe(SHOW_IP_CACHE_FLOW);
  });

  it.each([
    '',
    'show ip cache',
    'show ip cache verbose flow',
    'show ip cache flow aggregation protocol-port',
    'show ip flow top-talkers',
    's ip cache flow',
    'show i cache flow',
    'show ip ca flow',
    'show ip cache flows',
    'show ipv6 cache flow',
  ])('does not take %j for show ip cache flow', (typed) => {
    expect(findParserForCommand(typed)?.id).not.toBe(SHOW_IP_CACHE_FLOW);
  });

  it('gives the verbose command to the verbose parser', () => {
    expect(findParserForCommand('sh ip cache verbose flow')?.id).toBe('ios-ip-cache-verbose-flow');
  });

  it('tries command patterns most specific first', () => {
    const entry = (pattern: string): CommandEntry => ({ pattern, words: compileCommandPattern(pattern), parser: parsers[0]! });
    const shuffled = [entry('sh[[ow]] ip cac[[he]]'), entry('sh[[ow]] ip cac[[he]] fl[[ow]]'), entry('sh[[ow]] ip cac[[he]] v[[erbose]] fl[[ow]]'), entry('show ip cache flow')];
    expect([...shuffled].sort(compareSpecificity).map((item) => item.pattern)).toEqual([
      'sh[[ow]] ip cac[[he]] v[[erbose]] fl[[ow]]',
      'show ip cache flow',
      'sh[[ow]] ip cac[[he]] fl[[ow]]',
      'sh[[ow]] ip cac[[he]]',
    ]);
    for (let i = 1; i < commandIndex.length; i++) expect(compareSpecificity(commandIndex[i - 1]!, commandIndex[i]!)).toBeLessThanOrEqual(0);
  });

  it('refuses a malformed command pattern', () => {
    expect(() => compileCommandPattern('sh[[ow ip')).toThrow(/Malformed/);
  });

  it('recognises the echo of a command with or without the prompt', () => {
    const patterns = [compileCommandPattern('sh[[ow]] ip cac[[he]] fl[[ow]]')];
    expect(isCommandEcho('Router#show ip cache flow', patterns)).toBe(true);
    expect(isCommandEcho('R1(config)#do sh ip cac fl', patterns)).toBe(false);
    expect(isCommandEcho('edge-1> sh ip cac fl', patterns)).toBe(true);
    expect(isCommandEcho('Router#show clock', patterns)).toBe(false);
  });

  it('detects show ip cache flow output by its content', () => {
    const seed = readFileSync(new URL('../../fixtures/ios-ip-cache-flow/seed.txt', import.meta.url), 'utf8');
    expect(detectFormat(seed)?.parser.id).toBe(SHOW_IP_CACHE_FLOW);
    expect(detectFormat('Proto Local Address Foreign Address State PID\nTCP 0.0.0.0:135 0.0.0.0:0 LISTENING 852\n')?.parser.id).toBe('win-netstat');
    expect(detectFormat('Dear analyst,\nplease find the capture attached.\n')).toBeNull();
  });
});
