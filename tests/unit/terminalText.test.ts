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

/** extractCommandOutput as it was before it normalised newlines last: the result must not have changed. */
function extractNormalisingFirst(received: string, command: string, promptText: string): string {
  let text = stripPager(stripAnsi(received)).replace(/\r+\n/g, '\n');
  const firstNewline = text.indexOf('\n');
  const firstLine = firstNewline === -1 ? text : text.slice(0, firstNewline);
  if (firstLine.trim().endsWith(command.trim())) text = firstNewline === -1 ? '' : text.slice(firstNewline + 1);
  if (text.endsWith(promptText)) text = text.slice(0, text.length - promptText.length);
  else if (text.endsWith(`${promptText} `)) text = text.slice(0, text.length - promptText.length - 1);
  return text;
}

/** findPromptAtEnd as it was before it read the last line only. */
function promptOfWholeText(tail: string) {
  const match = /(?:^|\n)([A-Za-z0-9][A-Za-z0-9._\-/:]{0,63})(?:\(([A-Za-z0-9-]+)\))?([>#]) ?$/.exec(tail.replace(/\r/g, ''));
  return match ? { hostname: match[1], mode: match[3], submode: match[2] ?? null } : null;
}

/** Texts built from the pieces where line ends, echoes and prompts meet. */
function* edgeTexts(): Generator<string> {
  const pieces = ['show ip cache flow', '\r\n', '\r\r\n', '\n', '\r', 'row 1', ' --More-- \b\b\b', '\x1b[2K', 'Router#', 'Router# ', 'Router(config)#', ' ', '% Invalid input', '\r\nRouter>'];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let count = 0; count < 3000; count++) {
    let text = '';
    for (let length = next() % 8; length >= 0; length--) text += pieces[next() % pieces.length];
    yield text;
  }
}

describe('terminal text steps on big outputs', () => {
  it('extracts exactly what normalising newlines first extracted, on texts mixing echoes, prompts and line ends', () => {
    for (const text of edgeTexts()) {
      for (const prompt of ['Router#', 'Router>', '\u0000']) {
        expect(extractCommandOutput(text, 'show ip cache flow', prompt), JSON.stringify(text)).toBe(extractNormalisingFirst(text, 'show ip cache flow', prompt));
      }
    }
  });

  it('finds the same prompt reading the last line as reading the whole text', () => {
    for (const text of edgeTexts()) {
      const found = findPromptAtEnd(text);
      expect(found && { hostname: found.hostname, mode: found.mode, submode: found.submode }, JSON.stringify(text)).toEqual(promptOfWholeText(text));
    }
  });

  it('finds the prompt after a million lines of output, and no rejection in them', () => {
    const output = 'Gi0/0         10.0.0.1        Gi0/1         172.16.0.1      06 C350 01BB    12 \r\n'.repeat(1_000_000);
    expect(findPromptAtEnd(`${output}Router#`)).toMatchObject({ hostname: 'Router', mode: '#' });
    expect(findPromptAtEnd(`${output}`)).toBeNull();
    expect(findCliRejection(output)).toBeNull();
    expect(extractCommandOutput(`show ip cache flow\r\n${output}Router#`, 'show ip cache flow', 'Router#')).toBe(output.replaceAll('\r\n', '\n'));
  });
});
