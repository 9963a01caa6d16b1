import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { extractRequirements, isDevFile, isRequirementsFile, logicalLines } from './extract.js';
import { source } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/requirements');
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

/** One row of pip's own parse (fixtures/pip-parse.py, pip 23.2.1). */
interface PipRow {
  requirement: string;
  name: string | null;
  specifier: string | null;
  markers: string | null;
  extras: string[];
  url: string | null;
  editable: boolean;
  constraint: boolean;
  comes_from: string;
  hashes: { sha256?: string[] };
}
const pipRows = (file: string, which: string): PipRow[] => (JSON.parse(read(file)) as { files: Record<string, PipRow[]> }).files[which] ?? [];
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
/** "-r requirements/base.txt (line 2)" → ["requirements/base.txt", 2] */
const from = (r: PipRow): [string, number] => {
  const m = /^-[rc] (.+) \(line (\d+)\)$/.exec(r.comes_from);
  return [m?.[1] ?? '', Number(m?.[2])];
};
/** The exact version an "==x" / "===x" specifier pins, else '' (pip's specifier text, parsed here independently). */
const pin = (spec: string | null) => (spec && /^===?[^,*]+$/.test(spec) ? spec.replace(/^===?/, '') : '');

const TREE_FILES = ['requirements.txt', 'requirements-dev.txt', 'constraints.txt', 'requirements/base.txt', 'requirements/lint.txt'];
const treeRepo = () => memoryRepo(Object.fromEntries(TREE_FILES.map((f) => [f, read(FIX, 'tree', f)])));

describe('requirements: the written tree, checked against pip 23.2.1 own parser (fixtures/tree/pip-parse.json)', () => {
  const rows = pipRows(join(FIX, 'tree', 'pip-parse.json'), 'requirements.txt');
  const reqs = rows.filter((r) => !r.constraint);
  const constraintPins = new Map(rows.filter((r) => r.constraint && pin(r.specifier)).map((r) => [pep503(r.name as string), pin(r.specifier)]));
  const r = source.extract('requirements.txt', treeRepo());

  it('lists every requirement pip reads (and nothing a constraint file names alone), each at pip\'s file:line', () => {
    // pip names all but "-e ." (a folder it would have to build); that one is the project itself
    const named = reqs.filter((x) => x.name);
    expect(r.components.filter((c) => !c.firstParty).map((c) => c.name).sort()).toEqual(named.map((x) => pep503(x.name as string)).sort());
    for (const x of named) {
      const c = r.components.find((k) => k.name === pep503(x.name as string));
      const [file, line] = from(x);
      expect(c?.evidence.some((e) => e.file === file && e.line === line), `${x.name} at ${file}:${line}`).toBe(true);
    }
    expect(r.components.find((c) => c.name === 'idna')).toBeUndefined();
  });

  it('takes exact pins from == / ===, and from the constraints file for what is left open', () => {
    for (const x of reqs.filter((k) => k.name && !k.url)) {
      const name = pep503(x.name as string);
      const expected = pin(x.specifier) || constraintPins.get(name) || '';
      expect(r.components.find((c) => c.name === name)?.version, name).toBe(expected);
    }
  });

  it('keeps hashes, extras and markers as pip reads them', () => {
    for (const x of reqs.filter((k) => k.name)) {
      const c = r.components.find((k) => k.name === pep503(x.name as string));
      expect(c?.hashes.map((h) => h.content).sort(), x.name as string).toEqual([...(x.hashes.sha256 ?? [])].sort());
      const marker = c?.properties?.find((p) => p.name === 'python:marker')?.value;
      expect(marker ?? null).toBe(x.markers);
      const extras = c?.properties?.find((p) => p.name === 'python:extras')?.value;
      expect(extras ? extras.split(',') : []).toEqual(x.extras);
    }
  });

  it('names git and URL requirements by their source', () => {
    const git = r.components.find((c) => c.name === 'device-lib');
    expect(git?.origin).toEqual({ type: 'git', url: 'https://github.com/example/device-lib.git', ref: '0123456789abcdef0123456789abcdef01234567' });
    expect(git?.version).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(git?.purl).toContain('vcs_url=');
    const url = r.components.find((c) => c.name === 'pydicom');
    expect(url?.version).toBe('2.4.4'); // from the wheel file name pip's row shows
    expect(url?.origin).toEqual({ type: 'tarball', url: reqs.find((x) => x.name === 'pydicom')?.url });
    expect(url?.purl).toContain('download_url=');
    const self = r.components.filter((c) => c.firstParty);
    expect(self).toHaveLength(reqs.filter((x) => x.url === 'file://.').length);
    expect(self[0]?.origin).toEqual({ type: 'workspace', ref: '.' });
  });

  it('warns for each unpinned line pip would resolve freshly, naming file:line', () => {
    const open = reqs.filter((x) => x.name && !x.url && !pin(x.specifier) && !constraintPins.has(pep503(x.name as string)));
    const warned = r.findings.filter((f) => f.rule === 'requirements.unpinned');
    // requirements/base.txt is a requirements file of its own: its warnings come from its own scan
    const own = open.filter((x) => from(x)[0] === 'requirements.txt');
    expect(warned.map((f) => `${f.file}:${f.line}`).sort()).toEqual(own.map((x) => from(x).join(':')).sort());
    for (const f of warned) expect(r.components.some((c) => c.key === f.item && c.version === '')).toBe(true);
  });

  it('scopes by file name: what requirements-dev.txt adds is development, what it includes from runtime files stays runtime', () => {
    const dev = source.extract('requirements-dev.txt', treeRepo());
    const devRows = pipRows(join(FIX, 'tree', 'pip-parse.json'), 'requirements-dev.txt').filter((x) => !x.constraint && x.name);
    for (const x of devRows) {
      const [file] = from(x);
      const expected = /dev|lint/.test(file) ? 'development' : 'runtime';
      expect(dev.components.find((c) => c.name === pep503(x.name as string))?.scope, `${x.name} from ${file}`).toBe(expected);
    }
  });
});

