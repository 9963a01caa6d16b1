import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apkVersioning } from './apk.js';
import { composerVersioning } from './composer.js';
import { debianVersioning } from './debian.js';
import { goVersioning } from './go.js';
import { mavenVersioning } from './maven.js';
import { nugetVersioning } from './nuget.js';
import { pep440Versioning } from './pep440.js';
import { rpmVersioning } from './rpm.js';
import { rubygemsVersioning } from './rubygems.js';
import { readTsv, sign } from './test-support.js';
import type { Versioning } from './types.js';

// The answers of the real implementations, recorded by fixtures/tools/gen.mjs (see fixtures/README.md): every pair
// must come out as the oracle said, both ways round, and every version the oracle accepts must be valid here.
const RECORDED: [string, Versioning, string][] = [
  ['maven', mavenVersioning, "Maven's ComparableVersion (maven-artifact 3.8.7)"],
  ['pep440', pep440Versioning, "Python's packaging 26.2"],
  ['rubygems', rubygemsVersioning, "Ruby 3.1's Gem::Version (RubyGems 3.3.15)"],
  ['composer', composerVersioning, 'composer/semver 3.3.2 on PHP 8.2'],
  ['go', goVersioning, 'golang.org/x/mod/semver 0.7.0'],
  ['debian', debianVersioning, 'dpkg 1.21.22 --compare-versions'],
  ['rpm', rpmVersioning, "rpm 4.18's rpm.vercmp"],
];

describe.each(RECORDED)('%s agrees with the real implementation', (scheme, v, oracle) => {
  it(`orders every recorded pair as ${oracle} does`, () => {
    // Maven's own order has cycles on some strings (see maven.ts); those are not valid here and are left out
    const all = readTsv(scheme, 'pairs.tsv');
    const pairs = all.filter(([a, b]) => v.isValid(a!) && v.isValid(b!));
    expect(pairs.length).toBeGreaterThan(scheme === 'maven' ? all.length * 0.6 : all.length - 1);
    expect(pairs.length).toBeGreaterThan(500);
    const wrong = pairs.filter(([a, b, want]) => sign(v.compare(a!, b!)) !== want || sign(v.compare(b!, a!)) !== { '<': '>', '>': '<', '=': '=' }[want!]);
    expect(wrong.map((p) => p.join(' '))).toEqual([]);
  });

});

// Maven's ComparableVersion and rpm read every string, so they have no validity to record.
describe.each(RECORDED.filter(([scheme]) => scheme !== 'maven' && scheme !== 'rpm'))('%s reads what the real implementation reads', (scheme, v, oracle) => {
  it(`accepts exactly the versions ${oracle} accepts`, () => {
    const rows = readTsv(scheme, 'valid.tsv');
    expect(rows.some(([, verdict]) => verdict === 'invalid')).toBe(true);
    const wrong = rows.filter(([version, verdict]) => v.isValid(version!) !== (verdict === 'valid'));
    expect(wrong.map((r) => r.join(' '))).toEqual([]);
  });
});

describe('apk agrees with apk-tools’ own test table', () => {
  it('orders every line of apk-tools test/version.data as it says', () => {
    // the file is byte-identical to apk-tools' (lines "a op b", a comment may follow)
    const rows = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'apk', 'version.data.txt'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => /^(\S+) ([<>=]) (\S+)/.exec(l)!.slice(1));
    expect(rows.length).toBe(729);
    const wrong = rows.filter(([a, op, b]) => sign(apkVersioning.compare(a!, b!)) !== op || sign(apkVersioning.compare(b!, a!)) !== { '<': '>', '>': '<', '=': '=' }[op!]);
    expect(wrong.map((r) => r.join(' '))).toEqual([]);
  });
});

describe('rpm agrees with rpm’s own test table', () => {
  it('orders every case of rpm’s tests/rpmvercmp.at as it says, both ways round', () => {
    const rows = readTsv('rpm', 'rpmvercmp-cases.tsv');
    expect(rows.length).toBe(91);
    const wrong = rows.filter(([a, b, want]) => sign(rpmVersioning.compare(a!, b!)) !== want || sign(rpmVersioning.compare(b!, a!)) !== { '<': '>', '>': '<', '=': '=' }[want!]);
    expect(wrong.map((r) => r.join(' '))).toEqual([]);
  });

  it('orders a missing release before any release, where rpm would call them equal', () => {
    expect(sign(rpmVersioning.compare('1.0', '1.0-1'))).toBe('<');
    expect(sign(rpmVersioning.compare('1:1.0', '1.0-9'))).toBe('>');
    expect(sign(rpmVersioning.compare('0:1.0-1', '1.0-1'))).toBe('=');
  });
});

describe('NuGet agrees with NuGet.Versioning’s own tests', () => {
  it('orders every case of NuGet.Client’s test suite as it says', () => {
    const rows = readTsv('nuget', 'nuget-client-cases.tsv');
    const wrong = rows.filter(([a, op, b]) => op !== 'invalid' && sign(nugetVersioning.compare(a!, b!)) !== op);
    expect(wrong.map((r) => r.join(' '))).toEqual([]);
  });

  it('rejects the strings NuGet.Client’s tests say are not versions', () => {
    const rows = readTsv('nuget', 'nuget-client-cases.tsv').filter(([, op]) => op === 'invalid');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter(([a]) => nugetVersioning.isValid(a!)).map((r) => r[0])).toEqual([]);
  });
});
