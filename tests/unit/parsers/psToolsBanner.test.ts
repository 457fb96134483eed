// readFrameLine: the lines a PsTools program prints around its output, read in one place.
import { describe, expect, it } from 'vitest';
import { readFrameLine } from '../../../src/shared/parsers/sysinternals/psToolsBanner';

describe('readFrameLine', () => {
  it('reads the tool banner with its version', () => {
    expect(readFrameLine('PsList v1.4 - Process information lister', 'pslist')).toEqual({ tool: 'PsList v1.4 - Process information lister', version: '1.4' });
  });

  it('takes echoes, bare prompts, copyright and site lines as frame', () => {
    for (const line of ['C:\\Tools>pslist -t', 'C:\\Users\\analyst>', 'Copyright (C) 2000-2016 Mark Russinovich', 'Sysinternals - www.sysinternals.com']) {
      expect(readFrameLine(line, 'pslist')).toBe('frame');
    }
  });

  it('leaves output lines and other tools alone', () => {
    expect(readFrameLine('Name                Pid Pri Thd  Hnd   Priv', 'pslist')).toBeNull();
    expect(readFrameLine('PsKill v1.12 - Terminates processes on local or remote systems', 'pslist')).toBeNull();
  });

  it('reads a prompt that looks like a banner as the echo it is', () => {
    expect(readFrameLine('PS list v1 - x>pslist', 'pslist')).toBe('frame');
  });
});
