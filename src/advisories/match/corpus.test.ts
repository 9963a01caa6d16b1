import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOsv, type Osv } from '../osv/schema.js';
import { nearestFix } from './fix.js';
import { matchAdvisory } from './match.js';

// The real advisories of the corpus against real versions. The expected answers are hand-derived from each advisory
// (fixtures/corpus-expectations.json) and were checked by independent implementations (npm semver.satisfies, Python's
// SpecifierSet, Maven's ComparableVersion), whose verdicts fixtures/tools/check-oracles.mjs recorded in
// fixtures/corpus-oracle.tsv. The matcher never produced any of them.

const HERE = dirname(fileURLToPath(import.meta.url));
const ADVISORIES = join(HERE, '..', '..', '..', 'test', 'fixtures', 'corpus', 'advisories');

interface Case {
  version: string;
  name?: string;
  from: string;
  affected: boolean;
  nearestFix?: string;
}
interface Expectation {
  file: string;
  package: { ecosystem: string; name: string };
  cases: Case[];
}

const spec = JSON.parse(readFileSync(join(HERE, 'fixtures', 'corpus-expectations.json'), 'utf8')) as { advisories: Expectation[] };
const oracle = new Map(
  readFileSync(join(HERE, 'fixtures', 'corpus-oracle.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map(([file, version, verdict, fix]) => [`${file} ${version}`, { verdict, fix }]),
);

function load(file: string): Osv {
  const r = parseOsv(JSON.parse(readFileSync(join(ADVISORIES, file), 'utf8')));
  if (!r.ok) throw new Error(`${file}: ${r.problem.message}`);
  return r.osv;
}

describe('the hand-derived tables agree with the independent implementations', () => {
  it('covers every corpus advisory', () => {
    expect(spec.advisories.length).toBe(16);
    expect(oracle.size).toBe(spec.advisories.reduce((n, a) => n + a.cases.length, 0));
  });

  it.each(spec.advisories.flatMap((a) => a.cases.map((c) => [a.file, c] as const)))('%s at %o', (file, c) => {
    const o = oracle.get(`${file} ${c.version}`);
    expect(o?.verdict).toBe(c.affected ? 'affected' : 'not');
    expect(o?.fix).toBe(c.nearestFix ? 'not' : '-');
  });
});

describe.each(spec.advisories)('$file against real $package.name versions', (a) => {
  const osv = load(a.file);

  it.each(a.cases)('$version ($from): affected $affected, nearest fix $nearestFix', (c) => {
    const pkg = { ecosystem: a.package.ecosystem, name: c.name ?? a.package.name, version: c.version };
    const m = matchAdvisory(osv, pkg);
    expect(m !== undefined).toBe(c.affected);
    if (!m) return;
    expect(m.by).toBe('name');
    expect(m.how).toBe('range');
    expect(m.warnings).toEqual([]);
    expect(m.fixed).toEqual(c.nearestFix ? [c.nearestFix.replace(/^v/, '')] : []);
    expect(nearestFix(pkg, [m])).toBe(c.nearestFix);
  });
});
