import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { extractPylock } from './extract.js';

// the only pylock.toml here: written from PEP 751 (its `attrs` entry is the PEP's example); see fixtures/README.md
const TEXT = readFileSync(join(import.meta.dirname, 'fixtures', 'spec', 'pylock.toml'), 'utf8');
const prereq = (c: Component) => (c.properties ?? []).filter((p) => p.name === 'prerequisite:software').map((p) => p.value);
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

describe('prerequisites from pylock.toml (PEP 751: requires-python per package)', () => {
  const { components } = extractPylock({ file: 'pylock.toml', text: TEXT });
  const data = parse(TEXT) as unknown as { 'requires-python'?: string; packages: { name: string; 'requires-python'?: string }[] };

  it('a package\'s requires-python is its Python prerequisite, as written', () => {
    expect(prereq(components.find((c) => c.name === 'attrs') as Component)).toEqual(['python >= 3.8']);
    expect(prereq(components.find((c) => c.name === 'cattrs') as Component)).toEqual(['python >= 3.8']);
  });

  it('the entries with a requires-python (2 of 9) are exactly the components with one; the lock\'s own (>=3.12) goes to none', () => {
    expect(data['requires-python']).toBe('>=3.12');
    const declared = data.packages.filter((p) => p['requires-python'] !== undefined);
    expect(data.packages).toHaveLength(9);
    expect(declared).toHaveLength(2);
    const carrying = components.filter((c) => prereq(c).length);
    expect(carrying.map((c) => c.name).sort()).toEqual(declared.map((p) => pep503(p.name)).sort());
    expect(components.flatMap(prereq)).not.toContain('python >=3.12');
  });
});

describe('requires-python is read leniently', () => {
  const lock = (v: string) => `lock-version = '1.0'\ncreated-by = 'x'\n\n[[packages]]\nname = 'a'\nversion = '1.0'\nrequires-python = ${v}\n`;

  it('a value of another type never rejects the lock, and says nothing', () => {
    for (const v of ['3', "['>=3.8']", "{ min = '3.8' }", 'true', "'*'", "''"]) {
      const { components } = extractPylock({ file: 'pylock.toml', text: lock(v) });
      expect(components.map((c) => c.name)).toEqual(['a']);
      expect(prereq(components[0] as Component)).toEqual([]);
    }
  });

  it('a constrained string gives one statement', () => {
    expect(prereq(extractPylock({ file: 'pylock.toml', text: lock("'>=3.9,<3.14'") }).components[0] as Component)).toEqual(['python >=3.9,<3.14']);
  });
});
