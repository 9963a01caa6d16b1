import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { source } from './index.js';

const LOCK = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": { "name": "app", "dependencies": { "x": "^1" } },
  },
  "packages": {
    "x": ["x@1.0.0", "", {}, "sha512-AAAA"],
  }
}
`;

describe('bun source', () => {
  it('reads bun.lock and bun.lockb anywhere but inside node_modules', () => {
    expect(source.matches('bun.lock')).toBe(true);
    expect(source.matches('apps/web/bun.lock')).toBe(true);
    expect(source.matches('bun.lockb')).toBe(true);
    expect(source.matches('node_modules/x/bun.lock')).toBe(false);
    expect(source.matches('bun.lock.bak')).toBe(false);
    expect(source.matches('mybun.lock')).toBe(false);
  });

  it('tells the user to write a text lockfile when only bun.lockb is there', () => {
    const r = source.extract('svc/bun.lockb', memoryRepo({ 'svc/bun.lockb': '\u0000binary', 'svc/package.json': '{}' }));
    expect(r.components).toEqual([]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'bun.binary-lockfile', severity: 'warning', file: 'svc/bun.lockb' });
    expect(r.findings[0]?.fix).toContain('bun install --save-text-lockfile');
  });

  it('only notes bun.lockb when bun.lock beside it is read instead', () => {
    const r = source.extract('bun.lockb', memoryRepo({ 'bun.lockb': '\u0000', 'bun.lock': LOCK }));
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['bun.binary-lockfile', 'info']]);
  });

  it('takes the root version from the package.json beside the lockfile', () => {
    const r = source.extract('svc/bun.lock', memoryRepo({ 'svc/bun.lock': LOCK, 'svc/package.json': '{"name":"app","version":"2.3.4"}' }));
    const root = r.components.find((c) => c.firstParty);
    expect(root).toMatchObject({ name: 'app', version: '2.3.4', key: 'pkg:npm/app@2.3.4' });
    expect(r.components.find((c) => c.name === 'x')?.evidence).toEqual([{ file: 'svc/bun.lock', line: 7, key: 'packages["x"]', source: 'bun' }]);
  });

  it('throws a TureenError for a lockfile it cannot read', () => {
    expect(() => source.extract('bun.lock', memoryRepo({}))).toThrow(TureenError);
    expect(() => source.extract('bun.lock', memoryRepo({ 'bun.lock': '{ nope' }))).toThrow(TureenError);
  });
});