describe('requirements: MONAI corpus (requirements-dev.txt -r requirements-min.txt -r requirements.txt)', () => {
  // written into a repository under their original names, contents unmodified
  const names = ['requirements-dev.txt', 'requirements-min.txt', 'requirements.txt'];
  const repo = memoryRepo(Object.fromEntries(names.map((n) => [n, read(CORPUS, `Project-MONAI__MONAI__${n}`)])));
  const rows = pipRows(join(FIX, 'monai-pip-parse.json'), 'requirements-dev.txt');

  it('lists one component per distinct name pip reads through the includes', () => {
    const r = source.extract('requirements-dev.txt', repo);
    // pip cannot name the segment-anything git URL without building it; Tureen names it from the URL
    const expected = new Set(rows.map((x) => (x.name ? pep503(x.name) : 'segment-anything')));
    expect(new Set(r.components.map((c) => c.name))).toEqual(expected);
    expect(r.components).toHaveLength(expected.size); // 69: setuptools is listed twice (two markers), one component
    expect(r.components.filter((c) => c.scope === 'runtime').map((c) => c.name).sort()).toEqual(
      rows.filter((x) => !from(x)[0].includes('dev')).map((x) => pep503(x.name as string)).filter((n, i, a) => a.indexOf(n) === i).sort(),
    );
  });

  it('pins exactly what pip sees pinned (== without a range), and warns for the rest of requirements-dev.txt', () => {
    const r = source.extract('requirements-dev.txt', repo);
    const pinned = rows.filter((x) => pin(x.specifier)).map((x) => `${pep503(x.name as string)}@${pin(x.specifier)}`);
    expect(pinned).toHaveLength(3); // pytorch-ignite, nni, lpips
    for (const p of pinned) expect(r.components.some((c) => `${c.name}@${c.version}` === p)).toBe(true);
    const devLines = rows.filter((x) => from(x)[0] === 'requirements-dev.txt');
    const unpinned = devLines.filter((x) => !pin(x.specifier) && x.url === null).length + 1; // + the MetricsReloaded branch URL
    expect(r.findings.filter((f) => f.rule === 'requirements.unpinned')).toHaveLength(unpinned);
  });

  it('each file scanned on its own gives the same items for its lines', () => {
    const min = source.extract('requirements-min.txt', repo);
    expect(min.components.map((c) => c.name).sort()).toEqual(['coverage', 'numpy', 'packaging', 'parameterized', 'setuptools', 'torch']);
    const setuptools = min.components.find((c) => c.name === 'setuptools');
    expect(setuptools?.evidence.map((e) => e.line)).toEqual([3, 4]);
    expect(min.findings.filter((f) => f.rule === 'requirements.unpinned').map((f) => `${f.file}:${f.line}`)).toEqual(
      ['requirements-min.txt:3', 'requirements-min.txt:4', 'requirements-min.txt:5', 'requirements-min.txt:6', 'requirements-min.txt:7'],
    );
  });
});

