import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractGemfile, extractGemfileLock } from './extract.js';
import { parseGemfile } from './gemfile.js';
import { source } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');
const repoOf = (name: string) => memoryRepo(Object.fromEntries(readdirSync(join(FIX, name)).map((f) => [f, read(`${name}/${f}`)])));

/** Independent count: four-space "    name (version)" lines are the specs of GEM/GIT/PATH sections. */
const specLines = (text: string) => [...text.matchAll(/^ {4}(\S+) \(([^)]+)\)$/gm)].map((m) => `${m[1]}@${m[2]}`);
const gems = (cs: Component[]) => cs.filter((c) => c.ecosystem === 'RubyGems' && c.name !== 'bundler');

describe('Gemfile.lock of a gem project with Gemfile and gemspec (simple_commander, Bundler 1.12)', () => {
  const r = source.extract('Gemfile.lock', repoOf('simple-commander'));
  const text = read('simple-commander/Gemfile.lock');

  it('lists every spec: 1 PATH + 21 GEM = 22', () => {
    expect(specLines(text)).toHaveLength(22);
    expect(gems(r.components).map((c) => `${c.name}@${c.version}`).sort()).toEqual(specLines(text).sort());
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('ships only the gem itself, its runtime dependency and the default-group gem; the rest is development', () => {
    // by hand: simple_commander (PATH, default), highline (its runtime dep), colorized (Gemfile default group);
    // codeclimate-test-reporter is group :test, rake/rspec/rubocop/simplecov are the gemspec's development deps
    const runtime = gems(r.components).filter((c) => c.scope === 'runtime').map((c) => c.name).sort();
    expect(runtime).toEqual(['colorized', 'highline', 'simple_commander']);
    expect(gems(r.components).filter((c) => c.scope === "development")).toHaveLength(19);
  });

  it('takes the PATH gem at "." as first-party and records Bundler as a build tool', () => {
    expect(r.components.find((c) => c.name === 'simple_commander')).toMatchObject({ firstParty: true, origin: { type: 'file', ref: '.' } });
    expect(r.components.find((c) => c.name === 'bundler')).toMatchObject({ version: '1.12.5', scope: 'build', kind: 'tool' });
  });

  it('marks DEPENDENCIES direct and follows the graph for paths', () => {
    expect(gems(r.components).filter((c) => c.direct).map((c) => c.name).sort()).toEqual(['codeclimate-test-reporter', 'colorized', 'rake', 'rspec', 'rubocop', 'simple_commander', 'simplecov']);
    expect(r.components.find((c) => c.name === 'highline')?.paths[0]).toEqual(['root', 'simple_commander@0.5.1', 'highline@1.7.8']);
  });
});

describe('Gemfile.lock with GIT sources and CHECKSUMS (rubygems vendor_gems.rb.lock, Bundler 2.5.6)', () => {
  const text = read('rubygems-vendor/Gemfile.lock');
  const r = extractGemfileLock({ file: 'Gemfile.lock', text });
  const by = new Map(gems(r.components).map((c) => [c.name, c]));

  it('lists the 13 specs, all runtime without a Gemfile', () => {
    expect(specLines(text)).toHaveLength(13);
    expect(gems(r.components)).toHaveLength(13);
    expect(gems(r.components).every((c) => c.scope === 'runtime')).toBe(true);
  });

  it('reads the 11 sha256 checksums; the git gems have none', () => {
    const sums = [...text.matchAll(/^ {2}(\S+) \(([^)]+)\) sha256=([0-9a-f]{64})$/gm)];
    expect(sums).toHaveLength(11);
    for (const m of sums) expect(by.get(m[1] as string)?.hashes).toEqual([{ alg: 'SHA-256', content: m[3] }]);
    expect(by.get('molinillo')?.hashes).toEqual([]);
  });

  it('gives git gems their revision and a vcs_url qualifier', () => {
    expect(by.get('molinillo')?.origin).toEqual({ type: 'git', url: 'https://github.com/cocoapods/molinillo.git', ref: '6bc3d6045edadf800ba1b634fef15d3574369e60' });
    expect(by.get('molinillo')?.purl).toContain('vcs_url=');
    expect(by.get('thor')?.purl).toBe('pkg:gem/thor@1.3.0');
    expect(by.get('uri')?.direct).toBe(false);
    expect(by.get('uri')?.paths[0]).toEqual(['root', 'net-http@0.4.0', 'uri@0.13.0']);
  });
});

describe('Gemfile.lock with platforms, groups and RUBY VERSION (written from the format)', () => {
  const r = source.extract('Gemfile.lock', repoOf('spec-platforms'));
  it('keeps each platform build of nokogiri as its own item with ?platform=', () => {
    const noko = r.components.filter((c) => c.name === 'nokogiri').map((c) => c.purl).sort();
    expect(noko).toEqual(['pkg:gem/nokogiri@1.16.2', 'pkg:gem/nokogiri@1.16.2?platform=arm64-darwin', 'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux']);
  });
  it('scopes by the Gemfile groups through the graph', () => {
    // by hand: default group → billing, rails, nokogiri and their deps (actionpack, rack, mini_portile2, racc);
    // development/test/test-only groups → rspec-rails, debug, webmock, addressable, public_suffix
    const dev = gems(r.components).filter((c) => c.scope === 'development').map((c) => c.name).sort();
    expect(dev).toEqual(['addressable', 'debug', 'public_suffix', 'rspec-rails', 'webmock']);
    expect(gems(r.components).filter((c) => c.scope === 'runtime')).toHaveLength(9);
  });
  it('records the Ruby version', () => {
    expect(r.components.find((c) => c.name === 'ruby')).toMatchObject({ version: '3.3.0', ecosystem: 'Ruby', kind: 'framework' });
    expect(r.components.find((c) => c.name === 'billing')?.firstParty).toBe(true);
  });
});

describe('Gemfile reader and a Gemfile without lock', () => {
  it('reads groups from blocks and options', () => {
    const g = parseGemfile(read('spec-platforms/Gemfile'));
    expect(g.gems.map((x) => [x.name, x.groups.join('+')])).toEqual([
      ['rails', ''], ['nokogiri', ''], ['billing', ''], ['rspec-rails', 'development+test'], ['debug', 'development+test'], ['webmock', 'test'],
    ]);
    expect(parseGemfile(read('simple-commander/Gemfile')).gems.map((x) => x.groups)).toEqual([['test'], []]);
  });
  it('gives a lone Gemfile as declared ranges with warnings', () => {
    const r = extractGemfile('Gemfile', read('spec-platforms/Gemfile'));
    expect(r.components).toHaveLength(6);
    expect(r.findings.filter((f) => f.rule === 'rubygems.unpinned')).toHaveLength(6);
    expect(r.components.find((c) => c.name === 'rails')?.properties).toEqual([{ name: 'declared-range', value: '~> 7.1.3' }]);
  });
});

describe('rubygems source', () => {
  it('matches Gemfile.lock, gems.locked and Gemfile outside vendor/bundle', () => {
    expect(source.matches('Gemfile.lock')).toBe(true);
    expect(source.matches('app/gems.locked')).toBe(true);
    expect(source.matches('Gemfile')).toBe(true);
    expect(source.matches('vendor/bundle/ruby/3.3.0/gems/x/Gemfile')).toBe(false);
  });
  it('leaves a Gemfile with a lock beside it to the lock', () => {
    expect(source.extract('Gemfile', repoOf('simple-commander'))).toEqual({ components: [], findings: [] });
  });
  it('turns bad input into TureenErrors', () => {
    expect(() => extractGemfileLock({ file: 'Gemfile.lock', text: '  x' })).toThrow(TureenError);
    expect(() => extractGemfileLock({ file: 'Gemfile.lock', text: 'GEM\n  specs:\n    x\n' })).toThrow(TureenError);
    expect(() => extractGemfileLock({ file: 'Gemfile.lock', text: '' })).toThrow(TureenError);
  });
});
