import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TureenError } from '../model/errors.js';
import { diskRepo, walk } from './walk.js';

const root = mkdtempSync(join(tmpdir(), 'tureen-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
function put(rel: string, text = '{}') {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

put('package.json');
put('package-lock.json');
put('node_modules/ws/package.json');
put('dist/package.json');
put('.git/config', '');
put('.gitignore', 'ignored/\n*.tmp\n');
put('ignored/package-lock.json');
put('x.tmp');
put('ui/.gitignore', 'private.json\n');
put('ui/private.json');
put('ui/pnpm-lock.yaml', '');
put('other/private.json');
symlinkSync(root, join(root, 'loop'));

describe('walk', () => {
  const files = walk(root);

  it('lists files as sorted repository-relative POSIX paths', () => {
    expect(files).toContain('package-lock.json');
    expect(files).toContain('ui/pnpm-lock.yaml');
    expect([...files].sort()).toEqual(files);
  });

  it('skips node_modules, .git and build output', () => {
    expect(files.some((f) => f.startsWith('node_modules/') || f.startsWith('.git/') || f.startsWith('dist/'))).toBe(false);
  });

  it('honours .gitignore at the root and in sub-folders, each relative to its own folder', () => {
    expect(files).not.toContain('ignored/package-lock.json');
    expect(files).not.toContain('x.tmp');
    expect(files).not.toContain('ui/private.json');
    expect(files).toContain('other/private.json');
  });

  it('does not follow symbolic links (no loops, no escape)', () => {
    expect(files.some((f) => f.startsWith('loop'))).toBe(false);
  });

  it('takes extra exclude patterns', () => {
    expect(walk(root, { exclude: ['ui/'] }).some((f) => f.startsWith('ui/'))).toBe(false);
  });

  it('refuses a path that is not a folder with a typed error', () => {
    expect(() => walk(join(root, 'package.json'))).toThrow(TureenError);
    expect(() => walk(join(root, 'nope'))).toThrow(/does not exist/);
  });

  it('reads only files the walk kept', () => {
    const repo = diskRepo(root, files);
    expect(repo.read('package.json')).toBe('{}');
    expect(repo.read('ignored/package-lock.json')).toBeUndefined();
    expect(repo.read('../etc/passwd')).toBeUndefined();
  });
});
