import { describe, expect, it } from 'vitest';
import {
  endsWithPager,
  extractCommandOutput,
  findCliRejection,
  findPromptAtEnd,
  stripAnsi,
  stripPager,
} from '../../src/shared/cli-text/terminalText';

describe('terminal text steps', () => {
  it('finds IOS prompts at the end of the text only', () => {
    expect(findPromptAtEnd('banner\r\nRouter>')).toMatchObject({ hostname: 'Router', mode: '>' });
    expect(findPromptAtEnd('x\r\nedge-rtr1.site#')).toMatchObject({ hostname: 'edge-rtr1.site', mode: '#' });
    expect(findPromptAtEnd('x\nRouter(config-if)#')).toMatchObject({ submode: 'config-if', text: 'Router(config-if)#' });
    expect(findPromptAtEnd('Router# show ip cache flow')).toBeNull();
    expect(findPromptAtEnd('line ending in 100%\n')).toBeNull();
  });

  it('removes the --More-- marker and the backspaces that erase it', () => {
    const paged = 'line 22\r\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bline 23\r\n';
    expect(stripPager(paged)).toBe('line 22\r\nline 23\r\n');
    expect(endsWithPager('line 22\r\n --More-- ')).toBe(true);
    expect(endsWithPager('More lines\r\n')).toBe(false);
  });

  it('strips ANSI escape sequences', () => {
    expect(stripAnsi('\x1b[1mbold\x1b[0m and \x1b[2Kclear')).toBe('bold and clear');
  });

  it('cuts the echo and the prompt off a command output, with LF line endings', () => {
    const received = 'show ip cache flow\r\nline one\r\nline two\r\nRouter#';
    expect(extractCommandOutput(received, 'show ip cache flow', 'Router#')).toBe('line one\nline two\n');
  });

  it('recognises IOS rejections', () => {
    const output = "sh ip cach foo\n             ^\n% Invalid input detected at '^' marker.\n\n";
    expect(findCliRejection(output)).toBe("% Invalid input detected at '^' marker.");
    expect(findCliRejection('IP packet size distribution (3 total packets):\n')).toBeNull();
  });
});
