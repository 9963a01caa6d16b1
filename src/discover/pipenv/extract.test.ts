import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractPipfileLock } from './extract.js';
import { source } from './index.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/pipenv');
const LOCK = readFileSync(join(CORPUS, 'ohcnetwork__care__Pipfile.lock'), 'utf8');
const PIPFILE = readFileSync(join(CORPUS, 'ohcnetwork__care__Pipfile'), 'utf8');
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
// the lockfile's own JSON, read with JSON.parse: the independent expectation
const DATA = JSON.parse(LOCK) as Record<string, Record<string, { version?: string; hashes?: string[] }>>;
const names = (section: string) => Object.keys(DATA[section] ?? {}).map(pep503);

describe('Pipfile.lock: ohcnetwork/care (corpus)', () => {
  const r = source.extract('Pipfile.lock', memoryRepo({ 'Pipfile.lock': LOCK, Pipfile: PIPFILE }));

  it('lists every package of every category once: 96 default + 68 develop (146 unique, SOURCES.md) + the docs category', () => {
    expect(names('default')).toHaveLength(96);
    expect(names('develop')).toHaveLength(68);
    expect(new Set([...names('default'), ...names('develop')]).size).toBe(146);
    const all = new Set([...names('default'), ...names('develop'), ...names('docs')]);
    expect(r.components).toHaveLength(all.size);
    expect(new Set(r.components.map((c) => c.name))).toEqual(all);
  });

  it('default is runtime (also when develop lists it too); develop and docs only are development', () => {
    const runtime = new Set(names('default'));
    for (const c of r.components) expect(c.scope, c.name).toBe(runtime.has(c.name) ? 'runtime' : 'development');
    expect(r.components.filter((c) => c.scope === 'runtime')).toHaveLength(96);
  });

  it('versions are the "==x" pins, hashes are all listed, evidence is the entry\'s line', () => {
    const lines = LOCK.split('\n');
    for (const [section, entries] of Object.entries(DATA)) {
      if (section === '_meta') continue;
      for (const [raw, e] of Object.entries(entries)) {
        const c = r.components.find((k) => k.name === pep503(raw));
        expect(c?.version).toBe((e.version ?? '').replace(/^==/, ''));
        for (const h of e.hashes ?? []) expect(c?.hashes.some((x) => `sha256:${x.content}` === h)).toBe(true);
        const ev = c?.evidence.find((x) => x.key === `${section}[${JSON.stringify(raw)}]`);
        expect(lines[(ev?.line as number) - 1]?.trim().startsWith(`${JSON.stringify(raw)}: {`), `${section}.${raw}`).toBe(true);
      }
    }
    expect(r.findings).toEqual([]);
  });

  it('direct = the names the Pipfile declares (38 packages + 17 dev-packages + 3 docs)', () => {
    const declared = [...PIPFILE.matchAll(/^"?([A-Za-z0-9._-]+)"? = /gm)].map((m) => pep503(m[1] as string)).filter((n) => !['url', 'verify-ssl', 'name', 'python-version'].includes(n));
    expect(declared).toHaveLength(38 + 17 + 3);
    expect(new Set(r.components.filter((c) => c.direct).map((c) => c.name))).toEqual(new Set(declared));
  });
});

describe('Pipfile.lock: other entries (written from the Pipfile.lock format)', () => {
  const lock = {
    _meta: { 'pipfile-spec': 6, hash: { sha256: 'x' }, requires: {}, sources: [] },
    default: {
      lib: { git: 'https://github.com/example/lib.git', ref: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd' },
      branchy: { git: 'https://github.com/example/branchy.git', ref: 'main' },
      myapp: { editable: true, path: '.' },
      ranged: { version: '>=1.0' },
    },
    develop: {},
  };
  const text = JSON.stringify(lock, null, 4);

  it('reads git (commit pinned or not), the project itself and a range', () => {
    const r = extractPipfileLock({ file: 'Pipfile.lock', text });
    const get = (n: string) => r.components.find((c) => c.name === n);
    expect(get('lib')?.version).toBe('abcdefabcdefabcdefabcdefabcdefabcdefabcd');
    expect(get('lib')?.origin.type).toBe('git');
    expect(get('branchy')?.version).toBe('');
    expect(get('myapp')?.firstParty).toBe(true);
    expect(get('ranged')?.version).toBe('');
    expect(r.findings.map((f) => [f.rule, f.item?.split('@')[0]?.split('?')[0]])).toEqual([
      ['pipenv.unpinned', 'pkg:pypi/branchy'],
      ['pipenv.unpinned', 'pkg:pypi/ranged'],
    ]);
  });

  it('refuses a name that is not a distribution name, and a non-object category, as TureenErrors with a line', () => {
    expect(() => extractPipfileLock({ file: 'Pipfile.lock', text: JSON.stringify({ default: { '../x': { version: '==1' } } }, null, 2) })).toThrow(TureenError);
    // a "__proto__" key (JSON.parse keeps it as an own key) is data, and not a distribution name
    expect(() => extractPipfileLock({ file: 'Pipfile.lock', text: '{"default": {"__proto__": {"version": "==1"}}}' })).toThrow(TureenError);
    expect(({} as Record<string, unknown>).version).toBeUndefined();
    try {
      extractPipfileLock({ file: 'Pipfile.lock', text: '{\n  "_meta": {},\n  "default": []\n}' });
      expect.unreachable();
    } catch (e) {
      expect((e as TureenError).place?.line).toBe(3);
    }
  });

  it('matches Pipfile.lock only', () => {
    expect(source.matches('Pipfile.lock')).toBe(true);
    expect(source.matches('svc/Pipfile.lock')).toBe(true);
    expect(source.matches('Pipfile')).toBe(false);
  });
});
