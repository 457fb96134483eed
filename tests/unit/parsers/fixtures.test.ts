// Every fixture pair tests/fixtures/<parser id, "/" as "-">/<case>.txt + <case>.json parses to exactly its expected result.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../../src/shared/parsers/registry';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function folderOf(parserId: string): string {
  return parserId.replaceAll('/', '-');
}

function fixtureFolders(): string[] {
  return readdirSync(FIXTURES).filter((name) => statSync(join(FIXTURES, name)).isDirectory());
}

function casesIn(folder: string): string[] {
  const directory = join(FIXTURES, folder);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => name.slice(0, -'.txt'.length))
    .sort();
}

describe('fixtures', () => {
  for (const parser of parsers) {
    const folder = folderOf(parser.id);
    describe(parser.id, () => {
      for (const name of casesIn(folder)) {
        it(`parses ${folder}/${name}.txt to ${name}.json`, () => {
          const text = readFileSync(join(FIXTURES, folder, `${name}.txt`), 'utf8');
          const expected: unknown = JSON.parse(readFileSync(join(FIXTURES, folder, `${name}.json`), 'utf8'));
          // Through JSON, as the result travels to the renderer and into case files.
          const actual: unknown = JSON.parse(JSON.stringify(parser.parse(text)));
          expect(actual).toEqual(expected);
        });
      }
    });
  }
});

describe('fixture meta', () => {
  it('has at least one fixture for every registered parser', () => {
    const without = parsers.filter((parser) => casesIn(folderOf(parser.id)).length === 0).map((parser) => parser.id);
    expect(without).toEqual([]);
  });

  it('names a registered parser with every fixture folder', () => {
    const known = new Set(parsers.map((parser) => folderOf(parser.id)));
    expect(fixtureFolders().filter((folder) => !known.has(folder))).toEqual([]);
  });

  it('pairs every input with an expected result and every expected result with an input', () => {
    const unpaired: string[] = [];
    for (const folder of fixtureFolders()) {
      const files = new Set(readdirSync(join(FIXTURES, folder)));
      for (const file of files) {
        if (file === 'README.md') continue;
        const [base, extension] = [file.replace(/\.(txt|json)$/, ''), file.match(/\.(txt|json)$/)?.[1]];
        if (extension === 'txt' && !files.has(`${base}.json`)) unpaired.push(`${folder}/${file}`);
        if (extension === 'json' && !files.has(`${base}.txt`)) unpaired.push(`${folder}/${file}`);
      }
    }
    expect(unpaired).toEqual([]);
  });

  it('names the source of every fixture in tests/fixtures/README.md or in its folder README.md', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    const folderReadme = (folder: string) => (existsSync(join(FIXTURES, folder, 'README.md')) ? readFileSync(join(FIXTURES, folder, 'README.md'), 'utf8') : '');
    const missing = fixtureFolders()
      .flatMap((folder) => casesIn(folder).map((name) => ({ folder, name })))
      .filter(({ folder, name }) => !readme.includes(`${folder}/${name}.txt`) && !folderReadme(folder).includes(`${name}.txt`))
      .map(({ folder, name }) => `${folder}/${name}.txt`);
    expect(missing).toEqual([]);
  });
});
