import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractCatalog, parseCatalog } from './extract.js';
import { source } from './index.js';

const TEXT = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/gradle-catalog/nightscout__AndroidAPS__gradle__libs.versions.toml'), 'utf8');
const FILE = 'gradle/libs.versions.toml';

/** Independent: the `key =` lines of one [table], by regex over the text. */
function tableEntries(table: string): string[] {
  const start = TEXT.indexOf(`[${table}]`);
  const rest = TEXT.slice(start + table.length + 2);
  const end = rest.search(/^\[/m);
  return (end === -1 ? rest : rest.slice(0, end)).split('\n').filter((l) => /^[A-Za-z0-9_-]+\s*=/.test(l));
}

describe('gradle-catalog: AndroidAPS corpus (unmodified)', () => {
  const versions = tableEntries('versions');
  const libraries = tableEntries('libraries');
  const plugins = tableEntries('plugins');

  it('has the counts of its corpus row: 20 versions, 8 plugins, 133 libraries', () => {
    expect([versions.length, plugins.length, libraries.length]).toEqual([20, 8, 133]);
    const cat = parseCatalog(TEXT, FILE);
    expect([cat.versions.size, cat.plugins.size, cat.libraries.size]).toEqual([20, 8, 133]);
  });

  it('lists every library with the version the text gives it (literal or through version.ref)', () => {
    const vmap = new Map(versions.map((l) => /^([\w-]+)\s*=\s*"([^"]*)"/.exec(l)).filter((m) => m).map((m) => [m![1], m![2]]));
    const expected = libraries.map((l) => {
      const g = /group = "([^"]+)", name = "([^"]+)"/.exec(l) ?? /module = "([^":]+):([^"]+)"/.exec(l);
      const v = /version\s*=\s*"([^"]+)"/.exec(l)?.[1] ?? vmap.get(/version\.ref\s*=\s*"([^"]+)"/.exec(l)?.[1] ?? '') ?? '';
      return `${g?.[1]}:${g?.[2]}@${v}`;
    });
    const r = extractCatalog({ file: FILE, text: TEXT });
    const libs = r.components.filter((c) => c.kind !== 'tool');
    expect(libs.map((c) => `${c.name}@${c.version}`)).toEqual(expected);
    expect(libs.every((c) => c.scope === 'runtime' && c.direct && c.evidence[0]?.line !== undefined)).toBe(true);
    // versionless libraries (BOM-managed): one unpinned warning each, counted by regex; one not-locked info for the file
    const versionless = libraries.filter((l) => !/version/.test(l)).length;
    expect(versionless).toBeGreaterThan(0);
    expect(r.findings.filter((f) => f.rule === 'gradle-catalog.unpinned')).toHaveLength(versionless);
    expect(r.findings.filter((f) => f.rule === 'gradle-catalog.not-locked')).toHaveLength(1);
    expect(libs[0]?.evidence[0]).toEqual({ file: FILE, line: TEXT.split('\n').indexOf(libraries[0] as string) + 1, key: 'libraries.com-android-tools-build', source: 'gradle-catalog' });
  });

  it('lists the plugins as build tools by their marker artifact', () => {
    const r = extractCatalog({ file: FILE, text: TEXT, locked: true });
    const tools = r.components.filter((c) => c.kind === 'tool');
    expect(tools).toHaveLength(8);
    expect(tools.find((c) => c.properties?.some((p) => p.value === 'kotlin-android'))?.purl)
      .toBe('pkg:maven/org.jetbrains.kotlin.android/org.jetbrains.kotlin.android.gradle.plugin@2.2.21');
    // android-library has no version in the catalog: listed with ''
    expect(tools.find((c) => c.name.startsWith('com.android.library:'))?.version).toBe('');
    expect(r.findings.filter((f) => f.rule === 'gradle-catalog.not-locked' || f.rule === 'gradle-catalog.unpinned')).toEqual([]);
  });
});

describe('gradle-catalog: the other forms of the format', () => {
  const text = `[versions]
groovy = "3.0.5"
strict = { strictly = "[1.0, 2.0)", prefer = "1.5" }
[libraries]
groovy-core = { module = "org.codehaus.groovy:groovy", version.ref = "groovy" }
short = "com.example:short:1.2.3"
noversion = "com.example:nov"
rich = { module = "com.example:rich", version = { require = "1.0", reject = ["1.0.1"] } }
ranged = { module = "com.example:ranged", version.ref = "strict" }
dyn = { module = "com.example:dyn", version = "1.+" }
[bundles]
groovy = ["groovy-core", "short", "nope"]
[plugins]
short-notation = "some.plugin.id:1.4"
`;
  it('reads strings, rich versions, ranges and bundles', () => {
    const r = extractCatalog({ file: FILE, text });
    const v = Object.fromEntries(r.components.map((c) => [c.name, c.version]));
    expect(v).toEqual({
      'org.codehaus.groovy:groovy': '3.0.5', 'com.example:short': '1.2.3', 'com.example:nov': '', 'com.example:rich': '1.0',
      'com.example:ranged': '1.5', 'com.example:dyn': '', 'some.plugin.id:some.plugin.id.gradle.plugin': '1.4',
    });
    expect(r.findings.filter((f) => f.rule === 'gradle-catalog.unpinned').map((f) => f.item)).toEqual(['pkg:maven/com.example/nov', 'pkg:maven/com.example/dyn']);
    expect(r.findings.some((f) => f.rule === 'gradle-catalog.bad-bundle' && f.message.includes('nope'))).toBe(true);
    expect(r.components.find((c) => c.name === 'com.example:dyn')?.properties).toContainEqual({ name: 'declared-range', value: '1.+' });
  });

  it('throws a TureenError for what is not a catalog', () => {
    expect(() => extractCatalog({ file: FILE, text: 'libraries = 3' })).toThrow(TureenError);
    expect(() => extractCatalog({ file: FILE, text: '[libraries\n' })).toThrow(TureenError);
  });

  it('matches *.versions.toml and knows whether a lockfile pins the build', () => {
    expect(source.matches('gradle/libs.versions.toml')).toBe(true);
    expect(source.matches('build/tmp/libs.versions.toml')).toBe(false);
    const r = source.extract(FILE, memoryRepo({ [FILE]: text, 'app/gradle.lockfile': 'empty=\n' }));
    expect(r.findings.some((f) => f.rule === 'gradle-catalog.not-locked')).toBe(false);
    // a library a lockfile holds is listed from the lockfile (at the resolved version), not from the catalog
    const locked = source.extract(FILE, memoryRepo({ [FILE]: text, 'app/gradle.lockfile': 'org.codehaus.groovy:groovy:3.0.9=runtimeClasspath\nempty=\n' }));
    expect(locked.components.map((c) => c.name)).not.toContain('org.codehaus.groovy:groovy');
    expect(locked.components.map((c) => c.name)).toContain('com.example:short');
    expect(locked.findings.find((f) => f.rule === 'gradle-catalog.from-lockfiles')?.message).toContain('1 of the catalog');
  });
});
