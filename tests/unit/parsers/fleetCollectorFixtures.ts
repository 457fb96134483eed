// Fixture access shared by the tests of the fleet collectors' parsers (Velociraptor, osquery): a folder's cases with
// their expected results, and every other folder's texts, which a parser's detect() must not claim.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export interface FixtureCase {
  name: string;
  text: string;
  expected: unknown;
}

/** The text of tests/fixtures/<folder>/<name>.txt. */
export function fixtureText(folder: string, name: string): string {
  return readFileSync(join(FIXTURES, folder, `${name}.txt`), 'utf8');
}

/** Every case of a folder: its text and its expected ParseResult. */
export function fixtureCases(folder: string): FixtureCase[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.txt'.length);
      return { name, text: fixtureText(folder, name), expected: JSON.parse(readFileSync(join(FIXTURES, folder, `${name}.json`), 'utf8')) as unknown };
    });
}

/** Every fixture text outside `folders`, named "folder/case". */
export function otherFixtureTexts(...folders: string[]): { name: string; text: string }[] {
  return readdirSync(FIXTURES)
    .filter((folder) => statSync(join(FIXTURES, folder)).isDirectory() && !folders.includes(folder))
    .sort()
    .flatMap((folder) =>
      readdirSync(join(FIXTURES, folder))
        .filter((file) => file.endsWith('.txt'))
        .sort()
        .map((file) => ({ name: `${folder}/${file.slice(0, -'.txt'.length)}`, text: readFileSync(join(FIXTURES, folder, file), 'utf8') })),
    );
}
