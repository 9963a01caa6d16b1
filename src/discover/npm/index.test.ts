import { describe, expect, it } from 'vitest';
import { isTureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { source } from './index.js';
import { fixture } from './test-support/expected.js';

describe('npm source', () => {
  it('reads package-lock.json and npm-shrinkwrap.json anywhere but inside node_modules', () => {
    expect(source.matches('package-lock.json')).toBe(true);
    expect(source.matches('apps/web/npm-shrinkwrap.json')).toBe(true);
    expect(source.matches('node_modules/.package-lock.json')).toBe(false);
    expect(source.matches('apps/web/node_modules/x/package-lock.json')).toBe(false);
    expect(source.matches('my-package-lock.json')).toBe(false);
    expect(source.matches('package.json')).toBe(false);
  });

  it('reads the lockfile with the package.json beside it, and evidences repository-relative paths', () => {
    const repo = memoryRepo({
      'svc/package-lock.json': fixture('v1/package-lock.json'),
      'svc/package.json': fixture('v1/package.json'),
    });
    const { components, findings } = source.extract('svc/package-lock.json', repo);
    expect(findings).toEqual([]); // with package.json, no guess about direct dependencies
    expect(components.find((c) => c.name === 'is-number')?.direct).toBe(true);
    expect(new Set(components.flatMap((c) => c.evidence.map((e) => e.file)))).toEqual(new Set(['svc/package-lock.json']));
    expect(components.find((c) => c.firstParty)?.origin).toEqual({ type: 'workspace', ref: 'svc' });
  });

  it('leaves a package-lock.json to the npm-shrinkwrap.json npm uses instead', () => {
    const repo = memoryRepo({ 'package-lock.json': fixture('v3/package-lock.json'), 'npm-shrinkwrap.json': fixture('v3/package-lock.json') });
    const ignored = source.extract('package-lock.json', repo);
    expect(ignored.components).toEqual([]);
    expect(ignored.findings.map((f) => f.rule)).toEqual(['npm.shrinkwrap-precedence']);
    expect(source.extract('npm-shrinkwrap.json', repo).components.length).toBeGreaterThan(10);
  });

  it('reports a file it cannot read as a TureenError', () => {
    try {
      source.extract('package-lock.json', memoryRepo({}));
      expect.unreachable();
    } catch (e) {
      expect(isTureenError(e) && e.code).toBe('input.unreadable');
    }
  });
});