describe('requirements: includes that go wrong are findings, not crashes', () => {
  it('reports a cycle once and still lists both files', () => {
    const repo = memoryRepo({ 'requirements.txt': '-r requirements-b.txt\nflask==3.0.0\n', 'requirements-b.txt': '-r requirements.txt\njinja2==3.1.3\n' });
    const r = source.extract('requirements.txt', repo);
    expect(r.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual(['flask@3.0.0', 'jinja2@3.1.3']);
    expect(r.findings.map((f) => f.rule)).toEqual(['requirements.include-cycle']);
  });

  it('reports a missing include, an include outside the repository and a URL include', () => {
    const r = extractRequirements({ file: 'svc/requirements.txt', text: '-r nope.txt\n-r ../../etc/passwd\n-c https://x.example/c.txt\nsix==1.16.0\n', read: () => undefined });
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([
      ['requirements.include-missing', 1],
      ['requirements.include-outside', 2],
      ['requirements.include-outside', 3],
    ]);
    expect(r.components.map((c) => c.name)).toEqual(['six']);
  });

  it('names `-e .` after the pyproject.toml of that folder', () => {
    const repo = memoryRepo({ 'svc/requirements.txt': '-e .\n-e ./libs/core\n', 'svc/pyproject.toml': '[project]\nname = "Pump_Service"\n' });
    const r = source.extract('svc/requirements.txt', repo);
    expect(r.components.map((c) => [c.name, c.firstParty, c.origin.ref])).toEqual([['pump-service', true, 'svc'], ['core', true, 'svc/libs/core']]);
  });

  it('reports a line it cannot read and goes on', () => {
    const r = extractRequirements({ file: 'requirements.txt', text: 'foo==1 bar\n+++\nok==1.0\n--frobnicate\n' });
    expect(r.components.map((c) => c.name)).toEqual(['ok']);
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([
      ['requirements.unreadable-line', 1],
      ['requirements.unreadable-line', 2],
      ['requirements.unknown-option', 4],
    ]);
  });
});

describe('requirements helpers', () => {
  it('joins continuation lines and drops comments the way pip does (comment = # at the start or after whitespace)', () => {
    expect(logicalLines('a==1 \\\n  --hash=sha256:x\n# c\nb @ https://h/x.whl#egg=b # note\n')).toEqual([
      { line: 1, text: 'a==1   --hash=sha256:x' },
      { line: 4, text: 'b @ https://h/x.whl#egg=b' },
    ]);
  });

  it('matches requirements file names, and tells development ones by name', () => {
    for (const p of ['requirements.txt', 'a/requirements-dev.txt', 'test-requirements.txt', 'requirements/base.txt', 'requirements_test.txt']) expect(isRequirementsFile(p), p).toBe(true);
    for (const p of ['constraints.txt', 'requirements.in', 'docs/conf.txt', 'myrequirements.txt']) expect(isRequirementsFile(p), p).toBe(false);
    expect(source.matches('.venv/lib/requirements.txt')).toBe(false);
    for (const p of ['requirements-dev.txt', 'test-requirements.txt', 'requirements/docs.txt', 'requirements_lint.txt', 'ci-requirements.txt']) expect(isDevFile(p), p).toBe(true);
    for (const p of ['requirements.txt', 'requirements-min.txt', 'requirements/base.txt', 'requirements-prod.txt', 'requirements-device.txt']) expect(isDevFile(p), p).toBe(false);
  });
});
