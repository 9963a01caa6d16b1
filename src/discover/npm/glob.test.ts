import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { workspaceMatcher } from './glob.js';

describe('workspace patterns', () => {
  it('match the folders npm workspaces name', () => {
    const m = workspaceMatcher(['packages/*', './apps/**', 'libs/{core,ui}', '!packages/skip']);
    expect(['packages/ui', 'apps/web', 'apps/web/admin', 'libs/core', 'libs/ui'].map(m)).toEqual([true, true, true, true, true]);
    expect(['packages/skip', 'packages/ui/nested', 'libs/other', 'node_modules/x', ''].map(m)).toEqual([false, false, false, false, false]);
  });

  // minimatch is the matcher npm itself uses for workspaces (@npmcli/map-workspaces globs `<pattern>/package.json`)
  it('agree with minimatch on patterns made of names, *, ?, ** and {a,b}', () => {
    const name = fc.stringMatching(/^[ab*?]{1,4}$/);
    const seg = fc.oneof({ weight: 4, arbitrary: name }, { weight: 1, arbitrary: fc.constant('**') }, { weight: 1, arbitrary: fc.tuple(name, name).map(([x, y]) => `{${x},${y}}`) });
    const pattern = fc.array(seg, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    const path = fc.array(fc.stringMatching(/^[ab]{1,4}$/), { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
    fc.assert(fc.property(pattern, path, (p, s) => {
      // npm globs `<pattern>/package.json`, so a trailing `**` also takes the folder itself
      expect(workspaceMatcher([p])(s), `${p} ~ ${s}`).toBe(minimatch(`${s}/package.json`, `${p}/package.json`, { dot: true }));
    }), { numRuns: 2000 });
  });

  it('answer on patterns that make regex globs backtrack (picomatch took ~40 s on the first)', () => {
    const long = 'a'.repeat(5000);
    expect(workspaceMatcher(['(a+)+b', '*a*a*a*a*a*a*a*a*a*a*b', '**/**/**/**/**/**/**/**/x'])(`${long}/${long}c`)).toBe(false);
    expect(workspaceMatcher([`{${'a,'.repeat(10000)}b}`.repeat(10)])('b')).toBeTypeOf('boolean');
  });
});
