import { describe, expect, it } from 'vitest';
import { recordsToCsv } from '../../src/shared/recordsCsv';

describe('records as CSV', () => {
  it('quotes commas, quotes and line breaks, joins arrays with spaces and leaves null empty', () => {
    const csv = recordsToCsv([
      { name: 'svchost.exe', pid: 852, commandLine: 'C:\\x.exe -k "netsvcs", -p', marks: ['a', 'b'], ppid: null },
      { name: 'evil\r\nname', pid: 1, extra: 'x' },
    ]);
    expect(csv).toBe(['name,pid,commandLine,marks,ppid,extra', 'svchost.exe,852,"C:\\x.exe -k ""netsvcs"", -p",a b,,', '"evil\r\nname",1,,,,x', ''].join('\r\n'));
  });

  it('prints an empty header line for no records', () => {
    expect(recordsToCsv([])).toBe('\r\n');
  });
});
