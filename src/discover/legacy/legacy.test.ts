import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../scan.js';
import { unitOf } from './extract.js';

/** A real git repository whose commits carry chosen author dates. */
function gitRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'tureen-legacy-'));
  const git = (args: string[], date?: string) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    }).trim();
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = (date: string) => {
    git(['add', '-A']);
    git(['commit', '-q', '-m', `work of ${date}`], `${date}T12:00:00Z`);
    return git(['rev-parse', 'HEAD']);
  };
  git(['init', '-q', '-b', 'main']);
  return { dir, write, commit };
}

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `int ${tag}_${i} = ${i};`).join('\n') + '\n';

describe('branch 2: code without IEC 62304 records', () => {
  it('proposes first-party folders older than qms.effectiveDate, with dates and the share of old lines from git blame', async () => {
    const r = gitRepo();
    // 2018: the alarm engine (10 lines), an old test and a vendored copy (neither is a candidate)
    r.write('src/alarms/alarm.c', lines(10, 'old'));
    r.write('tests/alarm_test.c', lines(3, 't'));
    r.write('third_party/zlib/zutil.c', lines(3, 'z'));
    r.commit('2018-03-02');
    // 2022: four of the ten alarm lines rewritten; the pumping module written from scratch
    r.write('src/alarms/alarm.c', lines(6, 'old') + lines(4, 'new'));
    r.write('src/pumping/pump.c', lines(5, 'p'));
    r.commit('2022-06-01');
    r.write('tureen.config.yaml', 'qms:\n  effectiveDate: 2021-01-01\n');
    r.commit('2022-06-02');

    const inv = await scan(r.dir);
    const cands = inv.findings.filter((f) => f.rule === 'legacy.candidate');
    expect(cands.map((f) => f.file)).toEqual(['src/alarms']);
    const f = cands[0]!;
    // 6 of the 10 lines of alarm.c date from 2018, before 2021-01-01
    expect(f.message).toContain('first commit 2018-03-02, last 2022-06-01');
    expect(f.message).toContain('6 of 10 sampled lines (60%');
    expect(f.severity).toBe('warning');
    // a candidate is a proposal, not an item (the only item is the vendored copy in third_party/)
    expect(inv.components.map((c) => `${c.evidence[0]!.source}:${c.name}`)).toEqual(['vendored:zlib']);
  });

  it('declared legacy and ported code become branch-2 SOUP identified by their last commit', async () => {
    const r = gitRepo();
    r.write('src/dosecalc/dose.c', lines(4, 'd'));
    const dosecalcCommit = r.commit('2016-01-10');
    r.write('src/ui/main.c', lines(2, 'u'));
    r.commit('2023-01-10');
    r.write('tureen.config.yaml', [
      'qms:', '  effectiveDate: 2021-01-01',
      'legacy:',
      '  - path: src/dosecalc',
      '    origin: PumpCo Model 3 firmware 2.1 (non-medical build)',
      '    reason: Ported without re-development; no design records exist.',
      '  - path: src/gone',
      '    reason: Removed module.',
      '',
    ].join('\n'));
    r.commit('2023-01-11');
    const inv = await scan(r.dir);
    const item = inv.components.find((c) => c.name === 'src/dosecalc')!;
    expect(item.version).toBe(dosecalcCommit.slice(0, 12));
    expect(item.classification).toMatchObject({ soup: true, branch: 'no-records', kind: 'legacy-code', rule: 'legacy.ported' });
    expect(item.classification.rationale).toContain('PumpCo Model 3 firmware 2.1');
    expect(item.evidence[0]).toEqual({ file: 'tureen.config.yaml', line: 4, key: 'legacy[0]', source: 'legacy' });
    // the declared folder is not proposed again as a candidate
    expect(inv.findings.filter((f) => f.rule === 'legacy.candidate')).toEqual([]);
    expect(inv.findings.find((f) => f.rule === 'legacy.path-missing')).toMatchObject({ line: 7 });
  });

  it('says when there is no git history to look at', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tureen-legacy-nogit-'));
    writeFileSync(join(dir, 'tureen.config.yaml'), 'qms:\n  effectiveDate: 2021-01-01\n');
    const inv = await scan(dir);
    expect(inv.findings.map((f) => f.rule)).toContain('legacy.no-git');
  });

  it('groups files into units: src/<module>, a top folder, never tests, docs or third-party copies', () => {
    expect(unitOf('src/alarms/a/b.c')).toBe('src/alarms');
    expect(unitOf('firmware/pump/x.cpp')).toBe('firmware/pump');
    expect(unitOf('gui/main.py')).toBe('gui');
    expect(unitOf('src/main.c')).toBe('src');
    expect(unitOf('README.md')).toBeUndefined();
    expect(unitOf('gui/logo.png')).toBeUndefined();
    expect(unitOf('src/tests/x.c')).toBeUndefined();
    expect(unitOf('Drivers/CMSIS/core.h')).toBeUndefined();
  });
});
