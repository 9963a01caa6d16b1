import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { versionSpec } from './common.js';
import { contentHash, extractPackagesConfig, extractPackagesLock } from './extract.js';
import { source } from './index.js';
import { extractProject } from './project.js';

const FIX = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');
function repoOf(name: string) {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(p).isDirectory()) walk(p, r);
      else files[r] = readFileSync(p, 'utf8');
    }
  };
  walk(join(FIX, name), '');
  return memoryRepo(files);
}
const soup = (cs: Component[]) => cs.filter((c) => !c.firstParty);

describe('packages.lock.json of a real application (BLIS-NG)', () => {
  const text = read('blis-ng/packages.lock.json');
  const r = extractPackagesLock({ file: 'packages.lock.json', text, project: 'BLIS-NG' });
  // independent reading: JSON.parse and a walk over the single target
  const raw = JSON.parse(text) as { dependencies: Record<string, Record<string, { type: string; resolved: string; contentHash: string }>> };
  const entries = Object.entries(raw.dependencies['net10.0'] ?? {});

  it('lists the 49 packages at their resolved versions, 13 of them direct', () => {
    expect(entries).toHaveLength(49);
    expect(r.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual(entries.map(([n, e]) => `${n}@${e.resolved}`).sort());
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual(entries.filter(([, e]) => e.type === 'Direct').map(([n]) => n).sort());
    expect(r.components.filter((c) => c.direct)).toHaveLength(13);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('turns every contentHash into a SHA-512 hex digest', () => {
    for (const [n, e] of entries) {
      const c = r.components.find((x) => x.name === n) as Component;
      expect(c.hashes).toEqual([{ alg: 'SHA-512', content: Buffer.from(e.contentHash, 'base64').toString('hex') }]);
    }
  });

  it('follows the dependencies for paths and purls with the lower-cased id', () => {
    const tmds = r.components.find((c) => c.name === 'Tmds.DBus.Protocol') as Component;
    expect(tmds.purl).toBe('pkg:nuget/tmds.dbus.protocol@0.21.2');
    expect(tmds.direct).toBe(false);
    expect(tmds.paths[0]).toEqual(['BLIS-NG', 'Avalonia.Desktop@11.3.10', 'Avalonia.X11@11.3.10', 'Avalonia.FreeDesktop@11.3.10', 'Tmds.DBus.Protocol@0.21.2']);
    expect(r.components.every((c) => c.scope === 'runtime')).toBe(true);
  });

  it('points each package at the line of its key', () => {
    const lines = text.split('\n');
    for (const c of r.components) expect(lines[(c.evidence[0]?.line as number) - 1]).toContain(`"${c.name}": {`);
  });
});

describe('packages.lock.json with CRLF line ends and its project file (GitHubActionPinner)', () => {
  it('reads the 5 direct packages through the source, the project file adding nothing', () => {
    const repo = repoOf('aldaviva');
    const r = source.extract('packages.lock.json', repo);
    expect(read('aldaviva/packages.lock.json')).toContain('\r\n');
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual([
      'fasterflect@3.0.0', 'McMaster.Extensions.CommandLineUtils@5.0.1', 'Octokit@14.0.0', 'Unfucked@0.0.1-beta.34', 'Unfucked.Caching@0.0.1-beta.3',
    ]);
    expect(r.components.every((c) => c.direct && c.scope === 'runtime')).toBe(true);
    expect(r.components[0]?.paths[0]).toEqual(['GitHubActionPinner', 'fasterflect@3.0.0']);
    expect(r.components[0]?.evidence[0]?.line).toBe(5);
    expect(source.extract('GitHubActionPinner.csproj', repo)).toEqual({ components: [], findings: [] });
  });

  it('reads the same project file alone as exact versions and says the transitive packages are missing', () => {
    const r = extractProject({ file: 'GitHubActionPinner.csproj', text: read('aldaviva/GitHubActionPinner.csproj') });
    expect(soup(r.components).map((c) => c.purl)).toEqual([
      'pkg:nuget/fasterflect@3.0.0', 'pkg:nuget/mcmaster.extensions.commandlineutils@5.0.1', 'pkg:nuget/octokit@14.0.0', 'pkg:nuget/unfucked@0.0.1-beta.34', 'pkg:nuget/unfucked.caching@0.0.1-beta.3',
    ]);
    expect(r.components.find((c) => c.firstParty)).toMatchObject({ name: 'GitHubActionPinner', version: '0.0.0' });
    expect(r.findings.map((f) => f.rule)).toEqual(['nuget.no-lockfile']);
  });
});

describe('packages.lock.json v2 with Project and CentralTransitive (written from the format)', () => {
  const r = extractPackagesLock({ file: 'packages.lock.json', text: read('spec-lock-v2/packages.lock.json'), project: 'Pump.App', developmentIds: new Set(['stylecop.analyzers']) });
  const by = new Map(r.components.map((c) => [c.name, c]));
  it('takes the project reference as first-party and the central pin through it', () => {
    expect(by.get('pump.core')).toMatchObject({ firstParty: true, version: '', direct: true });
    expect(by.get('Microsoft.Extensions.Logging.Abstractions')).toMatchObject({ direct: false, scope: 'runtime', version: '8.0.0' });
    expect(by.get('Microsoft.Extensions.Logging.Abstractions')?.paths[0]).toEqual(['Pump.App', 'pump.core', 'Microsoft.Extensions.Logging.Abstractions@8.0.0']);
  });
  it('makes a PrivateAssets="all" package and what only it pulls in development', () => {
    expect(by.get('StyleCop.Analyzers')?.scope).toBe('development');
    expect(by.get('StyleCop.Analyzers.Unstable')?.scope).toBe('development');
    expect(by.get('Serilog')?.scope).toBe('runtime');
  });
});

describe('project files with Central Package Management (written from the documentation)', () => {
  const repo = repoOf('spec-central');
  const app = source.extract('src/Pump.App/Pump.App.csproj', repo);
  const by = new Map(app.components.map((c) => [c.name, c]));

  it('takes versions from VersionOverride, then Directory.Packages.props', () => {
    expect(by.get('Newtonsoft.Json')?.version).toBe('13.0.1');
    expect(by.get('Serilog')?.version).toBe('3.1.1');
    expect(by.get('Serilog')?.evidence[0]).toMatchObject({ file: 'Directory.Packages.props', line: 7 });
  });
  it('warns about the floating and the missing version', () => {
    expect(by.get('Polly')).toMatchObject({ version: '', properties: [{ name: 'declared-range', value: '8.*' }] });
    const unpinned = app.findings.filter((f) => f.rule === 'nuget.unpinned').map((f) => f.item);
    expect(unpinned).toEqual(['pkg:nuget/polly', 'pkg:nuget/unlisted.package']);
  });
  it('makes PrivateAssets="all" and GlobalPackageReference development, the project reference first-party', () => {
    expect(by.get('StyleCop.Analyzers')?.scope).toBe('development');
    expect(by.get('Nerdbank.GitVersioning')).toMatchObject({ scope: 'development', version: '3.6.133', direct: true });
    expect(by.get('Pump.Core')).toMatchObject({ firstParty: true, origin: { type: 'workspace', ref: 'src/Pump.Core/Pump.Core.csproj' } });
    expect(by.get('Pump.App')).toMatchObject({ firstParty: true, version: '2.4.0' });
  });
  it('reads the Version element, and warns about an unresolvable property, in a project that opts out', () => {
    const core = source.extract('src/Pump.Core/Pump.Core.fsproj', repo);
    const cb = new Map(core.components.map((c) => [c.name, c]));
    expect(cb.get('FSharp.Core')?.version).toBe('8.0.101');
    expect(cb.get('System.Text.Json')?.version).toBe('');
    expect(cb.get('Microsoft.SourceLink.GitHub')?.scope).toBe('development');
    expect(cb.has('Nerdbank.GitVersioning')).toBe(false);
    expect(core.findings.filter((f) => f.rule === 'nuget.unpinned')).toHaveLength(1);
  });
});

describe('packages.config (written from the reference)', () => {
  it('lists each package; developmentDependency="true" is development', () => {
    const text = read('spec-packages-config/packages.config');
    const r = extractPackagesConfig({ file: 'packages.config', text });
    expect(r.components).toHaveLength((text.match(/<package /g) ?? []).length);
    expect(r.components.filter((c) => c.scope === 'development').map((c) => c.name)).toEqual(['NUnit', 'Microsoft.CodeDom.Providers.DotNetCompilerPlatform']);
    expect(r.components[0]).toMatchObject({ purl: 'pkg:nuget/entityframework@6.4.4', evidence: [{ line: 3 }] });
  });
});

describe('nuget helpers and source', () => {
  it('tells exact versions from ranges', () => {
    expect(versionSpec('1.2.3')).toEqual({ kind: 'exact', version: '1.2.3' });
    expect(versionSpec('[1.2.3]')).toEqual({ kind: 'exact', version: '1.2.3' });
    for (const r of ['1.*', '*', '[1,2)', '(,2]', '[1.0, )', '1.2.3-*']) expect(versionSpec(r).kind).toBe('range');
  });
  it('decodes only real SHA-512 content hashes', () => {
    expect(contentHash('AAAA')).toBeUndefined();
    expect(contentHash('not base64!')).toBeUndefined();
  });
  it('matches the lock, packages.config and project files outside bin/obj/packages', () => {
    expect(source.matches('src/App/packages.lock.json')).toBe(true);
    expect(source.matches('App/packages.config')).toBe(true);
    expect(source.matches('App/App.csproj')).toBe(true);
    expect(source.matches('App/App.vbproj')).toBe(true);
    expect(source.matches('App/obj/project.assets.json')).toBe(false);
    expect(source.matches('App/obj/App.csproj')).toBe(false);
    expect(source.matches('Directory.Packages.props')).toBe(false);
  });
  it('turns bad input into TureenErrors', () => {
    expect(() => extractPackagesLock({ file: 'packages.lock.json', text: '{"version": 1}' })).toThrow(TureenError);
    expect(() => extractPackagesConfig({ file: 'packages.config', text: '<packages><package version="1"/></packages>' })).toThrow(TureenError);
    expect(() => extractProject({ file: 'a.csproj', text: '<Foo/>' })).toThrow(TureenError);
    expect(() => extractProject({ file: 'a.csproj', text: '<!DOCTYPE x [<!ENTITY a "b">]><Project/>' })).toThrow(TureenError);
  });
});
