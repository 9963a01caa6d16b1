import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../scan.js';
import { source as pdm } from '../pdm/index.js';
import { source as pipenv } from '../pipenv/index.js';
import { source as poetry } from '../poetry/index.js';
import { source as pylock } from '../pylock/index.js';
import { source as requirements } from '../requirements/index.js';
import { source as uv } from '../uv/index.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus');
const dir = mkdtempSync(join(tmpdir(), 'tureen-python-'));
const put = (from: string, to: string) => {
  mkdirSync(join(dir, to, '..'), { recursive: true });
  cpSync(from, join(dir, to));
};
for (const n of ['requirements-dev.txt', 'requirements-min.txt', 'requirements.txt']) put(join(CORPUS, 'requirements', `Project-MONAI__MONAI__${n}`), n);
put(join(CORPUS, 'poetry/RespiraWorks__Ventilator__software__tools__poetry.lock'), 'tools/poetry.lock');
put(join(CORPUS, 'poetry/RespiraWorks__Ventilator__software__tools__pyproject.toml'), 'tools/pyproject.toml');
put(join(CORPUS, 'uv/canvas-medical__canvas-plugins__uv.lock'), 'sdk/uv.lock');
put(join(CORPUS, 'pipenv/ohcnetwork__care__Pipfile.lock'), 'api/Pipfile.lock');
put(join(CORPUS, 'pipenv/ohcnetwork__care__Pipfile'), 'api/Pipfile');
put(join(import.meta.dirname, '../pdm/fixtures/mpd-now-playable/pdm.lock'), 'player/pdm.lock');
put(join(import.meta.dirname, '../pylock/fixtures/spec/pylock.toml'), 'edge/pylock.toml');
// a virtual environment's copy must not be read
put(join(CORPUS, 'uv/canvas-medical__canvas-plugins__uv.lock'), '.venv/lib/python3.12/site-packages/x/uv.lock');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Python sources in a real scan of a folder on disk', () => {
  const r = discover(dir, { sources: [requirements, poetry, uv, pipenv, pdm, pylock] });

  it('reads every file with its source, nothing fails, the venv copy is skipped', () => {
    expect(r.files.map((f) => `${f.source}:${f.file}`).sort()).toEqual([
      'pdm:player/pdm.lock', 'pipenv:api/Pipfile.lock', 'poetry:tools/poetry.lock', 'pylock:edge/pylock.toml',
      'requirements:requirements-dev.txt', 'requirements:requirements-min.txt', 'requirements:requirements.txt', 'uv:sdk/uv.lock',
    ]);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('merges what several requirements files declare: torch once, runtime, with evidence from requirements.txt', () => {
    const torch = r.components.filter((c) => c.name === 'torch' && c.ecosystem === 'PyPI');
    expect(torch).toHaveLength(1);
    expect(torch[0]?.scope).toBe('runtime');
    expect(torch[0]?.evidence.map((e) => `${e.file}:${e.line}`)).toEqual(['requirements.txt:1']);
    // one unpinned warning per line, however many scans reach it
    const torchWarnings = r.findings.filter((f) => f.rule === 'requirements.unpinned' && f.item === 'pkg:pypi/torch');
    expect(torchWarnings).toHaveLength(1);
  });

  it('every component is a PyPI component whose key is its purl', () => {
    for (const c of r.components) {
      expect(c.ecosystem).toBe('PyPI');
      expect(c.key).toBe(c.purl);
      expect(c.purl.startsWith(`pkg:pypi/${c.name}`)).toBe(true);
    }
  });
});
