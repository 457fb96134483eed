// A terminal's output waits (bounded) for its screen, then goes straight to it, in order.
import { describe, expect, it } from 'vitest';
import { appendTerminalOutput, attachTerminalScreen, forgetTerminalScreen } from '../../../src/renderer/src/store/terminalScreens';

describe('terminal screens', () => {
  it('holds output until the screen is attached, then writes everything in order', () => {
    appendTerminalOutput('s1', 'Router>');
    appendTerminalOutput('s1', 'show clock\r\n');
    const written: string[] = [];
    const detach = attachTerminalScreen('s1', (data) => written.push(data));
    appendTerminalOutput('s1', '*13:00:00 UTC\r\n');
    expect(written).toEqual(['Router>', 'show clock\r\n', '*13:00:00 UTC\r\n']);
    detach();
    appendTerminalOutput('s1', 'held again');
    const again: string[] = [];
    attachTerminalScreen('s1', (data) => again.push(data));
    expect(again).toEqual(['held again']);
    forgetTerminalScreen('s1');
  });

  it('keeps at most 2 MiB for a screen not attached, dropping the oldest', () => {
    const chunk = 'x'.repeat(512 * 1024);
    for (let index = 0; index < 6; index += 1) appendTerminalOutput('s2', `${index}${chunk}`);
    const written: string[] = [];
    attachTerminalScreen('s2', (data) => written.push(data));
    expect(written.map((data) => data[0])).toEqual(['3', '4', '5']);
    forgetTerminalScreen('s2');
  });
});
