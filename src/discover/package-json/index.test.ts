import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { source } from './index.js';

const PJ = '{\n  "name": "svc",\n  "version": "1.0.0",\n  "dependencies": { "express": "^4.18.2" }\n}\n';

describe('package-json source', () => {
  it('reads package.json files outside node_modules', () => {
    expect(source.matches('package.json')).toBe(true);
    expect(source.matches('apps/web/package.json')).toBe(true);
    expect(source.matches('node_modules/x/package.json')).toBe(false);
    expect(source.matches('a/node_modules/@s/x/package.json')).toBe(false);
    expect(source.matches('package.json.bak')).toBe(false);
    expect(source.matches('mypackage.json')).toBe(false);
  });

  it('yields nothing for a manifest that a lockfile covers (that lockfile is read instead)', () => {
    for (const lock of ['package-lock.json', 'yarn.lock', 'bun.lockb']) {
      expect(source.extract('svc/package.json', memoryRepo({ 'svc/package.json': PJ, [`svc/${lock}`]: '' }))).toEqual({ components: [], findings: [] });
    }
    const ws = memoryRepo({ 'package.json': '{"workspaces":["svc"]}', 'pnpm-lock.yaml': '', 'svc/package.json': PJ });
    expect(source.extract('svc/package.json', ws).components).toEqual([]);
  });

  it('yields the declared dependencies of a manifest no lockfile covers, with a range warning', () => {
    const r = source.extract('svc/package.json', memoryRepo({ 'svc/package.json': PJ, 'package-lock.json': '{}' }));
    expect(r.components.map((c) => [c.key, c.scope, c.direct, c.firstParty])).toEqual([
      ['pkg:npm/svc@1.0.0', 'runtime', false, true],
      ['pkg:npm/express', 'runtime', true, false],
    ]);
    expect(r.findings).toMatchObject([{ rule: 'package-json.range', file: 'svc/package.json', line: 4, item: 'pkg:npm/express' }]);
  });

  it('reads a file: folder dependency\'s version through the repository, never outside it', () => {
    const repo = memoryRepo({
      'app/package.json': '{"dependencies":{"in":"file:../libs/in","out":"file:../../etc/out"}}',
      'libs/in/package.json': '{"name":"in","version":"3.0.0"}',
    });
    const r = source.extract('app/package.json', repo);
    expect(r.components.find((c) => c.name === 'in')?.version).toBe('3.0.0');
    expect(r.components.find((c) => c.name === 'out')?.version).toBe('');
  });

  it('throws a TureenError when the manifest cannot be read', () => {
    expect(() => source.extract('package.json', memoryRepo({}))).toThrow(TureenError);
  });
});
