// The seed write-up's `show ip cache flow` output, cut from the seed file itself (never retyped).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SEED_FILE = resolve(import.meta.dirname, '../../../shared/seeds/000_89acc09f5beae0fc.txt');

export function seedShowIpCacheFlow(): string {
  const text = readFileSync(SEED_FILE, 'utf8');
  const start = text.indexOf('IP packet size distribution (116972772 total packets):');
  const lastRow = 'Tu1 203.151.20.17 Fa0/0 10.bb.50.200 06 0050 055E 10';
  const end = text.indexOf(lastRow) + lastRow.length;
  if (start < 0 || end < lastRow.length) throw new Error(`seed output not found in ${SEED_FILE}`);
  return `${text.slice(start, end)}\n`;
}
