import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { resultOrTureenError } from '../test-support/property.js';
import { extractPackagesConfig, extractPackagesLock } from './extract.js';
import { extractProject } from './project.js';

const LOCK = readFileSync(join(import.meta.dirname, 'fixtures/spec-lock-v2/packages.lock.json'), 'utf8');
const PROJ = readFileSync(join(import.meta.dirname, 'fixtures/spec-central/src/Pump.App/Pump.App.csproj'), 'utf8');
const PROPS = readFileSync(join(import.meta.dirname, 'fixtures/spec-central/Directory.Packages.props'), 'utf8');
const lock = (text: string) => resultOrTureenError(() => extractPackagesLock({ file: 'packages.lock.json', text, developmentIds: new Set(['__proto__']) }));
const proj = (text: string, props = PROPS) => resultOrTureenError(() => extractProject({ file: 'a/b.csproj', text, centralProps: [{ file: 'Directory.Packages.props', text: props }] }));
const config = (text: string) => resultOrTureenError(() => extractPackagesConfig({ file: 'packages.config', text }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '', 'toString', '$(X)', '*', '[1,2)'];
const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('NuGet parsers under arbitrary input', () => {
  it('return a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      lock(s);
      proj(s);
      proj(PROJ, s);
      config(s);
    }), { numRuns: 300 });
    for (let i = 0; i <= LOCK.length; i += 13) lock(LOCK.slice(0, i));
    for (let i = 0; i <= PROJ.length; i += 13) proj(PROJ.slice(0, i));
  });

  it('return a result or a TureenError for random lock entries and references', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    const entry = fc.record({ type: fc.oneof(fc.constantFrom('Direct', 'Transitive', 'Project', 'CentralTransitive'), str), resolved: str, contentHash: str, dependencies: fc.dictionary(str, str) }, { requiredKeys: ['type'] });
    fc.assert(fc.property(fc.dictionary(str, fc.dictionary(str, entry, { maxKeys: 5 }), { maxKeys: 3 }), fc.integer({ min: 1, max: 5 }), (dependencies, version) => {
      lock(JSON.stringify({ version, dependencies }));
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.array(fc.tuple(str, str, str), { maxLength: 5 }), (refs) => {
      const items = refs.map(([id, v, pa]) => `<PackageReference Include="${xmlEsc(id)}" Version="${xmlEsc(v)}" PrivateAssets="${xmlEsc(pa)}" /><ProjectReference Include="${xmlEsc(v)}" />`).join('');
      proj(`<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup>${items}</ItemGroup></Project>`);
      config(`<packages>${refs.map(([id, v, d]) => `<package id="${xmlEsc(id)}" version="${xmlEsc(v)}" developmentDependency="${xmlEsc(d)}"/>`).join('')}</packages>`);
    }), { numRuns: 300 });
  });

  it('survive deep nesting and entity tricks', () => {
    lock(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    proj(`<Project>${'<ItemGroup>'.repeat(2000)}${'</ItemGroup>'.repeat(2000)}</Project>`);
    proj('<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project>&x;</Project>');
  });
});
