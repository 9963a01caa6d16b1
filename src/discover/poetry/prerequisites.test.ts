import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { extractPoetryLock } from './extract.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/poetry');
const LOCK = readFileSync(join(CORPUS, 'RespiraWorks__Ventilator__software__tools__poetry.lock'), 'utf8');
const PY = readFileSync(join(CORPUS, 'RespiraWorks__Ventilator__software__tools__pyproject.toml'), 'utf8');

const prereq = (c: Component) => (c.properties ?? []).filter((p) => p.name === 'prerequisite:software').map((p) => p.value);
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

function one(cs: readonly Component[], name: string): Component {
  const found = cs.filter((c) => c.name === name && !c.firstParty);
  expect(found, name).toHaveLength(1);
  return found[0] as Component;
}

describe('prerequisites from a real poetry.lock (RespiraWorks/Ventilator, lock-version 2.0: python-versions per package)', () => {
  const { components } = extractPoetryLock({ file: 'poetry.lock', text: LOCK, pyproject: { file: 'pyproject.toml', text: PY } });
  // an independent reading: each [[package]] block's name and python-versions line ([metadata] has its own, left out)
  const blocks = LOCK.split(/^\[\[package\]\]$/m).slice(1).map((b) => b.split(/^\[metadata\]$/m)[0] as string);
  const declared = new Map(blocks.map((b) => [pep503(/^name = "([^"]+)"/m.exec(b)?.[1] ?? ''), /^python-versions = "([^"]*)"$/m.exec(b)?.[1]]));

  it('a package\'s python-versions is its Python prerequisite, as the lock writes it', () => {
    expect(prereq(one(components, 'numpy'))).toEqual(['python >=3.10']);
    expect(prereq(one(components, 'six'))).toEqual(['python >=2.7, !=3.0.*, !=3.1.*, !=3.2.*']);
    expect(prereq(one(components, 'colorama'))).toEqual(['python !=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,!=3.6.*,>=2.7']);
  });

  it('"*" gives nothing: bottle, pyelftools, pyserial and pytz carry no prerequisite', () => {
    for (const n of ['bottle', 'pyelftools', 'pyserial', 'pytz']) expect(declared.get(n)).toBe('*');
    for (const n of ['bottle', 'pyelftools', 'pyserial', 'pytz']) expect(prereq(one(components, n))).toEqual([]);
  });

  it('the 41 packages with python-versions other than "*" are exactly the components with one python statement', () => {
    expect(blocks).toHaveLength(45);
    const constrained = new Set([...declared].filter(([, v]) => v !== undefined && v !== '*').map(([n]) => n));
    expect(constrained.size).toBe(41);
    const carrying = components.filter((c) => prereq(c).length);
    expect(new Set(carrying.map((c) => c.name))).toEqual(constrained);
    for (const c of carrying) expect(prereq(c)).toEqual([`python ${declared.get(c.name) as string}`]);
    expect(components.filter((c) => c.firstParty).flatMap(prereq)).toEqual([]);
  });
});

describe('python-versions is read leniently', () => {
  const lock = (v: string) => `[[package]]\nname = "a"\nversion = "1.0"\noptional = false\npython-versions = ${v}\n\n[metadata]\nlock-version = "2.0"\n`;

  it('a value of another type never rejects the lock, and says nothing', () => {
    for (const v of ['3', '[">=3.8"]', '{ min = "3.8" }', 'true']) {
      const { components } = extractPoetryLock({ file: 'poetry.lock', text: lock(v) });
      expect(components.map((c) => c.name)).toEqual(['a']);
      expect(prereq(components[0] as Component)).toEqual([]);
    }
  });

  it('a constrained string gives one statement', () => {
    const { components } = extractPoetryLock({ file: 'poetry.lock', text: lock('">=3.8,<4.0"') });
    expect(prereq(components[0] as Component)).toEqual(['python >=3.8,<4.0']);
  });
});
