import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { extractPdmLock } from './extract.js';

const DIR = join(import.meta.dirname, 'fixtures', 'mpd-now-playable');
const LOCK = readFileSync(join(DIR, 'pdm.lock'), 'utf8');
const PY = readFileSync(join(DIR, 'pyproject.toml'), 'utf8');

const prereq = (c: Component) => (c.properties ?? []).filter((p) => p.name === 'prerequisite:software').map((p) => p.value);
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

function one(cs: readonly Component[], name: string): Component {
  const found = cs.filter((c) => c.name === name && !c.firstParty);
  expect(found, name).toHaveLength(1);
  return found[0] as Component;
}

describe('prerequisites from a real pdm.lock (00dani/mpd-now-playable, lock_version 4.4: requires_python per package)', () => {
  const { components } = extractPdmLock({ file: 'pdm.lock', text: LOCK, pyproject: { file: 'pyproject.toml', text: PY } });
  // an independent reading: each [[package]] block's name and requires_python line
  const blocks = LOCK.split(/^\[\[package\]\]$/m).slice(1);
  const declared = new Map(blocks.map((b) => [pep503(/^name = "([^"]+)"/m.exec(b)?.[1] ?? ''), /^requires_python = "([^"]*)"$/m.exec(b)?.[1]]));

  it('a package\'s requires_python is its Python prerequisite', () => {
    expect(prereq(one(components, 'mypy-extensions'))).toEqual(['python >=3.5']);
    expect(prereq(one(components, 'python-mpd2'))).toEqual(['python >=3.6']);
    expect(prereq(one(components, 'typing-extensions'))).toEqual(['python >=3.8']);
  });

  it('aiocache states none, and carries none', () => {
    expect(declared.get('aiocache')).toBeUndefined();
    expect(prereq(one(components, 'aiocache'))).toEqual([]);
  });

  it('the 13 of 14 packages with requires_python are exactly the components with one python statement', () => {
    expect(blocks).toHaveLength(14);
    const constrained = new Set([...declared].filter(([, v]) => v !== undefined && v !== '*').map(([n]) => n));
    expect(constrained.size).toBe(13);
    const carrying = components.filter((c) => prereq(c).length);
    expect(new Set(carrying.map((c) => c.name))).toEqual(constrained);
    for (const c of carrying) expect(prereq(c)).toEqual([`python ${declared.get(c.name) as string}`]);
  });
});

describe('requires_python is read leniently', () => {
  const lock = (v: string, extra = '') => `[metadata]\nlock_version = "4.4"\n\n[[package]]\nname = "a"\nversion = "1.0"\nrequires_python = ${v}\n${extra}`;

  it('a value of another type never rejects the lock, and says nothing', () => {
    for (const v of ['3', '[">=3.8"]', '{ min = "3.8" }', 'true', '"*"', '""']) {
      const { components } = extractPdmLock({ file: 'pdm.lock', text: lock(v) });
      expect(components.map((c) => c.name)).toEqual(['a']);
      expect(prereq(components[0] as Component)).toEqual([]);
    }
  });

  it('the same distribution locked again with extras keeps one statement', () => {
    const text = `${lock('">=3.9"')}\n[[package]]\nname = "a"\nversion = "1.0"\nextras = ["x"]\nrequires_python = ">=3.9"\n`;
    const { components } = extractPdmLock({ file: 'pdm.lock', text });
    expect(components).toHaveLength(1);
    expect(prereq(components[0] as Component)).toEqual(['python >=3.9']);
  });
});
